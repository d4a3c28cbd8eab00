use crate::error::StoreError;
use crate::schema;
use chrono::{DateTime, TimeZone, Utc};
use flowmap_core::{
    Edge, FlowItemType, Item, ItemId, MapDocument, Node, NodeId, Position, StateCategory,
    StateMapping, Transition, ValueStreamMap,
};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Statement, Transaction};
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An open `.flowmap` file.
pub struct MapFile {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

/// How much data a file holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub items: u64,
    pub transitions: u64,
}

/// A connected source as stored in the file. Secrets are never part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRecord {
    pub name: String,
    pub kind: String,
    pub tool: Option<NodeId>,
    pub url: Option<String>,
    pub query: Option<String>,
    pub cursor: Option<String>,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl MapFile {
    /// Opens an existing Flowmap file for reading and writing.
    ///
    /// Before SQLite touches it, the file's header is checked: a file that is not SQLite, a
    /// SQLite database of another application, a file from a newer Flowmap, or a file shorter
    /// than its header says (truncated) is refused with an error naming it, and nothing on
    /// disk changes. An older file is migrated to the current schema in one transaction.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let header = read_header(path)?;
        let version = check_header(path, &header)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::sqlite(path, e))?;
        configure(&conn, path)?;
        if version < schema::VERSION {
            migrate(&mut conn, path, version)?;
        }
        Ok(MapFile {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Writes a new Flowmap file holding `doc` and whatever items `fill` adds, then opens it.
    ///
    /// The database is built in a temporary file beside `path` and renamed over it only once
    /// complete and flushed to disk, so a crash or an error leaves any previous file at `path`
    /// whole and no partial file behind.
    pub fn create(
        path: &Path,
        doc: &MapDocument,
        fill: impl FnOnce(&mut DataWriter<'_>) -> Result<(), StoreError>,
    ) -> Result<Self, StoreError> {
        build_beside(path, |tmp| {
            let tmp = tmp.to_path_buf();
            let mut conn = Connection::open(&tmp).map_err(|e| StoreError::sqlite(&tmp, e))?;
            // A fresh temporary file needs no journal: if anything fails it is deleted. A page
            // cache of 64 MiB keeps a large import from spilling pages before the commit.
            // Foreign keys hold by construction (see `write_items`).
            conn.execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;
                 PRAGMA foreign_keys = OFF;",
            )
            .map_err(|e| StoreError::sqlite(&tmp, e))?;
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .map_err(|e| StoreError::sqlite(&tmp, e))?;
            migrate(&mut conn, &tmp, 0)?;
            let tx = conn
                .transaction()
                .map_err(|e| StoreError::sqlite(&tmp, e))?;
            write_map(&tx, &tmp, doc)?;
            {
                let mut sink = DataWriter::new(&tx, &tmp);
                fill(&mut sink)?;
            }
            tx.commit().map_err(|e| StoreError::sqlite(&tmp, e))?;
            conn.close().map_err(|(_, e)| StoreError::sqlite(&tmp, e))
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file (after migration, the current one).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    /// Reads the map and its layout.
    pub fn load(&self) -> Result<MapDocument, StoreError> {
        let name: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                reason: "the map has no name record".into(),
            })?;
        let nodes: Vec<Node> = self.read_bodies("SELECT id, body FROM nodes ORDER BY ord")?;
        let edges: Vec<Edge> = self.read_bodies("SELECT id, body FROM edges ORDER BY ord")?;
        let map = ValueStreamMap::from_parts(name, nodes, edges).map_err(|source| {
            StoreError::InvalidMap {
                path: self.path.clone(),
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
                path: self.path.clone(),
                reason: format!("position of a node with a malformed id {id:?}"),
            })?;
            layout.insert(id, Position { x, y });
        }
        Ok(MapDocument::new(map, layout))
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
                path: self.path.clone(),
                reason: format!("record {id} cannot be read: {e}"),
            })?;
            if value.id_text() != id {
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    reason: format!("record {id} holds the data of {}", value.id_text()),
                });
            }
            out.push(value);
        }
        Ok(out)
    }

    /// Replaces the map and its layout in one transaction; items are kept.
    pub fn save(&mut self, doc: &MapDocument) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction()
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        write_map(&tx, &self.path, doc)?;
        tx.commit().map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Writes a copy of this file holding `doc` to `path` (items, sources and state mappings
    /// copied too) and returns the copy, opened. The copy is made with `VACUUM INTO` in a
    /// temporary file beside `path`, the map written into it in one transaction, and renamed
    /// over `path` only when complete, so a failure leaves any file at `path` whole. This file
    /// is not changed.
    pub fn save_as(&self, path: &Path, doc: &MapDocument) -> Result<MapFile, StoreError> {
        build_beside(path, |tmp| {
            let tmp = tmp.to_path_buf();
            let target = tmp.to_str().ok_or_else(|| StoreError::InvalidData {
                path: path.to_path_buf(),
                message: "the path is not valid UTF-8".into(),
            })?;
            self.conn
                .execute("VACUUM INTO ?1", [target])
                .map_err(|e| StoreError::sqlite(path, e))?;
            let mut conn = Connection::open(&tmp).map_err(|e| StoreError::sqlite(&tmp, e))?;
            conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
                .map_err(|e| StoreError::sqlite(&tmp, e))?;
            let tx = conn
                .transaction()
                .map_err(|e| StoreError::sqlite(&tmp, e))?;
            write_map(&tx, &tmp, doc)?;
            tx.commit().map_err(|e| StoreError::sqlite(&tmp, e))?;
            conn.close().map_err(|(_, e)| StoreError::sqlite(&tmp, e))
        })
    }

    /// Adds or updates items and their transitions in one transaction: if `fill` fails, the
    /// file is left exactly as it was. Adding the same item or transition twice stores it once.
    pub fn write_items<T>(
        &mut self,
        fill: impl FnOnce(&mut DataWriter<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        // DataWriter only writes transitions of the item row it has just written and states it
        // has just looked up, so foreign keys hold by construction; checking them costs more
        // than the inserts themselves. The pragma cannot change inside a transaction, so it is
        // set around it, and set back whatever happens.
        self.conn
            .execute_batch("PRAGMA foreign_keys = OFF;")
            .map_err(|e| StoreError::sqlite(&path, e))?;
        let result = (|| {
            let tx = self
                .conn
                .transaction()
                .map_err(|e| StoreError::sqlite(&path, e))?;
            let out = {
                let mut sink = DataWriter::new(&tx, &path);
                fill(&mut sink)?
            };
            tx.commit().map_err(|e| StoreError::sqlite(&path, e))?;
            Ok(out)
        })();
        let restored = self
            .conn
            .execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(|e| StoreError::sqlite(&path, e));
        let out = result?;
        restored?;
        Ok(out)
    }

    pub fn counts(&self) -> Result<Counts, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| self.err(e))
        };
        Ok(Counts {
            items: count("SELECT count(*) FROM items")?,
            transitions: count("SELECT count(*) FROM transitions")?,
        })
    }

    /// Every item, in the order they were added.
    pub fn items(&self) -> Result<Vec<Item>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, source, key, title, artifact_type, flow_item_type, created_ms
                 FROM items ORDER BY row",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, source, key, title, artifact_type, fit, created) =
                row.map_err(|e| self.err(e))?;
            out.push(Item {
                id: item_id_from_blob(&self.path, &id)?,
                flow_item_type: fit
                    .parse::<FlowItemType>()
                    .map_err(|e| StoreError::Corrupt {
                        path: self.path.clone(),
                        reason: format!("item {key}: {e}"),
                    })?,
                source,
                key,
                title,
                artifact_type,
                created: from_ms(&self.path, created)?,
            });
        }
        Ok(out)
    }

    /// The transitions of every item, ordered by item (in the order items were added), then
    /// time (transitions at the same instant by state id).
    pub fn transitions(&self) -> Result<Vec<Transition>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT i.id, f.name, t.name, tr.at_ms
                 FROM transitions tr
                 JOIN items i ON i.row = tr.item
                 JOIN states t ON t.id = tr.to_state
                 LEFT JOIN states f ON f.id = tr.from_state
                 ORDER BY tr.item, tr.at_ms",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, from_state, to_state, at) = row.map_err(|e| self.err(e))?;
            out.push(Transition {
                item: item_id_from_blob(&self.path, &id)?,
                from_state,
                to_state,
                at: from_ms(&self.path, at)?,
            });
        }
        Ok(out)
    }

    /// The sources connected to this map.
    pub fn sources(&self) -> Result<Vec<SourceRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, kind, tool, url, query, cursor FROM sources ORDER BY name")
            .map_err(|e| self.err(e))?;
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
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (name, kind, tool, url, query, cursor) = row.map_err(|e| self.err(e))?;
            let tool = match tool {
                None => None,
                Some(t) => Some(t.parse().map_err(|_| StoreError::Corrupt {
                    path: self.path.clone(),
                    reason: format!("source {name:?} names a malformed tool id {t:?}"),
                })?),
            };
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

    /// Adds a source, or replaces the one with the same name.
    pub fn put_source(&mut self, source: &SourceRecord) -> Result<(), StoreError> {
        put_source(&self.conn, &self.path, source)
    }

    /// The stored state mapping rows, ordered by source and state.
    pub fn state_mappings(&self) -> Result<Vec<StateMapping>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT source, state, stage, category FROM state_mappings ORDER BY source, state",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (source, state, stage, category) = row.map_err(|e| self.err(e))?;
            let corrupt = |reason: String| StoreError::Corrupt {
                path: self.path.clone(),
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

    /// Stores a state mapping row, replacing the one for the same source and state.
    pub fn put_state_mapping(&mut self, mapping: &StateMapping) -> Result<(), StoreError> {
        put_state_mapping(&self.conn, &self.path, mapping)
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

    /// Every (source, state) that some transition enters, with how many items entered it.
    pub fn source_states(&self) -> Result<Vec<SourceState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT i.source, s.name, count(DISTINCT tr.item)
                 FROM transitions tr
                 JOIN items i ON i.row = tr.item
                 JOIN states s ON s.id = tr.to_state
                 GROUP BY i.source, s.name
                 ORDER BY i.source, s.name",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SourceState {
                    source: r.get(0)?,
                    state: r.get(1)?,
                    items: r.get::<_, i64>(2)? as u64,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Every (source, artifact type, flow item type) of the items, with how many items have it.
    pub fn artifact_types(&self) -> Result<Vec<ArtifactTypeCount>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT source, artifact_type, flow_item_type, count(*) FROM items
                 GROUP BY source, artifact_type, flow_item_type
                 ORDER BY source, artifact_type, flow_item_type",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (source, artifact_type, fit, items) = row.map_err(|e| self.err(e))?;
            out.push(ArtifactTypeCount {
                flow_item_type: fit.parse().map_err(|e| StoreError::Corrupt {
                    path: self.path.clone(),
                    reason: format!("items of type {artifact_type:?} in {source:?}: {e}"),
                })?,
                source,
                artifact_type,
                items: items as u64,
            });
        }
        Ok(out)
    }
}

/// How many items of a source have an artifact type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtifactTypeCount {
    pub source: String,
    pub artifact_type: String,
    pub flow_item_type: FlowItemType,
    pub items: u64,
}

/// A workflow state seen in a source's transitions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceState {
    pub source: String,
    pub state: String,
    /// Items that entered the state at least once.
    pub items: u64,
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

/// Adds items, transitions and sources inside a write transaction (see [`MapFile::write_items`]).
pub struct DataWriter<'a> {
    tx: &'a Transaction<'a>,
    path: &'a Path,
    states: HashMap<String, i64, BuildFnv>,
    items_added: u64,
    transitions_added: u64,
    /// The item insert and update, prepared once per transaction.
    insert_item: Option<Statement<'a>>,
    update_item: Option<Statement<'a>>,
    /// `insert_transitions[n - 1]` inserts n transitions at once (up to [`TRANSITION_BATCH`]):
    /// one statement per batch instead of one per row.
    insert_transitions: Vec<Option<Statement<'a>>>,
    /// Reused for the state ids of each item's transitions.
    scratch: Vec<(i64, Option<i64>, i64)>,
}

/// The most transitions one statement inserts.
const TRANSITION_BATCH: usize = 32;

/// FNV-1a: state names are short and looked up twice per transition, where SipHash's
/// resistance to crafted keys buys nothing (the map lives for one transaction).
#[derive(Clone, Copy, Default)]
struct BuildFnv;

struct Fnv(u64);

impl std::hash::BuildHasher for BuildFnv {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl<'a> DataWriter<'a> {
    fn new(tx: &'a Transaction<'a>, path: &'a Path) -> Self {
        DataWriter {
            tx,
            path,
            states: HashMap::default(),
            items_added: 0,
            transitions_added: 0,
            insert_item: None,
            update_item: None,
            insert_transitions: (0..TRANSITION_BATCH).map(|_| None).collect(),
            scratch: Vec::new(),
        }
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(self.path, e)
    }

    fn state_id(&mut self, name: &str) -> Result<i64, StoreError> {
        if let Some(id) = self.states.get(name) {
            return Ok(*id);
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO states (name) VALUES (?1)")
            .and_then(|mut s| s.execute([name]))
            .map_err(|e| self.err(e))?;
        let id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM states WHERE name = ?1")
            .and_then(|mut s| s.query_row([name], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        self.states.insert(name.to_string(), id);
        Ok(id)
    }

    /// Adds an item (or updates its title and types if it is already there) and its
    /// transitions. Every transition must belong to the item.
    pub fn add(&mut self, item: &Item, transitions: &[Transition]) -> Result<(), StoreError> {
        if let Some(t) = transitions.iter().find(|t| t.item != item.id) {
            return Err(StoreError::InvalidData {
                path: self.path.to_path_buf(),
                message: format!(
                    "a transition to {:?} given with item {} belongs to another item ({})",
                    t.to_state, item.key, t.item
                ),
            });
        }
        let path = self.path;
        let err = |e| StoreError::sqlite(path, e);
        if self.insert_item.is_none() {
            self.insert_item = Some(
                self.tx
                    .prepare(
                        "INSERT INTO items (id, source, key, title, artifact_type, flow_item_type, created_ms)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                    )
                    .map_err(err)?,
            );
        }
        let id = item.id.as_bytes().as_slice();
        let created = item.created.timestamp_millis();
        let inserted = self
            .insert_item
            .as_mut()
            .expect("prepared above")
            .execute(params![
                id,
                item.source,
                item.key,
                item.title,
                item.artifact_type,
                item.flow_item_type.as_str(),
                created
            ])
            .map_err(err)?;
        // A new item (the common case) takes the fast path; one already stored is updated.
        let row: i64 = if inserted == 1 {
            self.tx.last_insert_rowid()
        } else {
            if self.update_item.is_none() {
                self.update_item = Some(
                    self.tx
                        .prepare(
                            "UPDATE items SET title = ?2, artifact_type = ?3, flow_item_type = ?4,
                               created_ms = ?5
                             WHERE id = ?1 RETURNING row",
                        )
                        .map_err(err)?,
                );
            }
            self.update_item
                .as_mut()
                .expect("prepared above")
                .query_row(
                    params![
                        id,
                        item.title,
                        item.artifact_type,
                        item.flow_item_type.as_str(),
                        created
                    ],
                    |r| r.get(0),
                )
                .optional()
                .map_err(err)?
                .ok_or_else(|| StoreError::InvalidData {
                    path: path.to_path_buf(),
                    message: format!(
                        "item {} of {} clashes with a stored item of another id",
                        item.key, item.source
                    ),
                })?
        };
        self.items_added += 1;
        let mut ids = std::mem::take(&mut self.scratch);
        ids.clear();
        for t in transitions {
            let from = match &t.from_state {
                Some(s) => Some(self.state_id(s)?),
                None => None,
            };
            let to = self.state_id(&t.to_state)?;
            ids.push((t.at.timestamp_millis(), from, to));
        }
        for chunk in ids.chunks(TRANSITION_BATCH) {
            let n = chunk.len();
            if self.insert_transitions[n - 1].is_none() {
                let values = vec!["(?, ?, ?, ?)"; n].join(", ");
                let sql = format!(
                    "INSERT OR IGNORE INTO transitions (item, at_ms, from_state, to_state) VALUES {values}"
                );
                self.insert_transitions[n - 1] = Some(self.tx.prepare(&sql).map_err(err)?);
            }
            let stmt = self.insert_transitions[n - 1]
                .as_mut()
                .expect("prepared above");
            for (i, (at, from, to)) in chunk.iter().enumerate() {
                let p = i * 4;
                stmt.raw_bind_parameter(p + 1, row).map_err(err)?;
                stmt.raw_bind_parameter(p + 2, at).map_err(err)?;
                // 0: the source did not say where the item came from (schema 2).
                stmt.raw_bind_parameter(p + 3, from.unwrap_or(0))
                    .map_err(err)?;
                stmt.raw_bind_parameter(p + 4, to).map_err(err)?;
            }
            let inserted = stmt.raw_execute().map_err(err)?;
            self.transitions_added += inserted as u64;
        }
        self.scratch = ids;
        Ok(())
    }

    /// Adds a source, or replaces the one with the same name.
    pub fn put_source(&mut self, source: &SourceRecord) -> Result<(), StoreError> {
        put_source(self.tx, self.path, source)
    }

    /// Stores a state mapping row, replacing the one for the same source and state.
    pub fn put_state_mapping(&mut self, mapping: &StateMapping) -> Result<(), StoreError> {
        put_state_mapping(self.tx, self.path, mapping)
    }

    /// Items given to [`DataWriter::add`] so far, and transitions actually stored (duplicates of
    /// stored transitions are not counted).
    pub fn added(&self) -> (u64, u64) {
        (self.items_added, self.transitions_added)
    }
}

fn put_source(conn: &Connection, path: &Path, source: &SourceRecord) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sources (name, kind, tool, url, query, cursor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, tool = excluded.tool,
           url = excluded.url, query = excluded.query, cursor = excluded.cursor",
        params![
            source.name,
            source.kind,
            source.tool.map(|t| t.to_string()),
            source.url,
            source.query,
            source.cursor
        ],
    )
    .map(|_| ())
    .map_err(|e| StoreError::sqlite(path, e))
}

fn put_state_mapping(conn: &Connection, path: &Path, m: &StateMapping) -> Result<(), StoreError> {
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

fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    // A page cache of up to 64 MiB (allocated as used) lets large write transactions (an
    // import of millions of transitions) commit without spilling pages mid-way.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE; PRAGMA cache_size = -65536;",
    )
    .map_err(|e| StoreError::sqlite(path, e))
}

fn migrate(conn: &mut Connection, path: &Path, from: i64) -> Result<(), StoreError> {
    let tx = conn
        .transaction()
        .map_err(|e| StoreError::sqlite(path, e))?;
    for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.execute_batch(sql)
            .map_err(|e| StoreError::sqlite(path, e))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(|e| StoreError::sqlite(path, e))?;
    }
    tx.commit().map_err(|e| StoreError::sqlite(path, e))
}

fn write_map(tx: &Transaction<'_>, path: &Path, doc: &MapDocument) -> Result<(), StoreError> {
    let e = |err| StoreError::sqlite(path, err);
    tx.execute_batch("DELETE FROM positions; DELETE FROM edges; DELETE FROM nodes;")
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
    }
    Ok(())
}

fn read_header(path: &Path) -> Result<Vec<u8>, StoreError> {
    let meta = fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if meta.is_dir() {
        return Err(StoreError::NotAFlowmapFile {
            path: path.to_path_buf(),
            reason: "it is a directory".into(),
        });
    }
    let mut header = Vec::with_capacity(100);
    fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut header))
        .map_err(|e| StoreError::io(path, e))?;
    if header.len() < SQLITE_MAGIC.len() || &header[..16] != SQLITE_MAGIC {
        let reason = if meta.len() == 0 {
            "the file is empty".to_string()
        } else {
            "it is not an SQLite database".to_string()
        };
        return Err(StoreError::NotAFlowmapFile {
            path: path.to_path_buf(),
            reason,
        });
    }
    if header.len() < 100 {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("truncated: only {} bytes", header.len()),
        });
    }
    Ok(header)
}

/// Checks the 100-byte SQLite header and returns the schema version.
fn check_header(path: &Path, h: &[u8]) -> Result<i64, StoreError> {
    let be32 = |at: usize| u32::from_be_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]]);
    let application_id = be32(68) as i32;
    if application_id != schema::APPLICATION_ID {
        return Err(StoreError::NotAFlowmapFile {
            path: path.to_path_buf(),
            reason: "an SQLite database of another application".into(),
        });
    }
    let version = be32(60) as i64;
    if version > schema::VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: schema::VERSION,
        });
    }
    let page_size = match u16::from_be_bytes([h[16], h[17]]) {
        1 => 65_536u64,
        n => n as u64,
    };
    // The in-header page count is valid when the "version-valid-for" number matches the
    // change counter (SQLite 3.7.0 and later always keep it so).
    let page_count = be32(28) as u64;
    if be32(92) == be32(24) && page_count > 0 {
        let expected = page_size * page_count;
        let actual = fs::metadata(path)
            .map_err(|e| StoreError::io(path, e))?
            .len();
        if actual < expected {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: format!("truncated: {actual} bytes of {expected}"),
            });
        }
    }
    Ok(version)
}

/// Builds a new file with `build` in a temporary file beside `path`, flushes it to disk and
/// renames it over `path`, then opens it. If anything fails, the temporary file is removed and
/// any file at `path` is left whole.
fn build_beside(
    path: &Path,
    build: impl FnOnce(&Path) -> Result<(), StoreError>,
) -> Result<MapFile, StoreError> {
    let tmp = temp_path_beside(path);
    let result = build(&tmp).and_then(|()| {
        fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io(&tmp, e))?;
        fs::rename(&tmp, path).map_err(|e| StoreError::io(path, e))?;
        sync_parent_dir(path);
        Ok(())
    });
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    MapFile::open(path)
}

fn temp_path_beside(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "map.flowmap".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

fn sync_parent_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

fn item_id_from_blob(path: &Path, blob: &[u8]) -> Result<ItemId, StoreError> {
    let bytes: [u8; 16] = blob.try_into().map_err(|_| StoreError::Corrupt {
        path: path.to_path_buf(),
        reason: format!("an item id of {} bytes", blob.len()),
    })?;
    Ok(ItemId::from_bytes(bytes))
}

fn from_ms(path: &Path, ms: i64) -> Result<DateTime<Utc>, StoreError> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("a timestamp out of range ({ms} ms)"),
        })
}
