//! Reading an event log once without writing anything: the Data view's preview (the first
//! rows, the columns chosen, what the import will do) and the count an import job measures its
//! progress against; and that job.
//!
//! The preview never waits for a large log: it reads the head (the first rows, and the columns
//! chosen from the header) at once, and counts the whole log at once only up to
//! [`COUNT_AT_ONCE`] bytes; a larger log is counted by a job the window polls, and may cancel.

use super::import_log::{import_log_until, log_kind};
use super::log_reader::{log_reader, LogReader};
use super::{runtime, OnProgress};
use crate::error::{ApiError, ErrorCode};
use crate::jobs::{JobHandle, JobOutput, Jobs};
use crate::wire::{
    ImportLogOptions, ImportSummary, LogColumns, LogCounts, LogPreview, SourceSyncReport,
};
use chrono::{DateTime, SecondsFormat, Utc};
use flowmap_connectors::{ConnectorError, ItemSink, PullContext, SourceItem};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// How many rows a preview shows.
const PREVIEW_ROWS: usize = 20;

/// The largest log a preview counts at once (its totals come with its first rows); a larger one
/// is counted by a job.
pub const COUNT_AT_ONCE: u64 = 4 << 20;

/// The columns of the rows a preview shows when it has no header of its own to show.
const READ_COLUMNS: [&str; 5] = ["item", "state", "time", "previous state", "type"];

/// What one reading of a log counted.
struct Tally<'a> {
    keys: HashSet<String>,
    /// Items as the reader handed them over (an item may come in parts).
    parts: u64,
    transitions: u64,
    states: BTreeSet<String>,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    /// The first changes, as rows of [`READ_COLUMNS`].
    sample: Vec<Vec<String>>,
    /// Stop once the sample is full (a head-only reading).
    head_only: bool,
    cancel: &'a CancellationToken,
    on_parts: &'a mut dyn FnMut(u64),
}

impl ItemSink for Tally<'_> {
    fn item(&mut self, item: SourceItem) -> Result<(), ConnectorError> {
        if self.cancel.is_cancelled() || (self.head_only && self.sample.len() >= PREVIEW_ROWS) {
            return Err(ConnectorError::Cancelled);
        }
        self.parts += 1;
        if self.parts.is_multiple_of(1024) {
            (self.on_parts)(self.parts);
        }
        for c in &item.changes {
            self.transitions += 1;
            self.first = Some(self.first.map_or(c.at, |f| f.min(c.at)));
            self.last = Some(self.last.map_or(c.at, |l| l.max(c.at)));
            if !self.states.contains(&c.to) {
                self.states.insert(c.to.clone());
            }
            if self.sample.len() < PREVIEW_ROWS {
                self.sample.push(vec![
                    item.key.clone(),
                    c.to.clone(),
                    time(c.at),
                    c.from.clone().unwrap_or_default(),
                    item.artifact_type.clone(),
                ]);
            }
        }
        if !self.keys.contains(&item.key) {
            self.keys.insert(item.key);
        }
        Ok(())
    }
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The first changes of the log, as rows of [`READ_COLUMNS`]: reads no further than they are.
fn head_sample(reader: &LogReader) -> Result<Vec<Vec<String>>, ApiError> {
    let cancel = CancellationToken::new();
    let mut ignore = |_| {};
    let mut tally = tally(&cancel, &mut ignore, true);
    let pulled = runtime()?.block_on(reader.connector().pull(
        &PullContext::default(),
        None,
        &mut tally,
    ));
    match pulled {
        Ok(_) => Ok(tally.sample),
        Err(_) if tally.sample.len() >= PREVIEW_ROWS => Ok(tally.sample),
        Err(e) => Err(e.into()),
    }
}

fn tally<'a>(
    cancel: &'a CancellationToken,
    on_parts: &'a mut dyn FnMut(u64),
    head_only: bool,
) -> Tally<'a> {
    Tally {
        keys: HashSet::new(),
        parts: 0,
        transitions: 0,
        states: BTreeSet::new(),
        first: None,
        last: None,
        sample: Vec::new(),
        head_only,
        cancel,
        on_parts,
    }
}

/// Reads the whole log into a [`Tally`]: its summary, the parts read and the first changes.
fn scan(
    reader: &LogReader,
    cancel: &CancellationToken,
    on_parts: &mut dyn FnMut(u64),
) -> Result<(ImportSummary, u64, Vec<Vec<String>>), ApiError> {
    let mut tally = tally(cancel, on_parts, false);
    let pulled = runtime()?.block_on(reader.connector().pull(
        &PullContext::default(),
        None,
        &mut tally,
    ))?;
    let summary = ImportSummary {
        counts: LogCounts {
            rows: pulled.records,
            items: tally.keys.len() as u64,
            transitions: tally.transitions,
        },
        states: tally.states.into_iter().collect(),
        span: tally.first.zip(tally.last).map(|(f, l)| (time(f), time(l))),
        zoneless: pulled.zoneless,
        notices: pulled.notices,
    };
    Ok((summary, tally.parts, tally.sample))
}

/// The start of the log at `log` as the importer reads it with `options`, and what importing
/// it will do: counted at once for a log of at most `at_once` bytes, else by a job started on
/// `jobs` (`summary_job`). A log that cannot be read as it stands (a missing column, a bad row)
/// gives a preview with its `error`; a missing or unreadable file is an error.
pub fn preview_log(
    log: &Path,
    options: &ImportLogOptions,
    jobs: &Jobs,
    at_once: u64,
) -> Result<LogPreview, ApiError> {
    super::dropped::check_text_file(log)?;
    let format = log_kind(log, options)?;
    let reader = log_reader(format, log, options)?;
    let mut preview = LogPreview {
        log: log.display().to_string(),
        format,
        header: READ_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: Vec::new(),
        columns: LogColumns::default(),
        delimiter: None,
        tz: options.tz.clone().unwrap_or_else(|| "UTC".into()),
        time_format: options.time_format.clone(),
        summary: None,
        summary_job: None,
        error: None,
    };
    if let LogReader::Csv(csv) = &reader {
        let head = csv.head(PREVIEW_ROWS)?;
        preview.header = head.header;
        preview.rows = head.rows;
        preview.delimiter = Some(char::from(head.delimiter).to_string());
        match head.columns {
            Ok(c) => {
                preview.columns = LogColumns {
                    item: c.item,
                    state: c.state,
                    at: c.at,
                    from: c.from,
                    item_type: c.item_type,
                    title: c.title,
                    link: c.link,
                    parent: c.parent,
                    links: c.links,
                }
            }
            Err(e) => {
                preview.error = Some(e.into());
                return Ok(preview);
            }
        }
    }
    let size = std::fs::metadata(log).map(|m| m.len()).unwrap_or(0);
    if size > at_once {
        if !matches!(reader, LogReader::Csv(_)) {
            match head_sample(&reader) {
                Ok(rows) => preview.rows = rows,
                Err(e) if e.code == ErrorCode::NotFound || e.code == ErrorCode::Io => {
                    return Err(e)
                }
                Err(e) => {
                    preview.error = Some(e);
                    return Ok(preview);
                }
            }
        }
        let name = log.file_name().map(|n| n.to_string_lossy().into_owned());
        let what = format!("the count of {}", name.unwrap_or_default());
        preview.summary_job = Some(jobs.start_reading(
            what,
            Box::new(move |job| count_job(&reader, job).map(JobOutput::Summary)),
        )?);
        return Ok(preview);
    }
    match scan(&reader, &CancellationToken::new(), &mut |_| {}) {
        Ok((summary, _, sample)) => {
            if !matches!(reader, LogReader::Csv(_)) {
                preview.rows = sample;
            }
            preview.summary = Some(summary);
        }
        Err(e) if e.code == ErrorCode::NotFound || e.code == ErrorCode::Io => return Err(e),
        Err(e) => preview.error = Some(e),
    }
    Ok(preview)
}

/// Counts a large log for its preview (phase "counting", items read so far).
fn count_job(reader: &LogReader, job: &JobHandle) -> Result<ImportSummary, ApiError> {
    let cancel = job.cancel_token().clone();
    match scan(reader, &cancel, &mut |n| job.progress("counting", n, None)) {
        Ok((summary, _, _)) => Ok(summary),
        Err(_) if cancel.is_cancelled() => Err(ApiError::new(
            ErrorCode::Cancelled,
            "the count of the log was cancelled",
        )),
        Err(e) => Err(e),
    }
}

/// The import job: counts the log's items (phase "counting"), then imports it into the map
/// file at `file` in one transaction (phase "writing", items written of those counted).
pub fn import_job(
    file: &Path,
    log: &Path,
    options: &ImportLogOptions,
    job: &JobHandle,
) -> Result<SourceSyncReport, ApiError> {
    let reader = log_reader(log_kind(log, options)?, log, options)?;
    let cancel = job.cancel_token().clone();
    let counted = scan(&reader, &cancel, &mut |n| job.progress("counting", n, None));
    let total = match counted {
        Ok((_, parts, _)) => parts,
        Err(_) if cancel.is_cancelled() => {
            return Err(ApiError::new(
                ErrorCode::Cancelled,
                "the import was cancelled; the file is unchanged",
            ))
        }
        Err(e) => return Err(e),
    };
    job.progress("writing", 0, Some(total));
    let handle = job.clone();
    let progress: OnProgress =
        Arc::new(move |p| handle.progress("writing", p.fetched, Some(total)));
    import_log_until(file, log, options, Some(progress), &cancel)
}
