//! Changing and removing a connected source inside a write transaction, and what a sync notes
//! about it (when it last wrote).

use super::DataWriter;
use crate::error::StoreError;
use flowmap_core::NodeId;
use rusqlite::params;

/// What removing a source deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SourceRemoved {
    pub items: u64,
    pub transitions: u64,
    pub mappings: u64,
}

/// The new settings of a source; `None` keeps what is stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceUpdate {
    pub url: Option<String>,
    /// `Some(None)` clears the query.
    pub query: Option<Option<String>>,
    pub tool: Option<NodeId>,
}

impl DataWriter<'_> {
    /// Changes the URL, query or tool of the source named `name`. When the URL or the query
    /// changes, its cursor is cleared: the next sync fetches everything the new settings
    /// select. Returns whether there is such a source.
    pub fn update_source(&mut self, name: &str, update: &SourceUpdate) -> Result<bool, StoreError> {
        let Some(old) = self.sources()?.into_iter().find(|s| s.name == name) else {
            return Ok(false);
        };
        let url = update.url.clone().or(old.url.clone());
        let query = update.query.clone().unwrap_or(old.query.clone());
        let tool = update.tool.or(old.tool);
        let cursor = if url == old.url && query == old.query {
            old.cursor
        } else {
            None
        };
        self.tx
            .execute(
                "UPDATE sources SET url = ?2, query = ?3, tool = ?4, cursor = ?5 WHERE name = ?1",
                params![name, url, query, tool.map(|t| t.to_string()), cursor],
            )
            .map_err(|e| self.err(e))?;
        Ok(true)
    }

    /// Removes the source named `name`. With `drop_items`, its items, their transitions and
    /// its state mapping rows go too; without, they stay in the file. `None` when there is no
    /// such source.
    pub fn remove_source(
        &mut self,
        name: &str,
        drop_items: bool,
    ) -> Result<Option<SourceRemoved>, StoreError> {
        let n = self
            .tx
            .execute("DELETE FROM sources WHERE name = ?1", [name])
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Ok(None);
        }
        let mut removed = SourceRemoved::default();
        if drop_items {
            self.data_touched = true;
            self.built = None;
            removed.transitions = self
                .tx
                .execute(
                    "DELETE FROM transitions WHERE item IN (SELECT row FROM items WHERE source = ?1)",
                    [name],
                )
                .map_err(|e| self.err(e))? as u64;
            self.tx
                .execute(
                    "DELETE FROM links WHERE item IN (SELECT row FROM items WHERE source = ?1)",
                    [name],
                )
                .map_err(|e| self.err(e))?;
            removed.items = self
                .tx
                .execute("DELETE FROM items WHERE source = ?1", [name])
                .map_err(|e| self.err(e))? as u64;
            removed.mappings = self
                .tx
                .execute("DELETE FROM state_mappings WHERE source = ?1", [name])
                .map_err(|e| self.err(e))? as u64;
        }
        Ok(Some(removed))
    }

    /// Notes that a sync of the source named `name` wrote at `at_ms` (Unix milliseconds).
    pub fn set_source_synced(&mut self, name: &str, at_ms: i64) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE sources SET config = json_set(config, '$.synced_ms', ?2) WHERE name = ?1",
                params![name, at_ms],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// How many items of the source named `name` the file holds, as this transaction sees it.
    pub fn source_item_count(&self, name: &str) -> Result<u64, StoreError> {
        self.tx
            .query_row(
                "SELECT COUNT(*) FROM items WHERE source = ?1",
                [name],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }
}
