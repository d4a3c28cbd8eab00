//! Wire types of the Data view's Sources tab: the sources with how their last sync went,
//! adding, editing and removing one, and testing a connection before a sync.

use super::SourceSummary;
use crate::error::ApiError;
use flowmap_core::SourceKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The TypeScript declarations of this module's types.
pub(super) fn decls() -> Vec<String> {
    vec![
        SyncState::decl(),
        TokenPlace::decl(),
        SourceRow::decl(),
        KeychainStatus::decl(),
        SourcesView::decl(),
        Credentials::decl(),
        UpdateSource::decl(),
        SourceSaved::decl(),
        SourceDropped::decl(),
        TestConnection::decl(),
        ConnectionAccepted::decl(),
    ]
}

/// How a source stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Connected, never synced.
    Never,
    Synced,
    /// The last sync in this session failed (`SourceRow::failure` says why); the file was left
    /// as it was.
    Failed,
    /// The demo map's simulated source: nothing to sync.
    Demo,
}

/// Where a sync will find the source's token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TokenPlace {
    /// Typed in this session and held in memory by the backend (no keychain): never written.
    Session,
    /// The environment variable `SourceSummary::token_env_var`.
    Environment,
    /// The OS keychain, or none (a sync says which is missing).
    Keychain,
    /// No token needed (event logs, the demo source).
    None,
}

/// A source in the Sources tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceRow {
    pub source: SourceSummary,
    pub state: SyncState,
    /// When a sync last wrote it (RFC 3339, UTC).
    pub synced_at: Option<String>,
    /// Why the last sync in this session failed.
    pub failure: Option<ApiError>,
    pub token: TokenPlace,
}

/// Whether tokens can go into the OS keychain on this machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct KeychainStatus {
    pub available: bool,
    /// Why not, in one sentence.
    pub reason: Option<String>,
}

/// The Sources tab: every source of the open map's file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourcesView {
    pub sources: Vec<SourceRow>,
    pub keychain: KeychainStatus,
    /// The map has a file (sources live in it: a new map must be saved first).
    pub has_file: bool,
}

/// A token typed in the window, with the user for basic authentication (Jira Cloud's e-mail,
/// Jenkins' user name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Credentials {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    pub token: String,
}

/// A source's new settings; what is not given stays.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct UpdateSource {
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// An empty query clears it.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The name or id of the map's tool (added when there is none of that name).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
}

/// A source added or changed, and where its token went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceSaved {
    pub source: SourceSummary,
    pub tool_added: bool,
    /// Where the token given went (`None` when none was given).
    pub token: Option<TokenPlace>,
    /// Why the keychain could not take it, when it went to the session instead.
    pub keychain_reason: Option<String>,
}

/// What removing a source deleted from the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceDropped {
    pub source: String,
    #[ts(type = "number")]
    pub items: u64,
    #[ts(type = "number")]
    pub transitions: u64,
    #[ts(type = "number")]
    pub mappings: u64,
}

/// What to test: a source as typed in the form (`source` names a stored one whose token is
/// used when none is typed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TestConnection {
    pub kind: SourceKind,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Credentials>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The source accepted the token and answered: what it saw, e.g. "found 1,234 issues".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ConnectionAccepted {
    pub message: String,
    /// What was counted ("issues", "items"…), how many so far and the total when told.
    pub phase: String,
    #[ts(type = "number")]
    pub fetched: u64,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}
