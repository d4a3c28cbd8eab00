//! Wire types of lineage (`docs/metrics.md`, "Lineage and end-to-end figures"): every root with
//! its end-to-end figures, crossing times per artifact flow, end-to-end flow time per flow item
//! type; one root's tree with each item's states; links made by hand.

use super::TimelineStep;
use flowmap_core::{FlowItemType, LinkKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The TypeScript declarations of this module's types.
pub(super) fn decls() -> Vec<String> {
    vec![
        LinkKind::decl(),
        RootStatusView::decl(),
        ToolTimeRow::decl(),
        LineageRoot::decl(),
        SlowCrossing::decl(),
        CrossingRow::decl(),
        EndToEndRow::decl(),
        LineageSummaryView::decl(),
        LineageNode::decl(),
        ItemLineage::decl(),
        LinkRequest::decl(),
        LinkOutcome::decl(),
    ]
}

/// Where a root's stream stands: see `docs/metrics.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RootStatusView {
    NotStarted,
    InProgress,
    Finished,
    Canceled,
}

/// Time a root's tree spent in one tool (`tool_id` and `tool` absent: sources attached to no
/// tool of the map).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ToolTimeRow {
    pub tool_id: Option<String>,
    pub tool: Option<String>,
    pub secs: f64,
}

/// One root: the item, where it stands and its end-to-end figures. Times are RFC 3339 (UTC);
/// `end_to_end_secs` is the flow time when finished, the age when in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LineageRoot {
    pub source: String,
    pub key: String,
    pub title: String,
    pub artifact_type: String,
    pub flow_item_type: FlowItemType,
    pub tool: Option<String>,
    pub status: RootStatusView,
    pub start: Option<String>,
    pub end: Option<String>,
    pub end_to_end_secs: Option<f64>,
    pub in_tools: Vec<ToolTimeRow>,
    pub between_tools_secs: f64,
    /// Items in its tree, itself included.
    pub items: u32,
}

/// One crossing of an artifact flow: item `from_key` (of `from_source`) done, its successor
/// `to_key` (of `to_source`) started `secs` later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SlowCrossing {
    pub from_source: String,
    pub from_key: String,
    pub to_source: String,
    pub to_key: String,
    pub secs: f64,
}

/// Crossing times over one artifact flow of the map (`flow` is the edge's id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct CrossingRow {
    pub flow: String,
    pub from_tool: String,
    pub to_tool: String,
    /// The flow's label, e.g. "Feature Request → Feature".
    pub label: String,
    pub count: u32,
    pub p50_secs: Option<f64>,
    pub p85_secs: Option<f64>,
    /// Its slowest crossings (at most 5), slowest first.
    pub slowest: Vec<SlowCrossing>,
}

/// End-to-end flow time of the finished roots of one flow item type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct EndToEndRow {
    pub flow_item_type: FlowItemType,
    pub finished: u32,
    pub in_progress: u32,
    pub p50_secs: Option<f64>,
    pub p85_secs: Option<f64>,
}

/// Lineage over the whole file, measured at `now` (RFC 3339).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LineageSummaryView {
    pub roots: Vec<LineageRoot>,
    pub crossings: Vec<CrossingRow>,
    pub by_type: Vec<EndToEndRow>,
    /// Links in the file, and those whose target is in no source of the file yet.
    pub links: u32,
    pub unresolved: u32,
    pub now: String,
}

/// One item of a root's tree, with the item it came from and its states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LineageNode {
    pub source: String,
    pub key: String,
    pub title: String,
    pub artifact_type: String,
    pub tool: Option<String>,
    /// The key of the item it came from (absent for the root).
    pub parent: Option<String>,
    pub depth: u32,
    /// From its parent's completion to its start, when it crossed an artifact flow.
    pub crossing_secs: Option<f64>,
    pub started: Option<String>,
    pub ended: Option<String>,
    pub steps: Vec<TimelineStep>,
}

/// One root's lineage: its figures and its tree, depth first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemLineage {
    pub root: LineageRoot,
    pub items: Vec<LineageNode>,
}

/// A link to make or remove by hand: from item `key` of `source` to `target_key` (of
/// `target_source`, or of any source holding that key when absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LinkRequest {
    pub source: String,
    pub key: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_source: Option<String>,
    pub target_key: String,
    pub kind: LinkKind,
}

/// Whether the link changed anything (false: it was already there, or not there to remove).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LinkOutcome {
    pub changed: bool,
}
