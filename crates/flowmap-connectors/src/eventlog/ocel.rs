//! OCEL 2.0 object-centric event logs, JSON format (<https://www.ocel-standard.org>, "JSON
//! format": `objectTypes`, `eventTypes`, `objects`, `events`). Each object is an item, its type
//! the artifact type and its `title` or `name` attribute (when it has one) the title. Each event
//! is a state change, to the event's type, of every object it relates to, in time order (events
//! at one instant in file order). Object-to-object relations become links of kind `object` with
//! their qualifier; their targets are objects of the same log.
//!
//! A missing field, an event relating an object the log does not define, or a time that does
//! not read stops the import with the event or object named, or is skipped and counted when the
//! import skips bad rows.

use crate::connector::{ItemSink, Pulled, SourceItem, SourceLink, StateChange};
use crate::error::{ConnectorError, LogError};
use crate::time::TimeParser;
use flowmap_core::{LinkKind, LinkTarget};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How to read an OCEL log.
#[derive(Clone, Debug)]
pub struct OcelOptions {
    /// Reads the events' `time` (RFC 3339 in the files the standard shows).
    pub time: TimeParser,
    /// Skip (and count) events that cannot be read instead of stopping.
    pub skip_bad_rows: bool,
}

/// An OCEL 2.0 JSON log.
pub struct OcelLog {
    pub(crate) path: PathBuf,
    options: OcelOptions,
}

#[derive(Deserialize)]
struct Log {
    objects: Vec<Object>,
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct Object {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    attributes: Vec<Attribute>,
    #[serde(default)]
    relationships: Vec<Relationship>,
}

#[derive(Deserialize)]
struct Attribute {
    name: String,
    #[serde(default)]
    value: serde_json::Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Relationship {
    object_id: String,
    #[serde(default)]
    qualifier: String,
}

#[derive(Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    time: String,
    #[serde(default)]
    relationships: Vec<Relationship>,
}

fn text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
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
        let file = std::fs::File::open(&self.path).map_err(|e| LogError::Io {
            path: self.path.clone(),
            source: e,
        })?;
        let log: Log =
            serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| LogError::Row {
                path: self.path.clone(),
                line: e.line() as u64,
                message: format!("not an OCEL 2.0 JSON log: {e}"),
            })?;
        let mut items: Vec<SourceItem> = Vec::with_capacity(log.objects.len());
        let mut index: HashMap<String, usize> = HashMap::with_capacity(log.objects.len());
        for o in log.objects {
            if o.id.trim().is_empty() {
                return Err(self.bad(format!("an object of type {:?} has no id", o.kind)));
            }
            if index.insert(o.id.clone(), items.len()).is_some() {
                return Err(self.bad(format!("object {:?} is defined twice", o.id)));
            }
            let title = o
                .attributes
                .iter()
                .find(|a| {
                    a.name.eq_ignore_ascii_case("title") || a.name.eq_ignore_ascii_case("name")
                })
                .and_then(|a| text(&a.value))
                .unwrap_or_default();
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
        let mut events: Vec<(i64, usize, chrono::DateTime<chrono::Utc>, Event)> =
            Vec::with_capacity(log.events.len());
        for (n, e) in log.events.into_iter().enumerate() {
            pulled.records += 1;
            let time = self.options.time.parse(&e.time);
            let problem = match &time {
                Err(why) => Some(format!("event {:?}: time {:?}: {why}", e.id, e.time)),
                Ok(_) if e.kind.trim().is_empty() => Some(format!("event {:?} has no type", e.id)),
                Ok(_) => e
                    .relationships
                    .iter()
                    .find(|r| !index.contains_key(&r.object_id))
                    .map(|r| {
                        format!(
                            "event {:?} relates object {:?}, which the log does not define",
                            e.id, r.object_id
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
        // Time order; events at one instant in file order.
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
