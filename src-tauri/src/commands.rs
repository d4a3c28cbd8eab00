//! The commands the UI invokes. Each extracts what it needs, calls `flowmap-api` and returns.

use crate::startup::open_file;
use crate::CurrentMap;
use flowmap_api::wire::MapView;
use flowmap_api::ApiError;
use std::path::PathBuf;
use tauri::{State, WebviewWindow};

/// The map the app opened at start (or opened last).
#[tauri::command]
pub async fn current_map(current: State<'_, CurrentMap>) -> Result<MapView, ApiError> {
    current.view()
}

/// Opens the `.flowmap` file at `path`, shows it from now on and returns what to draw.
#[tauri::command]
pub async fn open_map(
    path: PathBuf,
    current: State<'_, CurrentMap>,
    window: WebviewWindow,
) -> Result<MapView, ApiError> {
    let view = current.replace(open_file(path)?)?;
    // The map is open either way; a title that could not change is not worth failing for.
    if let Err(e) = window.set_title(&current.window_title()) {
        eprintln!("flowmap: could not set the window title: {e}");
    }
    Ok(view)
}
