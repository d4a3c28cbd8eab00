//! Flow efficiency: Σ active ÷ Σ (active + waiting) over the items counted, and each item's own
//! ratio; per stage, the same over the time in the stage (`docs/metrics.md`, "Flow metrics" and
//! "Per stage").

use super::walk::{Accumulator, Item, ItemTime};
use crate::report::FlowEfficiency;
use crate::stats;

/// A stage's flow efficiency from its total active and waiting time (ms): a ratio of sums;
/// `None` without time.
pub(crate) fn stage_efficiency(active: i64, waiting: i64) -> Option<f64> {
    let total = active + waiting;
    (total > 0).then(|| active as f64 / total as f64)
}

pub(crate) struct Efficiency {
    during: bool,
    active: i128,
    total: i128,
    /// Per item, in item order.
    per_item: Vec<f64>,
}

impl Efficiency {
    pub fn new(during: bool) -> Self {
        Efficiency {
            during,
            active: 0,
            total: 0,
            // The last compute's buffer, its pages mapped already (`spare`).
            per_item: super::spare::take(0),
        }
    }

    pub fn finish(mut self) -> FlowEfficiency {
        let histogram = stats::ratio_histogram(&self.per_item);
        let per_item = stats::reals(&mut self.per_item);
        super::spare::give(self.per_item);
        FlowEfficiency {
            aggregate: (self.total > 0).then(|| self.active as f64 / self.total as f64),
            per_item,
            histogram,
        }
    }
}

impl Accumulator for Efficiency {
    /// Completed items (whole history), or every item's time in the window.
    #[inline]
    fn item_done(&mut self, item: &Item, time: ItemTime) {
        let total = time.active + time.waiting;
        let counts = item.in_scope
            && if self.during {
                total > 0
            } else {
                item.completed_in_window
            };
        if counts {
            self.active += time.active as i128;
            self.total += total as i128;
            if total > 0 {
                self.per_item.push(time.active as f64 / total as f64);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stages_efficiency_is_a_ratio_of_its_totals() {
        const D: i64 = 86_400_000;
        // 3 d active against 70 d waiting.
        assert_eq!(stage_efficiency(3 * D, 70 * D), Some(3.0 / 73.0));
        assert_eq!(stage_efficiency(140, 60), Some(0.7));
        assert_eq!(stage_efficiency(0, 0), None);
        assert_eq!(stage_efficiency(0, 5), Some(0.0));
    }
}
