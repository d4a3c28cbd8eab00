//! Time in stage and the stage's own counts: per item its waiting and active time in each stage
//! (every re-entry summed), entries, re-entries, exits, forward exits and throughput, and the
//! slowest items and weekly trend built from them (`docs/metrics.md`, "Per stage").

use super::slowest::Slowest;
use super::trend::trend_week;
use super::walk::{Accumulator, Item, ItemTime, Step};
use super::window::Window;
use crate::dataset::ItemIx;
use crate::stats;
use flowmap_core::StateCategory;

/// One item in one stage, while walking the item's intervals (or as its record kept it,
/// `records`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Tally {
    pub wait: i64,
    pub active: i64,
    /// Entries over the item's whole history (up to now).
    pub entries: u32,
    /// Whether the item was in the stage within the window (time or an entry in it).
    pub in_window: bool,
    pub exits: u32,
    pub first_exit_forward: Option<bool>,
    pub forward_exits_in_window: u32,
    pub last_exit: Option<i64>,
}

impl Tally {
    /// A constant rather than `Default::default()`: the reset is then a plain copy, and does
    /// not build a temporary whose overlapping stores stall the next load (a hot path).
    pub const EMPTY: Tally = Tally {
        wait: 0,
        active: 0,
        entries: 0,
        in_window: false,
        exits: 0,
        first_exit_forward: None,
        forward_exits_in_window: 0,
        last_exit: None,
    };
}

/// One stage over all items.
pub(crate) struct StageTimes {
    /// Per item that was in the stage in the window, whole seconds (see
    /// `stats::DurationValue`), in item order.
    pub wait: Vec<u32>,
    pub active: Vec<u32>,
    /// Over all items, milliseconds.
    pub wait_total: i64,
    pub active_total: i64,
    pub entered: u64,
    pub reentered: u64,
    pub left: u64,
    pub left_forward_once: u64,
    pub throughput: u64,
    pub slowest: Slowest,
    /// (weeks before the window's end, time in stage) of items whose last exit was recent.
    pub trend: Vec<(u8, u32)>,
}

/// Time in stage and the stage counts of every stage.
pub(crate) struct Stages {
    window: Window,
    /// Whether each item's whole seconds are collected (else they are known sorted).
    collect: bool,
    stages: Vec<StageTimes>,
    tally: StageTally,
}

/// The current item's tally per stage, and the stages it has one in (in the order it first
/// entered them).
pub(crate) struct StageTally {
    tally: Vec<Tally>,
    touched: Vec<usize>,
}

impl StageTally {
    pub fn new(n_stages: usize) -> Self {
        StageTally {
            tally: vec![Tally::EMPTY; n_stages],
            touched: Vec::new(),
        }
    }

    /// Counts one interval of the item.
    #[inline(always)]
    pub fn step(&mut self, step: &Step) {
        if step.stage != step.prev {
            if let Some(p) = step.prev {
                let t = &mut self.tally[p];
                t.exits += 1;
                t.last_exit = Some(step.start);
                let forward = match step.stage {
                    Some(h) => h > p,
                    None => step.category == StateCategory::Done,
                };
                if t.first_exit_forward.is_none() {
                    t.first_exit_forward = Some(forward);
                }
                if forward && step.starts_in_window {
                    t.forward_exits_in_window += 1;
                }
            }
            if let Some(h) = step.stage {
                let t = &mut self.tally[h];
                if t.entries == 0 {
                    self.touched.push(h);
                }
                t.entries += 1;
                if step.starts_in_window {
                    t.in_window = true;
                }
            }
        }
        if let Some(h) = step.stage {
            let t = &mut self.tally[h];
            if step.len > 0 {
                t.in_window = true;
            }
            match step.category {
                StateCategory::Waiting => t.wait += step.len,
                _ => t.active += step.len,
            }
        }
    }

    /// Hands each stage's tally of the item to `f`, in the order the item entered them, and
    /// starts over for the next item.
    #[inline]
    pub fn drain(&mut self, mut f: impl FnMut(usize, &Tally)) {
        for &s in &self.touched {
            f(s, &self.tally[s]);
            self.tally[s] = Tally::EMPTY;
        }
        self.touched.clear();
    }
}

impl Stages {
    pub fn new(window: Window, n_stages: usize, n_items: usize, collect: bool) -> Self {
        // Room for every item: large reservations are only mapped, not touched, so this costs
        // no memory that is not used and saves copying as they grow; buffers of the last
        // compute, whose pages are mapped already (`spare`).
        let room = if collect { n_items } else { 0 };
        let buffer = || {
            if collect {
                super::spare::take(room)
            } else {
                Vec::new()
            }
        };
        Stages {
            window,
            collect,
            stages: (0..n_stages)
                .map(|_| StageTimes {
                    wait: buffer(),
                    active: buffer(),
                    wait_total: 0,
                    active_total: 0,
                    entered: 0,
                    reentered: 0,
                    left: 0,
                    left_forward_once: 0,
                    throughput: 0,
                    slowest: Slowest::default(),
                    trend: Vec::new(),
                })
                .collect(),
            tally: StageTally::new(n_stages),
        }
    }

    /// Per stage in flow order.
    pub fn finish(self) -> Vec<StageTimes> {
        self.stages
    }

    /// Adds the item's tally in each stage it was in to the stage's figures.
    #[inline]
    fn flush(&mut self, item: ItemIx) {
        let (stages, window, collect) = (&mut self.stages, &self.window, self.collect);
        self.tally
            .drain(|s, t| stages[s].add(t, item, window, collect));
    }

    /// Adds an item's tally in stage `s` as its record kept it.
    #[inline]
    pub fn recorded(&mut self, item: ItemIx, s: usize, t: &Tally) {
        self.stages[s].add(t, item, &self.window, self.collect);
    }
}

impl StageTimes {
    /// Adds one item's tally in this stage; its whole seconds when `collect`.
    #[inline(always)]
    fn add(&mut self, t: &Tally, item: ItemIx, window: &Window, collect: bool) {
        // Fields are read one by one: copying the whole tally at once would load what was
        // just stored field by field, which stalls store forwarding.
        let a = self;
        if t.in_window {
            a.entered += 1;
            if collect {
                a.wait.push(stats::to_secs(t.wait));
                a.active.push(stats::to_secs(t.active));
            }
            let time = t.wait + t.active;
            a.slowest.offer(time, item);
            if let Some(back) = t.last_exit.and_then(|x| trend_week(window, x)) {
                a.trend.push((back, stats::to_secs(time)));
            }
            if t.entries > 1 {
                a.reentered += 1;
            }
            if t.exits > 0 {
                a.left += 1;
                if t.entries == 1 && t.first_exit_forward == Some(true) {
                    a.left_forward_once += 1;
                }
            }
        }
        a.wait_total += t.wait;
        a.active_total += t.active;
        a.throughput += t.forward_exits_in_window.min(1) as u64;
    }
}

impl Accumulator for Stages {
    #[inline]
    fn interval(&mut self, _item: &Item, step: &Step) {
        self.tally.step(step);
    }

    #[inline]
    fn item_done(&mut self, item: &Item, _time: ItemTime) {
        self.flush(item.ix);
    }
}
