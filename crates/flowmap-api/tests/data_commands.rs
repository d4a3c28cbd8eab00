//! The Data view's commands through `commands::dispatch`: a log previewed (columns chosen,
//! counts) before anything is written, imported as a job the window polls, cancelled with the
//! file unchanged, and a bad log refused naming its file and line.

use flowmap_api::commands::Backend;
use flowmap_api::{EditSession, RecoveryCopy};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use common::call;

/// A backend editing a new map saved to `dir/team.flowmap`.
fn saved_map(dir: &Path) -> (Backend, std::path::PathBuf) {
    let backend = Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.join("recovery.json")),
    );
    let file = dir.join("team.flowmap");
    call(&backend, "save_map_as", json!({ "path": file })).unwrap();
    (backend, file)
}

const LOG: &str = "\
ticket,to_status,changed_at,from_status,summary
A-1,Backlog,2024-03-01T09:00:00Z,,First
A-1,Doing,2024-03-02T09:00:00Z,Backlog,First
A-1,Done,2024-03-05T09:00:00Z,Doing,First
A-2,Backlog,2024-03-01 10:00,,Second
A-2,Doing,2024-03-03 10:00,Backlog,Second
A-3,Backlog,2024-03-04T09:00:00Z,,Third
";

fn items_in(backend: &Backend) -> u64 {
    let state = call(backend, "editor_state", Value::Null).unwrap();
    state["view"]["items"].as_u64().unwrap()
}

/// Polls job `id` until it has ended; its last status.
fn wait_for(backend: &Backend, id: &Value) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status = call(backend, "job_status", json!({ "id": id })).unwrap();
        if status["state"] != "running" {
            return status;
        }
        assert!(Instant::now() < deadline, "the job did not end: {status}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_preview_shows_the_chosen_columns_and_what_the_import_will_do() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let log = tmp.path().join("team.csv");
    std::fs::write(&log, LOG).unwrap();
    let before = std::fs::read(&file).unwrap();

    let p = call(
        &backend,
        "preview_log",
        json!({ "path": log, "options": { "columns": {}, "skip_bad_rows": false } }),
    )
    .unwrap();
    assert_eq!(p["format"], "csv");
    assert_eq!(p["header"][0], "ticket");
    assert_eq!(p["rows"].as_array().unwrap().len(), 6);
    assert_eq!(p["rows"][1][1], "Doing");
    let c = &p["columns"];
    assert_eq!(
        (&c["item"], &c["state"], &c["at"], &c["from"], &c["title"]),
        (
            &json!("ticket"),
            &json!("to_status"),
            &json!("changed_at"),
            &json!("from_status"),
            &json!("summary")
        )
    );
    assert!(c.get("item_type").is_none(), "no type column: {c}");
    assert_eq!(p["delimiter"], ",");
    assert_eq!(p["tz"], "UTC");
    let s = &p["summary"];
    assert_eq!(
        s["counts"],
        json!({ "rows": 6, "items": 3, "transitions": 6 })
    );
    assert_eq!(s["states"], json!(["Backlog", "Doing", "Done"]));
    assert_eq!(
        s["span"],
        json!(["2024-03-01T09:00:00Z", "2024-03-05T09:00:00Z"])
    );
    assert_eq!(s["zoneless"], 2);
    assert!(p["error"].is_null());
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "a preview writes nothing"
    );

    // A column chosen in place: the time read from another column is refused by name.
    let p = call(
        &backend,
        "preview_log",
        json!({ "path": log, "options": { "columns": { "at": "summary" }, "skip_bad_rows": false } }),
    )
    .unwrap();
    assert!(p["summary"].is_null());
    let message = p["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("team.csv") && message.contains("line 2"),
        "{message}"
    );
}

#[test]
fn an_import_job_runs_to_the_end_and_the_map_follows_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let log = tmp.path().join("team.csv");
    std::fs::write(&log, LOG).unwrap();
    let options = json!({ "columns": {}, "skip_bad_rows": false });
    let id = call(
        &backend,
        "start_import",
        json!({ "path": log, "options": options }),
    )
    .unwrap();
    let status = wait_for(&backend, &id);
    assert_eq!(status["state"], "finished", "{status}");
    let report = &status["report"];
    assert_eq!(report["items_fetched"], 3);
    assert_eq!(report["transitions_added"], 6);
    let new_states: Vec<&str> = report["states"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["proposed"] == true)
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(new_states, ["Backlog", "Doing", "Done"]);
    assert_eq!(items_in(&backend), 3, "the open map counts the new items");
    // The tool the import added is on the working map, and the map is still clean.
    let state = call(&backend, "editor_state", Value::Null).unwrap();
    assert_eq!(state["dirty"], false);
    let tools: Vec<&str> = state["view"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["node"]["kind"] == "tool")
        .map(|n| n["node"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(tools, ["team"]);
    // Saving the map keeps the tool the source belongs to, and the items.
    call(&backend, "save_map", Value::Null).unwrap();
    let reopened = EditSession::open(&file).unwrap();
    assert_eq!(reopened.state().view.items, 3);
    assert_eq!(reopened.document().map.nodes().count(), 1);
}

#[test]
fn a_cancelled_import_leaves_the_file_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let log = tmp.path().join("big.csv");
    let mut text = String::from("item,state,at\n");
    for i in 0..40_000 {
        for (d, s) in ["Backlog", "Doing", "Done"].iter().enumerate() {
            text.push_str(&format!("I-{i},{s},2024-01-{:02}T10:00:00Z\n", d + 1));
        }
    }
    std::fs::write(&log, text).unwrap();
    let before = std::fs::read(&file).unwrap();
    let options = json!({ "columns": {}, "skip_bad_rows": false });
    let id = call(
        &backend,
        "start_import",
        json!({ "path": log, "options": options }),
    )
    .unwrap();
    // Cancelled while it writes.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = call(&backend, "job_status", json!({ "id": id })).unwrap();
        if s["phase"] == "writing" || s["state"] != "running" {
            break;
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(5));
    }
    call(&backend, "cancel_job", json!({ "id": id })).unwrap();
    let status = wait_for(&backend, &id);
    assert_eq!(status["state"], "cancelled", "{status}");
    assert_eq!(status["error"]["code"], "cancelled");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is as it was"
    );
    assert_eq!(items_in(&backend), 0);

    // Another import may start once it has ended.
    let small = tmp.path().join("team.csv");
    std::fs::write(&small, LOG).unwrap();
    let id = call(
        &backend,
        "start_import",
        json!({ "path": small, "options": options }),
    )
    .unwrap();
    assert_eq!(wait_for(&backend, &id)["state"], "finished");
}

#[test]
fn a_bad_log_fails_naming_its_file_and_line_and_a_new_map_must_be_saved_first() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let log = tmp.path().join("bad.csv");
    std::fs::write(
        &log,
        "item,state,at\nA-1,Backlog,2024-03-01T09:00:00Z\nA-1,Doing,not a time\n",
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    let options = json!({ "columns": {}, "skip_bad_rows": false });
    let id = call(
        &backend,
        "start_import",
        json!({ "path": log, "options": options }),
    )
    .unwrap();
    let status = wait_for(&backend, &id);
    assert_eq!(status["state"], "failed");
    assert_eq!(status["error"]["code"], "invalid_log");
    let message = status["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("bad.csv") && message.contains("line 3"),
        "{message}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let missing = call(
        &backend,
        "preview_log",
        json!({ "path": tmp.path().join("none.csv"), "options": options }),
    )
    .unwrap_err();
    assert!(missing.message.contains("none.csv"), "{}", missing.message);

    call(&backend, "new_map", Value::Null).unwrap();
    let err = call(
        &backend,
        "start_import",
        json!({ "path": log, "options": options }),
    )
    .unwrap_err();
    assert_eq!(err.code, flowmap_api::ErrorCode::Unsaved);
    assert!(err.message.contains("save the map"), "{}", err.message);
}
