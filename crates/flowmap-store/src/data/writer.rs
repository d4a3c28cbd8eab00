//! The bulk writer of items and transitions inside one write transaction: statements prepared
//! once, transitions inserted many rows per statement, state ids cached.

use crate::error::StoreError;
use crate::map::{write_map, MapReader};
use crate::settings::{
    put_source, put_state_mapping, read_sources, read_state_mappings, SourceRecord,
};
use flowmap_core::{FlowItemType, Item, ItemId, MapDocument, StateMapping, Transition};
use rusqlite::{params, OptionalExtension, Statement, Transaction};
use rustc_hash::FxHashMap;
use std::path::Path;

mod record;
mod sources;
pub use record::{Written, WrittenItem};
pub use sources::{SourceRemoved, SourceUpdate};

/// Adds items, transitions and sources inside a write transaction (see [`MapFile::write_items`](crate::MapFile::write_items)).
pub struct DataWriter<'a> {
    tx: &'a Transaction<'a>,
    path: &'a Path,
    /// State ids by name, looked up twice per transition (Fx hashing: short keys, and no
    /// crafted keys to resist in one transaction).
    states: FxHashMap<String, i64>,
    items_added: u64,
    transitions_added: u64,
    /// Whether items or transitions were written (or deleted): the transaction then raises the
    /// data generation and drops the snapshot (`snapshot.rs`).
    pub(crate) data_touched: bool,
    /// The item insert and update, prepared once per transaction.
    insert_item: Option<Statement<'a>>,
    update_item: Option<Statement<'a>>,
    /// `insert_new_items[n - 1]` inserts n items the file cannot hold yet at once (up to
    /// [`ITEM_BATCH`], [`DataWriter::add_new_items`]).
    insert_new_items: Vec<Option<Statement<'a>>>,
    /// `insert_new_rows[n - 1]` inserts n transitions of such items, of any of them, at once.
    insert_new_rows: Vec<Option<Statement<'a>>>,
    /// Reused for the (row, time, seq, from, to) of new items' transitions.
    new_rows: Vec<(i64, i64, i64, Option<i64>, i64)>,
    /// `insert_transitions[n - 1]` inserts n transitions at once (up to [`TRANSITION_BATCH`]):
    /// one statement per batch instead of one per row.
    insert_transitions: Vec<Option<Statement<'a>>>,
    /// The same for the transitions of an item this transaction has just inserted: a plain
    /// insert (it has none stored to update; a clash would fail the write, not be ignored).
    insert_new_transitions: Vec<Option<Statement<'a>>>,
    /// Reused for the (time, seq, from, to) of each item's transitions.
    scratch: Vec<(i64, i64, Option<i64>, i64)>,
    /// What is written, when kept ([`DataWriter::record`]).
    record: Option<Box<Written>>,
    /// The snapshot to store when the transaction ends ([`DataWriter::set_snapshot`]).
    pub(crate) built: Option<crate::snapshot::Built>,
}

/// An item as [`DataWriter::add_rows`] stores it, borrowed from the caller.
#[derive(Clone, Copy, Debug)]
pub struct NewItem<'a> {
    pub id: ItemId,
    pub source: &'a str,
    pub key: &'a str,
    pub title: &'a str,
    pub artifact_type: &'a str,
    pub flow_item_type: FlowItemType,
    pub created_ms: i64,
}

/// The most transitions one statement inserts.
const TRANSITION_BATCH: usize = 32;

/// The most new items one statement inserts ([`DataWriter::add_new_items`]).
const ITEM_BATCH: usize = 8;

/// Numbers the changes of an item's `part`-th part as the file identifies them, into `out` as
/// (instant, number, state left, state entered): a change's number is its position among the
/// part's changes at its instant, after those of earlier parts (`part << 20`), so the same
/// history given again is stored once.
pub fn number_changes<S: Copy>(
    transitions: &[(i64, Option<S>, S)],
    part: u32,
    out: &mut Vec<(i64, i64, Option<S>, S)>,
) {
    out.clear();
    let base = i64::from(part) << 20;
    let sorted = transitions.windows(2).all(|w| w[0].0 <= w[1].0);
    let mut seen_at: FxHashMap<i64, i64> = FxHashMap::default();
    let mut run = (i64::MIN, 0i64);
    for &(at, from, to) in transitions {
        // The position among the changes given at this instant.
        let rank = if sorted {
            run = if run.0 == at {
                (at, run.1 + 1)
            } else {
                (at, 0)
            };
            run.1
        } else {
            let n = seen_at.entry(at).or_insert(0);
            *n += 1;
            *n - 1
        };
        out.push((at, base + rank, from, to));
    }
}

impl<'a> DataWriter<'a> {
    pub(crate) fn new(tx: &'a Transaction<'a>, path: &'a Path) -> Self {
        DataWriter {
            tx,
            path,
            states: FxHashMap::default(),
            items_added: 0,
            transitions_added: 0,
            data_touched: false,
            insert_item: None,
            update_item: None,
            insert_new_items: (0..ITEM_BATCH).map(|_| None).collect(),
            insert_new_rows: (0..TRANSITION_BATCH).map(|_| None).collect(),
            new_rows: Vec::new(),
            insert_transitions: (0..TRANSITION_BATCH).map(|_| None).collect(),
            insert_new_transitions: (0..TRANSITION_BATCH).map(|_| None).collect(),
            scratch: Vec::new(),
            record: None,
            built: None,
        }
    }

    /// The transaction and the file's path, for the writes of other modules (`links.rs`).
    pub(crate) fn parts(&self) -> (&'a Transaction<'a>, &'a Path) {
        (self.tx, self.path)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(self.path, e)
    }

    /// The id of the state named `name`, added to the file's states when missing. A caller
    /// that writes many transitions resolves each state once and gives ids to
    /// [`DataWriter::add_rows`].
    pub fn state_id(&mut self, name: &str) -> Result<i64, StoreError> {
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
        if let Some(r) = &mut self.record {
            r.state_names.insert(id, name.to_string());
        }
        Ok(id)
    }

    /// Adds an item (or updates its title and types if it is already there) and its
    /// transitions, in the source's order. Every transition must belong to the item.
    pub fn add(&mut self, item: &Item, transitions: &[Transition]) -> Result<(), StoreError> {
        self.add_part(item, transitions, 0)
    }

    /// [`DataWriter::add`] for the `part`-th part of an item whose source gives it in parts
    /// (an unsorted log): transitions at one instant are numbered in the order given, after
    /// those of earlier parts. A transition is identified by (item, instant, number): adding
    /// the same history again stores nothing twice, and a stored instant whose changes differ
    /// takes the new ones (their order included).
    pub fn add_part(
        &mut self,
        item: &Item,
        transitions: &[Transition],
        part: u32,
    ) -> Result<(), StoreError> {
        if let Some(t) = transitions.iter().find(|t| t.item != item.id) {
            return Err(StoreError::InvalidData {
                path: self.path.to_path_buf(),
                message: format!(
                    "a transition to {:?} given with item {} belongs to another item ({})",
                    t.to_state, item.key, t.item
                ),
            });
        }
        let mut changes = Vec::with_capacity(transitions.len());
        for t in transitions {
            let from = match &t.from_state {
                Some(s) => Some(self.state_id(s)?),
                None => None,
            };
            changes.push((t.at.timestamp_millis(), from, self.state_id(&t.to_state)?));
        }
        let row = NewItem {
            id: item.id,
            source: &item.source,
            key: &item.key,
            title: &item.title,
            artifact_type: &item.artifact_type,
            flow_item_type: item.flow_item_type,
            created_ms: item.created.timestamp_millis(),
        };
        self.add_rows(&row, &changes, part).map(|_| ())
    }

    /// [`DataWriter::add_part`] for an item given as its row's fields and its transitions as
    /// (instant in Unix ms, state left, state entered), states by their ids
    /// ([`DataWriter::state_id`]): the bulk path of an import, with no string per transition.
    /// Returns the item's row.
    fn add_rows(
        &mut self,
        item: &NewItem<'_>,
        transitions: &[(i64, Option<i64>, i64)],
        part: u32,
    ) -> Result<i64, StoreError> {
        let mut ids = std::mem::take(&mut self.scratch);
        number_changes(transitions, part, &mut ids);
        let written = self.add_numbered(item, &ids);
        self.scratch = ids;
        written
    }

    /// [`DataWriter::add_rows`] for transitions already numbered by [`number_changes`]: (instant
    /// in Unix ms, number at that instant, state left, state entered). Returns the item's row.
    pub fn add_numbered(
        &mut self,
        item: &NewItem<'_>,
        transitions: &[(i64, i64, Option<i64>, i64)],
    ) -> Result<i64, StoreError> {
        self.data_touched = true;
        self.built = None;
        let (row, new) = self.put_item(item)?;
        self.items_added += 1;
        self.note(row, item, transitions);
        self.insert_transitions(row, transitions, new).map(|_| row)
    }

    /// Keeps what was written of an item in the record, when one is kept.
    fn note(&mut self, row: i64, item: &NewItem<'_>, transitions: &[(i64, i64, Option<i64>, i64)]) {
        if let Some(r) = self.record.as_mut() {
            let written = WrittenItem {
                source: 0,
                artifact: 0,
                key: item.key.to_string(),
                title: item.title.to_string(),
                flow_item_type: item.flow_item_type,
                created_ms: item.created_ms,
            };
            if let Some(pos) = r.item(row, (item.source, item.artifact_type), written) {
                for t in transitions {
                    r.transition(pos, *t);
                }
            }
        }
    }

    /// [`DataWriter::add_numbered`] for items the file cannot hold yet — the caller knows it: a
    /// file that held no items, each key given once —, up to [`ITEM_BATCH`] items per insert
    /// statement (one statement per item is most of an item's cost). `transitions` holds the
    /// items' transitions one item after another, item `i`'s ending at `ends[i]`. Pushes each
    /// item's row to `rows`. An item the file holds already fails the write.
    pub fn add_new_items(
        &mut self,
        items: &[NewItem<'_>],
        transitions: &[(i64, i64, Option<i64>, i64)],
        ends: &[usize],
        rows: &mut Vec<i64>,
    ) -> Result<(), StoreError> {
        self.data_touched = true;
        self.built = None;
        let path = self.path;
        let err = |e| StoreError::sqlite(path, e);
        let mut start = 0;
        for (c, chunk) in items.chunks(ITEM_BATCH).enumerate() {
            let n = chunk.len();
            if self.insert_new_items[n - 1].is_none() {
                let values = vec!["(?, ?, ?, ?, ?, ?, ?)"; n].join(", ");
                // `OR FAIL`: a clash fails the write (and the transaction), and SQLite keeps no
                // statement journal for undoing one statement alone.
                let sql = format!(
                    "INSERT OR FAIL INTO items (id, source, key, title, artifact_type, flow_item_type, created_ms)
                     VALUES {values}"
                );
                self.insert_new_items[n - 1] = Some(self.tx.prepare(&sql).map_err(err)?);
            }
            let stmt = self.insert_new_items[n - 1]
                .as_mut()
                .expect("prepared above");
            for (i, item) in chunk.iter().enumerate() {
                let p = i * 7;
                stmt.raw_bind_parameter(p + 1, item.id.as_bytes().as_slice())
                    .map_err(err)?;
                stmt.raw_bind_parameter(p + 2, item.source).map_err(err)?;
                stmt.raw_bind_parameter(p + 3, item.key).map_err(err)?;
                stmt.raw_bind_parameter(p + 4, item.title).map_err(err)?;
                stmt.raw_bind_parameter(p + 5, item.artifact_type)
                    .map_err(err)?;
                stmt.raw_bind_parameter(p + 6, item.flow_item_type.as_str())
                    .map_err(err)?;
                stmt.raw_bind_parameter(p + 7, item.created_ms)
                    .map_err(err)?;
            }
            let inserted = stmt.raw_execute().map_err(err)?;
            if inserted != n {
                return Err(StoreError::InvalidData {
                    path: path.to_path_buf(),
                    message: format!("{} of {n} new items could not be stored", n - inserted),
                });
            }
            // A row of an INTEGER PRIMARY KEY left to SQLite is one above the highest: the
            // statement's rows are the n up to the last one inserted, in the order given.
            let first = self.tx.last_insert_rowid() - n as i64 + 1;
            let mut new_rows = std::mem::take(&mut self.new_rows);
            new_rows.clear();
            for (i, item) in chunk.iter().enumerate() {
                let end = ends[c * ITEM_BATCH + i];
                let row = first + i as i64;
                self.items_added += 1;
                self.note(row, item, &transitions[start..end]);
                new_rows.extend(
                    transitions[start..end]
                        .iter()
                        .map(|&(at, seq, from, to)| (row, at, seq, from, to)),
                );
                rows.push(row);
                start = end;
            }
            let written = self.insert_new_rows(&new_rows);
            self.new_rows = new_rows;
            written?;
        }
        Ok(())
    }

    /// Inserts transitions (row, time, seq, from, to) of items just inserted, many rows per
    /// statement whatever their items (nothing of them is stored to update; a clash fails).
    fn insert_new_rows(
        &mut self,
        rows: &[(i64, i64, i64, Option<i64>, i64)],
    ) -> Result<(), StoreError> {
        let path = self.path;
        let err = |e| StoreError::sqlite(path, e);
        for chunk in rows.chunks(TRANSITION_BATCH) {
            let n = chunk.len();
            if self.insert_new_rows[n - 1].is_none() {
                let values = vec!["(?, ?, ?, ?, ?)"; n].join(", ");
                let sql = format!(
                    "INSERT OR FAIL INTO transitions (item, at_ms, seq, from_state, to_state)
                     VALUES {values}"
                );
                self.insert_new_rows[n - 1] = Some(self.tx.prepare(&sql).map_err(err)?);
            }
            let stmt = self.insert_new_rows[n - 1]
                .as_mut()
                .expect("prepared above");
            for (i, (row, at, seq, from, to)) in chunk.iter().enumerate() {
                let p = i * 5;
                stmt.raw_bind_parameter(p + 1, row).map_err(err)?;
                stmt.raw_bind_parameter(p + 2, at).map_err(err)?;
                stmt.raw_bind_parameter(p + 3, seq).map_err(err)?;
                // 0: the source did not say where the item came from (schema 2).
                stmt.raw_bind_parameter(p + 4, from.unwrap_or(0))
                    .map_err(err)?;
                stmt.raw_bind_parameter(p + 5, to).map_err(err)?;
            }
            self.transitions_added += stmt.raw_execute().map_err(err)? as u64;
        }
        Ok(())
    }

    /// The highest item row the file holds (0 when none): rows above it are items added since.
    pub fn last_item_row(&self) -> Result<i64, StoreError> {
        self.tx
            .query_row("SELECT ifnull(max(row), 0) FROM items", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Inserts the item, or updates its title, types and creation time when the file holds
    /// its source and key already; returns its row and whether it was inserted.
    fn put_item(&mut self, item: &NewItem<'_>) -> Result<(i64, bool), StoreError> {
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
        let inserted = self
            .insert_item
            .as_mut()
            .expect("prepared above")
            .execute(params![
                item.id.as_bytes().as_slice(),
                item.source,
                item.key,
                item.title,
                item.artifact_type,
                item.flow_item_type.as_str(),
                item.created_ms
            ])
            .map_err(err)?;
        // A new item (the common case) takes the fast path; one already stored is updated.
        if inserted == 1 {
            return Ok((self.tx.last_insert_rowid(), true));
        }
        if self.update_item.is_none() {
            self.update_item = Some(
                self.tx
                    .prepare(
                        "UPDATE items SET title = ?3, artifact_type = ?4, flow_item_type = ?5,
                           created_ms = ?6
                         WHERE source = ?1 AND key = ?2 RETURNING row",
                    )
                    .map_err(err)?,
            );
        }
        self.update_item
            .as_mut()
            .expect("prepared above")
            .query_row(
                params![
                    item.source,
                    item.key,
                    item.title,
                    item.artifact_type,
                    item.flow_item_type.as_str(),
                    item.created_ms
                ],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?
            .ok_or_else(|| StoreError::InvalidData {
                path: path.to_path_buf(),
                message: format!("item {} of {} could not be stored", item.key, item.source),
            })
            .map(|row| (row, false))
    }

    /// Inserts item `row`'s transitions (time, seq, from, to), many rows per statement; `new`
    /// when the item was just inserted (nothing of it stored to update).
    fn insert_transitions(
        &mut self,
        row: i64,
        ids: &[(i64, i64, Option<i64>, i64)],
        new: bool,
    ) -> Result<(), StoreError> {
        let path = self.path;
        let err = |e| StoreError::sqlite(path, e);
        for chunk in ids.chunks(TRANSITION_BATCH) {
            let n = chunk.len();
            let cache = if new {
                &mut self.insert_new_transitions
            } else {
                &mut self.insert_transitions
            };
            if cache[n - 1].is_none() {
                // The item's row is bound once (`?1`), each transition's four values after it.
                let values = (0..n)
                    .map(|i| {
                        let p = 2 + 4 * i;
                        format!("(?1, ?{}, ?{}, ?{}, ?{})", p, p + 1, p + 2, p + 3)
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                // A new item's transitions: a plain insert (a clash fails the write, which
                // rolls the whole transaction back). `OR FAIL` rather than the default `ABORT`:
                // SQLite then keeps no statement journal for undoing one statement alone.
                let (verb, upsert) = if new {
                    ("INSERT OR FAIL", "")
                } else {
                    (
                        "INSERT",
                        "ON CONFLICT (item, at_ms, seq) DO UPDATE
                       SET from_state = excluded.from_state, to_state = excluded.to_state
                       WHERE from_state <> excluded.from_state OR to_state <> excluded.to_state",
                    )
                };
                let sql = format!(
                    "{verb} INTO transitions (item, at_ms, seq, from_state, to_state) VALUES {values}
                     {upsert}"
                );
                cache[n - 1] = Some(self.tx.prepare(&sql).map_err(err)?);
            }
            let stmt = cache[n - 1].as_mut().expect("prepared above");
            stmt.raw_bind_parameter(1, row).map_err(err)?;
            for (i, (at, seq, from, to)) in chunk.iter().enumerate() {
                let p = 2 + i * 4;
                stmt.raw_bind_parameter(p, at).map_err(err)?;
                stmt.raw_bind_parameter(p + 1, seq).map_err(err)?;
                // 0: the source did not say where the item came from (schema 2).
                stmt.raw_bind_parameter(p + 2, from.unwrap_or(0))
                    .map_err(err)?;
                stmt.raw_bind_parameter(p + 3, to).map_err(err)?;
            }
            let inserted = stmt.raw_execute().map_err(err)?;
            self.transitions_added += inserted as u64;
        }
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

    /// The map and its layout as this transaction sees them: read under the write lock, so no
    /// other writer can change them before the transaction ends.
    pub fn load_map(&self) -> Result<MapDocument, StoreError> {
        MapReader {
            conn: self.tx,
            path: self.path,
        }
        .load()
    }

    /// Replaces the map and its layout in this transaction (the map's version increases).
    pub fn write_map(&mut self, doc: &MapDocument) -> Result<(), StoreError> {
        write_map(self.tx, self.path, doc)
    }

    /// The sources as this transaction sees them.
    pub fn sources(&self) -> Result<Vec<SourceRecord>, StoreError> {
        read_sources(self.tx, self.path)
    }

    /// The state mapping rows as this transaction sees them.
    pub fn state_mappings(&self) -> Result<Vec<StateMapping>, StoreError> {
        read_state_mappings(self.tx, self.path)
    }

    /// Sets the cursor of the source named `name`, leaving the rest of its record as stored;
    /// returns whether there is such a source.
    pub fn set_source_cursor(
        &mut self,
        name: &str,
        cursor: Option<&str>,
    ) -> Result<bool, StoreError> {
        self.tx
            .execute(
                "UPDATE sources SET cursor = ?2 WHERE name = ?1",
                params![name, cursor],
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Items given to [`DataWriter::add`] so far, and transitions actually stored or changed
    /// (transitions already stored as given are not counted).
    pub fn added(&self) -> (u64, u64) {
        (self.items_added, self.transitions_added)
    }
}
