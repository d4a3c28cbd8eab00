//! Wire types of the Data view: an event log previewed before it is imported, and the jobs
//! that run long work (an import) off the command thread while the window polls them.

use super::{LogColumns, SourceSyncReport};
use crate::error::ApiError;
use flowmap_core::SourceKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What importing a log will do, counted by reading it once, before anything is written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    /// Rows (or XES events) read.
    #[ts(type = "number")]
    pub rows: u64,
    /// Distinct items.
    #[ts(type = "number")]
    pub items: u64,
    /// State changes.
    #[ts(type = "number")]
    pub transitions: u64,
    /// The states the items enter, sorted.
    pub states: Vec<String>,
    /// The earliest and latest change (RFC 3339, UTC).
    pub first: Option<String>,
    pub last: Option<String>,
    /// Times written without a zone, read in the time zone given (UTC when none).
    #[ts(type = "number")]
    pub zoneless: u64,
    pub notices: Vec<String>,
}

/// The start of an event log as the importer reads it, and what importing it will do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LogPreview {
    /// The log's path.
    pub log: String,
    pub format: SourceKind,
    /// The columns of the rows shown: the file's header (CSV), or the importer's reading of
    /// the first events (XES, ActionableAgile).
    pub header: Vec<String>,
    /// The first rows, as written.
    pub rows: Vec<Vec<String>>,
    /// The column chosen for each role (CSV): as given, else guessed from common names.
    pub columns: LogColumns,
    /// The delimiter (CSV), as found or given.
    pub delimiter: Option<String>,
    /// The zone times without one are read in.
    pub tz: String,
    pub time_format: Option<String>,
    /// What the import will do; `None` when the log cannot be read as it stands (see `error`).
    pub summary: Option<ImportSummary>,
    /// Why the log cannot be imported as it stands (a missing column, a bad row with its line).
    pub error: Option<ApiError>,
}

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Finished,
    Failed,
    /// Cancelled: what it was writing was rolled back.
    Cancelled,
}

/// How a job is going, or how it ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct JobStatus {
    pub id: u32,
    /// What it does, for people: "import team.csv".
    pub what: String,
    pub state: JobState,
    /// "counting", "writing"…
    pub phase: String,
    /// Items read or written so far in this phase.
    #[ts(type = "number")]
    pub done: u64,
    /// The phase's total, when known.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    /// What a finished import did.
    pub report: Option<SourceSyncReport>,
    /// Why it failed or that it was cancelled.
    pub error: Option<ApiError>,
}

pub(super) fn decls() -> Vec<String> {
    vec![
        ImportSummary::decl(),
        LogPreview::decl(),
        JobState::decl(),
        JobStatus::decl(),
    ]
}
