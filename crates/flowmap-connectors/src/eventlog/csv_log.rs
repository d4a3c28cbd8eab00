//! An event log as CSV: one row per state change.

use super::csv_item::{set, OpenItem, StateNames};
use super::csv_row::{opt, text_of, Row};
use super::{
    find_column, first_line, guesses, missing_column, sniff_delimiter, DEFAULT_TYPE,
    MAX_REPORTED_BAD_ROWS,
};
use crate::connector::{ItemSink, LogChange, Pulled, SourceItem, StateChange};
use crate::error::{ConnectorError, LogError};
use crate::time::TimeParser;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// The columns of an event log, by header name. `None` lets the reader guess from common
/// names (`item`/`key`/`ticket`/`case_id`…, `state`/`status`/`to_status`/`activity`…,
/// `at`/`timestamp`/`changed_at`/`date`…, `from`/`from_status`/`previous_state`…,
/// `type`/`issue_type`…, `title`/`summary`…, `link`/`url`, `parent`/`parent_id`/`epic`…,
/// `links`/`linked_items`/`related`…).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub item: Option<String>,
    pub state: Option<String>,
    pub at: Option<String>,
    pub from: Option<String>,
    pub item_type: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
    /// The item's parent: another item's key (a story's epic).
    pub parent: Option<String>,
    /// Other items it is linked to: keys separated by `,`, `;` or spaces, each optionally
    /// `KIND:KEY` with a link kind (`blocks:ABC-3`; `relates` when none).
    pub links: Option<String>,
}

/// A CSV file with one row per item, read before the log: items that never changed state,
/// their creation time, first state, type and title. Its item, type and title columns are
/// found like the log's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemsFile {
    pub path: PathBuf,
    /// The creation time column (guessed from `created`, `date_created`… when `None`).
    pub created: Option<String>,
    /// The column of the state an item was created in (`initial_state`, `initial_status`…);
    /// it becomes the item's first transition, at its creation time.
    pub initial_state: Option<String>,
}

/// How to read a CSV event log.
#[derive(Clone, Debug)]
pub struct CsvOptions {
    pub columns: Columns,
    /// `None` guesses it from the header.
    pub delimiter: Option<u8>,
    pub time: TimeParser,
    /// The artifact type of items when there is no type column (or its cell is empty).
    pub default_type: String,
    /// Skip rows that cannot be read (counting them) instead of stopping.
    pub skip_bad_rows: bool,
    pub items: Option<ItemsFile>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            columns: Columns::default(),
            delimiter: None,
            time: TimeParser::default(),
            default_type: DEFAULT_TYPE.to_string(),
            skip_bad_rows: false,
            items: None,
        }
    }
}

/// An event log in CSV (see [`super`]).
#[derive(Clone, Debug)]
pub struct CsvLog {
    path: PathBuf,
    options: CsvOptions,
}

/// The most changes of one item handed over at once; a longer run of rows of one item is
/// handed over in parts.
const MAX_RUN: usize = 4096;

impl CsvLog {
    pub fn new(path: impl Into<PathBuf>, options: CsvOptions) -> Self {
        CsvLog {
            path: path.into(),
            options,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the whole log (and its items file) into `sink`.
    pub fn read(&self, sink: &mut dyn ItemSink) -> Result<Pulled, ConnectorError> {
        let mut stats = Stats::default();
        if let Some(items) = &self.options.items {
            self.read_items(items, sink, &mut stats)?;
        }
        self.read_log(sink, &mut stats)?;
        Ok(stats.finish(&self.options))
    }

    fn open(&self, path: &Path) -> Result<(csv::Reader<BufReader<File>>, Vec<String>), LogError> {
        let delimiter = match self.options.delimiter {
            Some(d) => d,
            None => sniff_delimiter(&first_line(path)?),
        };
        let file = File::open(path).map_err(|e| LogError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(BufReader::with_capacity(1 << 17, file));
        let header = reader
            .byte_headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect::<Vec<_>>();
        if header.iter().all(|h| h.is_empty()) {
            return Err(LogError::Header {
                path: path.to_path_buf(),
                message: "the file is empty: expected a header line".into(),
            });
        }
        Ok((reader, header))
    }

    /// The log's header, its first `rows` rows as written, the delimiter and the columns the
    /// reader would choose (or why it cannot choose them).
    pub fn head(&self, rows: usize) -> Result<CsvHead, LogError> {
        let delimiter = match self.options.delimiter {
            Some(d) => d,
            None => sniff_delimiter(&first_line(&self.path)?),
        };
        let (mut reader, header) = self.open(&self.path)?;
        let mut out = Vec::new();
        let mut record = csv::ByteRecord::new();
        while out.len() < rows {
            match reader.read_byte_record(&mut record) {
                Ok(true) => out.push(
                    record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).trim().to_string())
                        .collect(),
                ),
                Ok(false) => break,
                Err(e) => return Err(csv_error(&self.path, e)),
            }
        }
        let columns = choose_columns(&self.path, &header, &self.options.columns).map(|c| {
            let name = |i: Option<usize>| i.map(|i| header[i].clone());
            Columns {
                item: name(Some(c.item)),
                state: name(Some(c.state)),
                at: name(Some(c.at)),
                from: name(c.from),
                item_type: name(c.item_type),
                title: name(c.title),
                link: name(c.link),
                parent: name(c.parent),
                links: name(c.links),
            }
        });
        Ok(CsvHead {
            header,
            rows: out,
            delimiter,
            columns,
        })
    }

    fn read_log(&self, sink: &mut dyn ItemSink, stats: &mut Stats) -> Result<(), ConnectorError> {
        let path = &self.path;
        let (mut reader, header) = self.open(path)?;
        let ChosenColumns {
            item,
            state,
            at,
            from,
            item_type,
            title,
            link,
            parent,
            links,
        } = choose_columns(path, &header, &self.options.columns)?;

        let mut record = csv::ByteRecord::new();
        let mut current = OpenItem::default();
        let mut states = StateNames::default();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let err = csv_error(path, e);
                    stats.bad_row(err, self.options.skip_bad_rows)?;
                    continue;
                }
            }
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            stats.records += 1;
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue; // a blank line
            }
            let row = Row {
                path,
                header: &header,
                record: &record,
                line,
                text: text_of(&record),
            };
            let parsed = (|| -> Result<_, LogError> {
                let key = row.required(item, "item id")?;
                let to = row.required(state, "state")?;
                let when = row.time_nanos(at, &self.options.time)?;
                Ok((key, to, when))
            })();
            let (key, to, when) = match parsed {
                Ok(v) => v,
                Err(e) => {
                    stats.bad_row(e, self.options.skip_bad_rows)?;
                    continue;
                }
            };
            let (at_ns, zoneless) = when;
            if zoneless {
                stats.zoneless += 1;
            }
            let from_state = match from {
                Some(i) => row.optional(i)?.map(|f| states.id(f)),
                None => None,
            };
            let same = current.open && current.key == key;
            if !same || current.changes.len() >= MAX_RUN {
                if current.open {
                    stats.items += 1;
                    sink.log_item(current.item(&states.names))?;
                }
                current.start(key);
            }
            let cur = &mut current;
            if let Some(i) = title {
                if let Some(t) = row.optional(i)? {
                    set(&mut cur.title, t);
                }
            }
            if let Some(i) = item_type {
                if let Some(t) = row.optional(i)? {
                    set(&mut cur.artifact_type, t);
                }
            }
            if let Some(i) = link {
                if let Some(t) = row.optional(i)? {
                    set(&mut cur.link, t);
                    cur.has_link = true;
                }
            }
            if let Err(e) = row.links(parent, links, &mut cur.links) {
                stats.bad_row(e, self.options.skip_bad_rows)?;
            }
            cur.changes.push(LogChange {
                at_ns,
                from: from_state,
                to: states.id(to),
            });
        }
        if current.open {
            stats.items += 1;
            sink.log_item(current.item(&states.names))?;
        }
        Ok(())
    }

    fn read_items(
        &self,
        items: &ItemsFile,
        sink: &mut dyn ItemSink,
        stats: &mut Stats,
    ) -> Result<(), ConnectorError> {
        let path = &items.path;
        let (mut reader, header) = self.open(path)?;
        let c = &self.options.columns;
        let key = find_column(path, &header, c.item.as_deref(), guesses::ITEM, "item id")?
            .ok_or_else(|| missing_column(path, &header, "item id", "--item"))?;
        let created = find_column(
            path,
            &header,
            items.created.as_deref(),
            guesses::CREATED,
            "creation time",
        )?;
        let initial = find_column(
            path,
            &header,
            items.initial_state.as_deref(),
            guesses::INITIAL_STATE,
            "initial state",
        )?;
        let item_type = find_column(path, &header, c.item_type.as_deref(), guesses::TYPE, "type")?;
        let title = find_column(path, &header, c.title.as_deref(), guesses::TITLE, "title")?;
        let link = find_column(path, &header, c.link.as_deref(), guesses::LINK, "link")?;
        let parent = find_column(
            path,
            &header,
            c.parent.as_deref(),
            guesses::PARENT,
            "parent",
        )?;
        let links = find_column(path, &header, c.links.as_deref(), guesses::LINKS, "links")?;
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    stats.bad_row(csv_error(path, e), self.options.skip_bad_rows)?;
                    continue;
                }
            }
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            let row = Row {
                path,
                header: &header,
                record: &record,
                line,
                text: text_of(&record),
            };
            let parsed = (|| -> Result<SourceItem, LogError> {
                let k = row.required(key, "item id")?;
                let when = match created {
                    Some(i) if row.optional(i)?.is_some() => Some(row.time(i, &self.options.time)?),
                    _ => None,
                };
                let mut item = SourceItem {
                    key: k.to_string(),
                    title: opt(&row, title)?.unwrap_or_default(),
                    artifact_type: opt(&row, item_type)?.unwrap_or_default(),
                    created: when.map(|w| w.at),
                    link: opt(&row, link)?,
                    changes: Vec::new(),
                    links: Vec::new(),
                };
                row.links(parent, links, &mut item.links)?;
                if let (Some(w), Some(state)) = (when, opt(&row, initial)?) {
                    if w.zoneless {
                        stats.zoneless += 1;
                    }
                    item.changes.push(StateChange {
                        at: w.at,
                        from: None,
                        to: state,
                    });
                }
                Ok(item)
            })();
            match parsed {
                Ok(item) => {
                    stats.listed_items += 1;
                    sink.item(item)?;
                }
                Err(e) => stats.bad_row(e, self.options.skip_bad_rows)?,
            }
        }
        Ok(())
    }
}

/// The start of a CSV log as [`CsvLog::head`] reads it.
#[derive(Debug)]
pub struct CsvHead {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub delimiter: u8,
    /// The columns chosen by name for each role, or why they cannot be chosen.
    pub columns: Result<Columns, LogError>,
}

/// The column of each role, by index.
struct ChosenColumns {
    item: usize,
    state: usize,
    at: usize,
    from: Option<usize>,
    item_type: Option<usize>,
    title: Option<usize>,
    link: Option<usize>,
    parent: Option<usize>,
    links: Option<usize>,
}

/// The columns of a log's roles: those named in `c`, else guessed from common names; an
/// optional role never takes the item, state or time column.
fn choose_columns(path: &Path, header: &[String], c: &Columns) -> Result<ChosenColumns, LogError> {
    let item = find_column(path, header, c.item.as_deref(), guesses::ITEM, "item id")?
        .ok_or_else(|| missing_column(path, header, "item id", "--item"))?;
    let state = find_column(path, header, c.state.as_deref(), guesses::STATE, "state")?
        .ok_or_else(|| missing_column(path, header, "state", "--state"))?;
    let at = find_column(path, header, c.at.as_deref(), guesses::AT, "timestamp")?
        .ok_or_else(|| missing_column(path, header, "timestamp", "--at"))?;
    let other = |given: &Option<String>, guesses: &[&str], role: &str| {
        find_column(path, header, given.as_deref(), guesses, role)
            .map(|i| i.filter(|i| ![item, state, at].contains(i)))
    };
    Ok(ChosenColumns {
        item,
        state,
        at,
        from: other(&c.from, guesses::FROM, "previous state")?,
        item_type: other(&c.item_type, guesses::TYPE, "type")?,
        title: other(&c.title, guesses::TITLE, "title")?,
        link: other(&c.link, guesses::LINK, "link")?,
        parent: other(&c.parent, guesses::PARENT, "parent")?,
        links: other(&c.links, guesses::LINKS, "links")?,
    })
}

fn csv_error(path: &Path, e: csv::Error) -> LogError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    match e.into_kind() {
        csv::ErrorKind::Io(source) => LogError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => LogError::Row {
            path: path.to_path_buf(),
            line,
            message: format!("{other:?}"),
        },
    }
}

/// What a read counted, turned into [`Pulled`] at the end.
#[derive(Default)]
pub(super) struct Stats {
    pub records: u64,
    pub items: u64,
    pub listed_items: u64,
    pub zoneless: u64,
    pub bad: u64,
    pub bad_examples: Vec<String>,
}

impl Stats {
    /// Counts a bad row, or fails with it when bad rows are not skipped.
    pub fn bad_row(&mut self, e: LogError, skip: bool) -> Result<(), ConnectorError> {
        if !skip {
            return Err(e.into());
        }
        self.bad += 1;
        if self.bad_examples.len() < MAX_REPORTED_BAD_ROWS {
            self.bad_examples.push(e.to_string());
        }
        Ok(())
    }

    pub fn finish_with_zone(self, zone: crate::time::Zone, zone_given: bool) -> Pulled {
        let mut notices = Vec::new();
        if self.zoneless > 0 {
            if zone_given {
                notices.push(format!(
                    "{} times had no zone and were read in {zone}",
                    self.zoneless
                ));
            } else {
                notices.push(format!(
                    "{} times had no zone and were read as UTC (give --tz to read them in another zone)",
                    self.zoneless
                ));
            }
        }
        if self.bad > 0 {
            notices.push(format!(
                "skipped {} bad rows, for example: {}",
                self.bad,
                self.bad_examples.join("; ")
            ));
        }
        Pulled {
            items: self.items + self.listed_items,
            records: self.records,
            cursor: None,
            state_categories: Vec::new(),
            notices,
            zoneless: self.zoneless,
            skipped: Default::default(),
        }
    }

    fn finish(self, options: &CsvOptions) -> Pulled {
        let zone = options.time.zone();
        let given = options.time.zone_given();
        self.finish_with_zone(zone, given)
    }
}

log_connector!(CsvLog, "event log");
