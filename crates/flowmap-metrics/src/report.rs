//! The figures the engine returns. Durations are in seconds, instants in RFC 3339 (UTC). Every
//! output names its window. These types are part of Flowmap's wire format (`flowmap metrics
//! --json` and the app); the fields are documented in `docs/metrics.md`.

use chrono::{DateTime, Utc};
use flowmap_core::{FlowItemType, NodeId, StateCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which items and which time a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// Items completed (or canceled) in [from, to); their whole history counts.
    Completed,
    /// Every item's intervals clipped to [from, to): time spent in the window.
    During,
}

/// The window of a result, as computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct WindowInfo {
    pub kind: WindowKind,
    /// Start of the window; `None` means since the first event.
    #[ts(type = "string | null")]
    pub from: Option<DateTime<Utc>>,
    /// End of the window (exclusive); the `now` instant when not given.
    #[ts(type = "string")]
    pub to: DateTime<Utc>,
    /// The instant at which in-flight intervals are closed.
    #[ts(type = "string")]
    pub now: DateTime<Utc>,
    /// Only items of this flow item type, when set.
    pub flow_item_type: Option<FlowItemType>,
    /// Length of the window in days (from the first event when `from` is not given).
    pub days: f64,
}

/// Order statistics of a set of values (seconds, or ratios for efficiency). Percentiles are
/// nearest-rank: the p-th percentile of n sorted values is the value at rank ⌈p·n⌉.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Distribution {
    /// How many values (items) the figures count.
    #[ts(type = "number")]
    pub count: u64,
    pub p50: Option<f64>,
    pub p85: Option<f64>,
    pub p95: Option<f64>,
    pub mean: Option<f64>,
    pub max: Option<f64>,
}

/// One bar of a histogram: values in [lower, upper) (upper `None`: no bound).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct HistogramBin {
    pub lower: f64,
    pub upper: Option<f64>,
    pub label: String,
    #[ts(type = "number")]
    pub count: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemCounts {
    /// Items the window's figures count (see [`WindowKind`]).
    #[ts(type = "number")]
    pub in_scope: u64,
    /// Items completed in the window.
    #[ts(type = "number")]
    pub completed: u64,
    /// Items canceled in the window (they have no flow time).
    #[ts(type = "number")]
    pub canceled: u64,
    /// Items in progress at `now` (started, not completed or canceled).
    #[ts(type = "number")]
    pub in_flight: u64,
    /// Items completed in the window that never passed a Waiting or Active state: they count
    /// in velocity but have no flow time.
    #[ts(type = "number")]
    pub completed_without_work_start: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FlowEfficiency {
    /// Σ active ÷ Σ (active + waiting) over the items counted; `None` when there is no time.
    pub aggregate: Option<f64>,
    /// Per-item efficiencies.
    pub per_item: Distribution,
    pub histogram: Vec<HistogramBin>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LoadPoint {
    /// The instant sampled (00:00 UTC of each day).
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    #[ts(type = "number")]
    pub load: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FlowLoad {
    /// Items in progress at `now`.
    #[ts(type = "number")]
    pub current: u64,
    /// Time-average over the window: Σ in-progress time ÷ window length.
    pub average: f64,
    pub daily: Vec<LoadPoint>,
}

/// Counts per flow item type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TypeCounts {
    #[ts(type = "number")]
    pub feature: u64,
    #[ts(type = "number")]
    pub defect: u64,
    #[ts(type = "number")]
    pub risk: u64,
    #[ts(type = "number")]
    pub debt: u64,
    #[ts(type = "number")]
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct PeriodCount {
    /// First instant of the period (a Monday for weeks, the 1st for months and quarters).
    #[ts(type = "string")]
    pub start: DateTime<Utc>,
    pub label: String,
    pub completed: TypeCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FlowVelocity {
    pub weekly: Vec<PeriodCount>,
    pub monthly: Vec<PeriodCount>,
    pub quarterly: Vec<PeriodCount>,
}

/// Shares of Feature, Defect, Risk and Debt (each in [0, 1]) and the counts behind them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TypeShares {
    pub counts: TypeCounts,
    pub feature: f64,
    pub defect: f64,
    pub risk: f64,
    pub debt: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FlowDistribution {
    /// Among items completed in the window.
    pub completed: TypeShares,
    /// Among items in progress at `now`.
    pub in_progress: TypeShares,
}

/// An item in a stage now, and how long it has been there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct AgingItem {
    pub key: String,
    pub title: String,
    pub source: String,
    pub flow_item_type: FlowItemType,
    pub state: String,
    /// Since it last entered the stage.
    pub age_in_stage_secs: f64,
    /// Since its work started.
    pub age_since_start_secs: Option<f64>,
}

/// Where a classic VSM figure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FigureSource {
    Measured,
    Estimate,
    None,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Figure {
    pub value: Option<f64>,
    pub source: FigureSource,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StageMetrics {
    pub id: NodeId,
    pub name: String,
    /// Position in flow order (0 first).
    pub order: u32,
    /// Items in scope that entered the stage.
    #[ts(type = "number")]
    pub entered: u64,
    /// Items in the stage at `now` (Waiting or Active there).
    #[ts(type = "number")]
    pub inside_now: u64,
    /// The oldest of them (at most 25), oldest first.
    pub aging: Vec<AgingItem>,
    /// Time in stage per item (all entries summed), and its waiting and active parts.
    pub time: Distribution,
    pub waiting: Distribution,
    pub active: Distribution,
    pub histogram: Vec<HistogramBin>,
    /// Total waiting and active time in the window, all items.
    pub waiting_total_secs: f64,
    pub active_total_secs: f64,
    /// Flow efficiency in the stage: Σ active ÷ Σ (active + waiting) of those totals, a ratio
    /// of sums; `None` when the stage has no time.
    pub efficiency: Option<f64>,
    /// The stage's waiting share: Σ waiting ÷ Σ (active + waiting) of those totals (the
    /// complement of `efficiency`); `None` when the stage has no time.
    pub waiting_share: Option<f64>,
    /// Items that left the stage forward in the window, and per week.
    #[ts(type = "number")]
    pub throughput: u64,
    pub throughput_per_week: f64,
    /// Share of the items that entered more than once (rework).
    pub reentry_rate: Option<f64>,
    /// Share of the items that left it which left forward and never came back.
    pub complete_accurate: Option<f64>,
    /// Share of all waiting time in the window (0–1).
    pub bottleneck_score: f64,
    /// Rank by bottleneck score, 1 = the bottleneck.
    pub bottleneck_rank: u32,
    /// Items in the stage at `now`, on average over the window, and at 00:00 UTC of each day.
    #[ts(type = "number")]
    pub load_current: u64,
    pub load_average: f64,
    pub load_daily: Vec<LoadPoint>,
    /// The items with the most time in the stage (at most 10), slowest first.
    pub slowest: Vec<SlowItem>,
    /// Time in stage of the items that last left the stage in each of the window's final 12
    /// weeks, oldest week first.
    pub trend: Vec<TrendPoint>,
    /// Mean active time per item (measured), or the workshop estimate.
    pub process_time: Figure,
    /// Mean time in stage per item (measured), or the workshop estimate.
    pub lead_time: Figure,
    /// %C&A measured, or the workshop estimate.
    pub complete_accurate_figure: Figure,
}

/// One rung of the timeline ladder: a stage on the path, its per-stage p50s (or the workshop
/// estimate, marked), and why a figure is 0 or missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LadderRung {
    pub stage: NodeId,
    pub name: String,
    /// Where the rung's times come from: `measured` (items were in the stage in this window),
    /// `estimate` (none were: the workshop estimate), `none` (neither).
    pub source: FigureSource,
    /// Items whose time in the stage the rung measures.
    #[ts(type = "number")]
    pub items: u64,
    /// Moves through the handoff into this rung from the previous one (an item handed over twice
    /// counts twice); `None` on the first rung.
    #[ts(type = "number | null")]
    pub moves_in: Option<u64>,
    /// p50 of the active time per item in the stage, or the estimate.
    pub process_time: Figure,
    /// p50 of the time in stage per item, or the estimate.
    pub lead_time: Figure,
    /// Lead minus process time: the wait on this rung.
    pub waiting_secs: Option<f64>,
    pub complete_accurate: Figure,
    /// Workshop estimates beside the measured values.
    pub estimate_process_secs: Option<f64>,
    pub estimate_lead_secs: Option<f64>,
    /// Why a figure of the rung is 0 or missing ("no items in this window", "no %C&A data: no
    /// item left the stage in this window", …), several joined by "; "; `None` when none is.
    pub reason: Option<String>,
}

/// Ladder totals over a set of rungs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LadderTotals {
    pub total_process_secs: f64,
    pub total_lead_secs: f64,
    /// Σ process time ÷ Σ lead time.
    pub activity_ratio: Option<f64>,
    /// Product of the %C&A of the rungs that have one.
    pub rolled_complete_accurate: Option<f64>,
}

/// The classic VSM timeline ladder along the path most items take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Ladder {
    /// "p50": the rungs' times are per-stage medians over the items that were in each stage,
    /// the statistic the stage panel shows.
    pub basis: String,
    /// How the path was chosen: "items" (the chain of forward handoffs with the most item moves)
    /// or "lead_time" (no item moved along a handoff: the chain with the greatest lead time,
    /// measured or estimated).
    pub path_basis: String,
    pub rungs: Vec<LadderRung>,
    /// Σ over the measured rungs only.
    pub total_process_secs: f64,
    pub total_lead_secs: f64,
    /// Σ process time ÷ Σ lead time, measured rungs only.
    pub activity_ratio: Option<f64>,
    /// Rungs whose times are measured.
    pub measured_rungs: u32,
    /// Product of the measured %C&A of the rungs that have one (estimates left out).
    pub rolled_complete_accurate: Option<f64>,
    /// How many rungs that product multiplies.
    pub rolled_complete_accurate_rungs: u32,
    /// Rungs without a measured %C&A (left out of the product).
    pub rungs_without_complete_accurate: u32,
    /// The totals with workshop estimates filling the rungs that have no measurement; `None`
    /// when no rung uses an estimate.
    pub with_estimates: Option<LadderTotals>,
}

/// Little's law over the window: average load L against throughput λ × average flow time W.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LittlesLaw {
    pub average_load: f64,
    /// Completed items per day.
    pub throughput_per_day: f64,
    pub average_flow_time_days: Option<f64>,
    /// λ × W.
    pub predicted_load: Option<f64>,
    /// L ÷ (λ × W): near 1 when the window is stable and the data consistent.
    pub ratio: Option<f64>,
}

/// A Waiting or Active state that belongs to no stage: its time appears nowhere on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct UnmappedState {
    pub source: String,
    pub state: String,
    pub category: StateCategory,
    #[ts(type = "number")]
    pub items: u64,
    pub time_secs: f64,
}

/// An item with much time in a stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SlowItem {
    pub key: String,
    pub title: String,
    pub source: String,
    pub flow_item_type: FlowItemType,
    /// Its time in the stage (every entry summed).
    pub time_secs: f64,
}

/// One week of a stage's trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TrendPoint {
    /// The week's first instant (weeks end at the window's end).
    #[ts(type = "string")]
    pub start: DateTime<Utc>,
    pub time: Distribution,
}

/// The wait after a handoff: from entering the next stage until work starts there (or the item
/// leaves it, or `now`), per handoff between two stages that items actually made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct HandoffWait {
    pub from: NodeId,
    pub to: NodeId,
    /// Whether the items went back against the flow order (rework).
    pub rework: bool,
    /// Over the handoffs made (an item handed over twice counts twice).
    pub wait: Distribution,
}

/// One sample of the cumulative flow diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct CfdPoint {
    /// 00:00 UTC of a day; the last sample is at the window's end (the "as of" instant).
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Per stage in flow order: items that had arrived in it by then — entered it or a later
    /// stage, or completed (Vacanti's cumulative arrivals; never more than the stage before).
    #[ts(type = "Array<number>")]
    pub arrived: Vec<u64>,
    /// Items completed by then.
    #[ts(type = "number")]
    pub done: u64,
}

/// A completed item's flow time, for the scatterplot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FlowTimePoint {
    pub key: String,
    pub flow_item_type: FlowItemType,
    #[ts(type = "string")]
    pub completed_at: DateTime<Utc>,
    pub flow_time_secs: f64,
}

/// One week of the flow metrics' trend (weeks end at the window's end).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FlowPeriod {
    /// The week's first instant.
    #[ts(type = "string")]
    pub start: DateTime<Utc>,
    /// Items completed in the week, by flow item type (velocity and distribution).
    pub completed: TypeCounts,
    /// Flow time of those items.
    pub flow_time: Distribution,
    /// Σ active ÷ Σ (active + waiting) over those items, their time as the window counts it.
    pub efficiency: Option<f64>,
    /// Mean of the daily flow load samples (00:00 UTC) in the week; `None` without a sample.
    pub load_average: Option<f64>,
}

/// Everything the engine computes for one query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Metrics {
    pub window: WindowInfo,
    pub items: ItemCounts,
    /// Completed minus work start, per item completed in the window.
    pub flow_time: Distribution,
    pub flow_time_histogram: Vec<HistogramBin>,
    pub flow_efficiency: FlowEfficiency,
    pub flow_load: FlowLoad,
    pub flow_velocity: FlowVelocity,
    pub flow_distribution: FlowDistribution,
    /// Stages in flow order.
    pub stages: Vec<StageMetrics>,
    /// Stage ids from the biggest share of waiting time down.
    pub bottlenecks: Vec<NodeId>,
    /// Waiting time in states that belong to no stage, as a share of all waiting time.
    pub unmapped_waiting_share: f64,
    pub ladder: Ladder,
    pub littles_law: LittlesLaw,
    pub unmapped_states: Vec<UnmappedState>,
    /// Waits after handoffs between stages, in flow order of their ends.
    pub handoffs: Vec<HandoffWait>,
    /// The cumulative flow diagram: one point per day of the window, and one at its end.
    pub cfd: Vec<CfdPoint>,
    /// Every item completed in the window with its flow time; empty unless asked for.
    pub flow_time_points: Vec<FlowTimePoint>,
    /// The five flow metrics for each of the window's last 12 weeks, oldest first.
    pub flow_trend: Vec<FlowPeriod>,
}

/// Totals of one (source, state) pair, for reviewing the state mapping.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StateTotals {
    pub source: String,
    pub state: String,
    /// Items that entered the state.
    #[ts(type = "number")]
    pub items: u64,
    /// Time spent in the state by all items, open intervals closed at `now`.
    pub time_secs: f64,
}
