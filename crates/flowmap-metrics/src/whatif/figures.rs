//! The what-if's figures: one statistic for what was measured, the baseline and the changed
//! stream (p50 and p85 by nearest rank, and the mean, over the compared items), and the
//! sentences that say how they were computed.

use super::calibrate::{Calibration, TOLERANCE};
use super::replay::{tally, Plan, Spent};
use super::sim::StageRule;
use super::trace::{Outcome, Traces};
use super::{Reproduction, StageWhatIf, WhatIf, REPRODUCTION_TOLERANCE};
use crate::model::StageModel;
use crate::stats::rank_index;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// Figures below this count of items are not held to the reproduction tolerance.
pub const REPRODUCTION_MIN_ITEMS: u32 = 20;
/// Differences are relative to the measured value, or to an hour when that is less.
const FLOOR_SECS: f64 = 3600.0;

/// One statistic of durations over items (seconds).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Figures {
    pub items: u32,
    pub p50_secs: f64,
    pub p85_secs: f64,
    pub mean_secs: f64,
}

/// A figure as measured, as the baseline simulates it, and after the change.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Compared {
    pub measured: Option<Figures>,
    pub baseline: Option<Figures>,
    pub after: Option<Figures>,
}

/// p50, p85 and mean of `values` (milliseconds); `None` when empty.
pub(crate) fn figures(values: &[i64]) -> Option<Figures> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let at = |pct| v[rank_index(pct, v.len())] as f64 / 1000.0;
    let sum: i128 = v.iter().map(|x| *x as i128).sum();
    Some(Figures {
        items: v.len() as u32,
        p50_secs: at(50),
        p85_secs: at(85),
        mean_secs: sum as f64 / v.len() as f64 / 1000.0,
    })
}

/// What the compared routes spent, as measured.
pub(crate) fn measured(traces: &Traces, compared: &[usize], stages: usize) -> Spent {
    let mut out = Spent::new(stages);
    let mut sums = Vec::new();
    for &r in compared {
        let route = &traces.routes[r];
        let Outcome::Done(done) = route.outcome else {
            continue;
        };
        if route.visits.is_empty() {
            continue;
        }
        sums.clear();
        for v in traces.visits_of(route) {
            tally(&mut sums, v.stage, v.leave - v.enter, v.waiting());
        }
        out.add(done - route.start, &sums);
    }
    out
}

/// Everything the answer is assembled from.
pub(crate) struct Parts<'a> {
    pub model: &'a StageModel,
    pub traces: &'a Traces,
    pub cal: &'a Calibration,
    pub rules: &'a [StageRule],
    pub plan: &'a Plan,
    pub compared: usize,
    pub measured: &'a Spent,
    pub base: &'a Spent,
    pub after: &'a Spent,
    pub window: (i64, i64),
}

fn compared(m: &[i64], b: &[i64], a: &[i64]) -> Compared {
    Compared {
        measured: figures(m),
        baseline: figures(b),
        after: figures(a),
    }
}

/// Per stage: visits, mean items leaving at one instant, and the share of waiting queueing
/// explains.
fn stage_facts(p: &Parts) -> Vec<(u32, f64, f64)> {
    let stages = p.model.stages().len();
    let mut visits = vec![0u32; stages];
    let mut instants: HashSet<(u16, i64)> = HashSet::new();
    let mut waited = vec![0i64; stages];
    let mut queued = vec![0i64; stages];
    for (i, v) in p.traces.visits.iter().enumerate() {
        let s = v.stage as usize;
        visits[s] += 1;
        instants.insert((v.stage, v.leave));
        waited[s] += v.waiting();
        queued[s] += p.cal.queue[i].min(v.waiting());
    }
    let mut distinct = vec![0u32; stages];
    for (s, _) in &instants {
        distinct[*s as usize] += 1;
    }
    (0..stages)
        .map(|s| {
            let batch = if distinct[s] == 0 {
                0.0
            } else {
                visits[s] as f64 / distinct[s] as f64
            };
            let share = if waited[s] == 0 {
                0.0
            } else {
                queued[s] as f64 / waited[s] as f64
            };
            (visits[s], batch, share)
        })
        .collect()
}

/// The baseline's largest relative difference from what was measured.
fn reproduction(stages: &[StageWhatIf], flow: &Compared) -> Reproduction {
    let mut worst = (0.0f64, String::from("flow time p50"));
    let mut check = |c: &Compared, label: &str| {
        let (Some(m), Some(b)) = (c.measured, c.baseline) else {
            return;
        };
        if m.items < REPRODUCTION_MIN_ITEMS {
            return;
        }
        for (pct, mv, bv) in [
            ("p50", m.p50_secs, b.p50_secs),
            ("p85", m.p85_secs, b.p85_secs),
        ] {
            let d = (bv - mv).abs() / mv.max(FLOOR_SECS);
            if d > worst.0 {
                worst = (d, format!("{label} {pct}"));
            }
        }
    };
    check(flow, "flow time");
    for s in stages {
        check(&s.time, &format!("{} time", s.name));
    }
    Reproduction {
        max_difference: worst.0,
        worst_figure: worst.1,
        tolerance: REPRODUCTION_TOLERANCE,
        within: worst.0 <= REPRODUCTION_TOLERANCE,
    }
}

/// The answer.
pub(crate) fn assemble(p: &Parts) -> WhatIf {
    let facts = stage_facts(p);
    let stages: Vec<StageWhatIf> = p
        .model
        .stages()
        .iter()
        .enumerate()
        .map(|(s, st)| StageWhatIf {
            stage: s as u32,
            name: st.name.clone(),
            visits: facts[s].0,
            servers: p.cal.servers[s] as u32,
            servers_after: p.rules[s].servers as u32,
            wip_limit: p.rules[s].wip_limit.map(|w| w as u32),
            batch_measured: facts[s].1,
            batch_after: p.rules[s].batch.map(|b| b as u32),
            merged_into_previous: p.plan.merged.get(s).is_some_and(|m| m.is_some()),
            queueing_share: facts[s].2,
            time: compared(&p.measured.time[s], &p.base.time[s], &p.after.time[s]),
            waiting: compared(
                &p.measured.waiting[s],
                &p.base.waiting[s],
                &p.after.waiting[s],
            ),
        })
        .collect();
    let flow_time = compared(&p.measured.flow, &p.base.flow, &p.after.flow);
    let reproduction = reproduction(&stages, &flow_time);
    WhatIf {
        window_from_ms: p.window.0,
        now_ms: p.window.1,
        items_simulated: p.traces.routes.len() as u32,
        items_compared: p.compared as u32,
        stages,
        flow_time,
        reproduction,
        assumptions: assumptions(),
    }
}

/// How the simulation works, in sentences (docs/metrics.md, "What-if", says the same).
fn assumptions() -> Vec<String> {
    [
        "Every item is replayed along its measured route (re-entries included) from its measured work start: arrivals and routes are as they happened.".to_string(),
        "A stage's people are servers taking items first come, first served; an item holds one for its measured active time.".to_string(),
        format!("Effective people: the fewest servers with which the stage's measured work, in the order it arrived, queues no longer than the measured waits (the excess at most {:.0} % of the stage's time).", TOLERANCE * 100.0),
        "Waiting that queueing for the stage's people does not explain (on customers, other teams, approvals) is kept for each visit as it was, after the work.".to_string(),
        "More or fewer people scale the effective people by people after ÷ people before.".to_string(),
        "A WIP limit holds items in the stage before (as its waiting) until there is room; before the first stage it delays the work start.".to_string(),
        "A batch size makes items leave the stage in groups of that many; the measured wait of items that left together, after their work, is replaced by the simulated one.".to_string(),
        "Removing the handoff into a stage: the previous stage's people go on with its work at once, without the wait before it.".to_string(),
        "Compared: items completed in the window, measured and simulated; items completed before it (one window back) and those in progress are replayed too, as they load the stages.".to_string(),
    ]
    .to_vec()
}
