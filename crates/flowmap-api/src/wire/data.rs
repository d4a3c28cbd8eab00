//! Wire types of the Data view: an event log previewed before it is imported, and the jobs
//! that run long work (an import) off the command thread while the window polls them.

use super::{LogColumns, SourceSyncReport, SyncProgress, SyncReport};
use crate::error::ApiError;
use flowmap_core::SourceKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The TypeScript declarations of this module's types.
pub(super) fn decls() -> Vec<String> {
    vec![
        LogCounts::decl(),
        ImportSummary::decl(),
        LogPreview::decl(),
        JobState::decl(),
        JobStatus::decl(),
    ]
}

/// How much a log holds: rows (or XES events), distinct items, state changes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct LogCounts {
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub items: u64,
    #[ts(type = "number")]
    pub transitions: u64,
}

/// What importing a log will do, counted by reading it once, before anything is written: its
/// `counts`, the `states` items enter (sorted), the earliest and latest change (`span`, RFC 3339
/// in UTC), and the times written without a zone (`zoneless`), read in the zone given (UTC when
/// none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    pub counts: LogCounts,
    pub states: Vec<String>,
    pub span: Option<(String, String)>,
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
    /// What the import will do; `None` when the log cannot be read as it stands (see `error`),
    /// or while `summary_job` counts it.
    pub summary: Option<ImportSummary>,
    /// A log too large to count at once is counted by this job (poll `job_status`: its
    /// `summary` when it has finished, its `error` when the log cannot be read as it stands).
    pub summary_job: Option<u32>,
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

/// How a job is going, or how it ended: `what` it does, for people ("the import of team.csv");
/// its `phase` ("counting", "writing"…) with the items `done` in it of the phase's `total` when
/// known; a sync's progress per source (`sources`); what a finished import did (`report`), a
/// finished sync (`sync`) or what a finished count of a log found (`summary`), or why it failed
/// or that it was cancelled (`error`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct JobStatus {
    pub id: u32,
    pub what: String,
    pub state: JobState,
    pub phase: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    pub report: Option<SourceSyncReport>,
    /// A sync's progress, one entry per source, in the order they are fetched.
    pub sources: Vec<SyncProgress>,
    pub sync: Option<SyncReport>,
    pub summary: Option<ImportSummary>,
    /// A sync's dry run: what it would store, nothing written.
    #[serde(default)]
    pub dry_run: Option<super::DryRunReport>,
    pub error: Option<ApiError>,
}
