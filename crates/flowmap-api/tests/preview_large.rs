//! A large log's preview never waits for the whole log: its first rows and columns come back
//! at once (a bad row far down does not stop them), and its totals come from a job the window
//! polls, or cancels.

use flowmap_api::commands::Backend;
use flowmap_api::{EditSession, RecoveryCopy};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use common::call;

/// Rows of a log over 4 MiB (the most a preview counts at once): `items` items of three
/// changes each; with `bad_tail`, its last row has a time that cannot be read.
fn big_log(path: &Path, items: u32, bad_tail: bool) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "ticket,status,changed_at,summary").unwrap();
    let mut rows = 0;
    for i in 0..items {
        for (state, day) in [("Backlog", 1), ("In Progress", 2), ("Done", 3)] {
            writeln!(
                out,
                "T-{i},{state},2024-03-{day:02}T09:00:00Z,Item number {i} of the big log"
            )
            .unwrap();
            rows += 1;
        }
    }
    if bad_tail {
        writeln!(out, "T-0,Done,not a time,tail").unwrap();
        rows += 1;
    }
    out.flush().unwrap();
    assert!(std::fs::metadata(path).unwrap().len() > 4 << 20);
    rows
}

fn backend(dir: &Path) -> Backend {
    Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.join("recovery.json")),
    )
}

fn preview(backend: &Backend, log: &Path) -> Value {
    call(
        backend,
        "preview_log",
        json!({ "path": log, "options": { "columns": {}, "skip_bad_rows": false } }),
    )
    .unwrap()
}

fn wait_for(backend: &Backend, id: &Value) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status = call(backend, "job_status", json!({ "id": id })).unwrap();
        if status["state"] != "running" {
            return status;
        }
        assert!(Instant::now() < deadline, "the count did not end: {status}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_large_log_shows_its_head_at_once_and_its_totals_from_a_job() {
    let tmp = tempfile::tempdir().unwrap();
    let b = backend(tmp.path());
    let log = tmp.path().join("big.csv");
    let rows = big_log(&log, 30_000, false);
    let p = preview(&b, &log);
    assert_eq!(p["rows"].as_array().unwrap().len(), 20);
    assert_eq!(
        p["rows"][1],
        json!([
            "T-0",
            "In Progress",
            "2024-03-02T09:00:00Z",
            "Item number 0 of the big log"
        ])
    );
    assert_eq!(p["columns"]["item"], "ticket");
    assert_eq!((&p["summary"], &p["error"]), (&Value::Null, &Value::Null));
    let status = wait_for(&b, &p["summary_job"]);
    assert_eq!(status["state"], "finished", "{status}");
    assert_eq!(status["what"], "the count of big.csv");
    let summary = &status["summary"];
    assert_eq!(
        summary["counts"],
        json!({ "rows": rows, "items": 30_000, "transitions": rows })
    );
    assert_eq!(
        summary["span"],
        json!(["2024-03-01T09:00:00Z", "2024-03-03T09:00:00Z"])
    );
    assert_eq!(summary["states"], json!(["Backlog", "Done", "In Progress"]));
    assert_eq!(status["report"], Value::Null);
}

#[test]
fn the_head_does_not_read_the_tail_and_the_count_names_a_bad_row() {
    let tmp = tempfile::tempdir().unwrap();
    let b = backend(tmp.path());
    let log = tmp.path().join("bad-tail.csv");
    let rows = big_log(&log, 30_000, true);
    let p = preview(&b, &log);
    // The bad row is the last one: the head, read at once, knows nothing of it.
    assert_eq!(p["rows"].as_array().unwrap().len(), 20);
    assert_eq!(p["error"], Value::Null);
    let status = wait_for(&b, &p["summary_job"]);
    assert_eq!(status["state"], "failed", "{status}");
    let message = status["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("bad-tail.csv") && message.contains(&format!("line {}", rows + 1)),
        "{message}"
    );
}

#[test]
fn a_count_can_be_cancelled_and_runs_beside_an_import() {
    let tmp = tempfile::tempdir().unwrap();
    let b = backend(tmp.path());
    let log = tmp.path().join("big.csv");
    big_log(&log, 30_000, false);
    let first = preview(&b, &log);
    let second = preview(&b, &log);
    assert_ne!(
        first["summary_job"], second["summary_job"],
        "two counts at once"
    );
    let cancelled = call(&b, "cancel_job", json!({ "id": first["summary_job"] })).unwrap();
    assert_eq!(cancelled["id"], first["summary_job"]);
    let status = wait_for(&b, &first["summary_job"]);
    assert_eq!(status["state"], "cancelled", "{status}");
    assert_eq!(
        status["error"]["message"],
        "the count of the log was cancelled"
    );
    assert_eq!(wait_for(&b, &second["summary_job"])["state"], "finished");
}

#[test]
fn a_file_that_is_not_a_log_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let b = backend(tmp.path());
    let png = tmp.path().join("board.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let err = call(
        &b,
        "preview_log",
        json!({ "path": png, "options": { "columns": {}, "skip_bad_rows": false } }),
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "board.png is not an event log: it holds binary data, not text (expected CSV, \
         ActionableAgile CSV, XES, or OCEL 2.0 JSON or SQLite)"
    );
    // A dropped file is kept in the data directory and previews like any other.
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD
        .encode("ticket,status,changed_at\nA-1,Doing,2024-03-01\n");
    let path = call(
        &b,
        "store_dropped_file",
        json!({ "name": "team.csv", "data": data }),
    )
    .unwrap();
    assert_eq!(
        Path::new(path.as_str().unwrap()),
        tmp.path().join("dropped").join("team.csv")
    );
    let p = call(
        &b,
        "preview_log",
        json!({ "path": path, "options": { "columns": {}, "skip_bad_rows": false } }),
    )
    .unwrap();
    assert_eq!(p["summary"]["counts"]["items"], 1);
}
