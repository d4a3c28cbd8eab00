//! Streaming reads of items and transitions, for loading millions of them without building an
//! object per row.

use crate::error::StoreError;
use crate::lifecycle::MapFile;
use flowmap_core::FlowItemType;

/// An item as it is read, borrowed from the row.
pub struct ItemRow<'a> {
    /// The item's row number: what [`TransitionRow::item`] refers to.
    pub row: i64,
    pub source: &'a str,
    pub key: &'a str,
    pub title: &'a str,
    pub artifact_type: &'a str,
    pub flow_item_type: FlowItemType,
    pub created_ms: i64,
}

/// A transition as it is read: state ids refer to [`MapFile::state_names`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionRow {
    pub item: i64,
    pub at_ms: i64,
    pub from_state: Option<i64>,
    pub to_state: i64,
}

impl MapFile {
    /// Every item in the order they were added.
    pub fn scan_items(
        &self,
        mut f: impl FnMut(ItemRow<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT row, source, key, title, flow_item_type, created_ms, artifact_type FROM items ORDER BY row",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let get_str = |i| r.get_ref(i).and_then(|v| v.as_str().map_err(Into::into));
            let key = get_str(2).map_err(|e| self.err(e))?;
            let fit: FlowItemType =
                get_str(4)
                    .map_err(|e| self.err(e))?
                    .parse()
                    .map_err(|e| StoreError::Corrupt {
                        path: self.path.clone(),
                        reason: format!("item {key}: {e}"),
                    })?;
            f(ItemRow {
                row: r.get(0).map_err(|e| self.err(e))?,
                source: get_str(1).map_err(|e| self.err(e))?,
                key,
                title: get_str(3).map_err(|e| self.err(e))?,
                artifact_type: get_str(6).map_err(|e| self.err(e))?,
                flow_item_type: fit,
                created_ms: r.get(5).map_err(|e| self.err(e))?,
            })?;
        }
        Ok(())
    }

    /// Every state name with its id.
    pub fn state_names(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name FROM states ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Every transition, ordered by item, time, and the source's order at one instant.
    pub fn scan_transitions(
        &self,
        mut f: impl FnMut(TransitionRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT item, at_ms, from_state, to_state FROM transitions ORDER BY item, at_ms, seq",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            f(TransitionRow {
                item: r.get(0).map_err(|e| self.err(e))?,
                at_ms: r.get(1).map_err(|e| self.err(e))?,
                from_state: Some(r.get::<_, i64>(2).map_err(|e| self.err(e))?).filter(|f| *f != 0),
                to_state: r.get(3).map_err(|e| self.err(e))?,
            })?;
        }
        Ok(())
    }
}
