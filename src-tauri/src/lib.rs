//! The Flowmap desktop app: a thin Tauri shell around [`flowmap_api`].
//!
//! At start the app opens one `.flowmap` file for editing ([`startup`]): the path given as the
//! first command-line argument, or else the demo map in the app's data directory, created on
//! first run. The UI (`ui/`, served from `ui/dist`) invokes the commands declared once in
//! [`flowmap_api::commands`]; this shell passes each invocation to
//! [`flowmap_api::commands::dispatch`] off the UI thread ([`ipc`]), with the app's
//! [`flowmap_api::commands::Shell`] ([`window::AppShell`]: file dialogs, the system browser,
//! the window title). Errors cross as [`flowmap_api::ApiError`], so the UI branches on their
//! code and shows their message.
//!
//! The window title names the open map and marks unsaved changes ("Flowmap — <name> •").
//! Unsaved work is copied to the data directory as the user edits ([`recovery`]); closing the
//! window with unsaved work asks the UI first (a `close-requested` event). The UI builds the
//! native menu itself, from its registered actions.

mod ipc;
mod recovery;
mod startup;
mod test_dialogs;
mod window;

use flowmap_api::commands::Backend;
use flowmap_api::RecoveryCopy;
use recovery::Recovery;
use tauri::{Emitter, Manager, WindowEvent};

const RECOVERY_FILE: &str = "recovery.json";

/// Starts the app and blocks until its window closes.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let opened = startup::open_start_map(app.handle());
            let dir = startup::data_dir(app.handle())
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error>)?;
            let backend = Backend::new(opened, RecoveryCopy::new(dir.join(RECOVERY_FILE)));
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(&backend.window_title())?;
            }
            app.manage(backend);
            app.manage(Recovery::start(app.handle().clone()));
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                let backend = app.state::<Backend>();
                if backend.is_dirty() {
                    // The UI asks whether to save; it closes with `close_window`.
                    api.prevent_close();
                    if let Err(e) = window.emit("close-requested", ()) {
                        eprintln!("flowmap: could not ask about unsaved work: {e}");
                    }
                } else if let Err(e) = backend.recovery().remove() {
                    eprintln!("flowmap: could not remove the recovery copy: {e}");
                }
            }
        })
        .invoke_handler(ipc::handle)
        .run(tauri::generate_context!())
        .expect("the Flowmap window could not be started");
}
