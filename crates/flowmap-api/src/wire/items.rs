//! Wire types of the Items list: one page of the map's items, filtered and sorted on the Rust
//! side (the window never holds them all), and one item's timeline.

use flowmap_core::{FlowItemType, StateCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The TypeScript declarations of this module's types.
pub(super) fn decls() -> Vec<String> {
    vec![
        ItemStatus::decl(),
        ItemSortColumn::decl(),
        ItemsQuery::decl(),
        ItemRow::decl(),
        ItemsPage::decl(),
        TimelineStep::decl(),
        ItemTimeline::decl(),
    ]
}

/// Where an item is at the instant measured: not started (no Waiting or Active state yet), in
/// flight, done, or canceled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    NotStarted,
    InFlight,
    Done,
    Canceled,
}

/// A column the Items list sorts by. `time` is the age of an item in flight and the flow time
/// of a finished one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemSortColumn {
    Key,
    Title,
    Type,
    Source,
    State,
    Stage,
    Time,
    Started,
    Finished,
}

/// Which items, in which order, from where: `search` matches key or title (case-insensitive,
/// every word); the other filters match exactly when given. `stage` is a stage's id. Items with
/// no value in the sort column come last in either direction; ties keep the order items were
/// added. `now` (RFC 3339 or a date) is the instant measured; the current time when absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemsQuery {
    #[serde(default)]
    pub search: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_item_type: Option<FlowItemType>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    pub sort: ItemSortColumn,
    pub descending: bool,
    pub offset: u32,
    /// At most 1,000.
    pub limit: u32,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
}

/// One item of the list. Times are RFC 3339 in UTC; `time_secs` is its age (in flight: from its
/// work start to `now`) or its flow time (done: from its work start to its completion).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemRow {
    pub key: String,
    pub title: String,
    pub source: String,
    /// The source's type of the item ("Story", "Pull Request"…).
    pub artifact_type: String,
    pub flow_item_type: FlowItemType,
    /// False when the map's tools mark its artifact type as not a flow item: no flow figure
    /// counts it (`docs/metrics.md`, "Flow items").
    pub flow_item: bool,
    pub state: String,
    pub category: StateCategory,
    pub stage: Option<String>,
    pub stage_id: Option<String>,
    pub status: ItemStatus,
    pub started: Option<String>,
    pub finished: Option<String>,
    pub time_secs: Option<f64>,
    /// Its page in its source tool, when Flowmap knows the source's item pages.
    pub link: Option<String>,
}

/// One page of the list: its rows, how many items match the filters (`total`) and how many the
/// map holds (`all`); the sources, states and stages (id, name) the filters can choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemsPage {
    pub rows: Vec<ItemRow>,
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub all: u64,
    pub offset: u32,
    pub sources: Vec<String>,
    pub states: Vec<String>,
    pub stages: Vec<(String, String)>,
    /// The instant measured (RFC 3339, UTC).
    pub now: String,
}

/// One state an item was in: entered `at` (RFC 3339, UTC; `at_ms` in Unix milliseconds), for
/// `duration_secs` (until its next change, or until `now` when `current`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelineStep {
    pub state: String,
    pub at: String,
    #[ts(type = "number")]
    pub at_ms: i64,
    pub duration_secs: f64,
    pub current: bool,
    pub stage: Option<String>,
    pub category: StateCategory,
}

/// An item and its history, state by state in time order (changes at one instant in the
/// source's order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemTimeline {
    pub item: ItemRow,
    pub steps: Vec<TimelineStep>,
    pub now: String,
}
