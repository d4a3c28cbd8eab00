//! Handoff waits: after each move from one stage straight into another, the Waiting time in the
//! next stage until work starts there (`docs/metrics.md`, "Handoff waits").

use super::records::SortedValues;
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
    walk: HandoffWalk,
}

/// The current item's handoff into its stage and the wait after it, until work starts there.
#[derive(Default)]
pub(crate) struct HandoffWalk {
    open: Option<(usize, usize, i64)>,
}

impl HandoffWalk {
    /// Follows one interval of the item; `closed(from, to, wait in ms)` gets each wait that
    /// ends with it.
    #[inline]
    pub fn step(&mut self, step: &Step, mut closed: impl FnMut(usize, usize, i64)) {
        if step.stage != step.prev {
            self.end(&mut closed);
            if let (Some(p), Some(h)) = (step.prev, step.stage) {
                self.open = Some((p, h, 0));
            }
        }
        if let Some((from, to, wait)) = self.open {
            if step.category == StateCategory::Waiting {
                self.open = Some((from, to, wait + step.len));
            } else if step.category == StateCategory::Active {
                self.end(closed);
            }
        }
    }

    /// The wait runs until the item leaves the stage or `now`: the item's last interval.
    #[inline]
    pub fn end(&mut self, mut closed: impl FnMut(usize, usize, i64)) {
        if let Some((from, to, wait)) = self.open.take() {
            closed(from, to, wait);
        }
    }
}

impl Handoffs {
    pub fn new(n_stages: usize) -> Self {
        Handoffs {
            n_stages,
            waits: vec![Vec::new(); n_stages * n_stages],
            walk: HandoffWalk::default(),
        }
    }

    /// Room for `counts[from × stages + to]` waits after each handoff (the items' records
    /// say how many they hold), so a buffer does not grow while the waits come.
    pub fn reserve(&mut self, counts: &[u32]) {
        for (waits, n) in self.waits.iter_mut().zip(counts) {
            if *n > 0 && waits.capacity() == 0 {
                *waits = spare::take(*n as usize);
            }
        }
    }

    /// A wait of `secs` whole seconds after a handoff from stage `from` to `to`.
    #[inline]
    pub fn push(&mut self, from: usize, to: usize, secs: u32) {
        push(&mut self.waits, self.n_stages, from, to, secs);
    }

    /// The handoffs items made, in flow order of their ends: from the waits collected, or
    /// the records' sorted waits per handoff when they are what would have been collected.
    pub fn finish(self, model: &StageModel, sorted: Option<&[SortedValues]>) -> Vec<HandoffWait> {
        let n = self.n_stages;
        self.waits
            .into_iter()
            .enumerate()
            .filter_map(|(ix, mut waits)| {
                let (from, to) = (ix / n, ix % n);
                let wait = match sorted.map(|s| &s[ix]) {
                    Some(s) => {
                        (!s.values.is_empty()).then(|| stats::sorted_durations(&s.values, s.sum))
                    }
                    None => (!waits.is_empty()).then(|| stats::durations(&mut waits)),
                };
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

#[inline]
fn push(waits: &mut [Vec<u32>], n_stages: usize, from: usize, to: usize, secs: u32) {
    let waits = &mut waits[from * n_stages + to];
    if waits.capacity() == 0 {
        // A buffer of the last compute, its pages mapped already (`spare`).
        *waits = spare::take(0);
    }
    waits.push(secs);
}

impl Accumulator for Handoffs {
    #[inline]
    fn interval(&mut self, _item: &Item, step: &Step) {
        let (waits, n) = (&mut self.waits, self.n_stages);
        self.walk.step(step, |from, to, wait| {
            push(waits, n, from, to, stats::to_secs(wait))
        });
    }

    #[inline]
    fn item_done(&mut self, _item: &Item, _time: ItemTime) {
        let (waits, n) = (&mut self.waits, self.n_stages);
        self.walk
            .end(|from, to, wait| push(waits, n, from, to, stats::to_secs(wait)));
    }
}
