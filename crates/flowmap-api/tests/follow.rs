//! The window following its file (`file_changes`, polled by the window) while other writers
//! commit to it: the CLI's import (another `MapFile` writer adding items and a tool) while the
//! session has unsaved edits, another session changing the map itself, and a clean session
//! taking the stored map whole.

use flowmap_api::commands::Backend;
use flowmap_api::wire::ImportLogOptions;
use flowmap_api::{EditSession, ErrorCode, RecoveryCopy};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

mod common;

use common::call;

/// A backend editing a map with one stage saved to `dir/team.flowmap`.
fn saved_map(dir: &Path) -> (Backend, PathBuf) {
    let backend = Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.join("recovery.json")),
    );
    let stage = json!({ "edit": { "kind": "add_node", "node": {
        "kind": "stage", "id": "11111111-1111-4111-8111-111111111111", "name": "Doing" },
        "x": 0.0, "y": 0.0 } });
    call(&backend, "apply_edit", stage).unwrap();
    let file = dir.join("team.flowmap");
    call(&backend, "save_map_as", json!({ "path": file })).unwrap();
    (backend, file)
}

const LOG: &str = "\
ticket,status,changed_at
A-1,Backlog,2024-03-01T09:00:00Z
A-1,Doing,2024-03-02T09:00:00Z
A-1,Done,2024-03-05T09:00:00Z
A-2,Backlog,2024-03-01T10:00:00Z
A-2,Doing,2024-03-03T10:00:00Z
";

/// What `flowmap import-log` does: another writer (its own `MapFile`) adds items and a tool.
fn cli_import(dir: &Path, file: &Path) {
    let log = dir.join("cli-log.csv");
    std::fs::write(&log, LOG).unwrap();
    let options: ImportLogOptions =
        serde_json::from_value(json!({ "columns": {}, "skip_bad_rows": false })).unwrap();
    flowmap_api::import_log(file, &log, &options, None).unwrap();
}

fn rename(backend: &Backend, name: &str) {
    let edit = json!({ "edit": { "kind": "rename_map", "name": name } });
    call(backend, "apply_edit", edit).unwrap();
}

fn node_names(state: &Value, kind: &str) -> Vec<String> {
    state["view"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["node"]["kind"] == kind)
        .map(|n| n["node"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_cli_import_is_followed_and_unsaved_edits_stay() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let before = call(&backend, "file_changes", Value::Null).unwrap();
    assert_eq!(before["map_changed"], false);
    rename(&backend, "Team flow");

    cli_import(tmp.path(), &file);
    let after = call(&backend, "file_changes", Value::Null).unwrap();
    assert_ne!(after["data_version"], before["data_version"], "{after}");
    assert_ne!(after["map_version"], before["map_version"], "{after}");
    assert_eq!(
        after["map_changed"], false,
        "only a tool was added: {after}"
    );

    let state = call(&backend, "editor_state", Value::Null).unwrap();
    assert_eq!(state["view"]["items"], 2, "the counts follow");
    assert_eq!(state["view"]["name"], "Team flow", "the unsaved edit stays");
    assert_eq!(state["dirty"], true);
    assert_eq!(node_names(&state, "tool"), ["cli-log"], "the tool joins");
    assert_eq!(node_names(&state, "stage"), ["Doing"]);

    // Asked again with nothing new: the same answer.
    assert_eq!(call(&backend, "file_changes", Value::Null).unwrap(), after);
    // Undo keeps the tool (it is saved); Save keeps the items written meanwhile.
    call(&backend, "undo", Value::Null).unwrap();
    let undone = call(&backend, "editor_state", Value::Null).unwrap();
    assert_eq!(node_names(&undone, "tool"), ["cli-log"]);
    call(&backend, "redo", Value::Null).unwrap();
    call(&backend, "save_map", Value::Null).unwrap();
    let reopened = EditSession::open(&file).unwrap();
    assert_eq!(reopened.state().view.items, 2);
    assert_eq!(reopened.document().map.name(), "Team flow");
    assert_eq!(reopened.document().map.nodes().count(), 2);
}

#[test]
fn another_writer_changing_the_map_is_reported_and_save_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    rename(&backend, "Mine");

    let mut other = EditSession::open(&file).unwrap();
    other
        .apply(serde_json::from_value(json!({ "kind": "rename_map", "name": "Theirs" })).unwrap())
        .unwrap();
    other.save().unwrap();

    let changes = call(&backend, "file_changes", Value::Null).unwrap();
    assert_eq!(changes["map_changed"], true, "{changes}");
    let state = call(&backend, "editor_state", Value::Null).unwrap();
    assert_eq!(state["view"]["name"], "Mine", "the unsaved edit stays");
    let err = call(&backend, "save_map", Value::Null).unwrap_err();
    assert_eq!(err.code, ErrorCode::MapChanged);
    assert_eq!(
        EditSession::open(&file).unwrap().document().map.name(),
        "Theirs"
    );
    // Save As keeps this version.
    let copy = tmp.path().join("mine.flowmap");
    call(&backend, "save_map_as", json!({ "path": copy })).unwrap();
    assert_eq!(
        EditSession::open(&copy).unwrap().document().map.name(),
        "Mine"
    );
    let changes = call(&backend, "file_changes", Value::Null).unwrap();
    assert_eq!(changes["map_changed"], false, "{changes}");
}

#[test]
fn a_clean_session_takes_the_stored_map() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    call(&backend, "file_changes", Value::Null).unwrap();

    let mut other = EditSession::open(&file).unwrap();
    other
        .apply(serde_json::from_value(json!({ "kind": "rename_map", "name": "Theirs" })).unwrap())
        .unwrap();
    other.save().unwrap();

    let changes = call(&backend, "file_changes", Value::Null).unwrap();
    assert_eq!(changes["map_changed"], false, "{changes}");
    let state = call(&backend, "editor_state", Value::Null).unwrap();
    assert_eq!(state["view"]["name"], "Theirs");
    assert_eq!(state["dirty"], false);
    // Its own Save is not refused.
    rename(&backend, "Mine again");
    call(&backend, "save_map", Value::Null).unwrap();
}

#[test]
fn a_map_without_a_file_has_nothing_to_follow() {
    let tmp = tempfile::tempdir().unwrap();
    let backend = Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(tmp.path().join("recovery.json")),
    );
    let changes = call(&backend, "file_changes", Value::Null).unwrap();
    assert_eq!(
        changes,
        json!({ "data_version": 0, "map_version": 0, "map_changed": false })
    );
}
