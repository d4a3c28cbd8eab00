//! What is generated from Rust for the UI and the app shell must match what is committed:
//! the TypeScript wire types (`ui/src/generated/wire.ts`), the typed command calls
//! (`ui/src/generated/commands.ts`), the window's capability
//! (`src-tauri/capabilities/main-window.json`) and the command list `src-tauri/build.rs`
//! declares (`src-tauri/commands.txt`). `scripts/gen-wire.sh` (FLOWMAP_WRITE_WIRE=1) rewrites
//! them all.

use std::path::PathBuf;

fn check(relative: &str, expected: String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    if std::env::var_os("FLOWMAP_WRITE_WIRE").is_some() {
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("write {relative}: {e}"));
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{relative} is stale: run scripts/gen-wire.sh and commit the result"
    );
}

#[test]
fn generated_typescript_matches_the_rust_wire_types() {
    check("ui/src/generated/wire.ts", flowmap_api::wire::typescript());
}

#[test]
fn generated_command_calls_match_the_declared_commands() {
    check(
        "ui/src/generated/commands.ts",
        flowmap_api::commands::typescript(),
    );
}

#[test]
fn the_app_window_may_call_exactly_the_declared_commands() {
    check(
        "src-tauri/capabilities/main-window.json",
        flowmap_api::commands::tauri_permissions(),
    );
    check(
        "src-tauri/commands.txt",
        flowmap_api::commands::command_names(),
    );
}
