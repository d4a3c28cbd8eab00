//! The app's [`Shell`]: what the commands need from the window around the map.

use crate::recovery::Recovery;
use flowmap_api::commands::{Backend, Shell};
use flowmap_api::{ApiError, ErrorCode};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

pub struct AppShell<'a> {
    app: &'a AppHandle,
}

impl<'a> AppShell<'a> {
    pub fn new(app: &'a AppHandle) -> Self {
        AppShell { app }
    }
}

impl Shell for AppShell<'_> {
    /// The window title follows the map, and the recovery copy once edits pause.
    fn map_changed(&self, backend: &Backend) {
        if let Some(window) = self.app.get_webview_window("main") {
            // The map changed either way; a title that could not change is not worth failing for.
            if let Err(e) = window.set_title(&backend.window_title()) {
                eprintln!("flowmap: could not set the window title: {e}");
            }
        }
        self.app.state::<Recovery>().map_changed();
    }

    fn choose_path(&self, save: bool, extension: &str) -> Option<String> {
        // "log": an event log, in any of the formats the importer reads.
        let (name, extensions) = match extension {
            "log" => (
                "Event log".to_string(),
                vec![
                    "csv", "tsv", "txt", "xes", "xml", "json", "jsonocel", "sqlite", "sqlite3",
                    "db",
                ],
            ),
            other => (other.to_uppercase(), vec![other]),
        };
        if let Some(answer) = crate::test_dialogs::answer(save, &name, &extensions) {
            return answer;
        }
        let dialog = self.app.dialog().file().add_filter(name, &extensions);
        let chosen = if save {
            dialog.blocking_save_file()
        } else {
            dialog.blocking_pick_file()
        };
        chosen
            .and_then(|p| p.into_path().ok())
            .map(|p| p.display().to_string())
    }

    fn open_link(&self, url: &str) -> Result<(), ApiError> {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(target_os = "windows") {
            "explorer"
        } else {
            "xdg-open"
        };
        std::process::Command::new(opener)
            .arg(url)
            .spawn()
            .map(|_| ())
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Io,
                    format!("could not open {url} in the browser: {e}"),
                )
            })
    }

    fn close_window(&self) {
        self.app.exit(0);
    }
}
