//! The cumulative flow diagram (Vacanti's): at 00:00 UTC of each day and at the window's end,
//! per stage in flow order the items that had *arrived* in it — entered it or any later stage,
//! or completed — and the items completed (`docs/metrics.md`, "Cumulative flow diagram").
//! Counted so, the lines never cross: each stage's band (its arrivals less the next stage's)
//! is the items whose furthest point is that stage, never negative, even when items skip
//! stages or go back.

use super::walk::{Accumulator, Item, ItemTime, Progress};
use super::window::Window;
use crate::report::CfdPoint;

pub(crate) struct Cfd {
    window: Window,
    /// Per stage: arrivals per sample (index `n_days`: after the last daily sample, up to the
    /// window's end).
    arrivals: Vec<Vec<i64>>,
    /// The furthest stage (flow order) the item being walked has reached; `None` before its
    /// first.
    furthest: Option<usize>,
    /// Completions per sample.
    done: Vec<i64>,
}

impl Cfd {
    pub fn new(window: Window, n_stages: usize) -> Self {
        Cfd {
            window,
            arrivals: vec![vec![0; window.n_days + 1]; n_stages],
            furthest: None,
            done: vec![0; window.n_days + 1],
        }
    }

    /// The arrivals of the item being walked in every stage after its furthest up to `stage`,
    /// at sample `ix`: a stage skipped counts as passed.
    fn arrive(&mut self, stage: usize, ix: usize) {
        let first = self.furthest.map_or(0, |f| f + 1);
        for s in first..=stage {
            self.arrivals[s][ix] += 1;
        }
    }

    pub fn finish(self) -> Vec<CfdPoint> {
        let mut arrived = vec![0i64; self.arrivals.len()];
        let mut done = 0i64;
        let mut sample = |d: usize, at| {
            for (s, a) in self.arrivals.iter().enumerate() {
                arrived[s] += a[d];
            }
            done += self.done[d];
            CfdPoint {
                at,
                arrived: arrived.iter().map(|n| *n as u64).collect(),
                done: done as u64,
            }
        };
        let mut points: Vec<CfdPoint> = (0..self.window.n_days)
            .map(|d| sample(d, self.window.sample_at(d)))
            .collect();
        // The last sample at the window's end (the "as of" instant, or `to`).
        let end = super::window::ts(self.window.end);
        if points.last().is_some_and(|p| p.at < end) {
            points.push(sample(self.window.n_days, end));
        }
        points
    }
}

impl Accumulator for Cfd {
    /// Every item of the filter, whatever the window kind.
    #[inline]
    fn item(&mut self, item: &Item) {
        self.furthest = None;
        if let Some(done) = item.completed_at {
            if done < self.window.end {
                self.done[self.window.sample_ix(done)] += 1;
            }
        }
    }

    /// An item arrives in a stage with its first interval in progress there or further on.
    #[inline]
    fn in_progress(&mut self, _item: &Item, p: &Progress) {
        if let Some(st) = p.stage {
            if self.furthest.is_none_or(|f| st > f) {
                if p.start < self.window.end {
                    self.arrive(st, self.window.sample_ix(p.from));
                }
                self.furthest = Some(st);
            }
        }
    }

    /// A completed item has passed every stage: those after its furthest arrive at completion.
    #[inline]
    fn item_done(&mut self, item: &Item, _time: ItemTime) {
        let last = self.arrivals.len();
        if let (Some(done), true) = (item.completed_at, last > 0) {
            if done < self.window.end && self.furthest.is_none_or(|f| f + 1 < last) {
                self.arrive(last - 1, self.window.sample_ix(done));
            }
        }
    }
}
