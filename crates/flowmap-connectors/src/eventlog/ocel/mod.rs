//! OCEL 2.0 object-centric event logs (<https://www.ocel-standard.org>), in its JSON format
//! (`json.rs`: `objectTypes`, `eventTypes`, `objects`, `events`) and its relational SQLite
//! format (`sqlite.rs`: tables `event`, `object`, `event_object`, `object_object`,
//! `event_map_type`, `object_map_type`, `event_<Type>`, `object_<Type>`). Both readers fill one
//! in-memory model, [`Ocel`], and one conversion makes the items: each object is an item, its
//! type the artifact type and the latest value of its `title` (else `name`) attribute the
//! title. Each event is a state change, to the event's type, of every object it relates to, in
//! time order (events at one instant in the log's order). Object-to-object relations become
//! links of kind `object` with their qualifier; their targets are objects of the same log.
//! Object attribute values that change over time (a `status` attribute, SQLite rows with an
//! `ocel_changed_field`) are not state changes: only events move an object.
//!
//! The same model is what the export writes ([`Ocel::to_json`], [`write_sqlite`]).
//!
//! A missing field or table, an event relating an object the log does not define, or a time
//! that does not read stops the import naming the event or object (and for SQLite the table,
//! column and row), or is skipped and counted when the import skips bad rows.

mod json;
mod sqlite;
mod sqlite_write;

pub use sqlite_write::write_sqlite;

use crate::connector::{ItemSink, Pulled, SourceItem, SourceLink, StateChange};
use crate::error::{ConnectorError, LogError};
use crate::time::TimeParser;
use flowmap_core::{LinkKind, LinkTarget};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The first bytes of every SQLite database file.
pub const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// An OCEL 2.0 log in memory, as the JSON format spells it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ocel {
    #[serde(default)]
    pub object_types: Vec<OcelType>,
    #[serde(default)]
    pub event_types: Vec<OcelType>,
    pub objects: Vec<OcelObject>,
    pub events: Vec<OcelEvent>,
}

/// An object or event type and its attributes' declared types.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OcelType {
    pub name: String,
    #[serde(default)]
    pub attributes: Vec<TypeAttribute>,
}

/// A declared attribute: its name and type (`string`, `time`, `integer`, `float`, `boolean`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeAttribute {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// An object: an item of Flowmap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OcelObject {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub attributes: Vec<ObjectAttribute>,
    #[serde(default)]
    pub relationships: Vec<Relationship>,
}

/// An object attribute's value from a time on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectAttribute {
    pub name: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub value: Value,
}

/// An event-to-object or object-to-object relation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    #[serde(rename = "objectId")]
    pub object_id: String,
    #[serde(default)]
    pub qualifier: String,
}

/// An event: a state change of every object it relates to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OcelEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub time: String,
    #[serde(default)]
    pub attributes: Vec<EventAttribute>,
    #[serde(default)]
    pub relationships: Vec<Relationship>,
    /// Where the reader found it, for errors (" (table event_Create, row 3)"); empty in JSON.
    #[serde(skip)]
    pub place: String,
}

/// An event attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventAttribute {
    pub name: String,
    #[serde(default)]
    pub value: Value,
}

impl Ocel {
    /// The log as OCEL 2.0 JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Reads a log in either format, told by the file's first bytes: SQLite's header, else JSON.
    pub fn read(path: &Path) -> Result<Ocel, LogError> {
        if is_sqlite(path)? {
            sqlite::read(path)
        } else {
            json::read(path)
        }
    }
}

/// Whether the file starts with SQLite's header.
pub fn is_sqlite(path: &Path) -> Result<bool, LogError> {
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| LogError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(LogError::Io {
                    path: path.to_path_buf(),
                    source: e,
                })
            }
        }
    }
    Ok(n == head.len() && &head == SQLITE_HEADER)
}

/// How to read an OCEL log.
#[derive(Clone, Debug)]
pub struct OcelOptions {
    /// Reads the events' times (RFC 3339 in the files the standard shows).
    pub time: TimeParser,
    /// Skip (and count) events that cannot be read instead of stopping.
    pub skip_bad_rows: bool,
}

/// An OCEL 2.0 log, JSON or SQLite.
pub struct OcelLog {
    pub(crate) path: PathBuf,
    options: OcelOptions,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// An object's title: the latest value (by its time; the log's order at one time) of its
/// `title` attribute, else of its `name` attribute.
fn title(o: &OcelObject, time: &TimeParser) -> String {
    for wanted in ["title", "name"] {
        let latest = o
            .attributes
            .iter()
            .enumerate()
            .filter(|(_, a)| a.name.eq_ignore_ascii_case(wanted))
            .filter_map(|(n, a)| {
                let at = time
                    .parse(&a.time)
                    .map_or(i64::MIN, |p| p.at.timestamp_millis());
                text(&a.value).map(|v| ((at, n), v))
            })
            .max_by_key(|(k, _)| *k);
        if let Some((_, v)) = latest {
            return v;
        }
    }
    String::new()
}

impl OcelLog {
    pub fn new(path: &Path, options: OcelOptions) -> Self {
        OcelLog {
            path: path.to_path_buf(),
            options,
        }
    }

    fn bad(&self, message: String) -> ConnectorError {
        LogError::Header {
            path: self.path.clone(),
            message,
        }
        .into()
    }

    fn read(&self, sink: &mut dyn ItemSink) -> Result<Pulled, ConnectorError> {
        let log = Ocel::read(&self.path)?;
        self.convert(log, sink)
    }

    /// The one conversion of a log, whichever format it was read from, into items.
    fn convert(&self, log: Ocel, sink: &mut dyn ItemSink) -> Result<Pulled, ConnectorError> {
        let mut items: Vec<SourceItem> = Vec::with_capacity(log.objects.len());
        let mut index: HashMap<String, usize> = HashMap::with_capacity(log.objects.len());
        for o in log.objects {
            if o.id.trim().is_empty() {
                return Err(self.bad(format!("an object of type {:?} has no id", o.kind)));
            }
            if index.insert(o.id.clone(), items.len()).is_some() {
                return Err(self.bad(format!("object {:?} is defined twice", o.id)));
            }
            let title = title(&o, &self.options.time);
            items.push(SourceItem {
                key: o.id,
                title,
                artifact_type: o.kind,
                links: o
                    .relationships
                    .into_iter()
                    .map(|r| SourceLink {
                        kind: LinkKind::Object,
                        target: LinkTarget {
                            source: None,
                            key: r.object_id,
                        },
                        qualifier: r.qualifier,
                    })
                    .collect(),
                ..SourceItem::default()
            });
        }
        let mut pulled = Pulled::default();
        let mut skipped = 0u64;
        let mut first_skipped: Option<String> = None;
        let mut events: Vec<(i64, usize, chrono::DateTime<chrono::Utc>, OcelEvent)> =
            Vec::with_capacity(log.events.len());
        for (n, e) in log.events.into_iter().enumerate() {
            pulled.records += 1;
            let time = self.options.time.parse(&e.time);
            let problem = match &time {
                Err(why) => Some(format!(
                    "event {:?}{}: time {:?}: {why}",
                    e.id, e.place, e.time
                )),
                Ok(_) if e.kind.trim().is_empty() => {
                    Some(format!("event {:?}{} has no type", e.id, e.place))
                }
                Ok(_) => e
                    .relationships
                    .iter()
                    .find(|r| !index.contains_key(&r.object_id))
                    .map(|r| {
                        format!(
                            "event {:?}{} relates object {:?}, which the log does not define",
                            e.id, e.place, r.object_id
                        )
                    }),
            };
            if let Some(message) = problem {
                if !self.options.skip_bad_rows {
                    return Err(self.bad(message));
                }
                skipped += 1;
                first_skipped.get_or_insert(message);
                continue;
            }
            let Ok(parsed) = time else { continue };
            if parsed.zoneless {
                pulled.zoneless += 1;
            }
            events.push((parsed.at.timestamp_millis(), n, parsed.at, e));
        }
        // Time order; events at one instant in the log's order.
        events.sort_by_key(|(ms, n, _, _)| (*ms, *n));
        for (_, _, at, e) in events {
            let mut seen: Vec<usize> = Vec::with_capacity(e.relationships.len());
            for r in &e.relationships {
                let i = index[&r.object_id];
                if seen.contains(&i) {
                    continue;
                }
                seen.push(i);
                items[i].changes.push(StateChange {
                    at,
                    from: None,
                    to: e.kind.clone(),
                });
            }
        }
        if let Some(first) = first_skipped {
            pulled.notices.push(format!(
                "skipped {skipped} events that could not be read (the first: {first})"
            ));
        }
        for item in items {
            pulled.items += 1;
            sink.item(item)?;
        }
        Ok(pulled)
    }
}

log_connector!(OcelLog, "OCEL 2.0 log");
