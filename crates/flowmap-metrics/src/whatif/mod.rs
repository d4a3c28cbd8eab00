//! What-if on a future state (`docs/metrics.md`, "What-if"): the measured items replayed through
//! the stream as it is (the baseline, which must reproduce what was measured) and as changed
//! (people, WIP limits, batch sizes, handoffs removed), by a discrete-event simulation
//! calibrated on each stage's measured arrivals and work.
//!
//! - [`trace`](self): each item's measured route: work start, visits (active time, waits), gaps.
//! - `calibrate`: each stage's effective people and each visit's external wait.
//! - `sim`: the network of queues the routes are replayed through.
//! - `replay`: the routes as simulated under a plan (merges, re-batching), and their timings
//!   turned into each compared item's time per stage and flow time.
//! - `figures`: the same statistics (p50, p85, mean over items) of what was measured, the
//!   baseline and the changed stream.

mod calibrate;
mod figures;
pub mod future;
mod replay;
mod sim;
#[cfg(test)]
mod tests;
mod trace;

pub use calibrate::TOLERANCE as CALIBRATION_TOLERANCE;
pub use figures::{Compared, Figures};

use crate::dataset::Dataset;
use crate::model::StageModel;
use flowmap_core::FlowItemType;
use serde::{Deserialize, Serialize};
use sim::StageRule;
use trace::Outcome;
use ts_rs::TS;

const DAY_MS: i64 = 86_400_000;

/// The largest relative difference the baseline may show against what was measured, on the
/// figures [`WhatIf::reproduction`] checks.
pub const REPRODUCTION_TOLERANCE: f64 = 0.10;

/// A change to one stage (by its flow-order position on the current map).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StageChange {
    pub stage: u32,
    /// People in the stage now and after the change: the stage's effective people scale by
    /// `after ÷ before` (`before` defaults to the effective people measured).
    pub people_before: Option<u32>,
    pub people_after: Option<u32>,
    /// At most this many items in the stage at once (queue, work and external waits).
    pub wip_limit: Option<u32>,
    /// Items leave the stage in groups of this many (1: each as it is done).
    pub batch_size: Option<u32>,
    /// The handoff into this stage is removed: the previous stage's people go on with this
    /// stage's work at once (no queue, no wait before it; the waits after its work stay).
    #[serde(default)]
    pub merge_into_previous: bool,
    /// With `merge_into_previous`: only after a visit to this stage (the handoff from it);
    /// after any stage when absent (the stage itself is gone).
    #[serde(default)]
    pub merge_after: Option<u32>,
}

/// What to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIfQuery {
    pub now: i64,
    /// Items completed in the `window_days` before `now` are compared.
    pub window_days: u32,
    pub flow_item_type: Option<FlowItemType>,
    /// Only items of these sources (by name; empty: all).
    pub sources: Vec<String>,
    pub changes: Vec<StageChange>,
}

/// One stage: calibration, the rules after the change, and its figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StageWhatIf {
    pub stage: u32,
    pub name: String,
    /// Visits replayed (re-entries count).
    pub visits: u32,
    /// Effective people: the fewest servers whose queueing fits the measured waits.
    pub servers: u32,
    pub servers_after: u32,
    pub wip_limit: Option<u32>,
    /// Mean items leaving the stage at one instant, as measured.
    pub batch_measured: f64,
    pub batch_after: Option<u32>,
    pub merged_into_previous: bool,
    /// The share of the stage's measured waiting that queueing for its people explains.
    pub queueing_share: f64,
    /// Time in the stage per item (waiting + active, every visit).
    pub time: Compared,
    /// Waiting in the stage per item.
    pub waiting: Compared,
}

/// The baseline against what was measured: the largest relative difference found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Reproduction {
    pub max_difference: f64,
    /// The figure it was found on, e.g. "Testing time p85".
    pub worst_figure: String,
    pub tolerance: f64,
    pub within: bool,
}

/// The what-if's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct WhatIf {
    #[ts(type = "number")]
    pub window_from_ms: i64,
    #[ts(type = "number")]
    pub now_ms: i64,
    /// Items replayed, and those compared (completed in the window).
    pub items_simulated: u32,
    pub items_compared: u32,
    pub stages: Vec<StageWhatIf>,
    pub flow_time: Compared,
    pub reproduction: Reproduction,
    /// How it was computed, in sentences a user can check.
    pub assumptions: Vec<String>,
}

/// Why a what-if cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    #[error("the comparison window must be at least one day")]
    EmptyWindow,
    #[error("stage {0} is not on the map (it has {1} stages)")]
    UnknownStage(u32, usize),
    #[error("no item completed in the {0} days before the instant asked: nothing to compare")]
    NothingCompleted(u32),
}

/// The last state change in `data` (ms), if any: a what-if asked without an instant is
/// simulated up to it.
pub fn last_change(data: &Dataset) -> Option<i64> {
    data.at.iter().copied().max()
}

/// Simulates the stream as measured and as changed (see the module's doc).
pub fn what_if(data: &Dataset, model: &StageModel, q: &WhatIfQuery) -> Result<WhatIf, WhatIfError> {
    if q.window_days == 0 {
        return Err(WhatIfError::EmptyWindow);
    }
    let stages = model.stages().len();
    if let Some(c) = q.changes.iter().find(|c| c.stage as usize >= stages) {
        return Err(WhatIfError::UnknownStage(c.stage, stages));
    }
    let from = q.now - q.window_days as i64 * DAY_MS;
    let warm = from - q.window_days as i64 * DAY_MS;
    let sources = model.wanted(data, &q.sources);
    let wanted =
        |i: usize| q.flow_item_type.is_none_or(|t| data.item_type[i] == t) && sources.wants(i);
    let mut traces = trace::traces(data, model, q.now, wanted);
    traces.keep(|r| match r.outcome {
        Outcome::Done(at) | Outcome::Canceled(at) => at >= warm,
        Outcome::InFlight => true,
    });
    let compared: Vec<usize> = (0..traces.routes.len())
        .filter(|&r| matches!(traces.routes[r].outcome, Outcome::Done(at) if at >= from))
        .collect();
    if compared.is_empty() {
        return Err(WhatIfError::NothingCompleted(q.window_days));
    }
    let cal = calibrate::calibrate(&traces.visits, stages);
    let change_of = |s: usize| q.changes.iter().find(|c| c.stage as usize == s);
    let base_rules: Vec<StageRule> = cal.servers.iter().map(|&c| after_rule(c, None)).collect();
    let after_rules: Vec<StageRule> = (0..stages)
        .map(|s| after_rule(cal.servers[s], change_of(s)))
        .collect();
    let same = replay::Plan::default();
    let plan = replay::Plan {
        merged: (0..stages)
            .map(|s| {
                change_of(s)
                    .filter(|c| c.merge_into_previous)
                    .map(|c| c.merge_after.map(|a| a as u16))
            })
            .collect(),
        rebatched: (0..stages)
            .map(|s| change_of(s).is_some_and(|c| c.batch_size.is_some()))
            .collect(),
    };
    let measured = figures::measured(&traces, &compared, stages);
    let base = replay::run(&traces, &cal, &base_rules, &same, &compared, stages);
    let after = replay::run(&traces, &cal, &after_rules, &plan, &compared, stages);
    Ok(figures::assemble(&figures::Parts {
        model,
        traces: &traces,
        cal: &cal,
        rules: &after_rules,
        plan: &plan,
        compared: compared.len(),
        measured: &measured,
        base: &base,
        after: &after,
        window: (from, q.now),
    }))
}

/// A stage's rule after `change` (none: as calibrated).
fn after_rule(servers: usize, change: Option<&StageChange>) -> StageRule {
    let Some(c) = change else {
        return StageRule {
            servers,
            wip_limit: None,
            batch: None,
        };
    };
    let servers = match c.people_after {
        Some(after) => {
            let before = c.people_before.filter(|b| *b > 0).unwrap_or(servers as u32);
            ((servers as f64 * after as f64 / before as f64).round() as usize).max(1)
        }
        None => servers,
    };
    StageRule {
        servers,
        wip_limit: c.wip_limit.map(|w| w.max(1) as usize),
        batch: c.batch_size.map(|b| b.max(1) as usize),
    }
}
