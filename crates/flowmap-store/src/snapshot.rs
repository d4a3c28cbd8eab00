//! The snapshot of the engine's columns kept beside the rows (schema 6): bytes the caller
//! encodes (flowmap-metrics' `Dataset::encode`), stored in parts of at most [`PART_BYTES`], each
//! with its CRC-32, the format it was written in and the data generation it was built from.
//!
//! Every transaction that writes items or transitions ([`MapFile::write_items`]) raises
//! `meta.data_gen` and deletes the snapshot ([`invalidate`]): a crash leaves the old rows with
//! the old snapshot, or the new rows without one. A snapshot is handed out only when every
//! part is of the asked format, of the file's current generation and its checksum holds; else
//! the reader rebuilds it from the rows and stores it again ([`MapFile::store_snapshot`]).

use crate::data::Counts;
use crate::error::StoreError;
use crate::lifecycle::MapFile;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// The largest part of a snapshot, well under SQLite's limit on one value (1e9 bytes).
pub const PART_BYTES: usize = 64 << 20;

/// The file's data generation: raised by every transaction that writes items or transitions.
fn generation(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen'",
        [],
        |r| r.get(0),
    )
    .optional()
    .map(|g| g.unwrap_or(0))
    .map_err(|e| StoreError::sqlite(path, e))
}

/// Raises the data generation and deletes the snapshot, inside the caller's write transaction.
pub(crate) fn invalidate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM snapshot;
         INSERT INTO meta (key, value) VALUES ('data_gen', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);",
    )
    .map_err(|e| StoreError::sqlite(path, e))
}

/// The CRC-32 that keeps the stored counts honest.
fn counts_check(built_from: i64, counts: Counts) -> i64 {
    let mut h = crc32fast::Hasher::new();
    h.update(&built_from.to_le_bytes());
    h.update(&counts.items.to_le_bytes());
    h.update(&counts.transitions.to_le_bytes());
    i64::from(h.finalize())
}

/// The counts stored with a snapshot of the current data, when they are there and whole.
pub(crate) fn stored_counts(conn: &Connection, path: &Path) -> Result<Option<Counts>, StoreError> {
    let row: Option<(i64, i64, i64, i64)> = conn
        .query_row(
            "SELECT data_gen, items, transitions, counts_check FROM snapshot WHERE part = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .map_err(|e| StoreError::sqlite(path, e))?;
    let Some((built_from, items, transitions, check)) = row else {
        return Ok(None);
    };
    let counts = Counts {
        items: items as u64,
        transitions: transitions as u64,
    };
    let current = generation(conn, path)?;
    Ok((built_from == current && check == counts_check(built_from, counts)).then_some(counts))
}

/// The stored snapshot's bytes when every part is of `format`, of the current generation and
/// whole (see [`MapFile::snapshot`]); read inside the caller's transaction.
pub(crate) fn read(
    conn: &Connection,
    path: &Path,
    format: i64,
) -> Result<Option<Vec<u8>>, StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let current = generation(conn, path)?;
    let total: Option<i64> = conn
        .query_row("SELECT sum(length(body)) FROM snapshot", [], |r| r.get(0))
        .map_err(err)?;
    let Some(total) = total else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut stmt = conn
        .prepare("SELECT part, format, data_gen, checksum, body FROM snapshot ORDER BY part")
        .map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    let mut expected_part = 0i64;
    while let Some(r) = rows.next().map_err(err)? {
        let head: (i64, i64, i64, i64) =
            (|| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))().map_err(err)?;
        let (part, fmt, built_from, checksum) = head;
        if part != expected_part || fmt != format || built_from != current {
            return Ok(None);
        }
        let body = r
            .get_ref(4)
            .and_then(|v| v.as_blob().map_err(Into::into))
            .map_err(err)?;
        if i64::from(crc32fast::hash(body)) != checksum {
            return Ok(None);
        }
        out.extend_from_slice(body);
        expected_part += 1;
    }
    Ok(Some(out))
}

/// Replaces the snapshot with `body` (of `format`, built from generation `built_from`, holding
/// `counts`), inside the caller's write transaction.
pub(crate) fn put(
    conn: &Connection,
    path: &Path,
    format: i64,
    built_from: i64,
    counts: Counts,
    body: &[u8],
) -> Result<(), StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    conn.execute("DELETE FROM snapshot", []).map_err(err)?;
    let mut insert = conn
        .prepare(
            "INSERT INTO snapshot (part, format, data_gen, checksum, body, items,
                                   transitions, counts_check)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(err)?;
    let parts: Vec<&[u8]> = if body.is_empty() {
        vec![body]
    } else {
        body.chunks(PART_BYTES).collect()
    };
    for (i, part) in parts.into_iter().enumerate() {
        let checksum = i64::from(crc32fast::hash(part));
        insert
            .execute(params![
                i as i64,
                format,
                built_from,
                checksum,
                part,
                counts.items as i64,
                counts.transitions as i64,
                counts_check(built_from, counts)
            ])
            .map_err(err)?;
    }
    Ok(())
}

/// Stores the snapshot a writer built of what its transaction leaves ([`DataWriter::set_snapshot`](crate::DataWriter::set_snapshot)),
/// after the generation was raised: it is of the data the transaction commits.
pub(crate) fn put_current(conn: &Connection, path: &Path, built: &Built) -> Result<(), StoreError> {
    let current = generation(conn, path)?;
    put(conn, path, built.format, current, built.counts, &built.body)
}

/// A snapshot built inside a write transaction, stored when it ends.
pub(crate) struct Built {
    pub(crate) format: i64,
    pub(crate) counts: Counts,
    pub(crate) body: Vec<u8>,
}

impl MapFile {
    /// The file's data generation, to pass to [`MapFile::store_snapshot`] for a snapshot built
    /// from what is read after it.
    pub fn data_generation(&self) -> Result<i64, StoreError> {
        generation(&self.conn, &self.path)
    }

    /// The stored snapshot's bytes, when there is one of `format` built from the file's current
    /// data; `None` when there is none, it is of another format or generation, or a part's
    /// checksum fails (damage): the caller rebuilds it from the rows.
    pub fn snapshot(&self, format: i64) -> Result<Option<Vec<u8>>, StoreError> {
        // One read transaction: the generation and the parts are of one state of the file.
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| self.err(e))?;
        let read = read(&self.conn, &self.path, format);
        let _ = self.conn.execute_batch("COMMIT");
        read
    }

    /// Stores `body` as the snapshot of `format` built from data generation `built_from` (read
    /// with [`MapFile::data_generation`] before the rows were), holding `counts` items and
    /// transitions. Returns false, writing nothing, when another writer changed the data since
    /// (the snapshot would not be of it) or holds the file's write lock now.
    pub fn store_snapshot(
        &self,
        format: i64,
        built_from: i64,
        counts: Counts,
        body: &[u8],
    ) -> Result<bool, StoreError> {
        // A snapshot is an optimisation: when another writer holds the file (an import job),
        // it is not waited for; the next reader stores it.
        self.conn
            .busy_timeout(std::time::Duration::ZERO)
            .map_err(|e| self.err(e))?;
        let began = self.conn.execute_batch("BEGIN IMMEDIATE");
        self.conn
            .busy_timeout(crate::BUSY_WAIT)
            .map_err(|e| self.err(e))?;
        if began.is_err() {
            return Ok(false);
        }
        let written = (|| {
            if generation(&self.conn, &self.path)? != built_from {
                return Ok(false);
            }
            put(&self.conn, &self.path, format, built_from, counts, body)?;
            Ok(true)
        })();
        let end = if matches!(written, Ok(true)) {
            "COMMIT"
        } else {
            "ROLLBACK"
        };
        let ended = self.conn.execute_batch(end).map_err(|e| self.err(e));
        if ended.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let written = written?;
        ended?;
        Ok(written)
    }
}
