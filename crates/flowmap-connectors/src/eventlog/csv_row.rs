//! One row of a CSV event log: its cells, trimmed and bounded, its time, its parent and links,
//! each error naming the file, line and column.

use crate::connector::SourceLink;
use crate::error::{quoted, LogError, MAX_NAME_CHARS};
use crate::time::TimeParser;
use flowmap_core::{LinkKind, LinkTarget};
use std::path::Path;

pub(super) fn opt(row: &Row<'_>, col: Option<usize>) -> Result<Option<String>, LogError> {
    match col {
        Some(i) => Ok(row.optional(i)?.map(str::to_string)),
        None => Ok(None),
    }
}

pub(super) struct Row<'a> {
    pub path: &'a Path,
    pub header: &'a [String],
    pub record: &'a csv::ByteRecord,
    pub line: u64,
    /// The record's fields as one text, when it is all UTF-8 ([`Row::text_of`]): checked once
    /// per row instead of once per field.
    pub text: Option<&'a str>,
}

/// The text of all of `record`'s fields, when it is UTF-8 (a field is then cut from it at char
/// boundaries: a field that cuts a character in two is still found not to be UTF-8).
pub(super) fn text_of(record: &csv::ByteRecord) -> Option<&str> {
    std::str::from_utf8(record.as_slice()).ok()
}

/// `text` without the leading and trailing white space `str::trim` removes, quickly when it
/// begins and ends with a printable ASCII character (nothing to trim: the common case).
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&f), Some(&l)) if (b'!'..=b'~').contains(&f) && (b'!'..=b'~').contains(&l) => text,
        _ => text.trim(),
    }
}

impl Row<'_> {
    fn field_error(&self, column: usize, message: String) -> LogError {
        LogError::Field {
            path: self.path.to_path_buf(),
            line: self.line,
            column: self.header.get(column).cloned().unwrap_or_default(),
            message,
        }
    }

    /// The trimmed text of a cell; `None` when empty or missing.
    pub fn optional(&self, column: usize) -> Result<Option<&str>, LogError> {
        let Some(range) = self.record.range(column) else {
            return Ok(None);
        };
        let text = match self.text.and_then(|t| t.get(range.clone())) {
            Some(text) => text,
            None => std::str::from_utf8(&self.record.as_slice()[range])
                .map_err(|e| self.field_error(column, format!("not UTF-8 text ({e})")))?,
        };
        let text = trim(text);
        // A field of at most MAX_NAME_CHARS bytes has at most as many characters: only longer
        // ones are counted.
        let chars = if text.len() <= MAX_NAME_CHARS {
            text.len()
        } else {
            text.chars().count()
        };
        if chars > MAX_NAME_CHARS {
            return Err(self.field_error(
                column,
                format!(
                    "{} characters, more than the {MAX_NAME_CHARS} a field may hold (it begins {})",
                    chars,
                    quoted(text)
                ),
            ));
        }
        Ok(if text.is_empty() { None } else { Some(text) })
    }

    pub fn required(&self, column: usize, role: &str) -> Result<&str, LogError> {
        if self.record.get(column).is_none() {
            return Err(LogError::Row {
                path: self.path.to_path_buf(),
                line: self.line,
                message: format!(
                    "{} fields, but the {role} is in column {} ({:?})",
                    self.record.len(),
                    column + 1,
                    self.header.get(column).cloned().unwrap_or_default()
                ),
            });
        }
        self.optional(column)?
            .ok_or_else(|| self.field_error(column, format!("the {role} is empty")))
    }

    /// Adds the row's parent and links (see [`Columns`]) to `out`, each once.
    pub fn links(
        &self,
        parent: Option<usize>,
        links: Option<usize>,
        out: &mut Vec<SourceLink>,
    ) -> Result<(), LogError> {
        let mut add = |kind: LinkKind, key: &str| {
            if !out.iter().any(|l| l.kind == kind && l.target.key == key) {
                out.push(SourceLink {
                    kind,
                    target: LinkTarget {
                        source: None,
                        key: key.to_string(),
                    },
                    qualifier: String::new(),
                });
            }
        };
        if let Some(key) = parent.map(|i| self.optional(i)).transpose()?.flatten() {
            add(LinkKind::Parent, key);
        }
        let Some(i) = links else {
            return Ok(());
        };
        let Some(cell) = self.optional(i)? else {
            return Ok(());
        };
        for entry in cell.split([',', ';', ' ', '\t']).filter(|e| !e.is_empty()) {
            let (kind, key) = match entry.split_once(':') {
                Some((kind, key)) if !key.is_empty() => {
                    let kind = kind.parse::<LinkKind>().map_err(|e| {
                        self.field_error(i, format!("{e} (in {entry:?}: write KIND:KEY or KEY)"))
                    })?;
                    (kind, key)
                }
                _ => (LinkKind::Relates, entry),
            };
            add(kind, key);
        }
        Ok(())
    }

    pub fn time(
        &self,
        column: usize,
        parser: &TimeParser,
    ) -> Result<crate::time::Parsed, LogError> {
        let text = self.required(column, "timestamp")?;
        parser.parse(text).map_err(|m| self.field_error(column, m))
    }

    /// [`Row::time`] as Unix nanoseconds and whether the text had no zone.
    pub fn time_nanos(&self, column: usize, parser: &TimeParser) -> Result<(i64, bool), LogError> {
        let text = self.required(column, "timestamp")?;
        parser
            .parse_nanos(text)
            .map_err(|m| self.field_error(column, m))
    }
}
