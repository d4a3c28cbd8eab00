//! A sync's dry run through the Sources tab's commands, against a local server answering as a
//! long-lived GitHub repository does (the connectors' `github_history` fixture): the report
//! names the items new or changed against the file, the state changes per state, the labels
//! seen and every skipped event kind with its reason and count, and the file stays byte for
//! byte as it was. After a real sync, a dry run finds nothing new.

#[path = "../../flowmap-connectors/tests/common/mod.rs"]
mod net;

mod common;

use common::call;
use flowmap_api::commands::Backend;
use flowmap_api::{EditSession, RecoveryCopy};
use net::github_history::{long_lived, QUERY};
use net::TestServer;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn saved_map(dir: &Path) -> (Backend, PathBuf) {
    let backend = Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.join("recovery.json")),
    );
    let file = dir.join("team.flowmap");
    call(&backend, "save_map_as", json!({ "path": file })).unwrap();
    (backend, file)
}

fn finished(backend: &Backend, start: &str) -> Value {
    let id = call(backend, start, json!({ "source": "gh" })).unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status = call(backend, "job_status", json!({ "id": id })).unwrap();
        if status["state"] != "running" {
            assert_eq!(status["state"], "finished", "{status}");
            return status;
        }
        assert!(Instant::now() < deadline, "the job did not end: {status}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn bytes(file: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-journal"]
        .iter()
        .map(|s| std::fs::read(format!("{}{s}", file.display())).ok())
        .collect()
}

/// (state, changes, new changes) of the report's source.
fn state(report: &Value, name: &str) -> (u64, u64) {
    let s = report["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == name)
        .unwrap_or_else(|| panic!("no state {name} in {report}"));
    (
        s["changes"].as_u64().unwrap(),
        s["new_changes"].as_u64().unwrap(),
    )
}

#[test]
fn a_dry_run_reports_what_a_sync_would_store_and_skip_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(long_lived());
    let (backend, file) = saved_map(dir.path());
    call(
        &backend,
        "add_source",
        json!({"source": {"name": "gh", "kind": "github", "url": server.base, "query": QUERY,
                          "tool": "GitHub"}}),
    )
    .unwrap();
    let before = bytes(&file);

    let status = finished(&backend, "start_dry_run");
    assert_eq!(bytes(&file), before, "a dry run writes nothing");
    let report = &status["dry_run"]["sources"][0];
    assert_eq!(report["source"], "gh");
    assert_eq!(report["items_fetched"], 8);
    assert_eq!(report["items_new"], 8);
    assert_eq!(report["items_changed"], 0);
    // 3 + 4 + 7 + 6 + 3 changes of the issues and pull requests, 3 + 5 + 2 of the runs.
    assert_eq!(report["changes"], 33);
    assert_eq!(report["new_changes"], 33);
    assert_eq!(state(report, "In progress"), (4, 4));
    assert_eq!(state(report, "Merged"), (2, 2));
    assert_eq!(state(report, "Ready for review"), (3, 3));
    assert!(report["states"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["state"] != "v1" && s["state"] != "2.3.0"));
    let skipped = report["skipped"].as_array().unwrap();
    let total: u64 = skipped.iter().map(|s| s["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 19);
    assert!(skipped.contains(&json!({"kind": "reviewed",
        "reason": "on a closed or merged item: it stays done until it is reopened", "count": 1})));
    assert!(skipped.contains(&json!({"kind": "labeled",
        "reason": "the label is not a workflow state (pick it in the source's state labels)",
        "count": 5})));
    assert_eq!(report["labels"].as_array().unwrap().len(), 10);
    assert!(report["labels"]
        .as_array()
        .unwrap()
        .contains(&json!({"label": "status: in progress", "count": 2})));

    // A sync stores it; a dry run then finds every item unchanged.
    let synced = finished(&backend, "start_sync");
    assert_eq!(synced["sync"]["sources"][0]["items_new"], 8, "{synced}");
    let after_sync = bytes(&file);
    let again = finished(&backend, "start_dry_run");
    assert_eq!(bytes(&file), after_sync);
    let report = &again["dry_run"]["sources"][0];
    assert_eq!(report["items_new"], 0);
    assert_eq!(report["items_changed"], 0);
    assert_eq!(report["items_unchanged"], 8);
    assert_eq!(report["new_changes"], 0);
    assert_eq!(state(report, "Merged"), (2, 0));

    // The sync stored the links pull request #13's description tells: the issues it closes in
    // this source (named "gh" by the writer) and the Jira key it mentions (any source).
    let links = flowmap_store::MapFile::open(&file)
        .unwrap()
        .links()
        .unwrap();
    let mut told: Vec<(String, Option<String>, String)> = links
        .iter()
        .map(|l| {
            (
                l.kind.to_string(),
                l.target.source.clone(),
                l.target.key.clone(),
            )
        })
        .collect();
    told.sort();
    assert_eq!(
        told,
        [
            (
                "fixes".to_string(),
                Some("gh".to_string()),
                "#10".to_string()
            ),
            (
                "fixes".to_string(),
                Some("gh".to_string()),
                "#12".to_string()
            ),
            ("mentions".to_string(), None, "FMT-88".to_string()),
        ]
    );
}
