//! A stage's slowest items: the 10 with the most time in the stage, ties to the item added first
//! (`docs/metrics.md`, "Per stage", `slowest`).

use crate::dataset::{Dataset, ItemIx};
use crate::report::SlowItem;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// How many items are listed.
const SLOWEST_LISTED: usize = 10;

/// The slowest items so far: a min-heap of at most [`SLOWEST_LISTED`] (time, −index, item).
#[derive(Default)]
pub(crate) struct Slowest(BinaryHeap<Reverse<(i64, i64, ItemIx)>>);

impl Slowest {
    /// Item `item` spent `time` ms in the stage.
    #[inline]
    pub fn offer(&mut self, time: i64, item: ItemIx) {
        // Ties: the item added first wins, so the list does not depend on transition order.
        let key_rank = -(item as i64);
        if self.0.len() < SLOWEST_LISTED {
            self.0.push(Reverse((time, key_rank, item)));
        } else if self
            .0
            .peek()
            .is_some_and(|Reverse(min)| (time, key_rank) > (min.0, min.1))
        {
            self.0.pop();
            self.0.push(Reverse((time, key_rank, item)));
        }
    }

    /// Slowest first.
    pub fn finish(self, data: &Dataset) -> Vec<SlowItem> {
        let mut slowest: Vec<(i64, i64, ItemIx)> = self.0.into_iter().map(|Reverse(x)| x).collect();
        slowest.sort_by(|x, y| y.cmp(x));
        slowest
            .into_iter()
            .map(|(time, _, item)| SlowItem {
                key: data.item_key(item).to_string(),
                title: data.item_title(item).to_string(),
                source: data.item_source(item).to_string(),
                flow_item_type: data.item_type(item),
                time_secs: time as f64 / 1000.0,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_ten_slowest_and_the_first_added_on_ties() {
        let mut s = Slowest::default();
        for item in 0..30u32 {
            s.offer(i64::from(item % 15), item);
        }
        let mut kept: Vec<(i64, ItemIx)> =
            s.0.into_iter().map(|Reverse((t, _, i))| (t, i)).collect();
        kept.sort();
        // Times 10…14 twice each (items 10…14 and 25…29): all ten kept.
        assert_eq!(kept.len(), 10);
        assert_eq!(kept[0], (10, 10));
        let mut ties = Slowest::default();
        for item in 0..12u32 {
            ties.offer(5, item);
        }
        let mut kept: Vec<ItemIx> = ties.0.into_iter().map(|Reverse((_, _, i))| i).collect();
        kept.sort();
        assert_eq!(kept, (0..10).collect::<Vec<_>>());
    }
}
