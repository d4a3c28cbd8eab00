//! The checks made on a file's first 100 bytes before SQLite opens it: that it is an SQLite
//! database, of this application, of a schema this version reads, and not truncated.

use crate::error::StoreError;
use crate::schema;
use std::fs;
use std::io::Read;
use std::path::Path;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

pub(crate) fn read_header(path: &Path) -> Result<Vec<u8>, StoreError> {
    let meta = fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if meta.is_dir() {
        return Err(StoreError::NotAFlowmapFile {
            path: path.to_path_buf(),
            reason: "it is a directory".into(),
        });
    }
    let mut header = Vec::with_capacity(100);
    fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut header))
        .map_err(|e| StoreError::io(path, e))?;
    if header.len() < SQLITE_MAGIC.len() || &header[..16] != SQLITE_MAGIC {
        let reason = if meta.len() == 0 {
            "the file is empty".to_string()
        } else {
            "it is not an SQLite database".to_string()
        };
        return Err(StoreError::NotAFlowmapFile {
            path: path.to_path_buf(),
            reason,
        });
    }
    if header.len() < 100 {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("truncated: only {} bytes", header.len()),
        });
    }
    Ok(header)
}

/// Checks the 100-byte SQLite header and returns the schema version.
pub(crate) fn check_header(path: &Path, h: &[u8]) -> Result<i64, StoreError> {
    let be32 = |at: usize| u32::from_be_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]]);
    let application_id = be32(68) as i32;
    if application_id != schema::APPLICATION_ID {
        return Err(StoreError::NotAFlowmapFile {
            path: path.to_path_buf(),
            reason: "an SQLite database of another application".into(),
        });
    }
    let version = be32(60) as i64;
    if version > schema::VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: schema::VERSION,
        });
    }
    let page_size = match u16::from_be_bytes([h[16], h[17]]) {
        1 => 65_536u64,
        n => n as u64,
    };
    // The in-header page count is valid when the "version-valid-for" number matches the
    // change counter (SQLite 3.7.0 and later always keep it so).
    let page_count = be32(28) as u64;
    if be32(92) == be32(24) && page_count > 0 {
        let expected = page_size * page_count;
        let actual = fs::metadata(path)
            .map_err(|e| StoreError::io(path, e))?
            .len();
        if actual < expected {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: format!("truncated: {actual} bytes of {expected}"),
            });
        }
    }
    Ok(version)
}
