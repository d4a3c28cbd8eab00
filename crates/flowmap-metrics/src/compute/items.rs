//! How many items the window counts — in scope, completed, canceled, in flight — and the flow
//! item types of those in flight (`docs/metrics.md`, "Per item"; `ItemCounts`).

use super::distribution::add_type;
use super::walk::{Accumulator, Item};
use crate::report::{ItemCounts, TypeCounts};

#[derive(Default)]
pub(crate) struct Items {
    counts: ItemCounts,
    in_progress: TypeCounts,
}

impl Accumulator for Items {
    #[inline]
    fn item(&mut self, item: &Item) {
        let c = &mut self.counts;
        if item.in_flight {
            c.in_flight += 1;
            add_type(&mut self.in_progress, item.flow_item_type);
        }
        if item.completed_in_window {
            c.completed += 1;
            if item.work_start.is_none() {
                c.completed_without_work_start += 1;
            }
        }
        if item.canceled_in_window {
            c.canceled += 1;
        }
        if item.in_scope {
            c.in_scope += 1;
        }
    }
}

impl Items {
    /// The counts, and the flow item types of the items in flight at `now`.
    pub fn finish(self) -> (ItemCounts, TypeCounts) {
        (self.counts, self.in_progress)
    }
}
