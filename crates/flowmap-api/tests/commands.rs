//! The command table: dispatch by name with JSON arguments, errors that name the command, and
//! the shell told exactly when a command can have changed the map.

use flowmap_api::commands::{self, Backend, Effect, Shell};
use flowmap_api::{ApiError, EditSession, ErrorCode, RecoveryCopy};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Default)]
struct CountingShell {
    changes: AtomicUsize,
}

impl Shell for CountingShell {
    fn map_changed(&self, _backend: &Backend) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }
    fn choose_path(&self, save: bool, extension: &str) -> Option<String> {
        Some(format!("chosen.{extension}.{save}"))
    }
    fn open_link(&self, _url: &str) -> Result<(), ApiError> {
        Ok(())
    }
    fn close_window(&self) {}
}

fn backend(dir: &std::path::Path) -> Backend {
    Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.join("recovery.json")),
    )
}

#[test]
fn every_command_has_a_unique_snake_case_name_and_a_doc() {
    let all = commands::all();
    assert!(all.len() >= 20, "{} commands", all.len());
    let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "two commands share a name");
    for c in all {
        assert!(
            c.name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
            "{}",
            c.name
        );
        assert!(!c.doc.trim().is_empty(), "{} has no doc comment", c.name);
    }
}

#[test]
fn a_command_runs_by_name_and_a_change_reaches_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let backend = backend(dir.path());
    let shell = CountingShell::default();
    let state = commands::dispatch(&backend, &shell, "editor_state", json!({})).unwrap();
    assert_eq!(state["dirty"], json!(false));
    assert_eq!(
        shell.changes.load(Ordering::SeqCst),
        0,
        "a read changes nothing"
    );

    let edit = json!({ "edit": { "kind": "rename_map", "name": "Checkout" } });
    let outcome = commands::dispatch(&backend, &shell, "apply_edit", edit).unwrap();
    assert_eq!(outcome["state"]["view"]["name"], json!("Checkout"));
    assert_eq!(outcome["state"]["dirty"], json!(true));
    assert_eq!(shell.changes.load(Ordering::SeqCst), 1);
    assert!(backend.is_dirty());

    let undone = commands::dispatch(&backend, &shell, "undo", serde_json::Value::Null).unwrap();
    assert_eq!(undone["dirty"], json!(false));
    assert_eq!(shell.changes.load(Ordering::SeqCst), 2);
}

#[test]
fn a_refused_command_does_not_reach_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let backend = backend(dir.path());
    let shell = CountingShell::default();
    let missing = dir.path().join("missing.flowmap");
    let error =
        commands::dispatch(&backend, &shell, "open_map", json!({ "path": missing })).unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    assert_eq!(shell.changes.load(Ordering::SeqCst), 0);
}

#[test]
fn unknown_commands_and_bad_arguments_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let backend = backend(dir.path());
    let shell = CountingShell::default();
    let unknown = commands::dispatch(&backend, &shell, "format_disk", json!({})).unwrap_err();
    assert_eq!(unknown.code, ErrorCode::InvalidArgument);
    assert!(unknown.message.contains("\"format_disk\""), "{unknown}");

    let bad = commands::dispatch(&backend, &shell, "open_map", json!({ "path": 7 })).unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidArgument);
    assert!(bad.message.starts_with("open_map: bad arguments"), "{bad}");

    let extra = commands::dispatch(&backend, &shell, "undo", json!({ "steps": 2 })).unwrap_err();
    assert!(extra.message.contains("steps"), "{extra}");
}

#[test]
fn arguments_cross_in_camel_case_and_shell_commands_ask_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let backend = backend(dir.path());
    let shell = CountingShell::default();
    let chosen = commands::dispatch(
        &backend,
        &shell,
        "choose_path",
        json!({ "save": true, "extension": "png" }),
    )
    .unwrap();
    assert_eq!(chosen, json!("chosen.png.true"));

    let image = dir.path().join("map.svg");
    let request = json!({ "filters": { "now": null, "from": null, "to": null, "window": null,
        "flow_item_type": null, "sources": [], "partner": null, "include_points": false },
        "overlay": "waiting", "percentile": "p50" });
    commands::dispatch(
        &backend,
        &shell,
        "export_map",
        json!({ "path": image, "request": request }),
    )
    .unwrap();
    assert!(std::fs::read_to_string(&image).unwrap().contains("<svg"));

    let refused = commands::dispatch(
        &backend,
        &shell,
        "open_link",
        json!({ "url": "file:///etc" }),
    )
    .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidArgument);
}

#[test]
fn a_backend_whose_first_map_failed_answers_with_that_error() {
    let dir = tempfile::tempdir().unwrap();
    let failed = ApiError::new(ErrorCode::Corrupt, "demo.flowmap is damaged");
    let backend = Backend::new(
        Err(failed.clone()),
        RecoveryCopy::new(dir.path().join("r.json")),
    );
    let shell = CountingShell::default();
    let error = commands::dispatch(&backend, &shell, "editor_state", json!({})).unwrap_err();
    assert_eq!(error, failed);
    // A new map replaces the failed start.
    commands::dispatch(&backend, &shell, "new_map", json!({})).unwrap();
    assert!(commands::dispatch(&backend, &shell, "editor_state", json!({})).is_ok());
}

#[test]
fn effects_are_declared_where_the_map_can_change() {
    let effect = |name: &str| {
        commands::all()
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.effect)
    };
    assert_eq!(effect("apply_edit"), Some(Effect::ChangesMap));
    assert_eq!(effect("open_map"), Some(Effect::ChangesMap));
    assert_eq!(effect("flow_view"), Some(Effect::Reads));
    assert_eq!(effect("export_json"), Some(Effect::Reads));
}

#[test]
fn a_new_untitled_map_is_named_after_the_file_it_is_first_saved_to() {
    let tmp = tempfile::tempdir().unwrap();
    let shell = CountingShell::default();
    let b = backend(tmp.path());
    let run = |name: &str, args: serde_json::Value| {
        commands::dispatch(&b, &shell, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let saved = run(
        "save_map_as",
        json!({ "path": tmp.path().join("team flow.flowmap") }),
    );
    assert_eq!(saved["view"]["name"], "team flow");
    assert_eq!(saved["dirty"], false);
    // A map with a name of its own keeps it when saved elsewhere.
    run(
        "apply_edit",
        json!({ "edit": { "kind": "rename_map", "name": "Payments" } }),
    );
    let copy = run(
        "save_map_as",
        json!({ "path": tmp.path().join("copy.flowmap") }),
    );
    assert_eq!(copy["view"]["name"], "Payments");
    // Undo takes the naming back like any edit.
    let undone = run("undo", json!({}));
    assert_eq!(undone["view"]["name"], "team flow");
}
