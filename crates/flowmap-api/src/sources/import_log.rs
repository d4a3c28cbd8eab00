//! Importing an event log into a map file in one transaction (items, source, mapping rows and
//! the tool added to the map), creating the file (a map named after the log, with one tool)
//! when there is none.

use super::log_reader::log_reader;
use super::pipeline::{stream, Columns, Stopped, Streamed};
use super::writer::{categories, propose_mappings, ItemWriter};
use super::{check_source_name, find_or_add_tool, runtime, OnProgress};
use crate::error::{ApiError, ErrorCode};
use crate::wire::{ImportLogOptions, SourceSyncReport, SyncProgress};
use flowmap_connectors::eventlog::detect_kind;
use flowmap_connectors::{ItemSink, LogError, PullContext, Pulled, SourceKind};
use flowmap_core::{MapDocument, Node, NodeId, ToolKind, ValueStreamMap};
use flowmap_metrics::{Dataset, SNAPSHOT_FORMAT};
use flowmap_store::{Counts, DataWriter, MapFile, SourceRecord, StoreError};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// What an import writes, given before the file's write lock is taken.
struct Plan<'a> {
    path: &'a Path,
    log: &'a Path,
    source: String,
    kind: SourceKind,
    options: &'a ImportLogOptions,
    progress: Option<OnProgress>,
    cancel: &'a CancellationToken,
}

/// What the import wrote.
struct Written {
    items_new: u64,
    pulled: Pulled,
    transitions_added: u64,
    /// The states that had no mapping row before.
    proposed: BTreeSet<String>,
    proposed_mappings: u64,
    writer: ItemWriter,
    /// The tool's name, and whether it was added to the map by this import.
    tool_name: String,
    tool_added: bool,
}

/// Imports an event log into the map file at `path`, creating the file (a map named after the
/// log, with one tool) when there is none. Everything is written in one transaction holding the
/// file's write lock from the start: the items, the source, the proposed mapping rows and the
/// tool added to the map. A log with a bad row (unless bad rows are skipped), an error or a
/// crash changes nothing; another program's change made meanwhile is kept, not overwritten.
pub fn import_log(
    path: &Path,
    log: &Path,
    options: &ImportLogOptions,
    progress: Option<OnProgress>,
) -> Result<SourceSyncReport, ApiError> {
    import_log_until(path, log, options, progress, &CancellationToken::new())
}

/// [`import_log`] that stops once `cancel` is cancelled, the file left as it was (code
/// `cancelled`).
pub(crate) fn import_log_until(
    path: &Path,
    log: &Path,
    options: &ImportLogOptions,
    progress: Option<OnProgress>,
    cancel: &CancellationToken,
) -> Result<SourceSyncReport, ApiError> {
    let started = Instant::now();
    let kind = log_kind(log, options)?;
    let stem = log
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "event log".into());
    let source = options.source.clone().unwrap_or_else(|| stem.clone());
    check_source_name(&source)?;
    let reader = log_reader(kind, log, options)?;
    // Fail on a missing or unreadable log before creating anything.
    std::fs::File::open(log).map_err(|e| LogError::Io {
        path: log.to_path_buf(),
        source: e,
    })?;
    let plan = Plan {
        path,
        log,
        source: source.clone(),
        kind,
        options,
        progress,
        cancel,
    };
    // Any failure inside the transaction is kept here and the transaction rolled back.
    let mut failure: Option<ApiError> = None;
    let mut work = |w: &mut DataWriter<'_>| write_import(w, &plan, &reader, &mut failure);
    // An existing file is written in one transaction; a new one is built beside its path
    // (holding an empty map named after the log) and renamed into place only when complete.
    let (result, file) = if path.exists() {
        let mut file = MapFile::open(path)?;
        (file.write_items(&mut work), Some(file))
    } else {
        let doc = MapDocument::new(ValueStreamMap::new(stem.clone())?, HashMap::new());
        create(path, &doc, &mut work)
    };
    let written = match (result, failure) {
        (_, Some(f)) => return Err(f),
        (Err(e), None) => return Err(e.into()),
        (Ok(v), None) => v,
    };
    let file =
        file.ok_or_else(|| ApiError::new(ErrorCode::Internal, "the map file was not created"))?;
    let writer = &written.writer;
    let categories = categories(&file, &source)?;
    let (states, types) = writer.describe(&categories, &written.proposed);
    let read = writer.read_counts(written.pulled.zoneless, &categories);
    let mut notices = written.pulled.notices.clone();
    notices.extend(writer.notices());
    if written.tool_added {
        notices.push(format!("added the tool {:?} to the map", written.tool_name));
    }
    let report = SourceSyncReport {
        source,
        kind,
        items_fetched: writer.items_seen(),
        records: written.pulled.records,
        items_new: written.items_new,
        transitions_added: written.transitions_added,
        cursor: None,
        states,
        types,
        proposed_mappings: written.proposed_mappings,
        read,
        notices,
        millis: started.elapsed().as_millis() as u64,
    };
    drop_aside(written);
    Ok(report)
}

/// Frees what an import kept of its items (a string or two per item: seconds at millions of
/// items) in a thread of its own, so the import returns without waiting for it; here when no
/// thread can be started.
fn drop_aside(written: Written) {
    let _ = std::thread::Builder::new()
        .name("import-free".into())
        .spawn(move || drop(written));
}

/// Keeps `e` as the import's failure and returns the error that rolls the transaction back.
fn abort(failure: &mut Option<ApiError>, e: ApiError, path: &Path) -> StoreError {
    let message = e.message.clone();
    *failure = Some(e);
    StoreError::InvalidData {
        path: path.to_path_buf(),
        message,
    }
}

/// The import inside the file's write transaction: finds (or adds) the tool in the map as the
/// transaction reads it, streams the log's items in, stores the source and proposes mapping
/// rows for its new states.
fn write_import(
    w: &mut DataWriter<'_>,
    plan: &Plan<'_>,
    reader: &super::log_reader::LogReader,
    failure: &mut Option<ApiError>,
) -> Result<Written, StoreError> {
    let (tool, tool_name, tool_added) = match tool_of(w, plan) {
        Ok(found) => found,
        Err(e) => return Err(abort(failure, e, plan.path)),
    };
    let existing: HashSet<(String, String)> = w
        .state_mappings()?
        .into_iter()
        .map(|m| (m.source, m.state))
        .collect();
    let doc = w.load_map()?;
    let tool_node = doc.map.node(tool).and_then(Node::as_tool);
    let source = &plan.source;
    let mut writer = ItemWriter::new(source, tool_node, plan.options.default_type.as_deref());
    let before = w.added().1;
    let items_before = w.source_item_count(source)?;
    let read = |sink: &mut dyn ItemSink| -> Result<Pulled, ApiError> {
        let rt = runtime()?;
        let ctx = PullContext::default();
        Ok(rt.block_on(reader.connector().pull(&ctx, None, sink))?)
    };
    let on_written = |written: u64| {
        if let Some(p) = &plan.progress {
            p(&SyncProgress {
                source: source.clone(),
                phase: "items".into(),
                fetched: written,
                total: None,
            });
        }
    };
    let mut streamed = match stream(read, plan.cancel, &mut writer, w, on_written) {
        Ok(_) | Err(Stopped::Read(_)) if plan.cancel.is_cancelled() => {
            let cancelled = ApiError::new(
                ErrorCode::Cancelled,
                "the import was cancelled; the file is unchanged",
            );
            return Err(abort(failure, cancelled, plan.log));
        }
        Ok(s) => s,
        Err(Stopped::Write(e)) => return Err(e),
        Err(Stopped::Read(e)) => return Err(abort(failure, e, plan.log)),
    };
    writer.write_links(w)?;
    let transitions_added = w.added().1 - before;
    let items_new = w.source_item_count(source)? - items_before;
    w.put_source(&SourceRecord {
        name: source.clone(),
        kind: plan.kind,
        tool: Some(tool),
        url: None,
        query: plan
            .log
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        cursor: None,
    })?;
    let all_states = writer.states();
    let proposed: BTreeSet<String> = all_states
        .iter()
        .filter(|s| !existing.contains(&(source.clone(), (*s).clone())))
        .cloned()
        .collect();
    let proposed_mappings = propose_mappings(w, source, &all_states, &existing, &[])?;
    let pulled = std::mem::take(&mut streamed.pulled);
    store_streamed(w, streamed)?;
    Ok(Written {
        items_new,
        pulled,
        transitions_added,
        proposed,
        proposed_mappings,
        writer,
        tool_name,
        tool_added,
    })
}

/// Stores the engine's columns of what the file holds once the import's transaction commits,
/// as its snapshot in the same transaction: those of the rows the pipeline wrote (built by its
/// reading thread) appended to the file's previous snapshot, as [`store_columns`] does with a
/// writer's record.
fn store_streamed(w: &mut DataWriter<'_>, streamed: Streamed) -> Result<(), StoreError> {
    let Streamed {
        columns,
        changed_old_items,
        ..
    } = streamed;
    if changed_old_items {
        return Ok(());
    }
    // Encoded: the file held no items, these are its columns; built: to be appended to the
    // columns of what it held (its snapshot).
    let new = match columns {
        Some(Columns::Encoded { counts, body }) if counts.items > 0 => {
            w.set_snapshot(SNAPSHOT_FORMAT, counts, body);
            return Ok(());
        }
        Some(Columns::Built(new)) if new.item_count() > 0 => new,
        _ => return Ok(()),
    };
    let Some(prior) = w
        .snapshot(SNAPSHOT_FORMAT)?
        .and_then(|bytes| Dataset::decode(&bytes).ok())
    else {
        return Ok(());
    };
    put_snapshot(w, prior.append(*new));
    Ok(())
}

/// Stores the engine's columns of what the file holds once the transaction commits, as its
/// snapshot in the same transaction: the columns of what it held before (its snapshot) with
/// the rows just written appended, built without reading the rows back. When they cannot be
/// built so (items stored before were changed, or the file had no current snapshot), none is
/// stored: the first reader builds them from the rows, as after any other write. A sync uses
/// it too: one that only added items extends the snapshot, one that changed stored items drops it.
pub(super) fn store_columns(w: &mut DataWriter<'_>) -> Result<(), StoreError> {
    let Some(written) = w.take_record() else {
        return Ok(());
    };
    if written.items.is_empty() && !written.changed_old_items {
        // Nothing written: the stored snapshot, if any, stays as it is.
        return Ok(());
    }
    let prior = if written.had_items && !written.changed_old_items {
        w.snapshot(SNAPSHOT_FORMAT)?
            .and_then(|bytes| Dataset::decode(&bytes).ok())
    } else {
        None
    };
    if let Ok(Some(data)) = crate::columns::of_written(prior, &written) {
        drop(written);
        put_snapshot(w, data);
    }
    Ok(())
}

/// Stores `data` as the snapshot the transaction leaves.
fn put_snapshot(w: &mut DataWriter<'_>, data: Dataset) {
    let counts = counts_of(&data);
    w.set_snapshot(SNAPSHOT_FORMAT, counts, data.encode());
}

/// The items and transitions `data` holds, as a snapshot counts them.
pub(super) fn counts_of(data: &Dataset) -> Counts {
    Counts {
        items: data.item_count() as u64,
        transitions: data.transition_count() as u64,
    }
}

/// The log's format: as given, or CSV when columns are named, or guessed from the file.
pub(super) fn log_kind(log: &Path, options: &ImportLogOptions) -> Result<SourceKind, ApiError> {
    Ok(match &options.format {
        Some(k) => {
            let k = *k;
            if k.is_network() {
                return Err(ApiError::invalid_argument(format!(
                    "{k} is not a log format: expected csv, actionable-agile or xes"
                )));
            }
            k
        }
        None if options.columns.state.is_some() || options.columns.at.is_some() => SourceKind::Csv,
        None => detect_kind(log)?,
    })
}

/// The tool the log's items belong to, as the transaction sees the map: checks that a source
/// named like this one is of the same kind, and adds the tool to the map (in the transaction)
/// when missing. Returns its id, its name and whether it was added.
fn tool_of(w: &mut DataWriter<'_>, plan: &Plan<'_>) -> Result<(NodeId, String, bool), ApiError> {
    let mut doc = w.load_map()?;
    let source = plan.source.as_str();
    let previous = w.sources()?.into_iter().find(|s| s.name == source);
    if let Some(p) = &previous {
        if p.kind != plan.kind {
            return Err(ApiError::invalid_argument(format!(
                "{}: the source {source:?} is a {} source; give this log's source another name",
                plan.path.display(),
                p.kind
            )));
        }
    }
    let tool_name = plan.options.tool.clone().or_else(|| {
        previous
            .as_ref()
            .and_then(|p| p.tool)
            .and_then(|t| doc.map.node(t))
            .map(|n| n.name().to_string())
    });
    let tool_name = tool_name.unwrap_or_else(|| source.to_string());
    let (tool, tool_added) = find_or_add_tool(&mut doc.map, &tool_name, ToolKind::Other)?;
    if tool_added {
        w.write_map(&MapDocument::new(doc.map.clone(), doc.layout.clone()))?;
    }
    Ok((tool, tool_name, tool_added))
}

/// Creates a file at `path` holding `doc` and whatever `work` writes, in one transaction.
/// Returns what `work` gave and the file, when it was created.
fn create<T>(
    path: &Path,
    doc: &MapDocument,
    work: &mut impl FnMut(&mut DataWriter<'_>) -> Result<T, StoreError>,
) -> (Result<T, StoreError>, Option<MapFile>) {
    let mut out = None;
    let created = MapFile::create(path, doc, |w| {
        out = Some(work(w)?);
        Ok(())
    });
    match (created, out) {
        (Ok(f), Some(v)) => (Ok(v), Some(f)),
        (Err(e), _) => (Err(e), None),
        (Ok(f), None) => (
            Err(StoreError::InvalidData {
                path: path.to_path_buf(),
                message: "nothing was written".into(),
            }),
            Some(f),
        ),
    }
}
