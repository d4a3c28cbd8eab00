//! Time in states that belong to no stage: each Waiting or Active state no stage claims, with its
//! items and time, and the waiting time the map does not show (`docs/metrics.md`, "Per stage",
//! `bottleneck_score`; `unmapped_states`).

use super::is_flow;
use super::walk::{Accumulator, Item, Step};
use crate::dataset::{Dataset, ItemIx};
use crate::model::{StageModel, NO_STAGE};
use crate::report::UnmappedState;
use flowmap_core::StateCategory;

pub(crate) struct Unmapped {
    /// Per state key: time in it, items in it, and the last item counted.
    time: Vec<i64>,
    items: Vec<u64>,
    seen: Vec<ItemIx>,
    /// Waiting time in no stage.
    wait: i64,
}

impl Unmapped {
    pub fn new(n_keys: usize) -> Self {
        Unmapped {
            time: vec![0; n_keys],
            items: vec![0; n_keys],
            seen: vec![ItemIx::MAX; n_keys],
            wait: 0,
        }
    }

    /// The unmapped states items were in, and the waiting time in no stage (ms).
    pub fn finish(self, data: &Dataset, model: &StageModel) -> (Vec<UnmappedState>, i64) {
        let states = model
            .key_stage
            .iter()
            .enumerate()
            .filter(|(k, s)| {
                **s == NO_STAGE && is_flow(model.key_category[*k]) && self.items[*k] > 0
            })
            .map(|(k, _)| {
                let (src, name) = &data.states[k];
                UnmappedState {
                    source: data.sources[*src as usize].clone(),
                    state: name.clone(),
                    category: model.key_category[k],
                    items: self.items[k],
                    time_secs: self.time[k] as f64 / 1000.0,
                }
            })
            .collect();
        (states, self.wait)
    }
}

impl Unmapped {
    /// `ms` in unmapped state `key` (Waiting when `waiting`), as an item's record kept it: the
    /// sum of its intervals there.
    #[inline]
    pub fn recorded(&mut self, item: ItemIx, key: usize, ms: i64, waiting: bool) {
        if self.seen[key] != item {
            self.seen[key] = item;
            self.items[key] += 1;
        }
        self.time[key] += ms;
        if waiting {
            self.wait += ms;
        }
    }
}

impl Accumulator for Unmapped {
    #[inline]
    fn interval(&mut self, item: &Item, step: &Step) {
        if step.stage.is_some() {
            return;
        }
        if is_flow(step.category) {
            // A Waiting or Active state in no stage: reported by name.
            let k = step.key as usize;
            if self.seen[k] != item.ix && (step.len > 0 || step.starts_in_window) {
                self.seen[k] = item.ix;
                self.items[k] += 1;
            }
            self.time[k] += step.len;
        }
        if step.category == StateCategory::Waiting {
            self.wait += step.len;
        }
    }
}
