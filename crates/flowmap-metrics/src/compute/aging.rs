//! Items in each stage at `now` (`inside_now`, the stage's current load) and the oldest of them by
//! age in stage (`aging`) (`docs/metrics.md`, "Per stage").

use super::walk::{Accumulator, Item};
use crate::dataset::{Dataset, ItemIx, StateKey};
use crate::report::AgingItem;
use flowmap_core::StateCategory;

/// How many of a stage's items are listed.
const AGING_LISTED: usize = 25;

/// An item inside a stage: its age in the stage, the item, its state, its work start.
type Inside = (i64, ItemIx, StateKey, Option<i64>);

pub(crate) struct Aging {
    now: i64,
    /// Per stage, in item order.
    inside: Vec<Vec<Inside>>,
}

/// A stage's items at `now`: how many, and the oldest.
pub(crate) struct StageAging {
    pub inside_now: u64,
    pub oldest: Vec<AgingItem>,
}

impl Aging {
    pub fn new(now: i64, n_stages: usize) -> Self {
        Aging {
            now,
            inside: vec![Vec::new(); n_stages],
        }
    }

    /// Per stage in flow order.
    pub fn finish(self, data: &Dataset) -> Vec<StageAging> {
        let now = self.now;
        self.inside
            .into_iter()
            .map(|mut inside| {
                let take = AGING_LISTED.min(inside.len());
                let order = |x: &Inside, y: &Inside| y.0.cmp(&x.0).then(x.1.cmp(&y.1));
                if take > 0 && take < inside.len() {
                    inside.select_nth_unstable_by(take - 1, order);
                }
                let mut oldest: Vec<Inside> = inside[..take].to_vec();
                oldest.sort_by(order);
                StageAging {
                    inside_now: inside.len() as u64,
                    oldest: oldest
                        .into_iter()
                        .map(|(age, item, key, ws)| AgingItem {
                            key: data.item_key(item).to_string(),
                            title: data.item_title(item).to_string(),
                            source: data.item_source(item).to_string(),
                            flow_item_type: data.item_type(item),
                            state: data.states[key as usize].1.clone(),
                            age_in_stage_secs: age as f64 / 1000.0,
                            age_since_start_secs: ws.map(|w| (now - w) as f64 / 1000.0),
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

impl Accumulator for Aging {
    /// An item in flight whose state at `now` is in a stage, aged since it last entered it.
    #[inline]
    fn item(&mut self, item: &Item) {
        if !item.in_flight {
            return;
        }
        let ivs = item.intervals;
        let last = ivs[ivs.len() - 1];
        let Some(st) = last.stage() else { return };
        let mut k = ivs.len() - 1;
        while k > 0
            && (ivs[k - 1].stage() == Some(st) || ivs[k - 1].category == StateCategory::Ignore)
        {
            k -= 1;
        }
        self.inside[st].push((self.now - ivs[k].start, item.ix, last.key, item.work_start));
    }
}
