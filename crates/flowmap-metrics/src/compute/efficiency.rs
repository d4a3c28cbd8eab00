//! Flow efficiency: Σ active ÷ Σ (active + waiting) over the items counted, and each item's own
//! ratio (`docs/metrics.md`, "Flow metrics").

use super::walk::{Accumulator, Item, ItemTime};
use crate::report::FlowEfficiency;
use crate::stats;

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
            per_item: Vec::new(),
        }
    }

    pub fn finish(mut self) -> FlowEfficiency {
        let histogram = stats::ratio_histogram(&self.per_item);
        FlowEfficiency {
            aggregate: (self.total > 0).then(|| self.active as f64 / self.total as f64),
            per_item: stats::reals(&mut self.per_item),
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
