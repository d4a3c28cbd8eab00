//! OCEL 2.0's relational format in SQLite (the specification's "Relational Format"; pm4py's
//! `ocel20` SQLite importer and exporter read and write the same tables) read into the model:
//!
//! - `event` (`ocel_id`, `ocel_type`) and `object` (`ocel_id`, `ocel_type`): every event and
//!   object with its type; events keep this table's order;
//! - `event_map_type` and `object_map_type` (`ocel_type`, `ocel_type_map`): each type's table
//!   suffix;
//! - `event_<suffix>` (`ocel_id`, `ocel_time`, attributes…): each event's time and attributes;
//! - `object_<suffix>` (`ocel_id`, `ocel_time`, `ocel_changed_field`, attributes…): an object's
//!   attribute values, a row with no `ocel_changed_field` giving its values from `ocel_time`
//!   on, a row naming one giving that attribute's new value at `ocel_time`;
//! - `event_object` (`ocel_event_id`, `ocel_object_id`, `ocel_qualifier`) and
//!   `object_object` (`ocel_source_id`, `ocel_target_id`, `ocel_qualifier`): the relations
//!   (a log without `object_object` has no object-to-object relations).
//!
//! Names of tables and columns are compared without case, as SQLite does. The file is opened
//! read-only. What is missing or names what does not exist is refused naming the table, the
//! column and the row (counted from 1 in the table's order).

use super::{
    EventAttribute, ObjectAttribute, Ocel, OcelEvent, OcelObject, OcelType, Relationship,
    TypeAttribute,
};
use crate::error::LogError;
use rusqlite::types::Value as Cell;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// One table read whole: its columns (name, declared type) and rows.
struct Table {
    name: String,
    columns: Vec<(String, String)>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    fn find(&self, column: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|(c, _)| c.eq_ignore_ascii_case(column))
    }
}

/// A cell as text (numbers written out); `None` for NULL.
fn text(c: &Cell) -> Option<String> {
    match c {
        Cell::Null => None,
        Cell::Integer(i) => Some(i.to_string()),
        Cell::Real(f) => Some(f.to_string()),
        Cell::Text(s) => Some(s.clone()),
        Cell::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
    }
}

fn json(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Integer(i) => Value::from(*i),
        Cell::Real(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        other => Value::String(text(other).unwrap_or_default()),
    }
}

/// The OCEL attribute type of a column's declared SQL type.
fn attribute_type(sql: &str) -> &'static str {
    let t = sql.to_ascii_uppercase();
    if t.contains("INT") {
        "integer"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "float"
    } else if t.contains("BOOL") {
        "boolean"
    } else if t.contains("TIME") || t.contains("DATE") {
        "time"
    } else {
        "string"
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

struct Db<'a> {
    path: &'a Path,
    conn: Connection,
    tables: Vec<String>,
}

impl<'a> Db<'a> {
    fn open(path: &'a Path) -> Result<Self, LogError> {
        let bad = |e: rusqlite::Error| LogError::Header {
            path: path.to_path_buf(),
            message: format!("cannot read it as SQLite: {e}"),
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(bad)?;
        let tables = conn
            .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(bad)?;
        Ok(Db { path, conn, tables })
    }

    fn bad(&self, message: String) -> LogError {
        LogError::Header {
            path: self.path.to_path_buf(),
            message,
        }
    }

    fn has(&self, table: &str) -> Option<&str> {
        self.tables
            .iter()
            .find(|t| t.eq_ignore_ascii_case(table))
            .map(String::as_str)
    }

    /// Refuses a file that lacks any of `tables`, naming them all and the tables it has.
    fn check_tables(&self, tables: &[&str]) -> Result<(), LogError> {
        let missing: Vec<String> = tables
            .iter()
            .filter(|t| self.has(t).is_none())
            .map(|t| format!("{t:?}"))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(self.bad(format!(
            "not an OCEL 2.0 SQLite log: it has no table {} (its tables: {})",
            missing.join(", "),
            if self.tables.is_empty() {
                "none".to_string()
            } else {
                self.tables.join(", ")
            }
        )))
    }

    /// A table the layout requires, read whole with `columns` checked.
    fn require(&self, table: &str, columns: &[&str]) -> Result<Table, LogError> {
        self.check_tables(&[table])?;
        self.read(table, columns)
    }

    fn read(&self, table: &str, columns: &[&str]) -> Result<Table, LogError> {
        let sql = |e: rusqlite::Error| self.bad(format!("table {table:?}: {e}"));
        let mut info = self
            .conn
            .prepare(&format!("PRAGMA table_info({})", quote(table)))
            .map_err(sql)?;
        let declared = info
            .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(sql)?;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {}", quote(table)))
            .map_err(sql)?;
        let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
        let columns_read: Vec<(String, String)> = names
            .into_iter()
            .map(|n| {
                let t = declared
                    .iter()
                    .find(|(c, _)| c.eq_ignore_ascii_case(&n))
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                (n, t)
            })
            .collect();
        let width = columns_read.len();
        let rows = stmt
            .query_map([], |r| {
                (0..width)
                    .map(|i| r.get::<_, Cell>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(sql)?;
        let t = Table {
            name: table.to_string(),
            columns: columns_read,
            rows,
        };
        if let Some(missing) = columns.iter().find(|c| t.find(c).is_none()) {
            let have: Vec<&str> = t.columns.iter().map(|(c, _)| c.as_str()).collect();
            return Err(self.bad(format!(
                "table {table:?} has no column {missing:?} (its columns: {})",
                have.join(", ")
            )));
        }
        Ok(t)
    }

    /// `(type, table suffix)` rows of `event_map_type` or `object_map_type`.
    fn type_map(&self, table: &str) -> Result<Vec<(String, String)>, LogError> {
        let t = self.require(table, &["ocel_type", "ocel_type_map"])?;
        let (ty, map) = (
            t.find("ocel_type").unwrap(),
            t.find("ocel_type_map").unwrap(),
        );
        t.rows
            .iter()
            .enumerate()
            .map(|(n, r)| match (text(&r[ty]), text(&r[map])) {
                (Some(a), Some(b)) => Ok((a, b)),
                _ => Err(self.bad(format!(
                    "table {table:?}, row {}: ocel_type or ocel_type_map is empty",
                    n + 1
                ))),
            })
            .collect()
    }

    /// `(id, type)` rows of `event` or `object`, each id once.
    fn ids(&self, table: &str) -> Result<Vec<(String, String)>, LogError> {
        let t = self.require(table, &["ocel_id", "ocel_type"])?;
        let (id, ty) = (t.find("ocel_id").unwrap(), t.find("ocel_type").unwrap());
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(t.rows.len());
        let mut out = Vec::with_capacity(t.rows.len());
        for (n, r) in t.rows.iter().enumerate() {
            let Some(key) = text(&r[id]).filter(|k| !k.trim().is_empty()) else {
                return Err(self.bad(format!("table {table:?}, row {}: ocel_id is empty", n + 1)));
            };
            if let Some(first) = seen.insert(key.clone(), n + 1) {
                return Err(self.bad(format!(
                    "table {table:?}, row {}: ocel_id {key:?} is already in row {first}",
                    n + 1
                )));
            }
            out.push((key, text(&r[ty]).unwrap_or_default()));
        }
        Ok(out)
    }

    /// The table of a type, from its map table's suffix.
    fn type_table(
        &self,
        prefix: &str,
        ty: &str,
        suffix: &str,
        columns: &[&str],
    ) -> Result<(Table, OcelType), LogError> {
        let name = format!("{prefix}_{suffix}");
        if self.has(&name).is_none() {
            return Err(self.bad(format!(
                "table {prefix}_map_type maps the {prefix} type {ty:?} to table {name:?}, which the file does not have"
            )));
        }
        let t = self.read(&name, columns)?;
        let attributes = t
            .columns
            .iter()
            .filter(|(c, _)| !is_reserved(c))
            .map(|(c, sql)| TypeAttribute {
                name: c.clone(),
                kind: attribute_type(sql).into(),
            })
            .collect();
        Ok((
            t,
            OcelType {
                name: ty.to_string(),
                attributes,
            },
        ))
    }
}

fn is_reserved(column: &str) -> bool {
    ["ocel_id", "ocel_time", "ocel_changed_field"]
        .iter()
        .any(|k| column.eq_ignore_ascii_case(k))
}

/// A type the map table lists, whose table is missing, and that no row uses: left out.
fn unused(db: &Db, prefix: &str, suffix: &str, used: bool) -> bool {
    !used && db.has(&format!("{prefix}_{suffix}")).is_none()
}

fn read_events(db: &Db, log: &mut Ocel) -> Result<HashMap<String, usize>, LogError> {
    let types = db.type_map("event_map_type")?;
    let mut index: HashMap<String, usize> = HashMap::new();
    for (n, (id, kind)) in db.ids("event")?.into_iter().enumerate() {
        let Some((_, suffix)) = types.iter().find(|(t, _)| *t == kind) else {
            return Err(db.bad(format!(
                "table \"event\", row {}: the type {kind:?} of event {id:?} is not in table \"event_map_type\"",
                n + 1
            )));
        };
        index.insert(id.clone(), log.events.len());
        log.events.push(OcelEvent {
            place: format!(
                " (table \"event\", row {}: no row in table \"event_{suffix}\")",
                n + 1
            ),
            id,
            kind,
            ..OcelEvent::default()
        });
    }
    for (ty, suffix) in &types {
        if unused(
            db,
            "event",
            suffix,
            log.events.iter().any(|e| e.kind == *ty),
        ) {
            continue;
        }
        let (t, declared) = db.type_table("event", ty, suffix, &["ocel_id", "ocel_time"])?;
        let (id, time) = (t.find("ocel_id").unwrap(), t.find("ocel_time").unwrap());
        for (n, r) in t.rows.iter().enumerate() {
            let key = text(&r[id]).unwrap_or_default();
            let Some(&e) = index.get(&key) else {
                return Err(db.bad(format!(
                    "table {:?}, row {}: ocel_id {key:?} is not in table \"event\"",
                    t.name,
                    n + 1
                )));
            };
            let event = &mut log.events[e];
            event.time = text(&r[time]).unwrap_or_default();
            event.place = format!(" (table {:?}, row {}, column ocel_time)", t.name, n + 1);
            event.attributes = t
                .columns
                .iter()
                .zip(r)
                .filter(|((c, _), v)| !is_reserved(c) && !matches!(v, Cell::Null))
                .map(|((c, _), v)| EventAttribute {
                    name: c.clone(),
                    value: json(v),
                })
                .collect();
        }
        log.event_types.push(declared);
    }
    Ok(index)
}

fn read_objects(db: &Db, log: &mut Ocel) -> Result<HashMap<String, usize>, LogError> {
    let types = db.type_map("object_map_type")?;
    let mut index: HashMap<String, usize> = HashMap::new();
    for (id, kind) in db.ids("object")? {
        index.insert(id.clone(), log.objects.len());
        log.objects.push(OcelObject {
            id,
            kind,
            ..OcelObject::default()
        });
    }
    for (ty, suffix) in &types {
        if unused(
            db,
            "object",
            suffix,
            log.objects.iter().any(|o| o.kind == *ty),
        ) {
            continue;
        }
        let (t, declared) = db.type_table("object", ty, suffix, &["ocel_id", "ocel_time"])?;
        let (id, time) = (t.find("ocel_id").unwrap(), t.find("ocel_time").unwrap());
        let changed = t.find("ocel_changed_field");
        for (n, r) in t.rows.iter().enumerate() {
            let key = text(&r[id]).unwrap_or_default();
            let Some(&o) = index.get(&key) else {
                return Err(db.bad(format!(
                    "table {:?}, row {}: ocel_id {key:?} is not in table \"object\"",
                    t.name,
                    n + 1
                )));
            };
            let at = text(&r[time]).unwrap_or_default();
            let attributes = &mut log.objects[o].attributes;
            match changed.and_then(|c| text(&r[c])) {
                None => attributes.extend(
                    t.columns
                        .iter()
                        .zip(r)
                        .filter(|((c, _), v)| !is_reserved(c) && !matches!(v, Cell::Null))
                        .map(|((c, _), v)| ObjectAttribute {
                            name: c.clone(),
                            time: at.clone(),
                            value: json(v),
                        }),
                ),
                Some(field) => {
                    let Some(c) = t.find(&field).filter(|c| !is_reserved(&t.columns[*c].0)) else {
                        return Err(db.bad(format!(
                            "table {:?}, row {}: ocel_changed_field names {field:?}, which is not a column of the table",
                            t.name,
                            n + 1
                        )));
                    };
                    attributes.push(ObjectAttribute {
                        name: t.columns[c].0.clone(),
                        time: at,
                        value: json(&r[c]),
                    });
                }
            }
        }
        log.object_types.push(declared);
    }
    Ok(index)
}

/// Relation rows `(from, to, qualifier)` of `event_object` or `object_object`.
fn relations(
    db: &Db,
    table: &str,
    from: &str,
    to: &str,
) -> Result<Vec<(usize, [String; 3])>, LogError> {
    let t = db.require(table, &[from, to])?;
    let (f, o) = (t.find(from).unwrap(), t.find(to).unwrap());
    let q = t.find("ocel_qualifier");
    Ok(t.rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            (
                n + 1,
                [
                    text(&r[f]).unwrap_or_default(),
                    text(&r[o]).unwrap_or_default(),
                    q.and_then(|q| text(&r[q])).unwrap_or_default(),
                ],
            )
        })
        .collect())
}

pub(super) fn read(path: &Path) -> Result<Ocel, LogError> {
    let db = Db::open(path)?;
    db.check_tables(&[
        "event",
        "object",
        "event_object",
        "event_map_type",
        "object_map_type",
    ])?;
    let mut log = Ocel::default();
    let events = read_events(&db, &mut log)?;
    let objects = read_objects(&db, &mut log)?;
    for (n, [event, object, qualifier]) in
        relations(&db, "event_object", "ocel_event_id", "ocel_object_id")?
    {
        let Some(&e) = events.get(&event) else {
            return Err(db.bad(format!(
                "table \"event_object\", row {n}: ocel_event_id {event:?} is not in table \"event\""
            )));
        };
        log.events[e].relationships.push(Relationship {
            object_id: object,
            qualifier,
        });
    }
    if db.has("object_object").is_some() {
        for (n, [source, target, qualifier]) in
            relations(&db, "object_object", "ocel_source_id", "ocel_target_id")?
        {
            let Some(&o) = objects.get(&source) else {
                return Err(db.bad(format!(
                    "table \"object_object\", row {n}: ocel_source_id {source:?} is not in table \"object\""
                )));
            };
            log.objects[o].relationships.push(Relationship {
                object_id: target,
                qualifier,
            });
        }
    }
    Ok(log)
}
