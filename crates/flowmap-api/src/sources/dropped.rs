//! A log dropped on the window of a plain browser: the page has its bytes but no path, so the
//! backend keeps them as a file of its own (in its data directory) and the preview reads that
//! file as it reads any other. The app window gets the dropped file's path and needs none of
//! this.

use crate::error::{ApiError, ErrorCode};
use base64::Engine;
use std::path::{Path, PathBuf};

/// The largest file a page may send (its bytes travel as base64 in one request).
pub const MAX_DROPPED_BYTES: usize = 32 << 20;

/// How many bytes are looked at to tell a text log from anything else.
const SNIFF_BYTES: usize = 8192;

/// Refuses a file that is neither text nor SQLite (an image, an archive): no log format
/// Flowmap reads holds NUL bytes, but for OCEL 2.0's SQLite format, told by SQLite's header.
/// `name` is the file's name as the user knows it.
pub fn check_text(name: &str, head: &[u8]) -> Result<(), ApiError> {
    if head.starts_with(flowmap_connectors::eventlog::SQLITE_HEADER) {
        return Ok(());
    }
    let head = &head[..head.len().min(SNIFF_BYTES)];
    if head.contains(&0) || head.starts_with(b"\x89PNG") || head.starts_with(b"PK\x03\x04") {
        return Err(ApiError::invalid_argument(format!(
            "{name} is not an event log: it holds binary data, not text \
             (expected CSV, ActionableAgile CSV, XES, or OCEL 2.0 JSON or SQLite)"
        )));
    }
    Ok(())
}

/// Whether the file at `path` starts as text; an error naming it when it does not.
pub fn check_text_file(path: &Path) -> Result<(), ApiError> {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        // The readers say why a file cannot be opened, naming it.
        return Ok(());
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    file.take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", path.display())))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    check_text(&name, &head)
}

/// Keeps the bytes of the file `name` (base64 in `data`) in `dir`/dropped and returns its
/// path. Refuses a file over [`MAX_DROPPED_BYTES`] or one that is not text, naming it.
pub fn store_dropped(dir: &Path, name: &str, data: &str) -> Result<PathBuf, ApiError> {
    let base = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        return Err(ApiError::invalid_argument(format!(
            "{name:?} is not a file name a dropped log can be kept under"
        )));
    }
    if data.len() / 4 * 3 > MAX_DROPPED_BYTES + 3 {
        return Err(too_large(name, data.len() / 4 * 3));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| {
            ApiError::invalid_argument(format!("{name}: its bytes cannot be read: {e}"))
        })?;
    if bytes.len() > MAX_DROPPED_BYTES {
        return Err(too_large(name, bytes.len()));
    }
    check_text(name, &bytes)?;
    let folder = dir.join("dropped");
    let io = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Io,
            format!(
                "cannot keep the dropped {name} in {}: {e}",
                folder.display()
            ),
        )
    };
    std::fs::create_dir_all(&folder).map_err(io)?;
    let path = folder.join(safe);
    std::fs::write(&path, &bytes).map_err(io)?;
    Ok(path)
}

fn too_large(name: &str, bytes: usize) -> ApiError {
    ApiError::invalid_argument(format!(
        "{name} is {:.1} MB: a browser page can send at most {} MB; type its path instead",
        bytes as f64 / 1e6,
        MAX_DROPPED_BYTES >> 20
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[test]
    fn a_dropped_log_is_kept_under_its_name() {
        let tmp = tempfile::tempdir().unwrap();
        let path = store_dropped(tmp.path(), "../team log.csv", &b64(b"a,b\n1,2\n")).unwrap();
        assert_eq!(path, tmp.path().join("dropped").join("team log.csv"));
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n1,2\n");
    }

    #[test]
    fn an_image_or_a_huge_file_is_refused_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let png =
            store_dropped(tmp.path(), "shot.png", &b64(b"\x89PNG\r\n\x1a\n\0\0")).unwrap_err();
        assert_eq!(
            png.message,
            "shot.png is not an event log: it holds binary data, not text (expected CSV, \
             ActionableAgile CSV, XES, or OCEL 2.0 JSON or SQLite)"
        );
        // An OCEL 2.0 SQLite log is binary but a log: SQLite's header lets it through.
        let mut db = b"SQLite format 3\0".to_vec();
        db.extend_from_slice(&[0, 1, 2, 0, 0]);
        assert!(store_dropped(tmp.path(), "log.sqlite", &b64(&db)).is_ok());
        let huge = "A".repeat((MAX_DROPPED_BYTES + 1024) / 3 * 4);
        let err = store_dropped(tmp.path(), "big.csv", &huge).unwrap_err();
        assert!(
            err.message.starts_with("big.csv is 33.6 MB"),
            "{}",
            err.message
        );
        assert!(!tmp.path().join("dropped").join("shot.png").exists());
    }
}
