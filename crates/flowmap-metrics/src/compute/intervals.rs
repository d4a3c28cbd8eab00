//! An item's intervals as values: from one of its state changes to the next (or `now`), each
//! with its state's category and stage, and the ends they give (`docs/metrics.md`, "Per item").
//! For one item at a time (the Items list and an item's timeline, `histories`); the walk reads
//! the same intervals straight from the columns (`walk`), and a test holds the two together.

use super::{is_end, is_flow};
use crate::dataset::{Dataset, StateKey};
use crate::model::{StageModel, NO_STAGE};
use flowmap_core::StateCategory;

/// Per state key: its category, and its stage when it counts as being in one (Waiting or Active
/// in a stage; [`NO_STAGE`] otherwise), looked up once per interval.
pub(crate) struct Places(pub(crate) Vec<(StateCategory, u16)>);

impl Places {
    pub fn new(model: &StageModel) -> Self {
        Places(
            (0..model.key_stage.len())
                .map(|k| {
                    let c = model.key_category[k];
                    let s = model.key_stage[k];
                    (c, if is_flow(c) { s } else { NO_STAGE })
                })
                .collect(),
        )
    }
}

/// One interval of an item: from one of its state changes to the next (or `now`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Interval {
    pub start: i64,
    pub end: i64,
    pub key: StateKey,
    pub category: StateCategory,
}

/// Item `i`'s intervals up to `now` into `out`: from its creation to its first state change
/// when the source said which state it left, then one per state change.
pub(crate) fn intervals_of(
    data: &Dataset,
    places: &Places,
    i: usize,
    now: i64,
    out: &mut Vec<Interval>,
) {
    let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
    let interval = |start: i64, end: i64, key: StateKey| Interval {
        start,
        end,
        key,
        category: places.0[key as usize].0,
    };
    out.clear();
    let created = data.item_created[i];
    if let Some(k) = data.prior_state(a) {
        if created < data.at[a] {
            out.push(interval(created, data.at[a], k));
        }
    }
    let mut j = a;
    while j < b && data.at[j] <= now {
        let next = if j + 1 < b && data.at[j + 1] <= now {
            data.at[j + 1]
        } else {
            now
        };
        out.push(interval(data.at[j], next, data.to[j]));
        j += 1;
    }
}

/// An item's ends, from its intervals (`docs/metrics.md`, "Per item"): its work start (the
/// start of its first Waiting or Active interval), and when its last state is Done or Canceled
/// the start of the final run of that category, with the category.
pub(crate) fn ends(intervals: &[Interval]) -> (Option<i64>, Option<(i64, StateCategory)>) {
    let Some(last) = intervals.last() else {
        return (None, None);
    };
    let final_cat = last.category;
    let work_start = intervals
        .iter()
        .find(|iv| is_flow(iv.category))
        .map(|iv| iv.start);
    // Start of the final run of Done (or Canceled) states.
    let end_at = if is_end(final_cat) {
        let mut k = intervals.len() - 1;
        while k > 0 && intervals[k - 1].category == final_cat {
            k -= 1;
        }
        Some((intervals[k].start, final_cat))
    } else {
        None
    };
    (work_start, end_at)
}
