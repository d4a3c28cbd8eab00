//! Work items and their transitions: reading them, counting them, summing them per source, and
//! writing them in one transaction through a [`DataWriter`].

mod writer;

pub use writer::{
    number_changes, DataWriter, NewItem, SourceRemoved, SourceUpdate, Written, WrittenItem,
};

use crate::error::StoreError;
use crate::lifecycle::{write_transaction, MapFile};
use chrono::{DateTime, TimeZone, Utc};
use flowmap_core::{FlowItemType, Item, ItemId, Transition};
use std::path::Path;

/// How much data a file holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub items: u64,
    pub transitions: u64,
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

impl MapFile {
    /// Adds or updates items and their transitions in one transaction: if `fill` fails, the
    /// file is left exactly as it was. Adding the same item or transition twice stores it once.
    ///
    /// The transaction takes the file's write lock before `fill` reads anything (waiting for
    /// another writer to finish), so what `fill` reads through the writer (the map, sources,
    /// mappings) is what it changes: no other process's change is overwritten. `fill` may also
    /// change the map ([`DataWriter::write_map`]) in the same transaction.
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
            let tx = write_transaction(&mut self.conn, &path)?;
            let (out, touched, built) = {
                let mut sink = DataWriter::new(&tx, &path);
                let out = fill(&mut sink)?;
                (out, sink.data_touched, sink.built.take())
            };
            if touched {
                crate::snapshot::invalidate(&tx, &path)?;
            }
            // The snapshot the writer built of what the transaction leaves, of the new
            // generation: old rows and old snapshot, or new rows and new snapshot.
            if let Some(built) = built {
                crate::snapshot::put_current(&tx, &path, &built)?;
            }
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

    /// How many items and transitions the file holds: stored with the snapshot of the current
    /// data when there is one, else counted.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        if let Some(counts) = crate::snapshot::stored_counts(&self.conn, &self.path)? {
            return Ok(counts);
        }
        self.count_rows()
    }

    /// How many items and transitions the file holds, counted row by row.
    pub fn count_rows(&self) -> Result<Counts, StoreError> {
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
        self.items_where("1", [])
    }

    /// The items whose key is `key`, of every source, in the order they were added.
    pub fn items_with_key(&self, key: &str) -> Result<Vec<Item>, StoreError> {
        self.items_where("key = ?1", [key])
    }

    /// The items of these artifact types, in the order they were added.
    pub fn items_of_types(&self, types: &[String]) -> Result<Vec<Item>, StoreError> {
        if types.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; types.len()].join(", ");
        self.items_where(
            &format!("artifact_type IN ({marks})"),
            rusqlite::params_from_iter(types),
        )
    }

    /// The artifact types of the file's items, each once, in no set order (without counting
    /// them: [`MapFile::artifact_types`] counts, which sorts every item).
    pub fn artifact_type_names(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT artifact_type FROM items")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Whether `source` has an item `key` in the file.
    pub fn has_item(&self, source: &str, key: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM items WHERE source = ?1 AND key = ?2)")
            .and_then(|mut s| s.query_row([source, key], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// The items of `sql`'s condition on the `items` table with `params`, in the order they
    /// were added.
    pub(crate) fn items_where<P: rusqlite::Params>(
        &self,
        condition: &str,
        params: P,
    ) -> Result<Vec<Item>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT id, source, key, title, artifact_type, flow_item_type, created_ms
                 FROM items WHERE {condition} ORDER BY row"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params, |r| {
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
    /// time (transitions at the same instant in the source's order).
    pub fn transitions(&self) -> Result<Vec<Transition>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT i.id, f.name, t.name, tr.at_ms
                 FROM transitions tr
                 JOIN items i ON i.row = tr.item
                 JOIN states t ON t.id = tr.to_state
                 LEFT JOIN states f ON f.id = tr.from_state
                 ORDER BY tr.item, tr.at_ms, tr.seq",
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
