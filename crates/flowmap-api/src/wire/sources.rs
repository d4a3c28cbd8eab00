//! Wire types of data sources: connecting them, syncing them, importing event logs, and the
//! map proposed from how items actually move.

use flowmap_core::{FlowItemType, NodeId, SourceKind, StateCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A connected source as listed. Never holds a secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceSummary {
    pub name: String,
    pub kind: SourceKind,
    /// The name of the map's tool the source belongs to.
    pub tool: Option<String>,
    pub tool_id: Option<NodeId>,
    pub url: Option<String>,
    pub query: Option<String>,
    /// Where the next incremental sync starts (an instant, or a build number for Jenkins);
    /// `None` before the first sync.
    pub cursor: Option<String>,
    #[ts(type = "number")]
    pub items: u64,
    /// The environment variable a sync reads the token from (the keychain is asked otherwise).
    pub token_env_var: Option<String>,
}

/// What `flowmap source add` asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct AddSource {
    /// The source's name, unique in the map; the kind when not given.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub kind: SourceKind,
    /// The tool's URL (GitHub and GitLab default to github.com and gitlab.com).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// JQL, `owner/repo`, a GitLab project, a WIQL condition…
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The name (or id) of the map's tool; a tool of that name is added when the map has none.
    pub tool: String,
}

/// The result of adding a source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceAdded {
    pub source: SourceSummary,
    /// Whether a tool node had to be added to the map for it.
    pub tool_added: bool,
}

/// How far a sync or import has come, sent while it runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    pub source: String,
    /// What is being fetched: "issues", "changelogs", "rows", "writing"…
    pub phase: String,
    #[ts(type = "number")]
    pub fetched: u64,
    /// The total, when the source tells it.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// A workflow state of a source and what the map makes of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StateSeen {
    pub state: String,
    /// Items that entered the state at least once.
    #[ts(type = "number")]
    pub items: u64,
    /// The stored mapping's category.
    pub category: Option<StateCategory>,
    /// Whether this sync or import proposed the mapping row (it had none).
    pub proposed: bool,
}

/// An artifact type of a source's items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TypeSeen {
    pub name: String,
    pub flow_item_type: FlowItemType,
    #[ts(type = "number")]
    pub items: u64,
}

/// What a sync or import did to one source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceSyncReport {
    pub source: String,
    pub kind: SourceKind,
    /// Items fetched or read (an item read in parts counts once per part for logs).
    #[ts(type = "number")]
    pub items_fetched: u64,
    /// Rows or events read from a log, or items fetched.
    #[ts(type = "number")]
    pub records: u64,
    /// Items that were new to the file (the others fetched were already there and changed).
    #[ts(type = "number")]
    #[serde(default)]
    pub items_new: u64,
    /// Transitions that were new to the file.
    #[ts(type = "number")]
    pub transitions_added: u64,
    pub cursor: Option<String>,
    /// The source's states with their item counts and categories.
    pub states: Vec<StateSeen>,
    pub types: Vec<TypeSeen>,
    /// Mapping rows proposed now, for states that had none.
    #[ts(type = "number")]
    pub proposed_mappings: u64,
    /// What reading did to the rows (see docs/metrics.md, "Reading a history").
    pub read: ReadCounts,
    pub notices: Vec<String>,
    #[ts(type = "number")]
    pub millis: u64,
}

/// What a sync or import did to the rows it read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReadCounts {
    /// Rows that repeated the item's previous change exactly (instant, from- and to-state):
    /// dropped.
    #[ts(type = "number")]
    pub duplicate_rows: u64,
    /// Times read without a zone.
    #[ts(type = "number")]
    pub zoneless_times: u64,
    /// Items whose first change enters a Done state: no work start, so no flow time.
    #[ts(type = "number")]
    pub started_done: u64,
    /// Changes later than the import's clock: stored, but the metrics leave out every change
    /// after their `now`.
    #[ts(type = "number")]
    pub after_now: u64,
    /// Groups of an item's changes at one instant kept in the source's order.
    #[ts(type = "number")]
    pub ties_in_source_order: u64,
    /// Groups of an item's changes at one instant ordered by the from-state chain.
    #[ts(type = "number")]
    pub ties_by_chain: u64,
}

/// What `flowmap sync` did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    pub sources: Vec<SourceSyncReport>,
}

/// The columns of an event log by header name; unset ones are guessed from common names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct LogColumns {
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The item's parent (another item's key).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Other items it is linked to: keys, each optionally `KIND:KEY`.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<String>,
}

/// How to import an event log.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportLogOptions {
    /// `csv`, `actionable-agile` or `xes`; guessed from the file when not given.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<SourceKind>,
    /// The source's name (the log's file name without extension when not given).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The map's tool the items belong to (added when missing).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    pub columns: LogColumns,
    /// A CSV with one row per item (creation time, first state, type, title).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items_file: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_column: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_state_column: Option<String>,
    /// ActionableAgile: the stage columns, in order.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<String>>,
    /// One character; guessed from the header when not given.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The zone of times without one: UTC, +02:00, Europe/Berlin…
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// A chrono format for timestamps, e.g. `%d.%m.%Y %H:%M`.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_format: Option<String>,
    /// The artifact type of items whose log gives none ("Item" when not given).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_type: Option<String>,
    pub skip_bad_rows: bool,
}

pub(super) fn decls() -> Vec<String> {
    // StateCategory is declared with the metrics types, SourceKind with the map's.
    vec![
        SourceSummary::decl(),
        AddSource::decl(),
        SourceAdded::decl(),
        SyncProgress::decl(),
        StateSeen::decl(),
        TypeSeen::decl(),
        ReadCounts::decl(),
        SourceSyncReport::decl(),
        SyncReport::decl(),
        LogColumns::decl(),
        ImportLogOptions::decl(),
    ]
}
