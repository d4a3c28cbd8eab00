use std::path::PathBuf;

/// Why a `.flowmap` file (or a map's JSON) could not be read or written. Every variant names the
/// file concerned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: not a Flowmap file ({reason})", path.display())]
    NotAFlowmapFile { path: PathBuf, reason: String },
    #[error("{}: made by a newer version of Flowmap (file format {found}; this version reads up to {supported}); update Flowmap to open it", path.display())]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{}: the file is damaged ({reason})", path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: database error: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{}: the map is invalid: {source}", path.display())]
    InvalidMap {
        path: PathBuf,
        #[source]
        source: flowmap_core::MapError,
    },
    #[error("{}: line {line}, column {column}: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    InvalidData { path: PathBuf, message: String },
    /// Another process held the file's lock (writing it) for longer than a command waits.
    #[error("{}: another program is writing this file (an import, a sync or a save) and did not finish within {} s; nothing was changed: try again when it is done", path.display(), crate::BUSY_WAIT.as_secs())]
    Busy { path: PathBuf },
    /// The map was changed by another writer since the caller read it; nothing was written.
    #[error("{}: the map was changed by another program since it was opened (map version {opened}, now {found}); nothing was saved: use Save As to keep this version, or reopen the file to see the other change", path.display())]
    MapChanged {
        path: PathBuf,
        opened: i64,
        found: i64,
    },
    /// A record (e.g. a key result) was changed or removed by another writer since the caller
    /// read it; nothing was written.
    #[error("{}: {what} was changed or removed by another program since it was read; nothing was written: reload to see the other change", path.display())]
    RecordChanged { path: PathBuf, what: String },
}

impl StoreError {
    pub(crate) fn sqlite(path: &std::path::Path, source: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(e, msg) = &source {
            if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) {
                return StoreError::Busy {
                    path: path.to_path_buf(),
                };
            }
            if matches!(e.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) {
                return StoreError::Corrupt {
                    path: path.to_path_buf(),
                    reason: msg.clone().unwrap_or_else(|| e.to_string()),
                };
            }
        }
        StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            return StoreError::NotFound {
                path: path.to_path_buf(),
            };
        }
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
