//! Syncing a map's network sources: every chosen source is fetched first, then one transaction
//! writes the items, transitions, cursors and proposed mapping rows of all of them.

use super::import_log::store_columns;
use super::writer::{categories, propose_mappings, ItemWriter};
use super::{no_such_source, runtime, OnProgress};
use crate::error::{ApiError, ErrorCode};
use crate::wire::{SourceSyncReport, SyncProgress, SyncReport};
use flowmap_connectors::http::{HttpClient, HttpOptions};
use flowmap_connectors::{
    needs_token, network_connector, secret, ConnectorError, Progress, PullContext, Pulled,
    SourceItem,
};
use flowmap_core::{MapDocument, Node};
use flowmap_store::{DataWriter, MapFile, SourceRecord, StoreError};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// How a sync talks to its sources.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    pub http: HttpOptions,
    /// Cancel it to stop a sync; the file is left as it was.
    pub cancel: CancellationToken,
    /// Tokens typed in the window and held in memory, by source name: used before the
    /// environment and the keychain are asked.
    pub credentials: HashMap<String, secret::Credential>,
}

/// What one source gave, before anything is written.
pub(super) struct Fetched {
    pub(super) record: SourceRecord,
    pub(super) items: Vec<SourceItem>,
    pub(super) pulled: Pulled,
    pub(super) started: Instant,
}

/// What was written for one source, for its report.
struct Written {
    record: SourceRecord,
    pulled: Pulled,
    transitions_added: u64,
    /// The states that had no mapping row before this sync.
    proposed: BTreeSet<String>,
    writer: ItemWriter,
    proposed_mappings: u64,
    items_new: u64,
    notices: Vec<String>,
    started: Instant,
}

/// Syncs the map's network sources (or only `only`): fetches what changed since each one's
/// cursor, then writes all of it in one transaction. Blocks; run it off the UI thread.
pub fn sync(
    path: &Path,
    only: Option<&str>,
    options: &SyncOptions,
    progress: Option<OnProgress>,
) -> Result<SyncReport, ApiError> {
    let mut file = MapFile::open(path)?;
    let doc = file.load()?;
    let chosen = chosen_sources(path, &file, only)?;
    let http = HttpClient::new(options.http.clone())?;
    let rt = runtime()?;
    let mut fetched = Vec::new();
    for record in chosen {
        fetched.push(fetch(record, options, &http, &rt, progress.as_ref())?);
    }
    options
        .cancel
        .is_cancelled()
        .then_some(())
        .map_or(Ok(()), |_| Err(ApiError::from(ConnectorError::Cancelled)))?;

    // Mapping rows are read under the write lock: a row another program wrote while the
    // sources were fetched is kept, not replaced by a proposal.
    let written = file.write_items(|w| {
        let existing: HashSet<(String, String)> = w
            .state_mappings()?
            .into_iter()
            .map(|m| (m.source, m.state))
            .collect();
        // What is written is kept, to store the engine's columns in this transaction when
        // the sync only added items (see `import_log::store_columns`).
        w.record()?;
        let written = fetched
            .into_iter()
            .map(|f| write_fetched(w, &doc, f, &existing, progress.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        store_columns(w)?;
        Ok(written)
    })?;
    let mut reports = Vec::new();
    for s in written {
        let categories = categories(&file, &s.record.name)?;
        let (states, types) = s.writer.describe(&categories, &s.proposed);
        let read = s.writer.read_counts(s.pulled.zoneless, &categories);
        reports.push(SourceSyncReport {
            source: s.record.name,
            kind: s.record.kind,
            items_fetched: s.pulled.items,
            items_new: s.items_new,
            records: s.pulled.records,
            transitions_added: s.transitions_added,
            cursor: s.record.cursor,
            states,
            types,
            proposed_mappings: s.proposed_mappings,
            read,
            notices: s.notices,
            millis: s.started.elapsed().as_millis() as u64,
        });
    }
    Ok(SyncReport { sources: reports })
}

/// The source named `only`, or every network source of the file.
pub(super) fn chosen_sources(
    path: &Path,
    file: &MapFile,
    only: Option<&str>,
) -> Result<Vec<SourceRecord>, ApiError> {
    let all = file.sources()?;
    let chosen: Vec<SourceRecord> = match only {
        Some(name) if all.iter().any(|s| s.name == name && s.is_demo()) => {
            return Err(ApiError::invalid_argument(format!(
                "source {name:?} is the demo's data, simulated by Flowmap: there is nothing to \
                 sync"
            )))
        }
        Some(name) => {
            let s = all
                .iter()
                .find(|s| s.name == name)
                .cloned()
                .ok_or_else(|| no_such_source(path, file, name))?;
            if !s.kind.is_network() {
                return Err(ApiError::invalid_argument(format!(
                    "source {name:?} is a {} file: import the log again instead",
                    s.kind
                )));
            }
            vec![s]
        }
        None => all
            .into_iter()
            .filter(|s| s.kind.is_network() && !s.is_demo())
            .collect(),
    };
    if chosen.is_empty() {
        return Err(ApiError::invalid_argument(format!(
            "{}: no source to sync: connect one first",
            path.display()
        )));
    }
    Ok(chosen)
}

/// Pulls what changed in one source since its cursor.
pub(super) fn fetch(
    record: SourceRecord,
    options: &SyncOptions,
    http: &HttpClient,
    rt: &tokio::runtime::Runtime,
    progress: Option<&OnProgress>,
) -> Result<Fetched, ApiError> {
    let started = Instant::now();
    let kind = record.kind;
    let url = record.url.clone().ok_or_else(|| {
        ApiError::invalid_argument(format!("source {:?} has no URL", record.name))
    })?;
    // Secrets are read before the runtime runs: the keychain may block.
    let credential = match options.credentials.get(&record.name) {
        Some(c) => Some(c.clone()),
        None => secret::lookup(&record.name, &url, needs_token(kind))
            .map_err(|e| source_error(&record, false, e))?,
    };
    let had_credential = credential.is_some();
    let connector = network_connector(kind, &url, record.query.as_deref(), credential, http)
        .map_err(|e| source_error(&record, had_credential, e))?;
    let mut ctx = PullContext::new(options.cancel.clone());
    if let Some(p) = progress {
        let p = p.clone();
        let name = record.name.clone();
        ctx = ctx.with_progress(Arc::new(move |pr: &Progress| {
            p(&SyncProgress {
                source: name.clone(),
                phase: pr.phase.clone(),
                fetched: pr.fetched,
                total: pr.total,
            })
        }));
    }
    let mut items: Vec<SourceItem> = Vec::new();
    let pulled = rt
        .block_on(connector.pull(&ctx, record.cursor.as_deref(), &mut items))
        .map_err(|e| source_error(&record, had_credential, e))?;
    Ok(Fetched {
        record,
        items,
        pulled,
        started,
    })
}

/// Writes what one source gave: its items, its new cursor and mapping rows for its new states.
fn write_fetched(
    w: &mut DataWriter<'_>,
    doc: &MapDocument,
    f: Fetched,
    existing: &HashSet<(String, String)>,
    progress: Option<&OnProgress>,
) -> Result<Written, StoreError> {
    let tool = f
        .record
        .tool
        .and_then(|t| doc.map.node(t))
        .and_then(Node::as_tool);
    let mut writer = ItemWriter::new(&f.record.name, tool, None);
    let before = w.added().1;
    let items_before = w.source_item_count(&f.record.name)?;
    let total = f.items.len() as u64;
    for (i, item) in f.items.into_iter().enumerate() {
        writer.write(w, item)?;
        if let Some(p) = progress {
            if i % 500 == 0 {
                p(&SyncProgress {
                    source: f.record.name.clone(),
                    phase: "writing".into(),
                    fetched: i as u64,
                    total: Some(total),
                });
            }
        }
    }
    let transitions_added = w.added().1 - before;
    let items_new = w.source_item_count(&f.record.name)? - items_before;
    let mut record = f.record.clone();
    record.cursor = f.pulled.cursor.clone().or(record.cursor);
    // Only the cursor: the rest of the record may have been changed by another program since
    // it was read.
    w.set_source_cursor(&record.name, record.cursor.as_deref())?;
    w.set_source_synced(&record.name, chrono::Utc::now().timestamp_millis())?;
    let all_states = writer.states();
    let proposed: BTreeSet<String> = all_states
        .iter()
        .filter(|s| !existing.contains(&(record.name.clone(), (*s).clone())))
        .cloned()
        .collect();
    let proposed_mappings = propose_mappings(
        w,
        &record.name,
        &all_states,
        existing,
        &f.pulled.state_categories,
    )?;
    let mut notices = f.pulled.notices.clone();
    notices.extend(writer.notices());
    Ok(Written {
        record,
        pulled: f.pulled,
        transitions_added,
        proposed,
        writer,
        proposed_mappings,
        items_new,
        notices,
        started: f.started,
    })
}

/// A connector error of one source, with what the user can do about it.
fn source_error(source: &SourceRecord, had_credential: bool, e: ConnectorError) -> ApiError {
    let env = secret::token_env_var(&source.name);
    let url = source.url.clone().unwrap_or_default();
    let e = match e {
        ConnectorError::Unauthorized { endpoint, .. } => ConnectorError::Unauthorized {
            endpoint,
            hint: if had_credential {
                format!("check the token in {env} or in the OS keychain entry for {url}")
            } else {
                format!("no token was given: set {env}, or store one in the OS keychain")
            },
        },
        other => other,
    };
    let mut err = ApiError::from(e);
    if err.code != ErrorCode::Cancelled {
        err.message = format!("source {:?}: {}", source.name, err.message);
    }
    err
}
