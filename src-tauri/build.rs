fn main() {
    // Only the app's own commands are exposed to the UI, each behind its own permission.
    let manifest = tauri_build::AppManifest::new().commands(&["current_map", "open_map"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step failed");
}
