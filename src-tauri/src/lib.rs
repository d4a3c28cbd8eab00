//! The Flowmap desktop app: a thin Tauri shell around [`flowmap_api`].
//!
//! At start the app opens one `.flowmap` file ([`startup`]): the path given as the first
//! command-line argument, or else the demo map in the app's data directory, created on first
//! run. The UI (`ui/`, served from `ui/dist`) asks for what to draw through two commands
//! ([`commands`]): `current_map` and `open_map`. Each takes the shared [`CurrentMap`], calls
//! `flowmap-api` and returns its result; errors cross as [`flowmap_api::ApiError`], so the UI
//! branches on their code and shows their message.
//!
//! The window title names the open map: "Flowmap — <map name>".

mod commands;
mod current_map;
mod startup;

use current_map::CurrentMap;

use tauri::Manager;

/// Starts the app and blocks until its window closes.
pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            let opened = startup::open_start_map(app.handle());
            let current = CurrentMap::new(opened);
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(&current.window_title())?;
            }
            app.manage(current);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::current_map,
            commands::open_map
        ])
        .run(tauri::generate_context!())
        .expect("the Flowmap window could not be started");
}
