//! The commands the UI invokes. Each extracts what it needs, calls `flowmap-api` and returns.
//! The same commands, with the same names and arguments, are served over HTTP by
//! `crates/flowmap-http` for the browser tests.

use crate::recovery::Recovery;
use crate::CurrentMap;
use flowmap_api::wire::{Edit, EditOutcome, EditorState, RecoveryInfo};
use flowmap_api::{write_image, ApiError, EditSession};
use std::path::PathBuf;
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

/// After a command that may change the map: the window title follows, and the recovery copy.
fn changed(window: &WebviewWindow, current: &CurrentMap, recovery: &Recovery) {
    // The map changed either way; a title that could not change is not worth failing for.
    if let Err(e) = window.set_title(&current.window_title()) {
        eprintln!("flowmap: could not set the window title: {e}");
    }
    recovery.map_changed();
}

/// The open map as the editor shows it.
#[tauri::command]
pub async fn editor_state(current: State<'_, CurrentMap>) -> Result<EditorState, ApiError> {
    current.with(|s| Ok(s.state()))
}

#[tauri::command]
pub async fn apply_edit(
    edit: Edit,
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditOutcome, ApiError> {
    let outcome = current.with(|s| s.apply(edit))?;
    changed(&window, &current, &recovery);
    Ok(outcome)
}

#[tauri::command]
pub async fn undo(
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let state = current.with(|s| Ok(s.undo()))?;
    changed(&window, &current, &recovery);
    Ok(state)
}

#[tauri::command]
pub async fn redo(
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let state = current.with(|s| Ok(s.redo()))?;
    changed(&window, &current, &recovery);
    Ok(state)
}

/// A new, empty map (unsaved until Save As).
#[tauri::command]
pub async fn new_map(
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let state = current.replace(EditSession::new_map());
    changed(&window, &current, &recovery);
    Ok(state)
}

/// Opens the `.flowmap` file at `path` and edits it from now on.
#[tauri::command]
pub async fn open_map(
    path: PathBuf,
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let session = crate::startup::open_file(path)?;
    let state = current.replace(session);
    changed(&window, &current, &recovery);
    Ok(state)
}

#[tauri::command]
pub async fn save_map(
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let state = current.with(|s| s.save())?;
    recovery.saved();
    changed(&window, &current, &recovery);
    Ok(state)
}

#[tauri::command]
pub async fn save_map_as(
    path: PathBuf,
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let state = current.with(|s| s.save_as(&path))?;
    recovery.saved();
    changed(&window, &current, &recovery);
    Ok(state)
}

/// Writes the map's JSON to `path`.
#[tauri::command]
pub async fn export_json(path: PathBuf, current: State<'_, CurrentMap>) -> Result<(), ApiError> {
    current.with(|s| s.write_json(&path))
}

/// A new, unsaved map holding the map of the JSON file at `path`.
#[tauri::command]
pub async fn import_json(
    path: PathBuf,
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let state = current.replace(EditSession::import_json(&path)?);
    changed(&window, &current, &recovery);
    Ok(state)
}

/// Writes an image of the canvas (a PNG or SVG `data:` URL) to `path`.
#[tauri::command]
pub async fn export_image(path: PathBuf, data_url: String) -> Result<(), ApiError> {
    write_image(&path, &data_url)
}

/// The recovery copy a session that did not end cleanly left, if any.
#[tauri::command]
pub async fn recovery_info(
    recovery: State<'_, Recovery>,
) -> Result<Option<RecoveryInfo>, ApiError> {
    recovery.copy().info()
}

#[tauri::command]
pub async fn restore_recovery(
    current: State<'_, CurrentMap>,
    recovery: State<'_, Recovery>,
    window: WebviewWindow,
) -> Result<EditorState, ApiError> {
    let state = current.replace(recovery.copy().restore()?);
    changed(&window, &current, &recovery);
    Ok(state)
}

#[tauri::command]
pub async fn discard_recovery(recovery: State<'_, Recovery>) -> Result<(), ApiError> {
    recovery.copy().remove()
}

/// A path chosen in the system's file dialog: a file to open (`save` false) or to save to,
/// of the kind `extension` names ("flowmap", "json", "png", "svg"). `None` when cancelled.
#[tauri::command]
pub async fn choose_path(
    save: bool,
    extension: String,
    app: AppHandle,
) -> Result<Option<String>, ApiError> {
    let dialog = app
        .dialog()
        .file()
        .add_filter(extension.to_uppercase(), &[extension.as_str()]);
    let chosen = if save {
        dialog.blocking_save_file()
    } else {
        dialog.blocking_pick_file()
    };
    Ok(chosen
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Closes the window for good (after the UI asked about unsaved work): the recovery copy goes.
#[tauri::command]
pub async fn close_window(recovery: State<'_, Recovery>, app: AppHandle) -> Result<(), ApiError> {
    recovery.saved();
    app.exit(0);
    Ok(())
}
