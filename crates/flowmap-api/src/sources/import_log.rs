//! Importing an event log into a map file in one transaction, creating the file (a map named
//! after the log, with one tool) when there is none.

use super::log_reader::log_reader;
use super::pipeline::{stream, Stopped};
use super::writer::{categories, propose_mappings, ItemWriter};
use super::{check_source_name, find_or_add_tool, runtime, OnProgress};
use crate::error::{ApiError, ErrorCode};
use crate::wire::{ImportLogOptions, SourceSyncReport, SyncProgress};
use flowmap_connectors::eventlog::detect_kind;
use flowmap_connectors::{ItemSink, LogError, PullContext, Pulled, SourceKind};
use flowmap_core::{MapDocument, Node, NodeId, ToolKind, ValueStreamMap};
use flowmap_store::{DataWriter, MapFile, SourceRecord, StoreError};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// The file a log is imported into, as it stands before the import.
struct Target {
    /// The file, when there is one (a new one is created by the import).
    file: Option<MapFile>,
    doc: MapDocument,
    /// The stored mapping rows, by (source, state).
    existing: HashSet<(String, String)>,
    tool: NodeId,
    tool_name: String,
    /// Whether the tool was added to `doc` for this import.
    tool_added: bool,
}

/// What the import wrote.
struct Written {
    pulled: Pulled,
    transitions_added: u64,
    /// The states that had no mapping row before.
    proposed: BTreeSet<String>,
    proposed_mappings: u64,
}

/// Imports an event log into the map file at `path`, creating the file (a map named after the
/// log, with one tool) when there is none. The whole log is written in one transaction: a log
/// with a bad row (unless bad rows are skipped) changes nothing.
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

    // An existing file is written in one transaction; a new one is built beside its path and
    // renamed into place only when complete.
    let created_now = !path.exists();
    let Target {
        file,
        doc,
        existing,
        tool,
        tool_name,
        tool_added,
    } = target(path, &stem, &source, kind, options)?;
    let tool_node = doc.map.node(tool).and_then(Node::as_tool).cloned();
    let mut writer = ItemWriter::new(&source, tool_node.as_ref(), options.default_type.as_deref());
    let mut failure: Option<ApiError> = None;
    let record = SourceRecord {
        name: source.clone(),
        kind,
        tool: Some(tool),
        url: None,
        query: log.file_name().map(|n| n.to_string_lossy().into_owned()),
        cursor: None,
    };
    let mut work = |w: &mut DataWriter<'_>| {
        let before = w.added().1;
        let read = |sink: &mut dyn ItemSink| -> Result<Pulled, ApiError> {
            let rt = runtime()?;
            let ctx = PullContext::default();
            Ok(rt.block_on(reader.connector().pull(&ctx, None, sink))?)
        };
        let on_written = |written: u64| {
            if let Some(p) = &progress {
                p(&SyncProgress {
                    source: source.clone(),
                    phase: "items".into(),
                    fetched: written,
                    total: None,
                });
            }
        };
        let pulled = match stream(read, cancel, &mut writer, w, on_written) {
            Ok(_) | Err(Stopped::Read(_)) if cancel.is_cancelled() => {
                failure = Some(ApiError::new(
                    ErrorCode::Cancelled,
                    "the import was cancelled; the file is unchanged",
                ));
                return Err(StoreError::InvalidData {
                    path: log.to_path_buf(),
                    message: "the import was cancelled".into(),
                });
            }
            Ok(p) => p,
            Err(Stopped::Write(e)) => return Err(e),
            Err(Stopped::Read(e)) => {
                failure = Some(e);
                return Err(StoreError::InvalidData {
                    path: log.to_path_buf(),
                    message: "the log could not be read".into(),
                });
            }
        };
        let transitions_added = w.added().1 - before;
        w.put_source(&record)?;
        let all_states = writer.states();
        let proposed: BTreeSet<String> = all_states
            .iter()
            .filter(|s| !existing.contains(&(source.clone(), (*s).clone())))
            .cloned()
            .collect();
        let proposed_mappings = propose_mappings(w, &source, &all_states, &existing, &[])?;
        Ok(Written {
            pulled,
            transitions_added,
            proposed,
            proposed_mappings,
        })
    };
    let (result, file) = write_or_create(path, file, &doc, &mut work);
    let written = match (result, failure) {
        (_, Some(f)) => return Err(f),
        (Err(e), None) => return Err(e.into()),
        (Ok(v), None) => v,
    };
    let mut file =
        file.ok_or_else(|| ApiError::new(ErrorCode::Internal, "the map file was not created"))?;
    if tool_added && !created_now {
        file.save(&doc)?;
    }
    let (states, types) = writer.describe(&categories(&file, &source)?, &written.proposed);
    let mut notices = written.pulled.notices.clone();
    notices.extend(writer.notices());
    if tool_added {
        notices.push(format!("added the tool {tool_name:?} to the map"));
    }
    Ok(SourceSyncReport {
        source,
        kind,
        items_fetched: writer.items_seen(),
        records: written.pulled.records,
        transitions_added: written.transitions_added,
        cursor: None,
        states,
        types,
        proposed_mappings: written.proposed_mappings,
        notices,
        millis: started.elapsed().as_millis() as u64,
    })
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

/// Opens the file at `path` (or plans a new one with a map named `stem`), checks that a source
/// named `source` already there is of the same kind, and finds the tool the items belong to,
/// adding it to the map when missing.
fn target(
    path: &Path,
    stem: &str,
    source: &str,
    kind: SourceKind,
    options: &ImportLogOptions,
) -> Result<Target, ApiError> {
    let file = if path.exists() {
        Some(MapFile::open(path)?)
    } else {
        None
    };
    let mut doc = match &file {
        Some(f) => f.load()?,
        None => MapDocument::new(ValueStreamMap::new(stem.to_string())?, HashMap::new()),
    };
    let sources = match &file {
        Some(f) => f.sources()?,
        None => Vec::new(),
    };
    let previous = sources.into_iter().find(|s| s.name == source);
    if let Some(p) = &previous {
        if p.kind != kind {
            return Err(ApiError::invalid_argument(format!(
                "{}: the source {source:?} is a {} source; give this log's source another name",
                path.display(),
                p.kind
            )));
        }
    }
    let tool_name = options.tool.clone().or_else(|| {
        previous
            .as_ref()
            .and_then(|p| p.tool)
            .and_then(|t| doc.map.node(t))
            .map(|n| n.name().to_string())
    });
    let tool_name = tool_name.unwrap_or_else(|| source.to_string());
    let (tool, tool_added) = find_or_add_tool(&mut doc.map, &tool_name, ToolKind::Other)?;
    if tool_added {
        doc = MapDocument::new(doc.map.clone(), doc.layout.clone());
    }
    let existing: HashSet<(String, String)> = match &file {
        Some(f) => f
            .state_mappings()?
            .into_iter()
            .map(|m| (m.source, m.state))
            .collect(),
        None => HashSet::new(),
    };
    Ok(Target {
        file,
        doc,
        existing,
        tool,
        tool_name,
        tool_added,
    })
}

/// Runs `work` in one write transaction of `file`, or, without a file, while creating one at
/// `path` holding `doc`. Returns what `work` gave and the file, when there is one.
fn write_or_create<T>(
    path: &Path,
    file: Option<MapFile>,
    doc: &MapDocument,
    work: &mut impl FnMut(&mut DataWriter<'_>) -> Result<T, StoreError>,
) -> (Result<T, StoreError>, Option<MapFile>) {
    match file {
        Some(mut f) => (f.write_items(work), Some(f)),
        None => {
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
    }
}
