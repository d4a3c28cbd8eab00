//! The model written in OCEL 2.0's relational SQLite layout, the tables `sqlite.rs` reads: each
//! type's table suffix is its name's ASCII letters, digits and `_` (`Feature Request` →
//! `event_FeatureRequest`; a suffix taken already, compared without case, gets `_2`, `_3`…).
//! An object's first value of each attribute is in its row with no `ocel_changed_field`, at
//! the specification's 1970-01-01T00:00:00Z; each later value is a row naming the attribute
//! in `ocel_changed_field`, at its time. Times are written as the model holds them (RFC 3339).
//!
//! The file is built beside `out` and renamed over it only when complete, in one transaction.

use super::{Ocel, OcelType, TypeAttribute};
use crate::error::LogError;
use rusqlite::types::Value as Cell;
use rusqlite::{params_from_iter, Connection};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The time of the row holding an object's first attribute values.
const INITIAL: &str = "1970-01-01T00:00:00Z";

/// Writes `log` to `out` (replacing it) as an OCEL 2.0 SQLite log.
pub fn write_sqlite(log: &Ocel, out: &Path) -> Result<(), LogError> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ocel.sqlite".into());
    let tmp: PathBuf = out.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let written = write_to(log, &tmp).map_err(|e| LogError::Header {
        path: out.to_path_buf(),
        message: format!("cannot write the OCEL SQLite log: {e}"),
    });
    let renamed = written.and_then(|()| {
        std::fs::rename(&tmp, out).map_err(|e| LogError::Io {
            path: out.to_path_buf(),
            source: e,
        })
    });
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    renamed
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Table suffixes for type names, unique without case.
fn suffixes<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for name in names {
        let mut base: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if base.is_empty() {
            base = "Type".into();
        }
        let mut suffix = base.clone();
        let mut n = 1;
        while taken.iter().any(|t| t.eq_ignore_ascii_case(&suffix)) {
            n += 1;
            suffix = format!("{base}_{n}");
        }
        taken.push(suffix.clone());
        out.push((name.to_string(), suffix));
    }
    out
}

fn sql_type(ocel_type: &str) -> &'static str {
    match ocel_type {
        "integer" => "INTEGER",
        "float" => "REAL",
        "boolean" => "BOOLEAN",
        "time" => "TIMESTAMP",
        _ => "TEXT",
    }
}

fn cell(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Null,
        Value::String(s) => Cell::Text(s.clone()),
        Value::Bool(b) => Cell::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Integer(i),
            None => n.as_f64().map_or(Cell::Null, Cell::Real),
        },
        other => Cell::Text(other.to_string()),
    }
}

/// The types of `kinds` in the order declared, then those used but not declared, each with
/// the attributes declared and those `used` names that were not.
fn types<'a>(
    declared: &[OcelType],
    kinds: impl Iterator<Item = (&'a str, Vec<&'a str>)>,
) -> Vec<OcelType> {
    let mut out: Vec<OcelType> = declared.to_vec();
    for (kind, used) in kinds {
        let i = match out.iter().position(|t| t.name == kind) {
            Some(i) => i,
            None => {
                out.push(OcelType {
                    name: kind.to_string(),
                    attributes: Vec::new(),
                });
                out.len() - 1
            }
        };
        for a in used {
            if !out[i].attributes.iter().any(|d| d.name == a) {
                out[i].attributes.push(TypeAttribute {
                    name: a.to_string(),
                    kind: "string".into(),
                });
            }
        }
    }
    out
}

/// Creates `<prefix>_<suffix>` with the reserved columns and the type's attributes; returns
/// the attributes' column order.
fn create_type_table(
    tx: &rusqlite::Transaction,
    prefix: &str,
    suffix: &str,
    reserved: &str,
    t: &OcelType,
) -> rusqlite::Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    let mut columns = reserved.to_string();
    for a in &t.attributes {
        if names.iter().any(|n| n.eq_ignore_ascii_case(&a.name))
            || ["ocel_id", "ocel_time", "ocel_changed_field"]
                .iter()
                .any(|r| r.eq_ignore_ascii_case(&a.name))
        {
            continue;
        }
        columns.push_str(&format!(", {} {}", quote(&a.name), sql_type(&a.kind)));
        names.push(a.name.clone());
    }
    tx.execute_batch(&format!(
        "CREATE TABLE {} ({columns});",
        quote(&format!("{prefix}_{suffix}"))
    ))?;
    Ok(names)
}

fn insert_row(tx: &rusqlite::Transaction, table: &str, cells: Vec<Cell>) -> rusqlite::Result<()> {
    let marks = vec!["?"; cells.len()].join(", ");
    let mut stmt = tx.prepare_cached(&format!("INSERT INTO {} VALUES ({marks})", quote(table)))?;
    stmt.execute(params_from_iter(cells))?;
    Ok(())
}

/// Per type: its table suffix, and its attribute columns.
struct TypeTables<'t> {
    suffix: HashMap<String, String>,
    columns: HashMap<&'t str, Vec<String>>,
}

/// The `{prefix}_map_type` rows and a `{prefix}_<Suffix>` table per type.
fn type_tables<'t>(
    tx: &rusqlite::Transaction,
    prefix: &str,
    types: &'t [OcelType],
    reserved: &str,
) -> rusqlite::Result<TypeTables<'t>> {
    let suffix: HashMap<String, String> = suffixes(types.iter().map(|t| t.name.as_str()))
        .into_iter()
        .collect();
    let mut columns: HashMap<&str, Vec<String>> = HashMap::new();
    for t in types {
        let s = &suffix[&t.name];
        insert_row(
            tx,
            &format!("{prefix}_map_type"),
            vec![Cell::Text(t.name.clone()), Cell::Text(s.clone())],
        )?;
        let names = create_type_table(tx, prefix, s, reserved, t)?;
        columns.insert(t.name.as_str(), names);
    }
    Ok(TypeTables { suffix, columns })
}

fn write_events(tx: &rusqlite::Transaction, log: &Ocel) -> rusqlite::Result<()> {
    let used = log.events.iter().map(|e| {
        (
            e.kind.as_str(),
            e.attributes.iter().map(|a| a.name.as_str()).collect(),
        )
    });
    let types = types(&log.event_types, used);
    let TypeTables { suffix, columns } =
        type_tables(tx, "event", &types, "ocel_id TEXT, ocel_time TIMESTAMP")?;
    for e in &log.events {
        insert_row(
            tx,
            "event",
            vec![Cell::Text(e.id.clone()), Cell::Text(e.kind.clone())],
        )?;
        let mut cells = vec![Cell::Text(e.id.clone()), Cell::Text(e.time.clone())];
        for name in &columns[e.kind.as_str()] {
            let v = e.attributes.iter().find(|a| &a.name == name);
            cells.push(v.map_or(Cell::Null, |a| cell(&a.value)));
        }
        insert_row(tx, &format!("event_{}", suffix[&e.kind]), cells)?;
        for r in &e.relationships {
            insert_row(
                tx,
                "event_object",
                vec![
                    Cell::Text(e.id.clone()),
                    Cell::Text(r.object_id.clone()),
                    Cell::Text(r.qualifier.clone()),
                ],
            )?;
        }
    }
    Ok(())
}

fn write_objects(tx: &rusqlite::Transaction, log: &Ocel) -> rusqlite::Result<()> {
    let used = log.objects.iter().map(|o| {
        (
            o.kind.as_str(),
            o.attributes.iter().map(|a| a.name.as_str()).collect(),
        )
    });
    let types = types(&log.object_types, used);
    let reserved = "ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT";
    let TypeTables { suffix, columns } = type_tables(tx, "object", &types, reserved)?;
    for o in &log.objects {
        insert_row(
            tx,
            "object",
            vec![Cell::Text(o.id.clone()), Cell::Text(o.kind.clone())],
        )?;
        let table = format!("object_{}", suffix[&o.kind]);
        let names = &columns[o.kind.as_str()];
        // Each attribute's values in time order (the log's order at one time).
        let mut values: Vec<(i64, usize)> = o
            .attributes
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let at = chrono::DateTime::parse_from_rfc3339(&a.time)
                    .map_or(i64::MIN, |t| t.timestamp_millis());
                (at, n)
            })
            .collect();
        values.sort();
        let mut initial = vec![Cell::Null; names.len()];
        let mut changes: Vec<(usize, usize)> = Vec::new();
        let mut set = vec![false; names.len()];
        for (_, n) in values {
            let a = &o.attributes[n];
            let Some(c) = names.iter().position(|x| *x == a.name) else {
                continue;
            };
            if set[c] {
                changes.push((c, n));
            } else {
                set[c] = true;
                initial[c] = cell(&a.value);
            }
        }
        let mut row = vec![
            Cell::Text(o.id.clone()),
            Cell::Text(INITIAL.into()),
            Cell::Null,
        ];
        row.extend(initial);
        insert_row(tx, &table, row)?;
        for (c, n) in changes {
            let a = &o.attributes[n];
            let mut row = vec![
                Cell::Text(o.id.clone()),
                Cell::Text(a.time.clone()),
                Cell::Text(a.name.clone()),
            ];
            row.extend((0..names.len()).map(|i| if i == c { cell(&a.value) } else { Cell::Null }));
            insert_row(tx, &table, row)?;
        }
        for r in &o.relationships {
            insert_row(
                tx,
                "object_object",
                vec![
                    Cell::Text(o.id.clone()),
                    Cell::Text(r.object_id.clone()),
                    Cell::Text(r.qualifier.clone()),
                ],
            )?;
        }
    }
    Ok(())
}

fn write_to(log: &Ocel, path: &Path) -> rusqlite::Result<()> {
    let mut conn = Connection::open(path)?;
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
         CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
         CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
         CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
         CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
         CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);",
    )?;
    write_events(&tx, log)?;
    write_objects(&tx, log)?;
    tx.commit()?;
    conn.close().map_err(|(_, e)| e)
}
