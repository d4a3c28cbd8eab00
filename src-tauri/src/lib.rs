//! The Flowmap desktop app: a thin Tauri shell around [`flowmap_api`].
//!
//! At start the app opens one `.flowmap` file for editing ([`startup`]): the path given as the
//! first command-line argument, or else the demo map in the app's data directory, created on
//! first run. The UI (`ui/`, served from `ui/dist`) edits it through the commands in
//! [`commands`], each of which takes the shared [`CurrentMap`] (an
//! [`flowmap_api::EditSession`]), calls `flowmap-api` and returns its result; errors cross as
//! [`flowmap_api::ApiError`], so the UI branches on their code and shows their message.
//!
//! The window title names the open map and marks unsaved changes ("Flowmap — <name> •").
//! Unsaved work is copied to the data directory as the user edits ([`recovery`]); closing the
//! window with unsaved work asks the UI first (a `close-requested` event). The native menu
//! ([`menu`]) emits `menu` events the UI handles.

mod commands;
mod current_map;
mod flow_commands;
mod menu;
mod recovery;
mod startup;

use current_map::CurrentMap;
use recovery::Recovery;

use tauri::{Emitter, Manager, WindowEvent};

const RECOVERY_FILE: &str = "recovery.json";

/// Starts the app and blocks until its window closes.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::chosen(app, event.id().as_ref()))
        .setup(|app| {
            let opened = startup::open_start_map(app.handle());
            let current = CurrentMap::new(opened);
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(&current.window_title())?;
            }
            app.manage(current);
            let dir = startup::data_dir(app.handle())
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error>)?;
            app.manage(Recovery::start(
                app.handle().clone(),
                dir.join(RECOVERY_FILE),
            ));
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                if app.state::<CurrentMap>().is_dirty() {
                    // The UI asks whether to save; it closes with `close_window`.
                    api.prevent_close();
                    if let Err(e) = window.emit("close-requested", ()) {
                        eprintln!("flowmap: could not ask about unsaved work: {e}");
                    }
                } else {
                    app.state::<Recovery>().saved();
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::editor_state,
            commands::apply_edit,
            commands::undo,
            commands::redo,
            commands::new_map,
            commands::open_map,
            commands::save_map,
            commands::save_map_as,
            commands::export_json,
            commands::import_json,
            commands::export_image,
            commands::recovery_info,
            commands::restore_recovery,
            commands::discard_recovery,
            commands::choose_path,
            commands::close_window,
            flow_commands::flow_view,
            flow_commands::flow_filters,
            flow_commands::save_flow_filters,
            flow_commands::open_link,
        ])
        .run(tauri::generate_context!())
        .expect("the Flowmap window could not be started");
}
