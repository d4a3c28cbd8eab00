//! Wire types of the metrics engine and the state mapping.

use flowmap_core::{FlowItemType, NodeId, StateCategory, StateMapping};
use flowmap_metrics::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What to compute. Instants are text (RFC 3339, or a date), read by the API so the app and
/// the CLI accept the same forms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MetricsRequest {
    /// The instant at which in-flight intervals are closed; the current time when absent.
    pub now: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// `completed` when absent.
    pub window: Option<WindowKind>,
    pub flow_item_type: Option<FlowItemType>,
    /// Only items of these sources; empty: all.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Only items that were in a stage this partner owns: the partner's id or name.
    #[serde(default)]
    pub partner: Option<String>,
    /// Also list every completed item's flow time, for the scatterplot.
    #[serde(default)]
    pub include_points: bool,
}

/// Where a state stands in the mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MappingStatus {
    /// In one stage.
    Mapped,
    /// New, Done, Canceled or Ignore, in no stage: nothing is lost.
    NoStageNeeded,
    /// Waiting or Active, but no stage claims it: its time appears nowhere on the map.
    Unmapped,
    /// Claimed by two or more stages.
    Conflict,
    /// Waiting or Active in no stage, but only items that are not flow items were in it (their
    /// tools' artifact types say so): no flow figure counts its time (`docs/metrics.md`, "Flow
    /// items").
    NotFlowItems,
}

/// One state of a source in the mapping review (`flowmap mapping FILE`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MappingRow {
    pub source: String,
    pub state: String,
    pub category: StateCategory,
    /// Whether the category (and stage) were set, or guessed from the state's name.
    pub explicit: bool,
    pub status: MappingStatus,
    pub stage: Option<String>,
    pub stage_id: Option<NodeId>,
    pub conflict_stages: Vec<String>,
    /// Items that entered the state.
    #[ts(type = "number")]
    pub items: u64,
    /// Time all items spent in the state.
    pub time_secs: f64,
}

pub(super) fn decls() -> Vec<String> {
    vec![
        StateCategory::decl(),
        StateMapping::decl(),
        WindowKind::decl(),
        WindowInfo::decl(),
        Distribution::decl(),
        HistogramBin::decl(),
        ItemCounts::decl(),
        FlowEfficiency::decl(),
        LoadPoint::decl(),
        FlowLoad::decl(),
        TypeCounts::decl(),
        PeriodCount::decl(),
        FlowVelocity::decl(),
        TypeShares::decl(),
        FlowDistribution::decl(),
        AgingItem::decl(),
        FigureSource::decl(),
        Figure::decl(),
        StageMetrics::decl(),
        LadderRung::decl(),
        LadderTotals::decl(),
        Ladder::decl(),
        LittlesLaw::decl(),
        UnmappedState::decl(),
        SlowItem::decl(),
        TrendPoint::decl(),
        HandoffWait::decl(),
        CfdPoint::decl(),
        FlowTimePoint::decl(),
        FlowPeriod::decl(),
        Metrics::decl(),
        StateTotals::decl(),
        MetricsRequest::decl(),
        MappingStatus::decl(),
        MappingRow::decl(),
    ]
}
