//! Flow load: items in progress over the window — its time-average and daily samples — for the
//! whole stream and per stage (`docs/metrics.md`, "Flow metrics", Flow load).

use super::walk::{Accumulator, Item, Progress};
use super::window::Window;
use crate::report::LoadPoint;

/// In-progress time and daily sample differences of one count.
struct Tally {
    time: i64,
    /// +1 at the first sample an interval covers, −1 at the first after it.
    diff: Vec<i64>,
}

impl Tally {
    fn new(n_days: usize) -> Self {
        Tally {
            time: 0,
            diff: vec![0; n_days + 1],
        }
    }

    #[inline]
    fn add(&mut self, time: i64, first: usize, after: usize) {
        self.time += time;
        self.diff[first] += 1;
        self.diff[after] -= 1;
    }
}

/// The load of the stream and of each stage.
pub(crate) struct Load {
    window: Window,
    stream: Tally,
    stages: Vec<Tally>,
}

/// A load's time-average over the window and its daily samples.
pub(crate) struct LoadFigures {
    pub average: f64,
    pub daily: Vec<LoadPoint>,
}

impl Load {
    pub fn new(window: Window, n_stages: usize) -> Self {
        Load {
            window,
            stream: Tally::new(window.n_days),
            stages: (0..n_stages).map(|_| Tally::new(window.n_days)).collect(),
        }
    }

    /// The stream's load, then each stage's in flow order.
    pub fn finish(self) -> (LoadFigures, Vec<LoadFigures>) {
        let w = self.window;
        let figures = |t: &Tally| LoadFigures {
            average: w.average(t.time),
            daily: w.series(&t.diff),
        };
        (
            figures(&self.stream),
            self.stages.iter().map(figures).collect(),
        )
    }
}

impl Load {
    /// The stream's part of [`Accumulator::in_progress`], for a run of adjacent intervals in
    /// progress clamped to [`from`, `to`] (a record's runs: the same times and daily counts as
    /// interval by interval, whose +1 and −1 cancel where two join).
    #[inline(always)]
    pub fn stream_run(&mut self, from: i64, to: i64) {
        if let Some((time, first, after)) = self.span(from, to) {
            self.stream.add(time, first, after);
        }
    }

    /// The stage's part of [`Accumulator::in_progress`], for a run in one stage.
    #[inline(always)]
    pub fn stage_run(&mut self, p: &Progress) {
        if let (Some(st), Some((time, first, after))) = (p.stage, self.span(p.from, p.to)) {
            self.stages[st].add(time, first, after);
        }
    }

    /// The length of [`from`, `to`) and the daily samples it covers, when it has a length.
    #[inline(always)]
    fn span(&self, from: i64, to: i64) -> Option<(i64, usize, usize)> {
        (to > from).then(|| {
            (
                to - from,
                self.window.sample_ix(from),
                self.window.sample_ix(to),
            )
        })
    }
}

impl Accumulator for Load {
    /// Every item, at every instant after its work started and before it ended.
    #[inline(always)]
    fn in_progress(&mut self, _item: &Item, p: &Progress) {
        if let Some((time, first, after)) = self.span(p.from, p.to) {
            self.stream.add(time, first, after);
            if let Some(st) = p.stage {
                self.stages[st].add(time, first, after);
            }
        }
    }
}
