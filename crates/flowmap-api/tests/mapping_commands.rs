//! The state mapping table through `commands::dispatch`: the demo map's states with their
//! counts, stages, categories, guesses and reasons; several rows set at once (and the flow
//! view following); a state two stages claim flagged with its time; confirming guesses; a map
//! without a file refused with `unsaved`.

use flowmap_api::commands::{self, Backend};
use flowmap_api::wire::{Edit, MappingTable};
use flowmap_api::{create_demo, ApiError, EditSession, ErrorCode, RecoveryCopy};
use flowmap_core::Node;
use serde_json::{json, Value};
use std::path::Path;

mod common;

fn call(backend: &Backend, name: &str, args: Value) -> Result<Value, ApiError> {
    let shell = common::QuietShell {
        now: Some("2026-06-01T00:00:00Z".parse().unwrap()),
    };
    commands::dispatch(backend, &shell, name, args)
}

fn table(backend: &Backend) -> MappingTable {
    serde_json::from_value(call(backend, "mapping_table", Value::Null).unwrap()).unwrap()
}

fn row<'t>(t: &'t MappingTable, state: &str) -> &'t flowmap_api::wire::MappingTableRow {
    t.rows.iter().find(|r| r.state == state).unwrap()
}

/// A backend editing the demo map (2,000 items) at `dir/demo.flowmap`, after `edit` ran on it.
fn demo(dir: &Path, edit: impl FnOnce(&mut EditSession)) -> Backend {
    let path = dir.join("demo.flowmap");
    create_demo(&path, 2000, 42).unwrap();
    let mut session = EditSession::open(&path).unwrap();
    edit(&mut session);
    Backend::new(Ok(session), RecoveryCopy::new(dir.join("recovery.json")))
}

/// The waiting time the flow view gives stage `name`, under the default filters.
fn waiting_secs(backend: &Backend, name: &str) -> f64 {
    let view = call(
        backend,
        "flow_view",
        json!({ "filters": { "now": "2026-06-01T00:00:00Z" } }),
    )
    .unwrap();
    let stage = view["metrics"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no stage {name} in {}", view["metrics"]["stages"]));
    stage["waiting_total_secs"].as_f64().unwrap()
}

#[test]
fn the_demo_table_has_every_state_with_its_stage_category_and_guess() {
    let dir = tempfile::tempdir().unwrap();
    let backend = demo(dir.path(), |_| {});
    let t = table(&backend);
    assert_eq!(
        t.rows.len(),
        21,
        "{:?}",
        t.rows.iter().map(|r| &r.state).collect::<Vec<_>>()
    );
    assert_eq!(t.stages.len(), 9);
    assert_eq!(t.unmapped.states, 0);
    assert_eq!(t.conflicts.states, 0);
    let qa = row(&t, "Ready for QA");
    assert_eq!(qa.stage.as_deref(), Some("Testing"));
    assert_eq!(qa.category, flowmap_core::StateCategory::Waiting);
    assert!(qa.items > 0 && qa.time_secs > 0.0);
    // The demo's rows were written with the data: guesses until confirmed, with a reason.
    assert!(qa.guess);
    assert_eq!(qa.reason, "‘Ready for’ in the name → Waiting");
    assert_eq!(t.guesses, 21);
    let done = row(&t, "Done");
    assert_eq!(done.stage, None);
    assert_eq!(done.reason, "‘Done’ → Done");
}

#[test]
fn several_rows_are_set_at_once_and_the_flow_view_follows() {
    let dir = tempfile::tempdir().unwrap();
    let backend = demo(dir.path(), |_| {});
    let before = waiting_secs(&backend, "Testing");
    assert!(before > 0.0);
    let rows = json!([
        { "source": "jira", "state": "Ready for QA" },
        { "source": "jira", "state": "Ready to Deploy" },
    ]);
    let t: MappingTable = serde_json::from_value(
        call(
            &backend,
            "set_mapping",
            json!({ "rows": rows, "category": "Active" }),
        )
        .unwrap(),
    )
    .unwrap();
    for state in ["Ready for QA", "Ready to Deploy"] {
        let r = row(&t, state);
        assert_eq!(r.category, flowmap_core::StateCategory::Active, "{state}");
        assert!(!r.guess, "{state}");
        assert_eq!(r.reason, "confirmed");
    }
    assert_eq!(row(&t, "Ready for QA").stage.as_deref(), Some("Testing"));
    assert_eq!(t.guesses, 19);
    assert_eq!(waiting_secs(&backend, "Testing"), 0.0);

    // A stage of its own for one row: "Blocked" moves from Development to Testing.
    let testing = t.stages.iter().find(|s| s.name == "Testing").unwrap().id;
    let t: MappingTable = serde_json::from_value(
        call(
            &backend,
            "set_mapping",
            json!({ "rows": [{ "source": "jira", "state": "Blocked" }],
                    "stage": { "kind": "stage", "id": testing } }),
        )
        .unwrap(),
    )
    .unwrap();
    let blocked = row(&t, "Blocked");
    assert_eq!(blocked.stage.as_deref(), Some("Testing"));
    assert!(blocked.stage_set);
    assert_eq!(blocked.category, flowmap_core::StateCategory::Waiting);
    assert!(waiting_secs(&backend, "Testing") > 0.0);

    // A row that does not exist: refused, nothing written.
    let e = call(
        &backend,
        "set_mapping",
        json!({ "rows": [{ "source": "jira", "state": "Nowhere" }], "category": "Done" }),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.message.contains("Nowhere"), "{}", e.message);
}

#[test]
fn a_state_two_stages_claim_is_flagged_with_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let backend = demo(dir.path(), |session| {
        let mut release = session
            .document()
            .map
            .stages()
            .find(|s| s.name == "Release")
            .unwrap()
            .clone();
        release.states.push("In QA".into());
        session
            .apply(Edit::UpdateNode {
                node: Node::Stage(release),
            })
            .unwrap();
    });
    let t = table(&backend);
    let in_qa = row(&t, "In QA");
    assert_eq!(in_qa.conflict_stages, vec!["Testing", "Release"]);
    assert_eq!(t.conflicts.states, 1);
    assert_eq!(t.conflicts.time_secs, in_qa.time_secs);
    assert!(t.conflicts.time_secs > 0.0);
}

#[test]
fn guesses_are_confirmed_and_a_map_without_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let backend = demo(dir.path(), |_| {});
    let t: MappingTable = serde_json::from_value(
        call(
            &backend,
            "confirm_mapping",
            json!({ "rows": [{ "source": "jira", "state": "Backlog" }] }),
        )
        .unwrap(),
    )
    .unwrap();
    let backlog = row(&t, "Backlog");
    assert!(!backlog.guess);
    assert_eq!(backlog.category, flowmap_core::StateCategory::Waiting);
    assert_eq!(t.guesses, 20);
    // Confirmed rows stay confirmed when the file is opened again.
    let again = EditSession::open(&dir.path().join("demo.flowmap")).unwrap();
    let reopened = Backend::new(Ok(again), RecoveryCopy::new(dir.path().join("r.json")));
    assert!(!row(&table(&reopened), "Backlog").guess);

    let new_map = Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.path().join("new.json")),
    );
    for (name, args) in [
        ("mapping_table", Value::Null),
        ("confirm_mapping", json!({ "rows": [] })),
    ] {
        let e = call(&new_map, name, args).unwrap_err();
        assert_eq!(e.code, ErrorCode::Unsaved, "{name}");
    }
}
