//! Data sources: connecting a map to the tools of its value stream, syncing them, importing
//! event logs, and proposing the map's stages from how items actually move.
//!
//! - [`add_source`], [`list_sources`], [`store_token`]: the sources of a map. A source belongs to
//!   a tool node; the file keeps its kind, URL, query and cursor, never a secret.
//! - [`sync`]: fetches every network source (all of them first, then one transaction writes
//!   items, transitions, cursors and proposed mapping rows), so a sync that fails — or is
//!   cancelled — leaves the file as it was, and re-running one stores nothing twice.
//! - [`import_log`]: streams a CSV, ActionableAgile or XES log into the file (creating the file
//!   when there is none) in one transaction: a reading thread parses while this one writes.
//! - [`sources_view`], [`add_from_window`], [`update_from_window`], [`remove_from_window`],
//!   [`test_connection`], [`sync_job`] (`manage`): the window's Sources tab; tokens typed there
//!   go to the OS keychain or, where there is none, stay in this process ([`SourceMemory`]).
//! - [`dry_run`], [`dry_run_job`] (`dry_run`): what a sync would store and what it would skip,
//!   fetched and compared with the file, writing nothing.
//! - [`discover`]: stages and handoffs proposed from the directly-follows counts.
//! - [`preview_log`] (`log_scan`): a log's head at once, its totals at once or by a job;
//!   [`store_dropped`] (`dropped`): a log dropped on a browser page, kept as a file to preview.
//!
//! After a sync or import every state of the source without a mapping row gets a proposed one
//! (the tool's own category where it gives one, a waiting word in the name winning), and the
//! report lists the source's states and types.
//!
//! One module per use case — `add` (add, list, tokens), `sync`, `import_log` (with `log_reader`
//! choosing the format's reader and `pipeline` running the reading and writing threads),
//! `discover` (with `arc_order`, its graph algorithm) — and `writer`, the item writer they share.

mod add;
mod discover;
mod dropped;
mod dry_run;
mod guess;
mod import_log;
mod log_columns;
mod log_reader;
mod log_scan;
mod manage;
mod pipeline;
mod prepared;
mod sync;
mod writer;

pub use add::{add_source, add_source_with_token, list_sources, store_token};
pub use discover::discover;
pub(crate) use discover::preview as discovery_preview;
pub use dropped::store_dropped;
pub use dry_run::{dry_run, dry_run_job};
pub use flowmap_connectors::http::{HttpOptions, RetryPolicy};
pub use import_log::import_log;
pub use log_scan::{import_job, preview_log, COUNT_AT_ONCE};
pub use manage::{
    add_from_window, remove_from_window, sources_view, sync_job, test_connection,
    update_from_window, SourceMemory,
};
pub use sync::{sync, SyncOptions};
pub use tokio_util::sync::CancellationToken;

use crate::error::{ApiError, ErrorCode};
use crate::wire::SyncProgress;
use flowmap_connectors::{ConnectorError, LogError};
use flowmap_core::{Node, NodeId, Tool, ToolKind, ValueStreamMap};
use flowmap_store::MapFile;
use std::path::Path;
use std::sync::Arc;

/// Receives progress while a sync or import runs.
pub type OnProgress = Arc<dyn Fn(&SyncProgress) + Send + Sync>;

impl From<ConnectorError> for ApiError {
    fn from(e: ConnectorError) -> Self {
        let code = match &e {
            ConnectorError::Unauthorized { .. } => ErrorCode::Unauthorized,
            ConnectorError::Forbidden { .. } => ErrorCode::Forbidden,
            ConnectorError::RateLimited { .. } => ErrorCode::RateLimited,
            ConnectorError::Unreachable { .. } | ConnectorError::Timeout { .. } => {
                ErrorCode::Unreachable
            }
            ConnectorError::Http { .. }
            | ConnectorError::MalformedJson { .. }
            | ConnectorError::UnexpectedAnswer { .. } => ErrorCode::SourceFailed,
            ConnectorError::Cancelled => ErrorCode::Cancelled,
            ConnectorError::MissingCredential { .. } | ConnectorError::Keychain { .. } => {
                ErrorCode::MissingCredential
            }
            ConnectorError::InvalidConfig(_) => ErrorCode::InvalidArgument,
            ConnectorError::Client(_) | ConnectorError::Sink(_) => ErrorCode::Internal,
            ConnectorError::Log(LogError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                ErrorCode::NotFound
            }
            ConnectorError::Log(_) => ErrorCode::InvalidLog,
        };
        let message = match e {
            ConnectorError::Cancelled => "the sync was cancelled; the file is unchanged".into(),
            other => other.to_string(),
        };
        ApiError::new(code, message)
    }
}

impl From<LogError> for ApiError {
    fn from(e: LogError) -> Self {
        ConnectorError::Log(e).into()
    }
}

fn check_source_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() || name.chars().any(char::is_control) || name.chars().count() > 100 {
        return Err(ApiError::invalid_argument(format!(
            "{name:?} cannot name a source: give 1 to 100 printable characters"
        )));
    }
    Ok(())
}

/// The tool named `tool` (by name, case-insensitively, or by id); added to the map when there
/// is none. Returns its id and whether it was added.
fn find_or_add_tool(
    map: &mut ValueStreamMap,
    tool: &str,
    kind: ToolKind,
) -> Result<(NodeId, bool), ApiError> {
    let wanted = tool.trim();
    if wanted.is_empty() {
        return Err(ApiError::invalid_argument("the tool's name is empty"));
    }
    if let Ok(id) = wanted.parse::<NodeId>() {
        return match map.node(id) {
            Some(Node::Tool(t)) => Ok((t.id, false)),
            Some(n) => Err(ApiError::invalid_argument(format!(
                "{wanted} is the {} {:?}, not a tool",
                n.kind_name(),
                n.name()
            ))),
            None => Err(ApiError::invalid_argument(format!(
                "the map has no node with id {wanted}"
            ))),
        };
    }
    if let Some(n) = map
        .nodes()
        .find(|n| n.name().trim().eq_ignore_ascii_case(wanted))
    {
        return match n {
            Node::Tool(t) => Ok((t.id, false)),
            other => Err(ApiError::invalid_argument(format!(
                "{wanted:?} is a {} of the map, not a tool",
                other.kind_name()
            ))),
        };
    }
    let id = NodeId::from(uuid::Uuid::new_v4());
    map.add_node(Node::Tool(Tool {
        id,
        name: wanted.to_string(),
        tool_kind: kind,
        partner: None,
        artifact_types: Vec::new(),
    }))?;
    Ok((id, true))
}

fn no_such_source(path: &Path, file: &MapFile, source: &str) -> ApiError {
    let names: Vec<String> = file
        .sources()
        .map(|s| s.into_iter().map(|s| s.name).collect())
        .unwrap_or_default();
    ApiError::new(
        ErrorCode::NotFound,
        if names.is_empty() {
            format!("{}: the map has no sources", path.display())
        } else {
            format!(
                "{}: no source named {source:?} (the map has: {})",
                path.display(),
                names.join(", ")
            )
        },
    )
}

fn runtime() -> Result<tokio::runtime::Runtime, ApiError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot start the runtime: {e}"),
            )
        })
}
