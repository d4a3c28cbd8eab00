//! ActionableAgile's CSV: `ID`, optional `Link` and `Name`/`Title`, then one column per
//! workflow stage, in workflow order, holding the date the item entered the stage (empty when
//! it never did). Columns after the stages (a type, a class of service) are read when named.

use super::csv_log::Stats;
use super::{find_column, first_line, guesses, missing_column, normalize, sniff_delimiter};
use crate::connector::{ItemSink, Pulled, SourceItem, StateChange};
use crate::error::{quoted, ConnectorError, LogError, MAX_NAME_CHARS};
use crate::time::TimeParser;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// How to read an ActionableAgile file.
#[derive(Clone, Debug)]
pub struct ActionableAgileOptions {
    /// The ID column (`ID` when `None`).
    pub id: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
    pub item_type: Option<String>,
    /// The stage columns in workflow order; `None` takes every column that is not the ID,
    /// link, title or type.
    pub stages: Option<Vec<String>>,
    pub delimiter: Option<u8>,
    pub time: TimeParser,
    pub default_type: String,
    pub skip_bad_rows: bool,
}

impl Default for ActionableAgileOptions {
    fn default() -> Self {
        ActionableAgileOptions {
            id: None,
            title: None,
            link: None,
            item_type: None,
            stages: None,
            delimiter: None,
            time: TimeParser::default(),
            default_type: super::DEFAULT_TYPE.to_string(),
            skip_bad_rows: false,
        }
    }
}

/// An ActionableAgile CSV file. Each item enters its stages in column order; an item that
/// skipped a stage has an empty cell there.
#[derive(Clone, Debug)]
pub struct ActionableAgileLog {
    path: PathBuf,
    options: ActionableAgileOptions,
}

impl ActionableAgileLog {
    pub fn new(path: impl Into<PathBuf>, options: ActionableAgileOptions) -> Self {
        ActionableAgileLog {
            path: path.into(),
            options,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn read(&self, sink: &mut dyn ItemSink) -> Result<Pulled, ConnectorError> {
        let path = &self.path;
        let o = &self.options;
        let delimiter = match o.delimiter {
            Some(d) => d,
            None => sniff_delimiter(&first_line(path)?),
        };
        let file = File::open(path).map_err(|e| LogError::Io {
            path: path.clone(),
            source: e,
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(BufReader::new(file));
        let header: Vec<String> = reader
            .byte_headers()
            .map_err(|e| LogError::Row {
                path: path.clone(),
                line: 1,
                message: e.to_string(),
            })?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        let id = find_column(path, &header, o.id.as_deref(), &["id", "key"], "item id")?
            .ok_or_else(|| missing_column(path, &header, "item id", "--item"))?;
        let title = find_column(path, &header, o.title.as_deref(), guesses::TITLE, "title")?;
        let link = find_column(path, &header, o.link.as_deref(), guesses::LINK, "link")?;
        let item_type = find_column(path, &header, o.item_type.as_deref(), guesses::TYPE, "type")?;
        let stages: Vec<usize> = match &o.stages {
            Some(names) => names
                .iter()
                .map(|n| {
                    find_column(path, &header, Some(n), &[], "stage")
                        .map(|c| c.expect("a named column is found or an error"))
                })
                .collect::<Result<_, _>>()?,
            None => (0..header.len())
                .filter(|i| ![Some(id), title, link, item_type].contains(&Some(*i)))
                .filter(|i| {
                    !["classofservice", "blocked"].contains(&normalize(&header[*i]).as_str())
                })
                .collect(),
        };
        if let Some(&long) = stages
            .iter()
            .find(|&&i| header[i].chars().count() > MAX_NAME_CHARS)
        {
            return Err(LogError::Header {
                path: path.clone(),
                message: format!(
                    "stage column {} is {} characters long, more than the {MAX_NAME_CHARS} a state name may hold (it begins {})",
                    long + 1,
                    header[long].chars().count(),
                    quoted(&header[long])
                ),
            }
            .into());
        }
        if stages.is_empty() {
            return Err(LogError::Header {
                path: path.clone(),
                message: format!(
                    "no stage columns: expected ID, optional Link and Name, then one column per stage (the header has: {})",
                    header.join(", ")
                ),
            }
            .into());
        }

        let mut stats = Stats::default();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    stats.bad_row(
                        LogError::Row {
                            path: path.clone(),
                            line,
                            message: e.to_string(),
                        },
                        o.skip_bad_rows,
                    )?;
                    continue;
                }
            }
            stats.records += 1;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let columns = Columns {
                path,
                header: &header,
                id,
                title,
                link,
                item_type,
                stages: &stages,
            };
            let parsed = columns.item(&record, line, &o.time, &mut stats.zoneless);
            match parsed {
                Ok(item) => {
                    stats.items += 1;
                    sink.item(item)?;
                }
                Err(e) => stats.bad_row(e, o.skip_bad_rows)?,
            }
        }
        Ok(stats.finish_with_zone(o.time.zone(), o.time.zone_given()))
    }
}

/// Where an ActionableAgile file keeps what a row says: the item's columns and the stages.
struct Columns<'a> {
    path: &'a PathBuf,
    header: &'a [String],
    id: usize,
    title: Option<usize>,
    link: Option<usize>,
    item_type: Option<usize>,
    stages: &'a [usize],
}

impl Columns<'_> {
    /// The trimmed text of a cell (`None` when empty); names past [`MAX_NAME_CHARS`] are refused,
    /// naming the line and column (docs/sources.md).
    fn cell<'r>(
        &self,
        record: &'r csv::StringRecord,
        line: u64,
        i: usize,
    ) -> Result<Option<&'r str>, LogError> {
        match record.get(i).map(str::trim).filter(|s| !s.is_empty()) {
            Some(t) if t.chars().count() > MAX_NAME_CHARS => Err(LogError::Field {
                path: self.path.clone(),
                line,
                column: self.header[i].clone(),
                message: format!(
                    "{} characters, more than the {MAX_NAME_CHARS} a field may hold (it begins {})",
                    t.chars().count(),
                    quoted(t)
                ),
            }),
            v => Ok(v),
        }
    }

    fn optional(
        &self,
        record: &csv::StringRecord,
        line: u64,
        i: Option<usize>,
    ) -> Result<Option<String>, LogError> {
        Ok(match i {
            Some(i) => self.cell(record, line, i)?.map(str::to_string),
            None => None,
        })
    }

    /// The item a row describes: it entered each stage whose column holds a date, in column
    /// order. Times read without a zone are counted in `zoneless`.
    fn item(
        &self,
        record: &csv::StringRecord,
        line: u64,
        time: &crate::time::TimeParser,
        zoneless: &mut u64,
    ) -> Result<SourceItem, LogError> {
        let key = self
            .cell(record, line, self.id)?
            .ok_or_else(|| LogError::Field {
                path: self.path.clone(),
                line,
                column: self.header[self.id].clone(),
                message: "the item id is empty".into(),
            })?;
        let mut changes: Vec<StateChange> = Vec::new();
        for &s in self.stages {
            let Some(text) = record.get(s).map(str::trim).filter(|t| !t.is_empty()) else {
                continue;
            };
            let when = time.parse(text).map_err(|m| LogError::Field {
                path: self.path.clone(),
                line,
                column: self.header[s].clone(),
                message: format!(
                    "{m} (a stage column holds the date the item entered the stage; name the stages with --stages if this column is not one)"
                ),
            })?;
            if when.zoneless {
                *zoneless += 1;
            }
            changes.push(StateChange {
                at: when.at,
                from: changes.last().map(|c| c.to.clone()),
                to: self.header[s].clone(),
            });
        }
        Ok(SourceItem {
            key: key.to_string(),
            title: self.optional(record, line, self.title)?.unwrap_or_default(),
            artifact_type: self
                .optional(record, line, self.item_type)?
                .unwrap_or_default(),
            created: None,
            link: self.optional(record, line, self.link)?,
            changes,
            links: Vec::new(),
        })
    }
}

log_connector!(ActionableAgileLog, "ActionableAgile file");
