//! The native menu. Choosing an item emits a `menu` event with the item's id; the UI does what
//! it says (the same as its keyboard shortcut), so the menu holds no logic.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime};

/// (id, label) of every item, by menu. Shortcuts are handled by the UI, which lists them under
/// Help → Keyboard shortcuts; menu accelerators would take Ctrl+Z and Ctrl+C from text fields.
const FILE: &[(&str, &str)] = &[
    ("new", "New map"),
    ("open", "Open…"),
    ("save", "Save"),
    ("save-as", "Save as…"),
    ("-", ""),
    ("import-json", "Import JSON…"),
    ("export-json", "Export JSON…"),
    ("export-png", "Export PNG…"),
    ("export-svg", "Export SVG…"),
    ("-", ""),
    ("quit", "Quit"),
];
const EDIT: &[(&str, &str)] = &[
    ("undo", "Undo"),
    ("redo", "Redo"),
    ("-", ""),
    ("copy", "Copy"),
    ("paste", "Paste"),
    ("duplicate", "Duplicate"),
    ("delete", "Delete"),
    ("select-all", "Select all"),
];
const VIEW: &[(&str, &str)] = &[
    ("auto-layout", "Auto-layout"),
    ("zoom-to-fit", "Zoom to fit"),
    ("toggle-theme", "Light / dark theme"),
];
const HELP: &[(&str, &str)] = &[("shortcuts", "Keyboard shortcuts")];

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    for (title, items) in [
        ("File", FILE),
        ("Edit", EDIT),
        ("View", VIEW),
        ("Help", HELP),
    ] {
        let submenu = Submenu::new(app, title, true)?;
        for (id, label) in items {
            if *id == "-" {
                submenu.append(&PredefinedMenuItem::separator(app)?)?;
            } else {
                submenu.append(&MenuItem::with_id(app, *id, *label, true, None::<&str>)?)?;
            }
        }
        menu.append(&submenu)?;
    }
    Ok(menu)
}

/// Passes a chosen item to the UI.
pub fn chosen<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if let Err(e) = app.emit("menu", id) {
        eprintln!("flowmap: could not pass the menu choice {id:?} to the window: {e}");
    }
}
