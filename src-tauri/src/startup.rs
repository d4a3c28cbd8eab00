//! Which map the app opens when it starts, how it opens a file it is given, and where it keeps
//! its own files.

use flowmap_api::{create_demo_with, ApiError, EditSession, ErrorCode, OpenMap};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager};

/// Overrides the directory the demo map lives in (tests point it at a temporary directory).
const DATA_DIR_VAR: &str = "FLOWMAP_DATA_DIR";

const DEMO_FILE: &str = "demo.flowmap";
const DEMO_ITEMS: u64 = 2000;
const DEMO_SEED: u64 = 42;

/// Opens the `.flowmap` file named by the first command-line argument; without one, the demo
/// map in the data directory, which is created on first use.
pub fn open_start_map(app: &AppHandle) -> Result<EditSession, ApiError> {
    match std::env::args_os().nth(1) {
        Some(path) => open_file(PathBuf::from(path)),
        None => EditSession::from_open(open_or_create_demo(&data_dir(app)?.join(DEMO_FILE))?),
    }
}

/// Opens the `.flowmap` file at `path`, taken from the current directory when relative, so the
/// window shows the whole path.
pub fn open_file(path: PathBuf) -> Result<EditSession, ApiError> {
    EditSession::open(&std::path::absolute(&path).unwrap_or(path))
}

/// Where the app keeps its own files (the demo map, the recovery copy of unsaved work).
pub fn data_dir(app: &AppHandle) -> Result<PathBuf, ApiError> {
    let dir = match std::env::var_os(DATA_DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => app.path().app_data_dir().map_err(|e| {
            ApiError::new(ErrorCode::Io, format!("no data directory for Flowmap: {e}"))
        })?,
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("could not create the data directory {}: {e}", dir.display()),
        )
    })?;
    Ok(dir)
}

fn open_or_create_demo(path: &Path) -> Result<OpenMap, ApiError> {
    if path.exists() {
        OpenMap::open(path)
    } else {
        // Linked across its tools, so the demo shows lineage (`flowmap demo`'s default too).
        create_demo_with(path, DEMO_ITEMS, DEMO_SEED, true)
    }
}
