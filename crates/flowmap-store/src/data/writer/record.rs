//! What a writer wrote in its transaction, kept when asked ([`DataWriter::record`]), so the
//! caller can build the engine's columns of the new data without reading the rows back, and
//! store them as the file's snapshot in the same transaction ([`DataWriter::set_snapshot`]).

use super::DataWriter;
use crate::data::Counts;
use crate::error::StoreError;
use crate::snapshot::Built;
use flowmap_core::FlowItemType;
use rustc_hash::FxHashMap;

/// The items and transitions a transaction stored, as the rows hold them.
#[derive(Debug, Default)]
pub struct Written {
    /// Whether the file held items before the transaction.
    pub had_items: bool,
    /// Whether an item stored before the transaction was changed (updated, or given more
    /// transitions): the record then does not say what the file holds for it.
    pub changed_old_items: bool,
    /// Sources named by [`WrittenItem::source`].
    pub sources: Vec<String>,
    /// Artifact types named by [`WrittenItem::artifact`].
    pub artifacts: Vec<String>,
    /// The new items, in row order (the order they were added), as last written.
    pub items: Vec<WrittenItem>,
    /// Their transitions in the order written, as columns; `item` indexes [`Written::items`].
    pub item: Vec<u32>,
    pub at_ms: Vec<i64>,
    pub seq: Vec<i64>,
    /// 0 when the source did not say where the item came from.
    pub from_state: Vec<i64>,
    pub to_state: Vec<i64>,
    /// The name of every state id the transitions use.
    pub state_names: FxHashMap<i64, String>,
    /// Position in `items` of each new item's row.
    pub(super) position: FxHashMap<i64, u32>,
    /// Rows above this were added by the transaction.
    pub(super) rows_before: i64,
}

/// A new item as its row holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenItem {
    /// Index in [`Written::sources`].
    pub source: u32,
    /// Index in [`Written::artifacts`]: the item's artifact type.
    pub artifact: u32,
    pub key: String,
    pub title: String,
    pub flow_item_type: FlowItemType,
    pub created_ms: i64,
}

/// The index of `name` in `names`, added when it is not there (a few names: a scan is fastest).
fn intern(names: &mut Vec<String>, name: &str) -> u32 {
    match names.iter().position(|s| s == name) {
        Some(i) => i as u32,
        None => {
            names.push(name.to_string());
            (names.len() - 1) as u32
        }
    }
}

impl Written {
    /// The index of artifact type `name` in [`Written::artifacts`], added when new: what
    /// [`WrittenItem::artifact`] holds.
    pub fn artifact(&mut self, name: &str) -> u32 {
        intern(&mut self.artifacts, name)
    }

    /// Notes the item stored at `row` (inserted, or updated when it was there).
    /// `named` is the item's (source, artifact type).
    pub(super) fn item(&mut self, row: i64, named: (&str, &str), item: WrittenItem) -> Option<u32> {
        if row <= self.rows_before {
            self.changed_old_items = true;
            return None;
        }
        let item = WrittenItem {
            source: intern(&mut self.sources, named.0),
            artifact: intern(&mut self.artifacts, named.1),
            ..item
        };
        if let Some(&pos) = self.position.get(&row) {
            self.items[pos as usize] = item;
            return Some(pos);
        }
        let pos = self.items.len() as u32;
        self.items.push(item);
        self.position.insert(row, pos);
        Some(pos)
    }

    pub(super) fn transition(&mut self, item: u32, t: (i64, i64, Option<i64>, i64)) {
        let (at, seq, from, to) = t;
        self.item.push(item);
        self.at_ms.push(at);
        self.seq.push(seq);
        self.from_state.push(from.unwrap_or(0));
        self.to_state.push(to);
    }
}

impl DataWriter<'_> {
    /// Keeps from now on what this transaction writes, for [`DataWriter::take_record`].
    pub fn record(&mut self) -> Result<(), StoreError> {
        let rows_before = self.last_item_row()?;
        self.record = Some(Box::new(Written {
            had_items: rows_before > 0,
            rows_before,
            ..Written::default()
        }));
        Ok(())
    }

    /// What was written since [`DataWriter::record`]; `None` when it was not called.
    pub fn take_record(&mut self) -> Option<Written> {
        self.record.take().map(|r| *r)
    }

    /// The file's snapshot of `format` as this transaction began (see
    /// [`MapFile::snapshot`](crate::MapFile::snapshot)): `None` when there is no current,
    /// whole one.
    pub fn snapshot(&self, format: i64) -> Result<Option<Vec<u8>>, StoreError> {
        crate::snapshot::read(self.tx, self.path, format)
    }

    /// Stores `body` as the file's snapshot of `format` when the transaction commits, of the
    /// data generation it commits: the caller built it from everything the file holds after
    /// this transaction (`counts` items and transitions). Call it last: any item written after
    /// it drops it.
    pub fn set_snapshot(&mut self, format: i64, counts: Counts, body: Vec<u8>) {
        self.built = Some(Built {
            format,
            counts,
            body,
        });
    }
}
