//! The file's items, state changes and links for process-mining tools (pm4py, Celonis, ProM):
//! OCEL 2.0 JSON ([`export_ocel`]) or SQLite ([`export_ocel_sqlite`]), both from one model
//! ([`ocel_log`]), and XES flattened per artifact type ([`export_xes`]).
//!
//! OCEL: every item is an object (its artifact type the object type, its title an attribute
//! `title` at its creation); the state changes of one source that enter the same state at the
//! same instant are one event of that type relating all their items (so an imported event that
//! related several objects comes back as one); links whose target is in the file are
//! object-to-object relations with their qualifier (or their kind, when they have none). An
//! object's id is its key, or `source/key` when two sources hold that key. Links to items not in
//! the file are left out (OCEL relations must name objects of the log).

use crate::error::{ApiError, ErrorCode};
use chrono::{DateTime, SecondsFormat, Utc};
use flowmap_connectors::eventlog::{
    write_sqlite, ObjectAttribute, Ocel, OcelEvent, OcelObject, OcelType, Relationship,
    TypeAttribute,
};
use flowmap_core::{Item, ItemId};
use flowmap_store::MapFile;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Each item's object id: its key, or `source/key` when another source has the key too.
fn object_ids(items: &[Item]) -> HashMap<ItemId, String> {
    let mut per_key: HashMap<&str, usize> = HashMap::new();
    for i in items {
        *per_key.entry(i.key.as_str()).or_default() += 1;
    }
    items
        .iter()
        .map(|i| {
            let id = if per_key[i.key.as_str()] > 1 {
                format!("{}/{}", i.source, i.key)
            } else {
                i.key.clone()
            };
            (i.id, id)
        })
        .collect()
}

/// The file's items, events and links as an OCEL 2.0 log in memory (what both formats write).
pub fn ocel_log(path: &Path) -> Result<Ocel, ApiError> {
    let file = MapFile::open(path)?;
    let items = file.items()?;
    let ids = object_ids(&items);
    let by_id: HashMap<ItemId, &Item> = items.iter().map(|i| (i.id, i)).collect();
    let mut by_key: HashMap<(&str, &str), ItemId> = HashMap::new();
    let mut any_source: HashMap<&str, Vec<ItemId>> = HashMap::new();
    for i in &items {
        by_key.insert((i.source.as_str(), i.key.as_str()), i.id);
        any_source.entry(i.key.as_str()).or_default().push(i.id);
    }
    let mut relations: BTreeMap<ItemId, Vec<Relationship>> = BTreeMap::new();
    for l in file.links()? {
        let targets: Vec<ItemId> = match &l.target.source {
            Some(s) => by_key
                .get(&(s.as_str(), l.target.key.as_str()))
                .copied()
                .into_iter()
                .collect(),
            None => any_source
                .get(l.target.key.as_str())
                .cloned()
                .unwrap_or_default(),
        };
        let qualifier = if l.qualifier.is_empty() {
            l.kind.as_str().to_string()
        } else {
            l.qualifier.clone()
        };
        for t in targets.into_iter().filter(|t| *t != l.from) {
            relations.entry(l.from).or_default().push(Relationship {
                object_id: ids[&t].clone(),
                qualifier: qualifier.clone(),
            });
        }
    }
    // Events: (source, instant, state) → the items entering it then, in file order.
    let mut events: BTreeMap<(DateTime<Utc>, String, String), Vec<ItemId>> = BTreeMap::new();
    for t in file.transitions()? {
        let Some(item) = by_id.get(&t.item) else {
            continue;
        };
        let objects = events
            .entry((t.at, item.source.clone(), t.to_state.clone()))
            .or_default();
        if !objects.contains(&t.item) {
            objects.push(t.item);
        }
    }
    let object_types: BTreeSet<&str> = items.iter().map(|i| i.artifact_type.as_str()).collect();
    let event_types: BTreeSet<String> = events.keys().map(|(_, _, s)| s.clone()).collect();
    let objects = items
        .iter()
        .map(|i| OcelObject {
            id: ids[&i.id].clone(),
            kind: i.artifact_type.clone(),
            attributes: vec![ObjectAttribute {
                name: "title".into(),
                time: time(i.created),
                value: Value::String(i.title.clone()),
            }],
            relationships: relations.remove(&i.id).unwrap_or_default(),
        })
        .collect();
    let events = events
        .into_iter()
        .enumerate()
        .map(|(n, ((at, _, state), objects))| OcelEvent {
            id: format!("e{}", n + 1),
            kind: state,
            time: time(at),
            relationships: objects
                .iter()
                .map(|o| Relationship {
                    object_id: ids[o].clone(),
                    qualifier: String::new(),
                })
                .collect(),
            ..OcelEvent::default()
        })
        .collect();
    Ok(Ocel {
        object_types: object_types
            .iter()
            .map(|t| OcelType {
                name: t.to_string(),
                attributes: vec![TypeAttribute {
                    name: "title".into(),
                    kind: "string".into(),
                }],
            })
            .collect(),
        event_types: event_types
            .into_iter()
            .map(|t| OcelType {
                name: t,
                attributes: Vec::new(),
            })
            .collect(),
        objects,
        events,
    })
}

/// The file's items, events and links as an OCEL 2.0 JSON log.
pub fn export_ocel(path: &Path) -> Result<Value, ApiError> {
    Ok(ocel_log(path)?.to_json())
}

/// Whether an export to `out` is OCEL's SQLite format (by its extension: `.sqlite`,
/// `.sqlite3`, `.db`) rather than JSON.
pub fn is_sqlite_name(out: &Path) -> bool {
    out.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| matches!(e.as_str(), "sqlite" | "sqlite3" | "db"))
}

/// Writes the file's items, events and links to `out` as an OCEL 2.0 SQLite log (replacing
/// it).
pub fn export_ocel_sqlite(path: &Path, out: &Path) -> Result<(), ApiError> {
    let log = ocel_log(path)?;
    write_sqlite(&log, out).map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A file name for an artifact type: letters, digits, `-` and `_` kept, the rest `_`.
fn file_name(artifact_type: &str) -> String {
    let name: String = artifact_type
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "items".into()
    } else {
        name
    }
}

/// Writes one XES log per artifact type into `dir` (created if missing): each item a trace
/// (`concept:name` its key), each state change an event (`concept:name` the state,
/// `time:timestamp`), in the order the file keeps them. Returns the files written.
pub fn export_xes(path: &Path, dir: &Path) -> Result<Vec<PathBuf>, ApiError> {
    let file = MapFile::open(path)?;
    let items = file.items()?;
    let mut changes: HashMap<ItemId, Vec<(DateTime<Utc>, String)>> = HashMap::new();
    for t in file.transitions()? {
        changes.entry(t.item).or_default().push((t.at, t.to_state));
    }
    let mut per_type: BTreeMap<&str, String> = BTreeMap::new();
    for i in &items {
        let out = per_type.entry(i.artifact_type.as_str()).or_default();
        let _ = write!(
            out,
            "  <trace>\n    <string key=\"concept:name\" value=\"{}\"/>\n    <string key=\"flowmap:source\" value=\"{}\"/>\n    <string key=\"flowmap:title\" value=\"{}\"/>\n",
            xml(&i.key),
            xml(&i.source),
            xml(&i.title)
        );
        for (at, state) in changes.get(&i.id).map(Vec::as_slice).unwrap_or_default() {
            let _ = write!(
                out,
                "    <event>\n      <string key=\"concept:name\" value=\"{}\"/>\n      <date key=\"time:timestamp\" value=\"{}\"/>\n    </event>\n",
                xml(state),
                time(*at)
            );
        }
        out.push_str("  </trace>\n");
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("{}: cannot create the folder: {e}", dir.display()),
        )
    })?;
    let mut written = Vec::new();
    for (kind, traces) in per_type {
        let out = dir.join(format!("{}.xes", file_name(kind)));
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"1849-2016\" xmlns=\"http://www.xes-standard.org/\">\n  <extension name=\"Concept\" prefix=\"concept\" uri=\"http://www.xes-standard.org/concept.xesext\"/>\n  <extension name=\"Time\" prefix=\"time\" uri=\"http://www.xes-standard.org/time.xesext\"/>\n  <string key=\"concept:name\" value=\"{}\"/>\n{traces}</log>\n",
            xml(kind)
        );
        std::fs::write(&out, body).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("{}: cannot write: {e}", out.display()),
            )
        })?;
        written.push(out);
    }
    Ok(written)
}
