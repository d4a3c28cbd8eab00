//! Items prepared for the file ([`Prepared`]) and the buffer holding their text and changes
//! ([`PreparedText`]): one per batch, reused from batch to batch, so preparing an item
//! allocates nothing once the buffers have grown. [`StateIds`] writes them.

use flowmap_core::{FlowItemType, ItemId};
use flowmap_store::{DataWriter, NewItem, StoreError};
use std::ops::Range;

/// A prepared change: (instant in Unix ms, number at that instant, state left, state entered).
pub(super) type Change = (i64, i64, Option<u32>, u32);

/// An item ready for the file: its row's fields, and its part's transitions as (instant in
/// Unix ms, number at that instant ([`number_changes`](flowmap_store::number_changes)), state
/// left, state entered), states as indices into the preparing writer's state names. Its key,
/// title, artifact type and changes are in the [`PreparedText`] it was prepared into.
pub(super) struct Prepared {
    /// The item's position among the items this writer prepared (each once, whatever its
    /// parts): its row's order among the new rows.
    pub position: u32,
    pub id: ItemId,
    pub flow_item_type: FlowItemType,
    pub created_ms: i64,
    pub part: u32,
    /// Its key, title and artifact type, one after the other in the text.
    key: Range<usize>,
    title_end: usize,
    type_end: usize,
    changes: Range<usize>,
}

/// The text and changes of prepared items.
#[derive(Default)]
pub(super) struct PreparedText {
    text: String,
    changes: Vec<Change>,
}

impl PreparedText {
    /// Forgets every item prepared into it, keeping its buffers.
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.changes.clear();
    }

    /// Adds an item's fields and changes; the rest of the returned [`Prepared`] is the
    /// caller's to fill.
    pub(super) fn push(
        &mut self,
        item: (u32, ItemId, FlowItemType, i64, u32),
        texts: [&str; 3],
        changes: &[Change],
    ) -> Prepared {
        let (position, id, flow_item_type, created_ms, part) = item;
        let start = self.text.len();
        self.text.push_str(texts[0]);
        let key_end = self.text.len();
        self.text.push_str(texts[1]);
        let title_end = self.text.len();
        self.text.push_str(texts[2]);
        let from = self.changes.len();
        self.changes.extend_from_slice(changes);
        Prepared {
            position,
            id,
            flow_item_type,
            created_ms,
            part,
            key: start..key_end,
            title_end,
            type_end: self.text.len(),
            changes: from..self.changes.len(),
        }
    }

    pub(super) fn key(&self, p: &Prepared) -> &str {
        &self.text[p.key.clone()]
    }

    pub(super) fn title(&self, p: &Prepared) -> &str {
        &self.text[p.key.end..p.title_end]
    }

    pub(super) fn artifact_type(&self, p: &Prepared) -> &str {
        &self.text[p.title_end..p.type_end]
    }

    pub(super) fn changes(&self, p: &Prepared) -> &[Change] {
        &self.changes[p.changes.clone()]
    }
}

/// The file's state ids of an [`ItemWriter`](super::writer::ItemWriter)'s state indices,
/// resolved once per state by the thread that writes (the names only grow), so no transition
/// is written by state name.
#[derive(Default)]
pub(super) struct StateIds {
    ids: Vec<i64>,
    /// Reused for each item's transitions (and for those of several new items, each item's
    /// ending where `ends` says).
    scratch: Vec<(i64, i64, Option<i64>, i64)>,
    ends: Vec<usize>,
    rows: Vec<i64>,
}

/// Appends `p`'s changes (text in `t`) with their states' ids.
fn push_changes(
    out: &mut Vec<(i64, i64, Option<i64>, i64)>,
    ids: &[i64],
    t: &PreparedText,
    p: &Prepared,
) {
    out.extend(
        t.changes(p)
            .iter()
            .map(|&(at, seq, from, to)| (at, seq, from.map(|f| ids[f as usize]), ids[to as usize])),
    );
}

/// The row `p` of `source` (text in `t`) is written as.
fn new_item<'a>(source: &'a str, p: &Prepared, t: &'a PreparedText) -> NewItem<'a> {
    NewItem {
        id: p.id,
        source,
        key: t.key(p),
        title: t.title(p),
        artifact_type: t.artifact_type(p),
        flow_item_type: p.flow_item_type,
        created_ms: p.created_ms,
    }
}

impl StateIds {
    /// Resolves the states named after those resolved so far.
    pub(super) fn add(
        &mut self,
        w: &mut DataWriter<'_>,
        names: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Result<(), StoreError> {
        for name in names {
            self.ids.push(w.state_id(name.as_ref())?);
        }
        Ok(())
    }

    /// How many states are resolved.
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Writes a prepared item of `source` (every state it names resolved), its text in `t`;
    /// returns its row.
    pub(super) fn write(
        &mut self,
        w: &mut DataWriter<'_>,
        source: &str,
        p: &Prepared,
        t: &PreparedText,
    ) -> Result<i64, StoreError> {
        self.scratch.clear();
        push_changes(&mut self.scratch, &self.ids, t, p);
        w.add_numbered(&new_item(source, p, t), &self.scratch)
    }

    /// Writes a batch's items of `source` into a file that held no items before the import:
    /// runs of first parts several per statement ([`DataWriter::add_new_items`]: the file
    /// cannot hold them), later parts one by one.
    pub(super) fn write_into_empty(
        &mut self,
        w: &mut DataWriter<'_>,
        source: &str,
        items: &[Prepared],
        t: &PreparedText,
    ) -> Result<(), StoreError> {
        let mut k = 0;
        while k < items.len() {
            if items[k].part > 0 {
                self.write(w, source, &items[k], t)?;
                k += 1;
                continue;
            }
            let end = items[k..]
                .iter()
                .position(|p| p.part > 0)
                .map_or(items.len(), |n| k + n);
            self.scratch.clear();
            self.ends.clear();
            self.rows.clear();
            let mut new = Vec::with_capacity(end - k);
            for p in &items[k..end] {
                push_changes(&mut self.scratch, &self.ids, t, p);
                self.ends.push(self.scratch.len());
                new.push(new_item(source, p, t));
            }
            w.add_new_items(&new, &self.scratch, &self.ends, &mut self.rows)?;
            k = end;
        }
        Ok(())
    }
}
