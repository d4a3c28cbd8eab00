//! Flow key results kept in the file (schema 7): one row per key result, its body as JSON, and
//! a version that each write raises. A write names the version it read, so a writer never
//! overwrites a key result another writer changed or removed since (`RecordChanged`).

use crate::error::StoreError;
use crate::lifecycle::{write_transaction, MapFile};
use flowmap_core::{KeyResult, KeyResultId};
use rusqlite::{params, OptionalExtension};

/// A key result as stored, with the version a later write must name.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredKeyResult {
    pub key_result: KeyResult,
    pub version: i64,
}

impl MapFile {
    /// The file's key results, in the order they were added.
    pub fn key_results(&self) -> Result<Vec<StoredKeyResult>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, version, body FROM key_results ORDER BY ord")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, version, body) = row.map_err(|e| self.err(e))?;
            let key_result: KeyResult =
                serde_json::from_str(&body).map_err(|e| StoreError::InvalidData {
                    path: self.path.clone(),
                    message: format!("key result {id}: {e}"),
                })?;
            out.push(StoredKeyResult {
                key_result,
                version,
            });
        }
        Ok(out)
    }

    /// Adds `kr` (`read_version` `None`: it must not exist yet) or replaces it when its stored
    /// version is still `read_version`; returns the new version. Refused with
    /// [`StoreError::RecordChanged`] when another writer changed or removed it since.
    pub fn save_key_result(
        &mut self,
        kr: &KeyResult,
        read_version: Option<i64>,
    ) -> Result<i64, StoreError> {
        let body = serde_json::to_string(kr).expect("a key result serializes");
        let id = kr.id.to_string();
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let changed = |what: &str| StoreError::RecordChanged {
            path: path.clone(),
            what: format!("the key result {:?} {what}", kr.name),
        };
        // The write lock is taken before the version is read.
        let tx = write_transaction(&mut self.conn, &path)?;
        let stored: Option<i64> = tx
            .query_row(
                "SELECT version FROM key_results WHERE id = ?1",
                [&id],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        let version = match (read_version, stored) {
            (None, None) => {
                tx.execute(
                    "INSERT INTO key_results (id, ord, version, body)
                     VALUES (?1, (SELECT coalesce(max(ord), 0) + 1 FROM key_results), 1, ?2)",
                    params![id, body],
                )
                .map_err(err)?;
                1
            }
            (Some(read), Some(now)) if read == now => {
                tx.execute(
                    "UPDATE key_results SET version = ?2, body = ?3 WHERE id = ?1",
                    params![id, now + 1, body],
                )
                .map_err(err)?;
                now + 1
            }
            (None, Some(_)) => return Err(changed("already exists")),
            (Some(_), _) => return Err(changed("as read")),
        };
        tx.commit().map_err(err)?;
        Ok(version)
    }

    /// Removes key result `id` if its stored version is still `read_version`.
    pub fn delete_key_result(
        &mut self,
        id: KeyResultId,
        read_version: i64,
    ) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute(
                "DELETE FROM key_results WHERE id = ?1 AND version = ?2",
                params![id.to_string(), read_version],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(StoreError::RecordChanged {
                path: self.path.clone(),
                what: format!("the key result {id}"),
            });
        }
        Ok(())
    }
}
