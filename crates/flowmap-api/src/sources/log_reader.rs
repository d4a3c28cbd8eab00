//! The reader of an event log, chosen by its format (CSV, ActionableAgile CSV, XES or OCEL 2.0) and set up
//! from the import's options (columns, delimiter, time zone and format, default type).

use crate::error::ApiError;
use crate::wire::ImportLogOptions;
use flowmap_connectors::eventlog::{
    ActionableAgileLog, ActionableAgileOptions, Columns, CsvLog, CsvOptions, ItemsFile, OcelLog,
    OcelOptions, XesLog, XesOptions, DEFAULT_TYPE,
};
use flowmap_connectors::time::{TimeParser, Zone};
use flowmap_connectors::{Connector, SourceKind};
use std::path::Path;

/// An event log reader of any of the three formats.
pub(super) enum LogReader {
    Csv(CsvLog),
    ActionableAgile(ActionableAgileLog),
    Xes(XesLog),
    Ocel(OcelLog),
}

impl LogReader {
    pub(super) fn connector(&self) -> &dyn Connector {
        match self {
            LogReader::Csv(r) => r,
            LogReader::ActionableAgile(r) => r,
            LogReader::Xes(r) => r,
            LogReader::Ocel(r) => r,
        }
    }
}

pub(super) fn log_reader(
    kind: SourceKind,
    log: &Path,
    o: &ImportLogOptions,
) -> Result<LogReader, ApiError> {
    let zone = match &o.tz {
        Some(z) => Some(
            z.parse::<Zone>()
                .map_err(|e| ApiError::invalid_argument(e.to_string()))?,
        ),
        None => None,
    };
    let time = TimeParser::new(zone, o.time_format.clone());
    let delimiter = match &o.delimiter {
        None => None,
        Some(d) => {
            let d = if d == "\\t" || d.eq_ignore_ascii_case("tab") {
                "\t"
            } else {
                d.as_str()
            };
            match d.as_bytes() {
                [b] if b.is_ascii() => Some(*b),
                _ => {
                    return Err(ApiError::invalid_argument(format!(
                        "the delimiter must be one character, not {d:?}"
                    )))
                }
            }
        }
    };
    let default_type = o
        .default_type
        .clone()
        .unwrap_or_else(|| DEFAULT_TYPE.to_string());
    let c = &o.columns;
    Ok(match kind {
        SourceKind::Csv => LogReader::Csv(CsvLog::new(
            log,
            CsvOptions {
                columns: Columns {
                    item: c.item.clone(),
                    state: c.state.clone(),
                    at: c.at.clone(),
                    from: c.from.clone(),
                    item_type: c.item_type.clone(),
                    title: c.title.clone(),
                    link: c.link.clone(),
                    parent: c.parent.clone(),
                    links: c.links.clone(),
                },
                delimiter,
                time,
                default_type,
                skip_bad_rows: o.skip_bad_rows,
                items: o.items_file.as_ref().map(|p| ItemsFile {
                    path: p.into(),
                    created: o.created_column.clone(),
                    initial_state: o.initial_state_column.clone(),
                }),
            },
        )),
        SourceKind::ActionableAgile => LogReader::ActionableAgile(ActionableAgileLog::new(
            log,
            ActionableAgileOptions {
                id: c.item.clone(),
                title: c.title.clone(),
                link: c.link.clone(),
                item_type: c.item_type.clone(),
                stages: o.stages.clone(),
                delimiter,
                time,
                default_type,
                skip_bad_rows: o.skip_bad_rows,
            },
        )),
        SourceKind::Xes => LogReader::Xes(XesLog::new(
            log,
            XesOptions {
                time,
                default_type,
                skip_bad_rows: o.skip_bad_rows,
            },
        )),
        SourceKind::Ocel => LogReader::Ocel(OcelLog::new(
            log,
            OcelOptions {
                time,
                skip_bad_rows: o.skip_bad_rows,
            },
        )),
        other => {
            return Err(ApiError::invalid_argument(format!(
                "{other} is not a log format: expected csv, actionable-agile, xes or ocel"
            )))
        }
    })
}
