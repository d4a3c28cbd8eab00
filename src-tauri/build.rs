/// The app's own commands, each behind its own permission (see capabilities/main.json).
const COMMANDS: &[&str] = &[
    "editor_state",
    "apply_edit",
    "undo",
    "redo",
    "new_map",
    "open_map",
    "save_map",
    "save_map_as",
    "export_json",
    "import_json",
    "export_image",
    "recovery_info",
    "restore_recovery",
    "discard_recovery",
    "choose_path",
    "close_window",
    "flow_view",
    "flow_filters",
    "save_flow_filters",
    "open_link",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step failed");
}
