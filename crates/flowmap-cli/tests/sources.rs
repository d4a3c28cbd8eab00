//! `flowmap source`, `sync`, `import-log` and `discover` as a user runs them.

#[path = "../../flowmap-connectors/tests/common/mod.rs"]
mod common;

use flowmap_metrics::SNAPSHOT_FORMAT;
use flowmap_store::MapFile;
use std::path::Path;
use std::process::{Command, Output};

fn flowmap(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_flowmap"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run flowmap")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn every_command_has_help() {
    for cmd in [
        &["source", "add", "--help"][..],
        &["source", "list", "--help"],
        &["sync", "--help"],
        &["import-log", "--help"],
        &["discover", "--help"],
    ] {
        let out = flowmap(cmd, &[]);
        assert!(out.status.success(), "{cmd:?}: {}", stderr(&out));
        assert!(stdout(&out).contains("Usage: flowmap"), "{cmd:?}");
    }
    let text = stdout(&flowmap(&["import-log", "--help"], &[]));
    for option in [
        "--item", "--state", "--at", "--from", "--tz", "--items", "--stages",
    ] {
        assert!(
            text.contains(option),
            "{option} missing in import-log --help"
        );
    }
}

#[test]
fn import_a_log_then_discover_and_inspect() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("changes.csv");
    std::fs::write(
        &log,
        "ticket;changed_at;to_status\nT-1;2015-11-21T07:14:01.643-0500;Ready for dev\nT-1;2015-11-22T07:14:01-0500;In Progress\nT-1;2015-11-23;Done\n\
         T-2;2015-11-21T08:00:00Z;Ready for dev\nT-2;2015-11-24T08:00:00Z;In Progress\n",
    )
    .unwrap();
    let file = dir.path().join("new.flowmap");
    let out = flowmap(&["import-log", p(&file), p(&log), "--tool", "Jira"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("5 records, 2 items, 5 new transitions"),
        "{text}"
    );
    assert!(
        text.contains("Ready for dev") && text.contains("Waiting (proposed)"),
        "{text}"
    );
    assert!(
        text.contains("note: 1 times had no zone and were read as UTC"),
        "{text}"
    );

    let out = flowmap(&["info", p(&file)], &[]);
    assert!(stdout(&out).contains("Items: 2"), "{}", stdout(&out));

    let out = flowmap(&["discover", p(&file), "--min-count", "1"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("1. Ready for dev") && text.contains("2. In Progress"),
        "{text}"
    );
    assert!(text.contains("Ready for dev → In Progress  2"), "{text}");

    let out = flowmap(&["discover", p(&file), "--json"], &[]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["stages"].as_array().unwrap().len(), 2);

    let out = flowmap(&["source", "list", p(&file)], &[]);
    assert!(
        stdout(&out).contains("changes  csv  tool Jira  2 items"),
        "{}",
        stdout(&out)
    );

    // A bad log: one line on stderr, exit 1, the file unchanged.
    let before = std::fs::read(&file).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "item,state,at\nA,Open,tomorrow\n").unwrap();
    let out = flowmap(&["import-log", p(&file), p(&bad)], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: ") && err.contains("line 2, column \"at\""),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// `flowmap import-log` stores the engine's columns in its transaction: the file's snapshot is
/// of its current data, and `flowmap metrics --json` from it equals the figures computed from
/// the rows (the snapshot replaced by one no build reads).
#[test]
fn after_import_log_the_snapshot_is_current_and_the_figures_are_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("team.csv");
    let mut text = String::from("ticket,changed_at,from_status,to_status,type\n");
    for i in 0..200 {
        for (d, (from, to)) in [("", "Open"), ("Open", "Doing"), ("Doing", "Done")]
            .iter()
            .enumerate()
        {
            if i % 4 == 3 && d == 2 {
                continue;
            }
            let day = 1 + i % 25 + d * 3;
            text.push_str(&format!(
                "T-{i},2026-03-{day:02}T10:00:00Z,{from},{to},Bug\n"
            ));
        }
    }
    std::fs::write(&log, text).unwrap();
    let file = dir.path().join("team.flowmap");
    let out = flowmap(&["import-log", p(&file), p(&log)], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = flowmap(&["discover", p(&file), "--apply"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stored = {
        let f = MapFile::open(&file).unwrap();
        let bytes = f
            .snapshot(SNAPSHOT_FORMAT)
            .unwrap()
            .expect("a current snapshot");
        assert_eq!(f.counts().unwrap(), f.count_rows().unwrap());
        bytes
    };
    let figures = flowmap(&["metrics", p(&file), "--json", "--now", "2026-11-02"], &[]);
    assert!(figures.status.success(), "{}", stderr(&figures));
    // The same figures from the rows.
    let copy = dir.path().join("rows.flowmap");
    std::fs::copy(&file, &copy).unwrap();
    {
        let f = MapFile::open(&copy).unwrap();
        let generation = f.data_generation().unwrap();
        let counts = f.count_rows().unwrap();
        assert!(f
            .store_snapshot(
                SNAPSHOT_FORMAT + 1,
                generation,
                counts,
                b"no build reads this"
            )
            .unwrap());
        assert!(f.snapshot(SNAPSHOT_FORMAT).unwrap().is_none());
    }
    let from_rows = flowmap(&["metrics", p(&copy), "--json", "--now", "2026-11-02"], &[]);
    assert!(from_rows.status.success(), "{}", stderr(&from_rows));
    assert!(figures.stdout.len() > 1000);
    assert_eq!(stdout(&figures), stdout(&from_rows));
    // The reader of the rows stored the same columns the import did.
    let rebuilt = MapFile::open(&copy)
        .unwrap()
        .snapshot(SNAPSHOT_FORMAT)
        .unwrap();
    assert_eq!(rebuilt.as_deref(), Some(stored.as_slice()));
}

#[test]
fn add_a_jira_source_and_sync_it_from_a_local_server() {
    let server = common::TestServer::start(common::jira(false, false));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.flowmap");
    let log = dir.path().join("seed.csv");
    std::fs::write(&log, "item,state,at\nX,Open,2024-01-01T00:00:00Z\n").unwrap();
    assert!(flowmap(&["import-log", p(&file), p(&log)], &[])
        .status
        .success());

    let out = flowmap(
        &[
            "source",
            "add",
            p(&file),
            "--kind",
            "jira",
            "--url",
            &server.base,
            "--query",
            "project = FLOW",
            "--tool",
            "Jira",
            "--name",
            "cli-jira",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("FLOWMAP_TOKEN_CLI_JIRA"),
        "{}",
        stdout(&out)
    );

    let env = [("FLOWMAP_TOKEN_CLI_JIRA", "secret-xyz")];
    let out = flowmap(&["sync", p(&file), "--source", "cli-jira"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("synced \"cli-jira\" (jira): 5 items fetched"),
        "{text}"
    );
    let out = flowmap(&["sync", p(&file), "--source", "cli-jira", "--json"], &env);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["sources"][0]["items_fetched"], 1);
    assert_eq!(v["sources"][0]["transitions_added"], 1);

    let out = flowmap(&["source", "list", p(&file), "--json"], &[]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let jira = v
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "cli-jira")
        .unwrap();
    assert_eq!(jira["cursor"], "2025-02-01T12:00:00.000Z");
    assert!(!std::fs::read(&file)
        .unwrap()
        .windows(10)
        .any(|w| w == b"secret-xyz"));

    // Errors are one line with exit status 1.
    let out = flowmap(&["sync", p(&file), "--source", "nope"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no source named \"nope\""),
        "{}",
        stderr(&out)
    );
    let out = flowmap(
        &["source", "add", p(&file), "--kind", "trello", "--tool", "T"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown source kind \"trello\""),
        "{}",
        stderr(&out)
    );
}

/// Without a keychain (no session bus for the Secret Service here), `--token-stdin` cannot
/// store the token: the source is not added and the file is not touched (all or nothing).
#[cfg(target_os = "linux")]
#[test]
fn a_token_the_keychain_cannot_take_adds_no_source() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.flowmap");
    // The stories alone: the linked demo has a source named "github" already.
    assert!(
        flowmap(&["demo", p(&file), "--items", "10", "--plain"], &[])
            .status
            .success()
    );
    let before = std::fs::read(&file).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowmap"))
        .args(["source", "add", p(&file), "--kind", "github"])
        .args([
            "--query",
            "octo/app",
            "--tool",
            "Brand new tool",
            "--token-stdin",
        ])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/flowmap-test-bus",
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ghp_secret-token\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("was not added"), "{err}");
    assert!(!err.contains("ghp_secret-token"), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is unchanged"
    );
    let list = stdout(&flowmap(&["source", "list", p(&file), "--json"], &[]));
    assert!(!list.contains("github"), "{list}");
}

/// Absurd input: a 70,000-character state is refused naming file, line and field (without
/// echoing it); a year-0 time is refused; control characters are shown escaped; a stage name
/// past 65,535 characters (from JSON) prints without the format-width panic.
#[test]
fn hostile_names_and_times_never_panic_flood_or_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.flowmap");
    let log = dir.path().join("log.csv");
    let huge = "S".repeat(70_000);
    std::fs::write(
        &log,
        format!("item,state,at\nA,Open,2024-01-01\nA,{huge},2024-01-02\n"),
    )
    .unwrap();
    let out = flowmap(&["import-log", p(&file), p(&log)], &[]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("line 3") && err.contains("\"state\"") && err.contains("70000 characters"),
        "{err}"
    );
    assert!(err.len() < 2_000, "{} bytes", err.len());

    std::fs::write(&log, "item,state,at\nA,Open,0000-01-01\n").unwrap();
    let err = stderr(&flowmap(&["import-log", p(&file), p(&log)], &[]));
    assert!(err.contains("line 2") && err.contains("year 0"), "{err}");
    std::fs::write(&log, "item,state,at\nA,Open,9999-01-01\n").unwrap();
    let err = stderr(&flowmap(&["import-log", p(&file), p(&log)], &[]));
    assert!(err.contains("year 9999"), "{err}");

    std::fs::write(
        &log,
        "item,state,at\nA,Open,2024-01-01\nA,\x1b[31mRed,2024-01-02\nA,Done,2024-01-03\n",
    )
    .unwrap();
    let out = flowmap(&["import-log", p(&file), p(&log)], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for args in [&["mapping", p(&file)][..], &["discover", p(&file)]] {
        let out = flowmap(args, &[]);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            !text.contains('\x1b') && text.contains("\\u{1b}[31mRed"),
            "{text}"
        );
    }

    let json = dir.path().join("map.json");
    let demo = dir.path().join("demo.flowmap");
    assert!(flowmap(&["demo", p(&demo), "--items", "50"], &[])
        .status
        .success());
    assert!(flowmap(&["export-json", p(&demo), "-o", p(&json)], &[])
        .status
        .success());
    let text = std::fs::read_to_string(&json).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let node = v["nodes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|n| n["kind"] == "stage")
        .unwrap();
    node["name"] = serde_json::json!(huge);
    std::fs::write(&json, v.to_string()).unwrap();
    let long = dir.path().join("long.flowmap");
    let out = flowmap(&["import-json", p(&json), p(&long)], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for args in [&["info", p(&long)][..], &["metrics", p(&long)]] {
        let out = flowmap(args, &[]);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).contains("(70,000 characters)"), "{args:?}");
    }
}

#[test]
fn sync_dry_run_reports_what_it_would_store_and_skip_and_writes_nothing() {
    let server = common::TestServer::start(common::github_history::long_lived());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.flowmap");
    let log = dir.path().join("seed.csv");
    std::fs::write(&log, "item,state,at\nX,Open,2024-01-01T00:00:00Z\n").unwrap();
    assert!(flowmap(&["import-log", p(&file), p(&log)], &[])
        .status
        .success());
    let add = [
        "source",
        "add",
        p(&file),
        "--kind",
        "github",
        "--url",
        &server.base,
        "--query",
        common::github_history::QUERY,
        "--tool",
        "GitHub",
        "--name",
        "gh",
    ];
    let out = flowmap(&add, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = std::fs::read(&file).unwrap();

    let out = flowmap(&["sync", p(&file), "--dry-run"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is unchanged"
    );
    let text = stdout(&out);
    for line in [
        "dry run: nothing was written",
        "\"gh\" (github): 8 items fetched: 8 new, 0 changed, 0 unchanged; 33 state changes, 33 new",
        "  skipped (19 events):",
        "    1  reviewed: on a closed or merged item: it stays done until it is reopened",
        "    5  labeled: the label is not a workflow state (pick it in the source's state labels)",
        "    status: in progress  2",
    ] {
        assert!(
            text.lines().any(|l| l.trim_end() == line),
            "no line {line:?} in\n{text}"
        );
    }

    let out = flowmap(&["sync", p(&file), "--dry-run", "--json"], &[]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        report["sources"][0]["skipped"].as_array().unwrap().len(),
        12
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
