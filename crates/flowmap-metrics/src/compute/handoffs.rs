//! Handoff waits: after each move from one stage straight into another, the Waiting time in the
//! next stage until work starts there (`docs/metrics.md`, "Handoff waits").

use super::spare;
use super::walk::{Accumulator, Item, ItemTime, Step};
use crate::model::StageModel;
use crate::report::HandoffWait;
use crate::stats;
use flowmap_core::StateCategory;

pub(crate) struct Handoffs {
    n_stages: usize,
    /// Waits (whole seconds) per handoff, indexed by from × stages + to.
    waits: Vec<Vec<u32>>,
    /// The current item's handoff into its stage and the wait after it, until work starts there.
    open: Option<(usize, usize, i64)>,
}

impl Handoffs {
    pub fn new(n_stages: usize) -> Self {
        Handoffs {
            n_stages,
            waits: vec![Vec::new(); n_stages * n_stages],
            open: None,
        }
    }

    #[inline]
    fn close(&mut self) {
        if let Some((from, to, wait)) = self.open.take() {
            let waits = &mut self.waits[from * self.n_stages + to];
            if waits.capacity() == 0 {
                // A buffer of the last compute, its pages mapped already (`spare`).
                *waits = spare::take(0);
            }
            waits.push(stats::to_secs(wait));
        }
    }

    /// The handoffs items made, in flow order of their ends.
    pub fn finish(self, model: &StageModel) -> Vec<HandoffWait> {
        let n = self.n_stages;
        self.waits
            .into_iter()
            .enumerate()
            .filter_map(|(ix, mut waits)| {
                let (from, to) = (ix / n, ix % n);
                let wait = (!waits.is_empty()).then(|| stats::durations(&mut waits));
                spare::give(waits);
                Some(HandoffWait {
                    from: model.stages[from].id,
                    to: model.stages[to].id,
                    rework: to < from,
                    wait: wait?,
                })
            })
            .collect()
    }
}

impl Accumulator for Handoffs {
    #[inline]
    fn interval(&mut self, _item: &Item, step: &Step) {
        if step.stage != step.prev {
            self.close();
            if let (Some(p), Some(h)) = (step.prev, step.stage) {
                self.open = Some((p, h, 0));
            }
        }
        if let Some((from, to, wait)) = self.open {
            if step.category == StateCategory::Waiting {
                self.open = Some((from, to, wait + step.len));
            } else if step.category == StateCategory::Active {
                self.close();
            }
        }
    }

    /// The wait runs until the item leaves the stage or `now`.
    #[inline]
    fn item_done(&mut self, _item: &Item, _time: ItemTime) {
        self.close();
    }
}
