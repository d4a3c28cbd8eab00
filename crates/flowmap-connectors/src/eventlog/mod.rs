//! Event logs exported from a tool or a process-mining system, read as streams.
//!
//! - [`CsvLog`]: one row per state change; columns found by name (given, or guessed from
//!   common names such as `ticket`, `to_status`, `changed_at`); the delimiter guessed from the
//!   header (`,` `;` tab `|`); quoted fields as RFC 4180 has them. An optional items file
//!   ([`ItemsFile`]) adds items that never changed state, their creation time and first state.
//! - [`ActionableAgileLog`]: ActionableAgile's format — an ID column, optional link and title,
//!   then one column per workflow stage holding the date the item entered it.
//! - [`XesLog`]: IEEE 1849 XES; each trace is an item, each event's `concept:name` a state at
//!   its `time:timestamp` (see the module for `lifecycle:transition`).
//! - [`OcelLog`]: OCEL 2.0, JSON or SQLite (one model, [`Ocel`], both fill and the export
//!   writes); each object is an item (its type the artifact type), each event a state of every
//!   object it relates to, object-to-object relations links.
//!
//! A bad row stops the import with its line and column, unless the reader is told to skip bad
//! rows; skipped rows are counted and reported, never dropped silently.

/// The [`Connector`](crate::Connector) of a log reader with a `path` and a
/// `read(&self, sink)`: it describes itself as `$what` and its path, and a pull reads the whole
/// file (a log has no cursor).
macro_rules! log_connector {
    ($reader:ty, $what:literal) => {
        impl $crate::connector::Connector for $reader {
            fn describe(&self) -> String {
                format!(concat!($what, " {}"), self.path.display())
            }

            fn pull<'a>(
                &'a self,
                _ctx: &'a $crate::connector::PullContext,
                _cursor: Option<&'a str>,
                sink: &'a mut dyn $crate::connector::ItemSink,
            ) -> futures_util::future::LocalBoxFuture<
                'a,
                Result<$crate::connector::Pulled, $crate::error::ConnectorError>,
            > {
                Box::pin(async move { self.read(sink) })
            }
        }
    };
}

mod actionable_agile;
mod csv_item;
mod csv_log;
mod csv_row;
mod ocel;
mod xes;

pub use actionable_agile::{ActionableAgileLog, ActionableAgileOptions};
pub use csv_log::{Columns, CsvHead, CsvLog, CsvOptions, ItemsFile};
pub use ocel::{
    is_sqlite, write_sqlite, EventAttribute, ObjectAttribute, Ocel, OcelEvent, OcelLog, OcelObject,
    OcelOptions, OcelType, Relationship, TypeAttribute, SQLITE_HEADER,
};
pub use xes::{XesLog, XesOptions};

use crate::connector::SourceKind;
use crate::error::LogError;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The artifact type of items whose log does not say.
pub const DEFAULT_TYPE: &str = "Item";

/// How many rows a reader reports at most among its notices when skipping bad rows.
const MAX_REPORTED_BAD_ROWS: usize = 3;

/// Header names compared without case, spaces, `_`, `-`, `:` or `.`: "Changed At" matches
/// `changed_at`, `time:timestamp` matches `timestamp`-like guesses.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Names tried for each role when the user names no column (normalised, best first).
pub(crate) mod guesses {
    pub const ITEM: &[&str] = &[
        "item",
        "itemid",
        "itemkey",
        "key",
        "issuekey",
        "issue",
        "ticket",
        "caseid",
        "case",
        "caseconceptname",
        "workitemid",
        "workitem",
        "id",
    ];
    pub const STATE: &[&str] = &[
        "state",
        "status",
        "tostate",
        "tostatus",
        "to",
        "newstate",
        "newstatus",
        "activity",
        "conceptname",
        "stage",
    ];
    pub const AT: &[&str] = &[
        "at",
        "timestamp",
        "timetimestamp",
        "changedat",
        "changed",
        "time",
        "datetime",
        "date",
        "transitiondate",
        "enteredat",
        "changedate",
        "when",
    ];
    pub const FROM: &[&str] = &[
        "from",
        "fromstate",
        "fromstatus",
        "previousstate",
        "previousstatus",
        "oldstate",
        "oldstatus",
        "prevstate",
    ];
    pub const TYPE: &[&str] = &[
        "type",
        "itemtype",
        "issuetype",
        "workitemtype",
        "artifacttype",
    ];
    pub const TITLE: &[&str] = &["title", "summary", "name"];
    pub const LINK: &[&str] = &["link", "url"];
    pub const PARENT: &[&str] = &[
        "parent",
        "parentid",
        "parentkey",
        "parentitem",
        "parentissue",
        "epic",
        "epiclink",
        "epickey",
    ];
    pub const LINKS: &[&str] = &[
        "links",
        "linkeditems",
        "linkedissues",
        "linked",
        "relatedto",
        "related",
    ];
    pub const CREATED: &[&str] = &[
        "created",
        "datecreated",
        "createdat",
        "creationdate",
        "createddate",
    ];
    pub const INITIAL_STATE: &[&str] =
        &["initialstate", "initialstatus", "firststate", "firststatus"];
}

/// The column of a role: the one named (which must exist), else the first guess the header
/// has.
pub(crate) fn find_column(
    path: &Path,
    header: &[String],
    given: Option<&str>,
    guesses: &[&str],
    role: &str,
) -> Result<Option<usize>, LogError> {
    let normalized: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    if let Some(name) = given {
        let want = normalize(name);
        return match normalized.iter().position(|h| *h == want) {
            Some(i) => Ok(Some(i)),
            None => Err(LogError::Header {
                path: path.to_path_buf(),
                message: format!(
                    "no column {name:?} for the {role}; the header has: {}",
                    header.join(", ")
                ),
            }),
        };
    }
    Ok(guesses
        .iter()
        .find_map(|g| normalized.iter().position(|h| h == g)))
}

pub(crate) fn missing_column(path: &Path, header: &[String], role: &str, option: &str) -> LogError {
    LogError::Header {
        path: path.to_path_buf(),
        message: format!(
            "cannot tell which column holds the {role}: name it with {option} (the header has: {})",
            header.join(", ")
        ),
    }
}

/// Guesses the delimiter from the first line: the most frequent of `,` `;` tab `|` outside
/// quotes (a comma when none occurs).
pub fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in first_line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|c| *c == b) {
                counts[i] += 1;
            }
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .map(|(i, n)| (i, *n))
        .unwrap_or((0, 0));
    if n == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// The first line of a file (for sniffing), at most 64 KiB.
pub(crate) fn first_line(path: &Path) -> Result<Vec<u8>, LogError> {
    let file = std::fs::File::open(path).map_err(|e| LogError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut line = Vec::new();
    BufReader::new(file.take(64 * 1024))
        .read_until(b'\n', &mut line)
        .map_err(|e| LogError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
    Ok(line)
}

/// Which reader a log file needs: XES by its extension or its first bytes; OCEL by its
/// extension (`.json`, `.jsonocel`, `.sqlite`, `.sqlite3`, `.db`), a first `{` or SQLite's
/// header; a CSV whose header has a state and a time column is an event log; one with an ID
/// column but neither is in ActionableAgile's format.
pub fn detect_kind(path: &Path) -> Result<SourceKind, LogError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "xes" || ext == "xml" {
        return Ok(SourceKind::Xes);
    }
    if matches!(
        ext.as_str(),
        "json" | "jsonocel" | "sqlite" | "sqlite3" | "db"
    ) || is_sqlite(path)?
    {
        return Ok(SourceKind::Ocel);
    }
    let line = first_line(path)?;
    let text = String::from_utf8_lossy(&line);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<log") {
        return Ok(SourceKind::Xes);
    }
    if trimmed.starts_with('{') {
        return Ok(SourceKind::Ocel);
    }
    let delimiter = sniff_delimiter(&line);
    let header: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(trimmed.as_bytes())
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default();
    if header.is_empty() {
        return Err(LogError::Header {
            path: path.to_path_buf(),
            message: "the file is empty: expected a header line".into(),
        });
    }
    let has = |g: &[&str]| {
        header
            .iter()
            .map(|h| normalize(h))
            .any(|h| g.contains(&h.as_str()))
    };
    if has(guesses::STATE) && has(guesses::AT) {
        Ok(SourceKind::Csv)
    } else if has(&["id", "key"]) {
        Ok(SourceKind::ActionableAgile)
    } else {
        Ok(SourceKind::Csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_guessed_from_the_header() {
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;x\",b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }

    #[test]
    fn names_are_compared_loosely() {
        assert_eq!(normalize("Changed At"), "changedat");
        assert_eq!(normalize("time:timestamp"), "timetimestamp");
        assert_eq!(normalize("to_status"), "tostatus");
    }
}
