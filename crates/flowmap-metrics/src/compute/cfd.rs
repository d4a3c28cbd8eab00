//! The cumulative flow diagram: at 00:00 UTC of each day, per stage the items that had entered
//! it, and the items completed (`docs/metrics.md`, "Cumulative flow diagram").

use super::walk::{Accumulator, Item, Progress};
use super::window::Window;
use crate::dataset::ItemIx;
use crate::report::CfdPoint;

pub(crate) struct Cfd {
    window: Window,
    /// Per stage: first entries per daily sample.
    arrivals: Vec<Vec<i64>>,
    /// Per stage: the last item seen in it, so that only an item's first entry counts.
    seen: Vec<ItemIx>,
    /// Completions per daily sample.
    done: Vec<i64>,
}

impl Cfd {
    pub fn new(window: Window, n_stages: usize) -> Self {
        Cfd {
            window,
            arrivals: vec![vec![0; window.n_days + 1]; n_stages],
            seen: vec![ItemIx::MAX; n_stages],
            done: vec![0; window.n_days + 1],
        }
    }

    pub fn finish(self) -> Vec<CfdPoint> {
        let mut arrived = vec![0i64; self.arrivals.len()];
        let mut done = 0i64;
        (0..self.window.n_days)
            .map(|d| {
                for (s, a) in self.arrivals.iter().enumerate() {
                    arrived[s] += a[d];
                }
                done += self.done[d];
                CfdPoint {
                    at: self.window.sample_at(d),
                    arrived: arrived.iter().map(|n| *n as u64).collect(),
                    done: done as u64,
                }
            })
            .collect()
    }
}

impl Accumulator for Cfd {
    /// Every item of the filter, whatever the window kind.
    #[inline]
    fn item(&mut self, item: &Item) {
        if let Some(done) = item.completed_at {
            if done < self.window.end {
                self.done[self.window.sample_ix(done)] += 1;
            }
        }
    }

    /// An item enters a stage with its first interval in progress there.
    #[inline]
    fn in_progress(&mut self, item: &Item, p: &Progress) {
        if let Some(st) = p.stage {
            if self.seen[st] != item.ix {
                self.seen[st] = item.ix;
                if p.start < self.window.end {
                    self.arrivals[st][self.window.sample_ix(p.from)] += 1;
                }
            }
        }
    }
}
