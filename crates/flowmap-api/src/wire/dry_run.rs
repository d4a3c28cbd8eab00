//! Wire types of a sync's dry run: what a sync would store, and what it read and would not,
//! fetched and compared with the file, which is left untouched.

use flowmap_core::SourceKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A state the fetched items enter: how many changes enter it, and how many of those the file
/// does not hold yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DryRunState {
    pub state: String,
    #[ts(type = "number")]
    pub changes: u64,
    #[ts(type = "number")]
    pub new_changes: u64,
}

/// A label the source's items were given, and how many times.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DryRunLabel {
    pub label: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// Events of one kind read and not stored as state changes, for one reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DryRunSkip {
    pub kind: String,
    pub reason: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// What a sync of one source would store, compared with the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceDryRun {
    pub source: String,
    pub kind: SourceKind,
    /// Items fetched (since the source's cursor, as a sync would).
    #[ts(type = "number")]
    pub items_fetched: u64,
    /// Items the file does not hold.
    #[ts(type = "number")]
    pub items_new: u64,
    /// Items the file holds, with state changes it does not.
    #[ts(type = "number")]
    pub items_changed: u64,
    /// Items the file holds with every change fetched.
    #[ts(type = "number")]
    pub items_unchanged: u64,
    /// State changes fetched, and those the file does not hold.
    #[ts(type = "number")]
    pub changes: u64,
    #[ts(type = "number")]
    pub new_changes: u64,
    /// By state, most changes first.
    pub states: Vec<DryRunState>,
    /// Every label seen (sources with labels), by name.
    pub labels: Vec<DryRunLabel>,
    /// Every event kind read and not stored, with why, by kind.
    pub skipped: Vec<DryRunSkip>,
    pub notices: Vec<String>,
    #[ts(type = "number")]
    pub millis: u64,
}

/// What `flowmap sync --dry-run` (or the Sources tab's Dry run) found; nothing was written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DryRunReport {
    pub sources: Vec<SourceDryRun>,
}

pub(super) fn decls() -> Vec<String> {
    vec![
        DryRunState::decl(),
        DryRunLabel::decl(),
        DryRunSkip::decl(),
        SourceDryRun::decl(),
        DryRunReport::decl(),
    ]
}
