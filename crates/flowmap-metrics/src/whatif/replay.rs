//! The routes as the simulation replays them under a plan, and the simulated timings turned
//! into what each compared item spent per stage and in all (`docs/metrics.md`, "What-if").
//!
//! A visit holds a server for its measured active time, then waits its external wait: its
//! measured waiting less its replayed queueing wait (calibration). Under a plan:
//! - a stage **merged into the previous** one (its handoff removed): a visit to it that directly
//!   follows a visit to another stage is done by that stage's people in the same hold — its
//!   work added to the previous visit's, its wait before its work dropped, its waits after its
//!   work kept — and its time counted for its own stage;
//! - a stage **re-batched**: a visit that left together with others (the same instant) loses
//!   the wait after its work (forming the batch) from its external wait; the simulation forms
//!   the new batches.
//!
//! Time an item is held out of a stage by its WIP limit counts as waiting in the stage it is
//! held in (the one before; before the first, it delays the work start).

use super::calibrate::Calibration;
use super::sim::{simulate, SimVisit, StageRule, Timing};
use super::trace::{Outcome, Traces, Visit};
use std::collections::HashMap;

/// What a change does to the routes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Per stage: merged into the visit before it — after any stage (`Some(None)`) or only
    /// after the one named.
    pub merged: Vec<Option<Option<u16>>>,
    pub rebatched: Vec<bool>,
}

impl Plan {
    /// Whether a visit to `stage` right after one to `previous` is merged into it.
    fn merged(&self, previous: u16, stage: u16) -> bool {
        match self.merged.get(stage as usize) {
            Some(Some(None)) => true,
            Some(Some(Some(after))) => *after == previous,
            _ => false,
        }
    }
    fn rebatched(&self, stage: u16) -> bool {
        self.rebatched.get(stage as usize).copied().unwrap_or(false)
    }
}

/// What the compared items spent: their flow times, and per stage the time and waiting of each
/// item that visited it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Spent {
    pub flow: Vec<i64>,
    pub time: Vec<Vec<i64>>,
    pub waiting: Vec<Vec<i64>>,
}

impl Spent {
    pub fn new(stages: usize) -> Self {
        Spent {
            flow: Vec::new(),
            time: vec![Vec::new(); stages],
            waiting: vec![Vec::new(); stages],
        }
    }

    /// Adds one item: its flow time and its (stage, time, waiting) sums.
    pub fn add(&mut self, flow: i64, per_stage: &[(u16, i64, i64)]) {
        self.flow.push(flow);
        for &(s, t, w) in per_stage {
            self.time[s as usize].push(t);
            self.waiting[s as usize].push(w);
        }
    }
}

/// Adds `(stage, time, waiting)` to an item's sums.
pub(crate) fn tally(sums: &mut Vec<(u16, i64, i64)>, stage: u16, time: i64, waiting: i64) {
    match sums.iter_mut().find(|s| s.0 == stage) {
        Some(s) => {
            s.1 += time;
            s.2 += waiting;
        }
        None => sums.push((stage, time, waiting)),
    }
}

/// Time a merged visit spent on another stage's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Credit {
    stage: u16,
    time: i64,
    active: i64,
}

/// The simulated visits of every route.
struct Routes {
    visits: Vec<SimVisit>,
    /// The trace visit each simulated visit stands for, and the merged work it also did.
    origin: Vec<usize>,
    credits: Vec<Vec<Credit>>,
    /// Each route's simulated visits.
    spans: Vec<std::ops::Range<usize>>,
    starts: Vec<(usize, i64)>,
}

/// Visits that left their stage together with others, per (stage, instant), for re-batched
/// stages.
fn groups(traces: &Traces, plan: &Plan) -> HashMap<(u16, i64), u32> {
    let mut out = HashMap::new();
    if !plan.rebatched.iter().any(|b| *b) {
        return out;
    }
    for v in traces.visits.iter().filter(|v| plan.rebatched(v.stage)) {
        *out.entry((v.stage, v.leave)).or_insert(0) += 1;
    }
    out
}

/// A visit's external waits: before its work, and after.
fn external(v: &Visit, queued: i64) -> (i64, i64) {
    let total = (v.waiting() - queued).max(0);
    let head = (v.head - queued).max(0);
    (head, total - head)
}

fn build(traces: &Traces, cal: &Calibration, plan: &Plan) -> Routes {
    let together = groups(traces, plan);
    let mut out = Routes {
        visits: Vec::with_capacity(traces.visits.len()),
        origin: Vec::with_capacity(traces.visits.len()),
        credits: Vec::with_capacity(traces.visits.len()),
        spans: Vec::with_capacity(traces.routes.len()),
        starts: Vec::with_capacity(traces.routes.len()),
    };
    for r in &traces.routes {
        let first = out.visits.len();
        for i in r.visits.clone() {
            let v = &traces.visits[i];
            let (head, mut after) = external(v, cal.queue[i]);
            if plan.rebatched(v.stage) && together.get(&(v.stage, v.leave)).is_some_and(|n| *n > 1)
            {
                after -= after.min(v.tail);
            }
            let follows = out.visits.len() > first;
            let prev_stage = out.visits.last().map(|p| p.stage);
            if follows && v.gap == 0 && prev_stage.is_some_and(|p| plan.merged(p, v.stage)) {
                let k = out.visits.len() - 1;
                let prev = &mut out.visits[k];
                prev.service += v.active;
                prev.residual += after;
                out.credits[k].push(Credit {
                    stage: v.stage,
                    time: v.active + after,
                    active: v.active,
                });
                continue;
            }
            out.visits.push(SimVisit {
                stage: v.stage,
                service: v.active,
                residual: head + after,
                gap: v.gap,
                last: false,
            });
            out.origin.push(i);
            out.credits.push(Vec::new());
        }
        let end = out.visits.len();
        if end > first {
            out.visits[end - 1].last = true;
            out.starts.push((first, r.start));
        }
        out.spans.push(first..end);
    }
    out
}

/// Replays the routes under `rules` and `plan`; what the `compared` routes spent.
pub(crate) fn run(
    traces: &Traces,
    cal: &Calibration,
    rules: &[StageRule],
    plan: &Plan,
    compared: &[usize],
    stages: usize,
) -> Spent {
    let routes = build(traces, cal, plan);
    let timing = simulate(&routes.starts, &routes.visits, rules);
    let mut out = Spent::new(stages);
    let mut sums: Vec<(u16, i64, i64)> = Vec::new();
    for &r in compared {
        let span = routes.spans[r].clone();
        if span.is_empty() {
            continue;
        }
        sums.clear();
        for k in span.clone() {
            item_stage_parts(&routes, traces, &timing, k, span.end, &mut sums);
        }
        let route = &traces.routes[r];
        let first = &timing[span.start];
        let start = first.admit - routes.visits[span.start].gap;
        let end = timing[span.end - 1].leave + route.tail_gap;
        debug_assert!(matches!(route.outcome, Outcome::Done(_)));
        out.add(end - start, &sums);
    }
    out
}

/// Simulated visit `k`'s time and waiting, per stage: its own, the merged work it did, and the
/// time the next visit was held out of its stage.
fn item_stage_parts(
    routes: &Routes,
    traces: &Traces,
    timing: &[Timing],
    k: usize,
    end: usize,
    sums: &mut Vec<(u16, i64, i64)>,
) {
    let t = timing[k];
    let v = &routes.visits[k];
    let own_active = traces.visits[routes.origin[k]].active;
    let mut time = t.leave - t.admit;
    for c in &routes.credits[k] {
        time -= c.time;
        tally(sums, c.stage, c.time, c.time - c.active);
    }
    let held = if k + 1 < end {
        timing[k + 1].admit - timing[k + 1].arrive
    } else {
        0
    };
    tally(sums, v.stage, time + held, time + held - own_active);
}
