//! A sync's dry run: fetches each chosen source as a sync would (from its cursor, with its
//! token) and reports what a sync would store — items new or changed against the file, state
//! changes per state — and what the connector read and would not store (labels seen, every
//! skipped event kind with its reason and count). Nothing is written: the file is only read.

use super::sync::{chosen_sources, fetch, Fetched, SyncOptions};
use super::{runtime, OnProgress};
use crate::error::ApiError;
use crate::jobs::{JobHandle, JobOutput};
use crate::wire::{DryRunLabel, DryRunReport, DryRunSkip, DryRunState, SourceDryRun};
use flowmap_connectors::http::{HttpClient, HttpOptions};
use flowmap_connectors::ConnectorError;
use flowmap_core::ItemId;
use flowmap_store::MapFile;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// A state change as the file keys it: (state entered, instant in ms).
type Change = (String, i64);

/// Fetches `only` (or every network source but the demo's) and reports what a sync would
/// store, without writing anything. Blocks; run it off the UI thread.
pub fn dry_run(
    path: &Path,
    only: Option<&str>,
    options: &SyncOptions,
    progress: Option<OnProgress>,
) -> Result<DryRunReport, ApiError> {
    let file = MapFile::open(path)?;
    let chosen = chosen_sources(path, &file, only)?;
    let http = HttpClient::new(options.http.clone())?;
    let rt = runtime()?;
    let mut fetched = Vec::new();
    for record in chosen {
        fetched.push(fetch(record, options, &http, &rt, progress.as_ref())?);
    }
    if options.cancel.is_cancelled() {
        return Err(ConnectorError::Cancelled.into());
    }
    let stored = stored_changes(&file)?;
    let sources = fetched
        .into_iter()
        .map(|f| {
            let none = HashMap::new();
            let held = stored.get(&f.record.name).unwrap_or(&none);
            compare(f, held)
        })
        .collect();
    Ok(DryRunReport { sources })
}

/// The file's state changes, by source, then item key.
fn stored_changes(
    file: &MapFile,
) -> Result<HashMap<String, HashMap<String, HashSet<Change>>>, ApiError> {
    let items = file.items()?;
    let keys: HashMap<ItemId, (String, String)> = items
        .into_iter()
        .map(|i| (i.id, (i.source, i.key)))
        .collect();
    let mut out: HashMap<String, HashMap<String, HashSet<Change>>> = HashMap::new();
    for (source, key) in keys.values() {
        out.entry(source.clone())
            .or_default()
            .entry(key.clone())
            .or_default();
    }
    for t in file.transitions()? {
        if let Some((source, key)) = keys.get(&t.item) {
            out.entry(source.clone())
                .or_default()
                .entry(key.clone())
                .or_default()
                .insert((t.to_state, t.at.timestamp_millis()));
        }
    }
    Ok(out)
}

/// One source's fetched items against what the file holds of it.
fn compare(f: Fetched, held: &HashMap<String, HashSet<Change>>) -> SourceDryRun {
    // An item may come in parts: its changes are the union of them.
    let mut items: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for item in f.items {
        let changes = items.entry(item.key).or_default();
        changes.extend(
            item.changes
                .into_iter()
                .map(|c| (c.to, c.at.timestamp_millis())),
        );
    }
    let mut report = SourceDryRun {
        source: f.record.name,
        kind: f.record.kind,
        items_fetched: items.len() as u64,
        items_new: 0,
        items_changed: 0,
        items_unchanged: 0,
        changes: 0,
        new_changes: 0,
        states: Vec::new(),
        labels: f
            .pulled
            .skipped
            .labels()
            .map(|(label, count)| DryRunLabel {
                label: label.to_string(),
                count,
            })
            .collect(),
        skipped: f
            .pulled
            .skipped
            .iter()
            .map(|(kind, reason, count)| DryRunSkip {
                kind: kind.to_string(),
                reason: reason.to_string(),
                count,
            })
            .collect(),
        notices: f.pulled.notices,
        millis: f.started.elapsed().as_millis() as u64,
    };
    let mut states: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (key, changes) in items {
        let known = held.get(&key);
        let mut new_here = 0u64;
        for change in changes {
            let is_new = known.is_none_or(|k| !k.contains(&change));
            let entry = states.entry(change.0).or_default();
            entry.0 += 1;
            entry.1 += u64::from(is_new);
            new_here += u64::from(is_new);
            report.changes += 1;
        }
        report.new_changes += new_here;
        match (known, new_here) {
            (None, _) => report.items_new += 1,
            (Some(_), 0) => report.items_unchanged += 1,
            (Some(_), _) => report.items_changed += 1,
        }
    }
    let mut states: Vec<DryRunState> = states
        .into_iter()
        .map(|(state, (changes, new_changes))| DryRunState {
            state,
            changes,
            new_changes,
        })
        .collect();
    states.sort_by(|a, b| b.changes.cmp(&a.changes).then(a.state.cmp(&b.state)));
    report.states = states;
    report
}

/// The dry run as a job of the window (it only reads): `only` or every network source, with
/// the tokens held in `memory`, each source's progress reported.
pub fn dry_run_job(
    file: &Path,
    only: Option<&str>,
    memory: &Arc<super::SourceMemory>,
    http: HttpOptions,
    job: &JobHandle,
) -> Result<JobOutput, ApiError> {
    let options = SyncOptions {
        http,
        cancel: job.cancel_token().clone(),
        credentials: memory.all_tokens(),
    };
    let handle = job.clone();
    let progress: OnProgress = Arc::new(move |p| handle.source_progress(p));
    dry_run(file, only, &options, Some(progress)).map(JobOutput::DryRun)
}
