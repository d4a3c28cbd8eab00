//! Declares the app's commands to Tauri, each behind its own permission
//! (`capabilities/main-window.json` grants them). The list, `commands.txt`, is generated from
//! the declarations in `crates/flowmap-api/src/commands` by `scripts/gen-wire.sh`; a test fails
//! when it is stale.

fn main() {
    println!("cargo:rerun-if-changed=commands.txt");
    let list = std::fs::read_to_string("commands.txt").expect("src-tauri/commands.txt is missing");
    let names: Vec<&'static str> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| &*Box::leak(l.to_string().into_boxed_str()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()));
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step failed");
}
