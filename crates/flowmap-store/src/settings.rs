//! What the file keeps beside the map and its items: the connected sources, the state mapping
//! rows, and the view settings (how the map is read, e.g. the flow view's filters, kept in the
//! `meta` table); and what tells a reader that the file's data changed.

use crate::error::StoreError;
use crate::lifecycle::MapFile;
use flowmap_core::{NodeId, SourceKind, StateCategory, StateMapping};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A connected source as stored in the file. Secrets are never part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRecord {
    pub name: String,
    pub kind: SourceKind,
    pub tool: Option<NodeId>,
    pub url: Option<String>,
    pub query: Option<String>,
    pub cursor: Option<String>,
}

impl SourceRecord {
    /// Whether this is the demo map's source: simulated items, nothing to sync. The one place
    /// that recognises it.
    pub fn is_demo(&self) -> bool {
        self.kind == SourceKind::Jira
            && self
                .url
                .as_deref()
                .is_some_and(|u| u.trim_end_matches('/') == flowmap_core::DEMO_SOURCE_URL)
    }
}

impl MapFile {
    /// When each source was last synced (Unix milliseconds), by name; sources never synced
    /// are absent.
    pub fn source_synced_times(&self) -> Result<HashMap<String, i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT name, json_extract(config, '$.synced_ms') FROM sources
                 WHERE json_valid(config) AND json_extract(config, '$.synced_ms') IS NOT NULL",
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// The sources connected to this map.
    pub fn sources(&self) -> Result<Vec<SourceRecord>, StoreError> {
        read_sources(&self.conn, &self.path)
    }

    /// Adds a source, or replaces the one with the same name.
    pub fn put_source(&mut self, source: &SourceRecord) -> Result<(), StoreError> {
        put_source(&self.conn, &self.path, source)
    }

    /// The stored state mapping rows, ordered by source and state.
    pub fn state_mappings(&self) -> Result<Vec<StateMapping>, StoreError> {
        read_state_mappings(&self.conn, &self.path)
    }

    /// Stores a state mapping row, replacing the one for the same source and state.
    pub fn put_state_mapping(&mut self, mapping: &StateMapping) -> Result<(), StoreError> {
        put_state_mapping(&self.conn, &self.path, mapping)
    }

    /// The (source, state) pairs whose stored row a user set or confirmed; the other stored
    /// rows are proposals (written with the data).
    pub fn confirmed_state_mappings(&self) -> Result<HashSet<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT source, state FROM state_mappings WHERE confirmed <> 0")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Stores rows a user set or confirmed, marked confirmed, in one transaction (each replaces
    /// the row of its source and state).
    pub fn put_confirmed_state_mappings(
        &mut self,
        rows: &[StateMapping],
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = crate::lifecycle::write_transaction(&mut self.conn, &path)?;
        for m in rows {
            put_state_mapping(&tx, &path, m)?;
            tx.execute(
                "UPDATE state_mappings SET confirmed = 1 WHERE source = ?1 AND state = ?2",
                params![m.source, m.state],
            )
            .map_err(|e| StoreError::sqlite(&path, e))?;
        }
        tx.commit().map_err(|e| StoreError::sqlite(&path, e))
    }

    /// Removes the row of a source's state; returns whether there was one.
    pub fn clear_state_mapping(&mut self, source: &str, state: &str) -> Result<bool, StoreError> {
        self.conn
            .execute(
                "DELETE FROM state_mappings WHERE source = ?1 AND state = ?2",
                params![source, state],
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }
}

pub(crate) fn read_sources(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<SourceRecord>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT name, kind, tool, url, query, cursor FROM sources ORDER BY name")
        .map_err(|e| StoreError::sqlite(path, e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .map_err(|e| StoreError::sqlite(path, e))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, kind, tool, url, query, cursor) =
            row.map_err(|e| StoreError::sqlite(path, e))?;
        let tool = match tool {
            None => None,
            Some(t) => Some(t.parse().map_err(|_| StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: format!("source {name:?} names a malformed tool id {t:?}"),
            })?),
        };
        let kind = kind
            .parse::<SourceKind>()
            .map_err(|e| StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: format!("source {name:?}: {e}"),
            })?;
        out.push(SourceRecord {
            name,
            kind,
            tool,
            url,
            query,
            cursor,
        });
    }
    Ok(out)
}

pub(crate) fn read_state_mappings(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<StateMapping>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT source, state, stage, category FROM state_mappings ORDER BY source, state")
        .map_err(|e| StoreError::sqlite(path, e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(|e| StoreError::sqlite(path, e))?;
    let mut out = Vec::new();
    for row in rows {
        let (source, state, stage, category) = row.map_err(|e| StoreError::sqlite(path, e))?;
        let corrupt = |reason: String| StoreError::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
        let stage = match stage {
            None => None,
            Some(s) => Some(s.parse::<NodeId>().map_err(|_| {
                corrupt(format!(
                    "state {state:?} of {source:?} maps to a malformed stage id {s:?}"
                ))
            })?),
        };
        let category = category
            .parse::<StateCategory>()
            .map_err(|e| corrupt(format!("state {state:?} of {source:?}: {e}")))?;
        out.push(StateMapping {
            source,
            state,
            stage,
            category,
        });
    }
    Ok(out)
}

pub(crate) fn put_source(
    conn: &Connection,
    path: &Path,
    source: &SourceRecord,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sources (name, kind, tool, url, query, cursor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, tool = excluded.tool,
           url = excluded.url, query = excluded.query, cursor = excluded.cursor",
        params![
            source.name,
            source.kind.as_str(),
            source.tool.map(|t| t.to_string()),
            source.url,
            source.query,
            source.cursor
        ],
    )
    .map(|_| ())
    .map_err(|e| StoreError::sqlite(path, e))
}

pub(crate) fn put_state_mapping(
    conn: &Connection,
    path: &Path,
    m: &StateMapping,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO state_mappings (source, state, stage, category) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (source, state) DO UPDATE SET stage = excluded.stage,
           category = excluded.category",
        params![
            m.source,
            m.state,
            m.stage.map(|s| s.to_string()),
            m.category.as_str()
        ],
    )
    .map(|_| ())
    .map_err(|e| StoreError::sqlite(path, e))
}

/// Keys of view settings start with this, so they never touch the map's own records.
const VIEW_PREFIX: &str = "view_";

fn check_key(file: &MapFile, key: &str) -> Result<(), StoreError> {
    if key.starts_with(VIEW_PREFIX) && key.len() > VIEW_PREFIX.len() {
        Ok(())
    } else {
        Err(StoreError::InvalidData {
            path: file.path().to_path_buf(),
            message: format!("{key:?} is not the name of a view setting (view_…)"),
        })
    }
}

impl MapFile {
    /// The view setting stored under `key` (e.g. `view_filters`), as written; `None` when the
    /// file has none.
    pub fn view_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        check_key(self, key)?;
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Stores a view setting under `key` in one transaction, replacing the one there. The map,
    /// its items and everything else are left as they are.
    pub fn set_view_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        check_key(self, key)?;
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// A number that changes when another connection (another process: a sync, an import)
    /// commits a change to the file; this connection's own writes leave it as it is. A reader
    /// that keeps data loaded from the file compares it to know when to load again.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}
