//! The file's lifecycle: opening an existing file (after letting SQLite recover from a killed
//! writer, checking it is one, migrating an older one), creating one atomically beside its
//! path, saving the map (refused when another writer changed it), and Save As.

use crate::data::DataWriter;
use crate::error::StoreError;
use crate::header::{check_header, read_header};
use crate::leftovers::{remove_stale_temps, temp_path_beside};
use crate::map::{map_version, write_map};
use crate::schema;
use flowmap_core::MapDocument;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a command waits for another process's write (an import, a sync, a save) to finish
/// before it gives up with [`StoreError::Busy`].
pub const BUSY_WAIT: Duration = Duration::from_secs(60);

/// An open `.flowmap` file.
pub struct MapFile {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl MapFile {
    /// Opens an existing Flowmap file for reading and writing.
    ///
    /// The file is checked under a read lock. Taking it lets SQLite roll back a transaction a
    /// killed writer left half-written (a hot journal beside the file), and while it is held no
    /// live writer is mid-commit; only then is the header read: a file that is not SQLite, a
    /// SQLite database of another application, a file from a newer Flowmap, or a file shorter
    /// than its header says (truncated) is refused with an error naming it, and nothing on disk
    /// changes. An older file is migrated to the current schema in one transaction. Temporary
    /// files that killed writers left beside the file are removed.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        // Whether it is a directory, empty, or not SQLite at all: facts no writer changes.
        read_header(path)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::sqlite(path, e))?;
        conn.busy_timeout(BUSY_WAIT)
            .map_err(|e| StoreError::sqlite(path, e))?;
        let version = check_under_read_lock(&conn, path)?;
        configure(&conn, path)?;
        if version < schema::VERSION {
            migrate(&mut conn, path, version)?;
        }
        remove_stale_temps(path);
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
                if let Some(built) = sink.built.take() {
                    crate::snapshot::put_current(&tx, &tmp, &built)?;
                }
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

    /// Replaces the map and its layout in one transaction, whatever map the file holds; items,
    /// sources and mappings are kept. See [`MapFile::save_over`] to keep another writer's map.
    pub fn save(&mut self, doc: &MapDocument) -> Result<(), StoreError> {
        let MapFile { conn, path } = self;
        let tx = write_transaction(conn, path)?;
        write_map(&tx, path, doc)?;
        tx.commit().map_err(|e| StoreError::sqlite(path, e))?;
        remove_stale_temps(path);
        Ok(())
    }

    /// Replaces the map and its layout in one transaction if the file's map is still at
    /// `opened` (its [`MapFile::map_version`] when the caller read it), and returns the new
    /// version. If another writer changed the map since, nothing is written and
    /// [`StoreError::MapChanged`] says so. Items, sources and mappings are never touched.
    pub fn save_over(&mut self, doc: &MapDocument, opened: i64) -> Result<i64, StoreError> {
        let MapFile { conn, path } = self;
        let tx = write_transaction(conn, path)?;
        let found = map_version(&tx, path)?;
        if found != opened {
            return Err(StoreError::MapChanged {
                path: path.clone(),
                opened,
                found,
            });
        }
        write_map(&tx, path, doc)?;
        let saved = map_version(&tx, path)?;
        tx.commit().map_err(|e| StoreError::sqlite(path, e))?;
        remove_stale_temps(path);
        Ok(saved)
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
}

/// Begins a write transaction holding the file's write lock from its start (`BEGIN
/// IMMEDIATE`), waiting up to [`BUSY_WAIT`] for another writer: what the transaction reads no
/// other process can change until it ends.
pub(crate) fn write_transaction<'c>(
    conn: &'c mut Connection,
    path: &Path,
) -> Result<Transaction<'c>, StoreError> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| StoreError::sqlite(path, e))
}

/// Takes a read lock on the file (SQLite rolls back a hot journal a killed writer left when it
/// takes it), checks the header while holding it, and releases it; returns the schema version.
fn check_under_read_lock(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.execute_batch("BEGIN DEFERRED")
        .map_err(|e| StoreError::sqlite(path, e))?;
    let locked = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| StoreError::sqlite(path, e));
    let checked = match &locked {
        Err(StoreError::Busy { .. }) => Ok(0),
        _ => read_header(path).and_then(|h| check_header(path, &h)),
    };
    let _ = conn.execute_batch("COMMIT");
    // The header's own verdict names the damage best; SQLite's comes next.
    let version = checked?;
    locked?;
    Ok(version)
}

fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    // A page cache of up to 64 MiB (allocated as used) lets large write transactions (an
    // import of millions of transitions) commit without spilling pages mid-way.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE; PRAGMA cache_size = -65536;",
    )
    .map_err(|e| StoreError::sqlite(path, e))
}

/// Applies the migrations after version `from` in one transaction. Foreign-key checks are off
/// while they run (a migration may rebuild a table others refer to, keeping its row numbers)
/// and set back as they were afterwards, whatever happens.
fn migrate(conn: &mut Connection, path: &Path, from: i64) -> Result<(), StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let checks: bool = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .map_err(err)?;
    conn.execute_batch("PRAGMA foreign_keys = OFF;")
        .map_err(err)?;
    let result = (|| {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(err)?;
        }
        tx.commit().map_err(err)
    })();
    if checks {
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(err)?;
    }
    result
}

/// Builds a new file with `build` in a temporary file beside `path`, flushes it to disk and
/// renames it over `path`, then opens it. If anything fails, the temporary file is removed and
/// any file at `path` is left whole.
fn build_beside(
    path: &Path,
    build: impl FnOnce(&Path) -> Result<(), StoreError>,
) -> Result<MapFile, StoreError> {
    remove_stale_temps(path);
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
