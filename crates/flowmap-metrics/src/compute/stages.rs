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

/// One item in one stage, while walking the item's intervals. Plain integers rather than
/// options, updated without branches: which stage changes, and whether the item entered or left
/// one, are hard to predict, and a mispredicted branch costs more than the arithmetic.
#[derive(Clone, Copy)]
struct Tally {
    wait: i64,
    active: i64,
    /// The start of its last exit (meaningful when `exits > 0`).
    last_exit: i64,
    /// Entries over the item's whole history (up to now).
    entries: u32,
    exits: u32,
    forward_exits_in_window: u32,
    /// Its first exit: 0 none yet, 1 backward, 2 forward.
    first_exit: u8,
    /// Whether the item was in the stage within the window (time or an entry in it).
    in_window: bool,
}

impl Tally {
    /// A constant rather than `Default::default()`: the reset is then a plain copy, and does
    /// not build a temporary whose overlapping stores stall the next load (a hot path).
    const EMPTY: Tally = Tally {
        wait: 0,
        active: 0,
        last_exit: 0,
        entries: 0,
        exits: 0,
        forward_exits_in_window: 0,
        first_exit: 0,
        in_window: false,
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
    stages: Vec<StageTimes>,
    /// The current item's tally per stage, and one more slot for "no stage" (written to, never
    /// read), and the stages it has one in (the first `n_touched`).
    tally: Vec<Tally>,
    touched: Vec<usize>,
    n_touched: usize,
}

impl Stages {
    pub fn new(window: Window, n_stages: usize, n_items: usize) -> Self {
        Stages {
            window,
            stages: (0..n_stages)
                .map(|_| StageTimes {
                    // Room for every item: large reservations are only mapped, not touched, so
                    // this costs no memory that is not used and saves copying as they grow.
                    wait: Vec::with_capacity(n_items),
                    active: Vec::with_capacity(n_items),
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
            tally: vec![Tally::EMPTY; n_stages + 1],
            touched: vec![0; n_stages + 1],
            n_touched: 0,
        }
    }

    /// Per stage in flow order.
    pub fn finish(self) -> Vec<StageTimes> {
        self.stages
    }

    /// Adds the item's tally in each stage it was in to the stage's figures.
    #[inline]
    fn flush(&mut self, item: ItemIx) {
        for &s in &self.touched[..self.n_touched] {
            // Fields are read one by one: copying the whole tally at once would load what was
            // just stored field by field, which stalls store forwarding.
            let t = &self.tally[s];
            let a = &mut self.stages[s];
            if t.in_window {
                a.entered += 1;
                a.wait.push(stats::to_secs(t.wait));
                a.active.push(stats::to_secs(t.active));
                let time = t.wait + t.active;
                a.slowest.offer(time, item);
                let last_exit = (t.exits > 0).then_some(t.last_exit);
                if let Some(back) = last_exit.and_then(|x| trend_week(&self.window, x)) {
                    a.trend.push((back, stats::to_secs(time)));
                }
                if t.entries > 1 {
                    a.reentered += 1;
                }
                if t.exits > 0 {
                    a.left += 1;
                    if t.entries == 1 && t.first_exit == 2 {
                        a.left_forward_once += 1;
                    }
                }
            }
            a.wait_total += t.wait;
            a.active_total += t.active;
            a.throughput += t.forward_exits_in_window.min(1) as u64;
            self.tally[s] = Tally::EMPTY;
        }
        self.n_touched = 0;
    }
}

impl Accumulator for Stages {
    #[inline]
    fn interval(&mut self, _item: &Item, step: &Step) {
        let none = self.tally.len() - 1;
        let h = step.stage.unwrap_or(none);
        let p = step.prev.unwrap_or(none);
        let changed = h != p;
        let siw = step.starts_in_window;
        // Leaving `p` (the "no stage" slot when there is none).
        let forward = if h != none {
            h > p
        } else {
            step.category == StateCategory::Done
        };
        let t = &mut self.tally[p];
        t.exits = t.exits.wrapping_add(u32::from(changed));
        t.last_exit = if changed { step.start } else { t.last_exit };
        let first = 1 + u8::from(forward);
        t.first_exit = if changed && t.first_exit == 0 {
            first
        } else {
            t.first_exit
        };
        t.forward_exits_in_window = t
            .forward_exits_in_window
            .wrapping_add(u32::from(changed & forward & siw));
        // Entering `h`, and the time in it.
        let t = &mut self.tally[h];
        let new = changed & (t.entries == 0) & (h != none);
        t.entries = t.entries.wrapping_add(u32::from(changed));
        t.in_window |= (changed & siw) | (step.len > 0);
        let active = step.category != StateCategory::Waiting;
        // The "no stage" slot only ever adds: wrapping, it cannot overflow in a debug build.
        t.wait = t.wait.wrapping_add(if active { 0 } else { step.len });
        t.active = t.active.wrapping_add(if active { step.len } else { 0 });
        self.touched[self.n_touched] = h;
        self.n_touched += usize::from(new);
    }

    #[inline]
    fn item_done(&mut self, item: &Item, _time: ItemTime) {
        self.flush(item.ix);
    }
}
