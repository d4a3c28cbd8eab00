//! XES (IEEE 1849), the process-mining standard, read as a stream of XML events.
//!
//! Each `<trace>` is an item, keyed by its `concept:name` (or "trace N" when it has none).
//! Each `<event>` is a state change: its `concept:name` is the state, entered at its
//! `time:timestamp`. Events are taken in time order (ties keep file order). Where an event
//! has a `lifecycle:transition`:
//! - `start` and `resume` enter the activity's state (`Review`);
//! - `complete` of a started activity enters `Waiting after Review` — the time between one
//!   activity's end and the next one's start is waiting, not work; a `complete` without a
//!   `start` (logs of complete events only) enters the activity's state;
//! - `schedule`, `assign` and `reassign` enter `Ready for Review`; `suspend` enters
//!   `Review on hold`;
//! - aborts, withdrawals and skips change nothing.
//!
//! Nested attributes, lists and containers are passed over; global defaults and
//! classifiers are not used.

use super::csv_log::Stats;
use super::DEFAULT_TYPE;
use crate::connector::{ItemSink, Pulled, SourceItem, StateChange};
use crate::error::{quoted, ConnectorError, LogError, MAX_NAME_CHARS};
use crate::time::TimeParser;
use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// How to read an XES file.
#[derive(Clone, Debug)]
pub struct XesOptions {
    /// For timestamps without a zone (XES dates should have one).
    pub time: TimeParser,
    /// The artifact type of every trace (XES has no standard attribute for one).
    pub default_type: String,
    /// Skip events that cannot be read (counting them) instead of stopping.
    pub skip_bad_rows: bool,
}

impl Default for XesOptions {
    fn default() -> Self {
        XesOptions {
            time: TimeParser::default(),
            default_type: DEFAULT_TYPE.to_string(),
            skip_bad_rows: false,
        }
    }
}

/// An XES event log (see the module documentation).
#[derive(Clone, Debug)]
pub struct XesLog {
    path: PathBuf,
    options: XesOptions,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Element {
    Log,
    Trace,
    Event,
    Attribute,
    Other,
}

#[derive(Default)]
struct RawEvent {
    name: Option<String>,
    lifecycle: Option<String>,
    at: Option<DateTime<Utc>>,
    offset: u64,
}

#[derive(Default)]
struct RawTrace {
    name: Option<String>,
    title: Option<String>,
    events: Vec<RawEvent>,
}

impl XesLog {
    pub fn new(path: impl Into<PathBuf>, options: XesOptions) -> Self {
        XesLog {
            path: path.into(),
            options,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn read(&self, sink: &mut dyn ItemSink) -> Result<Pulled, ConnectorError> {
        let path = &self.path;
        let file = File::open(path).map_err(|e| LogError::Io {
            path: path.clone(),
            source: e,
        })?;
        let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, file));
        reader.config_mut().trim_text(true);
        let mut buf = Vec::new();
        let mut stack: Vec<Element> = Vec::new();
        let mut trace: Option<RawTrace> = None;
        let mut event: Option<RawEvent> = None;
        let mut traces = 0u64;
        let mut seen_log = false;
        let mut stats = Stats::default();
        loop {
            let offset = reader.buffer_position();
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| LogError::Xes {
                    path: path.clone(),
                    line: line_at(path, reader.error_position()),
                    message: format!("not well-formed XML: {e}"),
                })?;
            let (start, empty) = match &ev {
                Event::Start(s) => (Some(s), false),
                Event::Empty(s) => (Some(s), true),
                _ => (None, false),
            };
            if let Some(s) = start {
                // Where the tag starts: its '<', past any whitespace before it.
                let tag = s.len() as u64 + if empty { 3 } else { 2 };
                let offset = reader.buffer_position().saturating_sub(tag).max(offset);
                let name = s.local_name();
                let parent = stack.last().copied();
                let element = match (name.as_ref(), parent) {
                    ("log", None) => {
                        seen_log = true;
                        Element::Log
                    }
                    ("trace", Some(Element::Log)) => {
                        traces += 1;
                        trace = Some(RawTrace::default());
                        Element::Trace
                    }
                    ("event", Some(Element::Trace)) => {
                        event = Some(RawEvent {
                            offset,
                            ..RawEvent::default()
                        });
                        Element::Event
                    }
                    (
                        "string" | "date" | "int" | "float" | "boolean" | "id" | "list"
                        | "container",
                        Some(p),
                    ) => {
                        match p {
                            Element::Trace => {
                                if let Some(t) = trace.as_mut() {
                                    if let Err(m) = read_trace_attribute(s, t) {
                                        let err = LogError::Xes {
                                            path: path.clone(),
                                            line: line_at(path, offset),
                                            message: m,
                                        };
                                        stats.bad_row(err, self.options.skip_bad_rows)?;
                                    }
                                }
                            }
                            Element::Event => {
                                if let Some(e) = event.as_mut() {
                                    match read_event_attribute(s, e, &self.options.time) {
                                        Ok(zoneless) => stats.zoneless += zoneless as u64,
                                        Err(m) => {
                                            let err = LogError::Xes {
                                                path: path.clone(),
                                                line: line_at(path, offset),
                                                message: m,
                                            };
                                            stats.bad_row(err, self.options.skip_bad_rows)?;
                                            e.name = None; // drop the event
                                            e.at = None;
                                            e.lifecycle = Some("__bad".into());
                                        }
                                    }
                                }
                            }
                            _ => {}
                        }
                        Element::Attribute
                    }
                    (_, None) => {
                        return Err(LogError::Xes {
                            path: path.clone(),
                            line: line_at(path, offset),
                            message: format!("expected an XES <log>, found <{}>", name.as_ref()),
                        }
                        .into())
                    }
                    _ => Element::Other,
                };
                if empty {
                    self.close(element, &mut trace, &mut event, sink, &mut stats, traces)?;
                } else {
                    stack.push(element);
                }
            } else if let Event::End(_) = ev {
                if let Some(element) = stack.pop() {
                    self.close(element, &mut trace, &mut event, sink, &mut stats, traces)?;
                }
            } else if let Event::Eof = ev {
                break;
            }
            buf.clear();
        }
        if !seen_log {
            return Err(LogError::Xes {
                path: path.clone(),
                line: 1,
                message: "no XES <log> element".into(),
            }
            .into());
        }
        if !stack.is_empty() {
            return Err(LogError::Xes {
                path: path.clone(),
                line: line_at(path, u64::MAX),
                message: "the file ends inside an element (truncated?)".into(),
            }
            .into());
        }
        Ok(stats.finish_with_zone(self.options.time.zone(), self.options.time.zone_given()))
    }

    fn close(
        &self,
        element: Element,
        trace: &mut Option<RawTrace>,
        event: &mut Option<RawEvent>,
        sink: &mut dyn ItemSink,
        stats: &mut Stats,
        traces: u64,
    ) -> Result<(), ConnectorError> {
        match element {
            Element::Event => {
                if let (Some(e), Some(t)) = (event.take(), trace.as_mut()) {
                    stats.records += 1;
                    if e.lifecycle.as_deref() == Some("__bad") {
                        return Ok(());
                    }
                    let problem = match (&e.name, &e.at) {
                        (None, _) => Some("an event without a concept:name"),
                        (_, None) => Some("an event without a time:timestamp"),
                        _ => None,
                    };
                    if let Some(p) = problem {
                        let err = LogError::Xes {
                            path: self.path.clone(),
                            line: line_at(&self.path, e.offset),
                            message: format!(
                                "{p} in trace {:?}",
                                t.name.clone().unwrap_or_else(|| format!("trace {traces}"))
                            ),
                        };
                        stats.bad_row(err, self.options.skip_bad_rows)?;
                        return Ok(());
                    }
                    t.events.push(e);
                }
            }
            Element::Trace => {
                if let Some(t) = trace.take() {
                    stats.items += 1;
                    sink.item(self.item(t, traces))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn item(&self, mut t: RawTrace, index: u64) -> SourceItem {
        t.events.sort_by_key(|e| e.at);
        let mut started: HashSet<String> = HashSet::new();
        let mut changes: Vec<StateChange> = Vec::new();
        for e in t.events {
            let (Some(name), Some(at)) = (e.name, e.at) else {
                continue;
            };
            let lifecycle = e.lifecycle.map(|l| l.to_ascii_lowercase());
            let state = match lifecycle.as_deref() {
                None | Some("complete") => {
                    if started.remove(&name) {
                        Some(format!("Waiting after {name}"))
                    } else {
                        Some(name)
                    }
                }
                Some("start") | Some("resume") => {
                    started.insert(name.clone());
                    Some(name)
                }
                Some("schedule") | Some("assign") | Some("reassign") => {
                    Some(format!("Ready for {name}"))
                }
                Some("suspend") => Some(format!("{name} on hold")),
                Some("ate_abort") | Some("pi_abort") | Some("withdraw") | Some("manualskip")
                | Some("autoskip") => {
                    started.remove(&name);
                    None
                }
                Some(_) => Some(name),
            };
            if let Some(to) = state {
                changes.push(StateChange {
                    at,
                    from: changes.last().map(|c| c.to.clone()),
                    to,
                });
            }
        }
        SourceItem {
            key: t.name.unwrap_or_else(|| format!("trace {index}")),
            title: t.title.unwrap_or_default(),
            artifact_type: self.options.default_type.clone(),
            created: None,
            link: None,
            changes,
            links: Vec::new(),
        }
    }
}

fn attr(s: &BytesStart<'_>, key: &str) -> Option<String> {
    s.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// The value of a name-like attribute, refused past [`MAX_NAME_CHARS`] (docs/sources.md).
fn bounded_value(s: &BytesStart<'_>, key: &str) -> Result<Option<String>, String> {
    match attr(s, "value") {
        Some(v) if v.chars().count() > MAX_NAME_CHARS => Err(format!(
            "{key}: {} characters, more than the {MAX_NAME_CHARS} a name may hold (it begins {})",
            v.chars().count(),
            quoted(&v)
        )),
        v => Ok(v),
    }
}

fn read_trace_attribute(s: &BytesStart<'_>, t: &mut RawTrace) -> Result<(), String> {
    match attr(s, "key").as_deref() {
        Some(key @ "concept:name") => {
            t.name = bounded_value(s, key)?.filter(|v| !v.trim().is_empty())
        }
        Some(key @ ("title" | "description")) => t.title = bounded_value(s, key)?,
        _ => {}
    }
    Ok(())
}

fn read_event_attribute(
    s: &BytesStart<'_>,
    e: &mut RawEvent,
    time: &TimeParser,
) -> Result<bool, String> {
    match attr(s, "key").as_deref() {
        Some(key @ "concept:name") => {
            e.name = bounded_value(s, key)?
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        }
        Some(key @ "lifecycle:transition") => e.lifecycle = bounded_value(s, key)?,
        Some("time:timestamp") => {
            let v = attr(s, "value").unwrap_or_default();
            let parsed = time.parse(&v).map_err(|m| format!("time:timestamp: {m}"))?;
            e.at = Some(parsed.at);
            return Ok(parsed.zoneless);
        }
        _ => {}
    }
    Ok(false)
}

/// The 1-based line of a byte offset in the file (the last line for offsets past its end).
fn line_at(path: &Path, offset: u64) -> u64 {
    let Ok(file) = File::open(path) else { return 0 };
    let mut line = 1u64;
    let mut seen = 0u64;
    let mut buf = [0u8; 1 << 16];
    let mut reader = BufReader::new(file);
    while seen < offset {
        let Ok(n) = reader.read(&mut buf) else { break };
        if n == 0 {
            break;
        }
        let take = ((offset - seen) as usize).min(n);
        line += buf[..take].iter().filter(|b| **b == b'\n').count() as u64;
        seen += n as u64;
    }
    line
}

log_connector!(XesLog, "XES log");
