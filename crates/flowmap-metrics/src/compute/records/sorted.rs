//! The values an all-time query collects from the records, sorted once per (data, model).
//!
//! When a `completed` query selects every flow item, its window holds every recorded flow
//! item's end and `now` is past every change, each recorded flow item is in scope and no other
//! item is: the per-stage values (whole seconds waiting, active, and their sum per item) and the waits after
//! each handoff are then the same multiset for every such query. Kept sorted, their
//! distributions and histograms are lookups instead of selections over vectors rebuilt on each
//! compute (`stats::sorted_durations`, `stats::sorted_duration_histogram`).

use super::{Records, IN_WINDOW};
use crate::compute::spare;
use crate::compute::window::Window;
use crate::model::FlowItems;
use crate::stats;

/// Values in ascending order, and their sum.
pub(crate) struct SortedValues {
    pub values: Vec<u32>,
    pub sum: i128,
}

impl SortedValues {
    /// `values` sorted (by radix: linear in their count), with their sum.
    fn new(mut values: Vec<u32>, scratch: &mut Vec<u32>) -> Self {
        let sum = values.iter().map(|v| *v as i128).sum();
        radix_sort(&mut values, scratch);
        values.shrink_to_fit();
        SortedValues { values, sum }
    }
}

/// One stage's values over every recorded item, as `stages` and `stage_metrics` collect them.
pub(crate) struct StageValues {
    pub wait: SortedValues,
    pub active: SortedValues,
    /// Per item, waiting + active whole seconds (saturating, as `stage_metrics` adds them).
    pub time: SortedValues,
}

/// Every recorded flow item's per-stage values and handoff waits, sorted.
pub(crate) struct Sorted {
    /// The flow items they are of.
    flow_items: FlowItems,
    pub stages: Vec<StageValues>,
    /// Per handoff (from × stages + to).
    pub handoffs: Vec<SortedValues>,
    /// The earliest and latest end of a recorded flow item; `None` without one.
    ends: Option<(i64, i64)>,
    /// The latest state change of any item (recorded or not); `None` without one.
    latest_change: Option<i64>,
}

impl Sorted {
    /// The sorted values of the records of the items `kept` says are the `flow_items`; `ends`
    /// and `latest_change` as [`Sorted`] keeps them. Buffers come from the kept ones (`spare`):
    /// their pages are mapped already.
    pub(super) fn build(
        r: &Records,
        kept: impl Fn(usize) -> bool,
        flow_items: &FlowItems,
        ends: Option<(i64, i64)>,
        latest_change: Option<i64>,
    ) -> Self {
        let n = r.n_stages;
        let items = || {
            (0..r.items.len())
                .filter(|i| kept(*i))
                .map(|i| r.of_item(i))
        };
        let counted = || {
            items()
                .flat_map(|(s, _)| s)
                .filter(|s| s.flags & IN_WINDOW != 0)
        };
        let mut per_stage = vec![0usize; n];
        for s in counted() {
            per_stage[s.stage as usize] += 1;
        }
        // Per stage: waiting, active, their sum.
        let mut values: Vec<[Vec<u32>; 3]> = per_stage
            .iter()
            .map(|count| std::array::from_fn(|_| spare::take::<u32>(*count)))
            .collect();
        for s in counted() {
            let (w, a) = s.times();
            let (w, a) = (stats::to_secs(w), stats::to_secs(a));
            let [wait, active, time] = &mut values[s.stage as usize];
            wait.push(w);
            active.push(a);
            time.push(w.saturating_add(a));
        }
        let mut scratch = Vec::new();
        let stages = values
            .into_iter()
            .map(|[wait, active, time]| StageValues {
                wait: SortedValues::new(wait, &mut scratch),
                active: SortedValues::new(active, &mut scratch),
                time: SortedValues::new(time, &mut scratch),
            })
            .collect();
        let mut handoffs: Vec<Vec<u32>> = r
            .handoff_counts
            .iter()
            .map(|c| {
                if *c > 0 {
                    spare::take(*c as usize)
                } else {
                    Vec::new()
                }
            })
            .collect();
        for (_, hs) in items() {
            for h in hs {
                handoffs[h.from as usize * n + h.to as usize].push(h.secs());
            }
        }
        let handoffs = handoffs
            .into_iter()
            .map(|v| SortedValues::new(v, &mut scratch))
            .collect();
        Sorted {
            flow_items: flow_items.clone(),
            stages,
            handoffs,
            ends,
            latest_change,
        }
    }

    /// Whether a `completed` query over `window` that selects every flow item of `flow_items`
    /// (`selects_every_flow_item`) collects exactly these values: every recorded flow item in
    /// scope, and no other item.
    pub(crate) fn holds_for(
        &self,
        window: &Window,
        selects_every_flow_item: bool,
        flow_items: &FlowItems,
    ) -> bool {
        selects_every_flow_item
            && *flow_items == self.flow_items
            && !window.during
            && self.latest_change.is_none_or(|t| t <= window.now)
            && self
                .ends
                .is_none_or(|(lo, hi)| window.contains(lo) && window.contains(hi))
    }
}

/// Sorts `v` ascending by its bytes, least significant first (stable counting passes), skipping
/// a byte that is the same in every value. `scratch` is reused between calls.
pub(crate) fn radix_sort(v: &mut Vec<u32>, scratch: &mut Vec<u32>) {
    if v.len() < 256 {
        v.sort_unstable();
        return;
    }
    let mut counts = [[0usize; 256]; 4];
    for x in v.iter() {
        for (b, c) in counts.iter_mut().enumerate() {
            c[(x >> (8 * b)) as usize & 0xff] += 1;
        }
    }
    scratch.clear();
    scratch.resize(v.len(), 0);
    for (b, c) in counts.iter().enumerate() {
        if c.contains(&v.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut at = 0;
        for (d, n) in c.iter().enumerate() {
            next[d] = at;
            at += n;
        }
        for x in v.iter() {
            let d = (x >> (8 * b)) as usize & 0xff;
            scratch[next[d]] = *x;
            next[d] += 1;
        }
        std::mem::swap(v, scratch);
    }
}
