//! The map and its layout: nodes and edges stored as JSON bodies (one row each, in order) and
//! the node positions.

use crate::error::StoreError;
use crate::lifecycle::MapFile;
use flowmap_core::{
    Edge, FutureState, MapDocument, Node, NodeId, Position, StateId, ValueStreamMap,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::HashMap;
use std::path::Path;

impl MapFile {
    /// Reads the map and its layout.
    pub fn load(&self) -> Result<MapDocument, StoreError> {
        MapReader {
            conn: &self.conn,
            path: &self.path,
        }
        .load()
    }

    /// The map and its layout with the map's version, read in one read transaction so the two
    /// agree (see [`MapFile::save_over`]).
    pub fn load_versioned(&self) -> Result<(MapDocument, i64), StoreError> {
        let e = |err| StoreError::sqlite(&self.path, err);
        self.conn.execute_batch("BEGIN DEFERRED").map_err(e)?;
        let read = self
            .load()
            .and_then(|doc| Ok((doc, map_version(&self.conn, &self.path)?)));
        let ended = self.conn.execute_batch("COMMIT").map_err(e);
        let read = read?;
        ended?;
        Ok(read)
    }

    /// The map's version: a number that every write of the map (a save, a tool added by an
    /// import or `source add`) increases. Zero for a file whose map was never written by a
    /// version that counts.
    pub fn map_version(&self) -> Result<i64, StoreError> {
        map_version(&self.conn, &self.path)
    }
}

/// Reads the map and its layout over a connection or a transaction.
pub(crate) struct MapReader<'a> {
    pub(crate) conn: &'a Connection,
    pub(crate) path: &'a Path,
}

impl MapReader<'_> {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(self.path, e)
    }

    pub(crate) fn load(&self) -> Result<MapDocument, StoreError> {
        let name: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::Corrupt {
                path: self.path.to_path_buf(),
                reason: "the map has no name record".into(),
            })?;
        let nodes: Vec<Node> = self.read_bodies("SELECT id, body FROM nodes ORDER BY ord")?;
        let edges: Vec<Edge> = self.read_bodies("SELECT id, body FROM edges ORDER BY ord")?;
        let map = ValueStreamMap::from_parts(name, nodes, edges).map_err(|source| {
            StoreError::InvalidMap {
                path: self.path.to_path_buf(),
                source,
            }
        })?;
        let mut stmt = self
            .conn
            .prepare("SELECT node, x, y FROM positions")
            .map_err(|e| self.err(e))?;
        let mut layout = HashMap::new();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, f64>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (id, x, y) = row.map_err(|e| self.err(e))?;
            let id: NodeId = id.parse().map_err(|_| StoreError::Corrupt {
                path: self.path.to_path_buf(),
                reason: format!("position of a node with a malformed id {id:?}"),
            })?;
            layout.insert(id, Position { x, y });
        }
        let mut doc = MapDocument::new(map, layout);
        doc.futures = self.load_futures()?;
        Ok(doc)
    }

    /// The future states, in order; each body is a map's JSON (see [`crate::json`]).
    fn load_futures(&self) -> Result<Vec<FutureState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, body FROM future_states ORDER BY ord")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, body) = row.map_err(|e| self.err(e))?;
            let corrupt = |reason: String| StoreError::Corrupt {
                path: self.path.to_path_buf(),
                reason: format!("future state {name:?} ({id}): {reason}"),
            };
            let state_id: StateId = id
                .parse()
                .map_err(|_| corrupt("the id is malformed".into()))?;
            let doc =
                crate::json::from_json(&body, self.path).map_err(|e| corrupt(e.to_string()))?;
            out.push(FutureState::new(state_id, name, doc.map, doc.layout));
        }
        Ok(out)
    }

    fn read_bodies<T: serde::de::DeserializeOwned + HasId>(
        &self,
        sql: &str,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, body) = row.map_err(|e| self.err(e))?;
            let value: T = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt {
                path: self.path.to_path_buf(),
                reason: format!("record {id} cannot be read: {e}"),
            })?;
            if value.id_text() != id {
                return Err(StoreError::Corrupt {
                    path: self.path.to_path_buf(),
                    reason: format!("record {id} holds the data of {}", value.id_text()),
                });
            }
            out.push(value);
        }
        Ok(out)
    }
}

/// Lets `read_bodies` check that a stored record holds the id of its row.
trait HasId {
    fn id_text(&self) -> String;
}

impl HasId for Node {
    fn id_text(&self) -> String {
        self.id().to_string()
    }
}

impl HasId for Edge {
    fn id_text(&self) -> String {
        self.id().to_string()
    }
}

pub(crate) fn write_map(
    tx: &Transaction<'_>,
    path: &Path,
    doc: &MapDocument,
) -> Result<(), StoreError> {
    let e = |err| StoreError::sqlite(path, err);
    tx.execute_batch(
        "DELETE FROM positions; DELETE FROM edges; DELETE FROM nodes; DELETE FROM future_states;
         INSERT INTO meta (key, value) VALUES ('map_version', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);",
    )
    .map_err(e)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('name', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [doc.map.name()],
    )
    .map_err(e)?;
    {
        let mut stmt = tx
            .prepare("INSERT INTO nodes (id, ord, kind, name, body) VALUES (?1, ?2, ?3, ?4, ?5)")
            .map_err(e)?;
        for (ord, node) in doc.map.nodes().enumerate() {
            let body = serde_json::to_string(node).expect("nodes serialize");
            stmt.execute(params![
                node.id().to_string(),
                ord as i64,
                node.kind_name(),
                node.name(),
                body
            ])
            .map_err(e)?;
        }
        let mut stmt = tx
            .prepare(
                "INSERT INTO edges (id, ord, kind, from_node, to_node, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(e)?;
        for (ord, edge) in doc.map.edges().enumerate() {
            let (from, to) = edge.endpoints();
            let body = serde_json::to_string(edge).expect("edges serialize");
            stmt.execute(params![
                edge.id().to_string(),
                ord as i64,
                edge.kind_name(),
                from.to_string(),
                to.to_string(),
                body
            ])
            .map_err(e)?;
        }
        let mut stmt = tx
            .prepare("INSERT INTO positions (node, x, y) VALUES (?1, ?2, ?3)")
            .map_err(e)?;
        for node in doc.map.nodes() {
            if let Some(p) = doc.layout.get(&node.id()) {
                stmt.execute(params![node.id().to_string(), p.x, p.y])
                    .map_err(e)?;
            }
        }
        let mut stmt = tx
            .prepare("INSERT INTO future_states (id, ord, name, body) VALUES (?1, ?2, ?3, ?4)")
            .map_err(e)?;
        for (ord, f) in doc.futures.iter().enumerate() {
            let body = crate::json::to_json(&MapDocument::new(f.map.clone(), f.layout.clone()));
            stmt.execute(params![f.id.to_string(), ord as i64, f.name, body])
                .map_err(e)?;
        }
    }
    Ok(())
}

/// The map's version as stored in `meta` (see [`MapFile::map_version`]).
pub(crate) fn map_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'map_version'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .optional()
    .map(|v| v.unwrap_or(0))
    .map_err(|e| StoreError::sqlite(path, e))
}
