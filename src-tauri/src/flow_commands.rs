//! The flow view's commands: the open map's measured flow under filters, the filters saved with
//! the map, and opening an item's page in the browser. Thin, like `commands.rs`; the same
//! names and arguments are served by `crates/flowmap-http` for the browser tests.

use crate::CurrentMap;
use flowmap_api::wire::{FlowView, MetricsRequest};
use flowmap_api::{check_link, ApiError, ErrorCode};
use tauri::State;

/// The open map's flow under `filters` (the working map, unsaved stages included).
#[tauri::command]
pub async fn flow_view(
    filters: MetricsRequest,
    current: State<'_, CurrentMap>,
) -> Result<FlowView, ApiError> {
    current.with(|s| s.flow_view(&filters, chrono::Utc::now()))
}

/// The filters saved with the open map (the defaults when it has none).
#[tauri::command]
pub async fn flow_filters(current: State<'_, CurrentMap>) -> Result<MetricsRequest, ApiError> {
    current.with(|s| s.flow_filters())
}

/// Saves the filters with the open map.
#[tauri::command]
pub async fn save_flow_filters(
    filters: MetricsRequest,
    current: State<'_, CurrentMap>,
) -> Result<(), ApiError> {
    current.with(|s| s.save_flow_filters(&filters, chrono::Utc::now()))
}

/// Opens an item's page (an http or https URL) in the system's browser, never in the app's
/// window.
#[tauri::command]
pub async fn open_link(url: String) -> Result<(), ApiError> {
    check_link(&url)?;
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let result = if cfg!(target_os = "windows") {
        std::process::Command::new("explorer").arg(&url).spawn()
    } else {
        std::process::Command::new(opener).arg(&url).spawn()
    };
    result.map(|_| ()).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("could not open {url} in the browser: {e}"),
        )
    })
}
