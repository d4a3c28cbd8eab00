//! Settings of how a map is read (the flow view's filters), stored with the map in the `meta`
//! table, and what tells a reader that the file's data changed.

use crate::error::StoreError;
use crate::file::MapFile;
use rusqlite::OptionalExtension;

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
