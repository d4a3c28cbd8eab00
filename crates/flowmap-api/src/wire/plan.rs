//! Wire types of planning with the map: forecasts from the map's own throughput
//! (`docs/metrics.md`, "Forecasts").

use flowmap_core::FlowItemType;
use flowmap_metrics::forecast::{Backtest, Forecast, Question};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What to forecast, from which items and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ForecastRequest {
    pub question: Question,
    /// Only items of this flow item type (e.g. features), when set.
    pub flow_item_type: Option<FlowItemType>,
    /// Only items of these sources; empty: all.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The instant to forecast from (RFC 3339 or a date); the current time when not given.
    pub now: Option<String>,
    /// Days of history to sample (default 90).
    pub window_days: Option<u32>,
    /// Trials (default 10,000, at most 1,000,000).
    pub trials: Option<u32>,
    /// Seed (default 1): the same seed gives the same forecast.
    #[ts(type = "number | null")]
    pub seed: Option<u64>,
    /// Also forecast from past dates and compare with what happened.
    #[serde(default)]
    pub backtest: bool,
    /// Forecast when the items under this one (an epic's descendants, along the lineage) will
    /// be done: the question becomes "when" for those still open.
    #[serde(default)]
    pub under: Option<SetRoot>,
}

/// The item whose descendants are forecast: its key, and its source when two hold the key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetRoot {
    pub key: String,
    pub source: Option<String>,
}

/// The set a forecast was made for: the items under one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ForecastSet {
    pub source: String,
    pub key: String,
    pub title: String,
    /// Items under it, and how many are done, canceled and still open.
    pub total: u32,
    pub done: u32,
    pub canceled: u32,
    pub open: u32,
    /// The work left: open items with no open item under them (their parents are done when
    /// they are). The forecast is "when will this many be done".
    pub work: u32,
    /// The sources whose throughput was sampled (those of the work left, unless the request
    /// named sources).
    pub sampled_sources: Vec<String>,
}

/// A forecast with the instants it speaks of and how it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ForecastView {
    pub forecast: Forecast,
    /// The instant forecast from, and the sampling window's start (RFC 3339).
    pub now: String,
    pub window_from: String,
    /// How many: the end of the horizon; when: the date at each confidence (50, 85, 95).
    pub dates: Vec<String>,
    pub flow_item_type: Option<FlowItemType>,
    /// How it was computed, in a sentence a user can check.
    pub method: String,
    pub backtest: Option<Backtest>,
    /// The set forecast, when the request named one.
    pub set: Option<ForecastSet>,
}

pub(crate) fn decls() -> Vec<String> {
    use flowmap_metrics::forecast::{BacktestPoint, Likelihood, Outcome, Sampling};
    vec![
        Question::decl(),
        Sampling::decl(),
        Likelihood::decl(),
        Outcome::decl(),
        Forecast::decl(),
        BacktestPoint::decl(),
        Backtest::decl(),
        SetRoot::decl(),
        ForecastSet::decl(),
        ForecastRequest::decl(),
        ForecastView::decl(),
    ]
}

/// A key result as the window and `flowmap okr` show it: what is stored, the version a change
/// must name, its stage's name, and its progress measured at the instant asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct KeyResultView {
    pub key_result: flowmap_core::KeyResult,
    #[ts(type = "number")]
    pub version: i64,
    pub unit: flowmap_core::KrUnit,
    /// The figure in words, e.g. "flow time p85", "waiting time p85 in Testing".
    pub figure_label: String,
    /// The stage's name, when the key result is on a stage that is on the map.
    pub stage_name: Option<String>,
    pub progress: flowmap_metrics::okr::KrProgress,
}

/// A key result as typed: the baseline and target in words of the figure's unit ("20d",
/// "35 %", "12"), the dates as dates. `id` and `version` are absent for a new one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct KeyResultDraft {
    pub id: Option<flowmap_core::KeyResultId>,
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    pub objective: String,
    pub name: String,
    pub figure: flowmap_core::KrFigure,
    pub flow_item_type: Option<FlowItemType>,
    pub stage: Option<flowmap_core::NodeId>,
    pub baseline: String,
    pub target: String,
    pub start: String,
    pub due: String,
    pub owner: String,
}

pub(crate) fn capacity_decls() -> Vec<String> {
    use flowmap_metrics::capacity::{Arrivals, Capacity, StageCapacity, TeamCapacity, TypeLoads};
    vec![
        TypeLoads::decl(),
        StageCapacity::decl(),
        TeamCapacity::decl(),
        Arrivals::decl(),
        Capacity::decl(),
    ]
}

pub(crate) fn okr_decls() -> Vec<String> {
    use flowmap_core::{KeyResult, KeyResultId, KrFigure, KrUnit};
    use flowmap_metrics::okr::{KrPoint, KrProgress, KrStatus};
    vec![
        KeyResultId::decl(),
        KrFigure::decl(),
        KrUnit::decl(),
        KeyResult::decl(),
        KrStatus::decl(),
        KrPoint::decl(),
        KrProgress::decl(),
        KeyResultView::decl(),
        KeyResultDraft::decl(),
    ]
}

/// Which items the delivery metrics count, and over which window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct DoraRequest {
    /// The window (`from`, `to`, `now`; the rest is not used).
    pub window: crate::wire::MetricsRequest,
    /// Artifact types that are deployments; empty: those named like deployments or releases,
    /// else like builds or pipelines.
    #[serde(default)]
    pub deployment_types: Vec<String>,
    /// Artifact types that are changes; empty: pull and merge requests.
    #[serde(default)]
    pub change_types: Vec<String>,
}

/// The delivery metrics and what they counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DoraView {
    pub dora: flowmap_metrics::dora::Dora,
    pub deployment_types: Vec<String>,
    pub change_types: Vec<String>,
    /// The window (RFC 3339).
    pub from: String,
    pub to: String,
}

impl DoraView {
    /// Nothing counted (a map without a file).
    pub fn empty() -> Self {
        DoraView {
            dora: flowmap_metrics::dora::dora(&[], &[], 0, 0),
            deployment_types: Vec::new(),
            change_types: Vec::new(),
            from: String::new(),
            to: String::new(),
        }
    }
}

pub(crate) fn dora_decls() -> Vec<String> {
    use flowmap_metrics::dora::{ChangeCounts, DeployOutcome, Dora};
    vec![
        DeployOutcome::decl(),
        ChangeCounts::decl(),
        Dora::decl(),
        DoraRequest::decl(),
        DoraView::decl(),
    ]
}
