//! OCEL 2.0 SQLite as a user meets it on the command line: a log in the standard's relational
//! layout (built here, table by table) with a request, its two features, one feature's three
//! stories and a reopened bug, and a build of two stories, imported with `flowmap import-log`
//! into a map whose tools hold those types; `flowmap lineage` shows the tree and the
//! end-to-end time computed by hand; the export to SQLite reads back the same; a broken log is
//! refused naming its table, column and row.

use rusqlite::Connection;
use std::path::Path;

mod common;
use common::{fails, ocel_schema_errors, ok, p};

/// (id, type, title)
type Objects<'a> = &'a [(&'a str, &'a str, &'a str)];
/// (source, target, qualifier)
type O2o<'a> = &'a [(&'a str, &'a str, &'a str)];
/// (id, type, time, objects related)
type Events<'a> = &'a [(&'a str, &'a str, &'a str, &'a [&'a str])];

fn suffix(ty: &str) -> String {
    ty.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// An OCEL 2.0 SQLite log with the standard's tables: `event`, `object`, `event_map_type`,
/// `object_map_type`, `event_<Type>`, `object_<Type>`, `event_object`, `object_object`.
fn ocel_sqlite(path: &Path, objects: Objects, o2o: O2o, events: Events) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(
        "CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
         CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
         CREATE TABLE event_map_type (ocel_type TEXT, ocel_type_map TEXT);
         CREATE TABLE object_map_type (ocel_type TEXT, ocel_type_map TEXT);
         CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
         CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);",
    )
    .unwrap();
    let mut otypes: Vec<&str> = objects.iter().map(|o| o.1).collect();
    otypes.dedup();
    otypes.sort();
    otypes.dedup();
    for t in otypes {
        let s = suffix(t);
        c.execute("INSERT INTO object_map_type VALUES (?1, ?2)", [t, &s])
            .unwrap();
        c.execute_batch(&format!(
            "CREATE TABLE object_{s} (ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT, title TEXT)"
        ))
        .unwrap();
    }
    for (id, ty, title) in objects {
        c.execute("INSERT INTO object VALUES (?1, ?2)", [id, ty])
            .unwrap();
        c.execute(
            &format!(
                "INSERT INTO object_{} VALUES (?1, '1970-01-01 00:00:00', NULL, ?2)",
                suffix(ty)
            ),
            [id, title],
        )
        .unwrap();
    }
    for (s, t, q) in o2o {
        c.execute("INSERT INTO object_object VALUES (?1, ?2, ?3)", [s, t, q])
            .unwrap();
    }
    let mut etypes: Vec<&str> = events.iter().map(|e| e.1).collect();
    etypes.sort();
    etypes.dedup();
    for t in etypes {
        let s = suffix(t);
        c.execute("INSERT INTO event_map_type VALUES (?1, ?2)", [t, &s])
            .unwrap();
        c.execute_batch(&format!(
            "CREATE TABLE event_{s} (ocel_id TEXT, ocel_time TIMESTAMP)"
        ))
        .unwrap();
    }
    for (id, ty, time, related) in events {
        c.execute("INSERT INTO event VALUES (?1, ?2)", [id, ty])
            .unwrap();
        c.execute(
            &format!("INSERT INTO event_{} VALUES (?1, ?2)", suffix(ty)),
            [id, time],
        )
        .unwrap();
        for o in *related {
            c.execute("INSERT INTO event_object VALUES (?1, ?2, '')", [id, o])
                .unwrap();
        }
    }
}

const OBJECTS: Objects = &[
    ("REQ-1", "Request", "Export to PDF"),
    ("F-1", "Feature", "PDF export"),
    ("F-2", "Feature", "Print preview"),
    ("S-1", "Story", "PDF layout"),
    ("S-2", "Story", "PDF fonts"),
    ("S-3", "Story", "PDF links"),
    ("BUG-1", "Bug", "Fonts missing"),
    ("B-1", "Build", "release 1.4"),
];

const O2O: O2o = &[
    ("REQ-1", "F-1", "realized by"),
    ("REQ-1", "F-2", "realized by"),
    ("F-1", "S-1", "contains"),
    ("F-1", "S-2", "contains"),
    ("F-1", "S-3", "contains"),
    ("F-1", "BUG-1", "contains"),
    ("B-1", "S-1", "builds"),
    ("B-1", "S-2", "builds"),
];

/// In the table's order; e4's time has no zone (read as UTC), e13's is at +01:00.
const EVENTS: Events = &[
    ("e1", "Requested", "2026-01-05T09:00:00Z", &["REQ-1"]),
    ("e2", "In Progress", "2026-01-06T10:00:00Z", &["F-1", "F-2"]),
    ("e3", "In Progress", "2026-01-07T09:00:00Z", &["S-1", "S-2"]),
    ("e4", "In Progress", "2026-01-08 09:00:00", &["S-3"]),
    ("e5", "Done", "2026-01-09T12:00:00Z", &["S-1"]),
    ("e6", "Done", "2026-01-10T12:00:00Z", &["S-2"]),
    ("e7", "In Progress", "2026-01-12T09:00:00Z", &["BUG-1"]),
    ("e8", "Done", "2026-01-13T09:00:00Z", &["BUG-1", "S-3"]),
    ("e9", "Reopened", "2026-01-15T09:00:00Z", &["BUG-1"]),
    ("e10", "Done", "2026-01-16T17:00:00Z", &["BUG-1"]),
    ("e11", "In Progress", "2026-01-17T08:00:00Z", &["B-1"]),
    ("e12", "Done", "2026-01-20T09:00:00Z", &["F-1", "F-2"]),
    ("e13", "Done", "2026-01-17T11:00:00+01:00", &["B-1"]),
    ("e14", "Done", "2026-01-21T09:00:00Z", &["REQ-1"]),
];

/// Four tools holding the log's types, with the artifact flows between them.
fn toolchain(dir: &Path) -> std::path::PathBuf {
    let tool = |n: u32, name: &str, kind: &str, types: &[&str]| {
        serde_json::json!({
            "kind": "tool", "id": format!("00000000-0000-4000-8000-00000000000{n}"),
            "name": name, "tool_kind": kind,
            "artifact_types": types.iter()
                .map(|t| serde_json::json!({"name": t, "flow_item_type": if *t == "Bug" { "Defect" } else { "Feature" }}))
                .collect::<Vec<_>>(),
        })
    };
    let flow = |n: u32, from: u32, to: u32, pairs: &[(&str, &str)]| {
        serde_json::json!({
            "kind": "artifact_flow", "id": format!("00000000-0000-4000-8000-00000000010{n}"),
            "from": format!("00000000-0000-4000-8000-00000000000{from}"),
            "to": format!("00000000-0000-4000-8000-00000000000{to}"),
            "links": pairs.iter()
                .map(|(a, b)| serde_json::json!({"source_type": a, "target_type": b, "flow_item_type": "Feature"}))
                .collect::<Vec<_>>(),
        })
    };
    let map = serde_json::json!({
        "format": "flowmap-map", "version": 1, "name": "OCEL lineage",
        "nodes": [
            tool(1, "Salesforce", "salesforce", &["Request"]),
            tool(2, "TargetProcess", "targetprocess", &["Feature"]),
            tool(3, "Jira", "jira", &["Story", "Bug"]),
            tool(4, "Jenkins", "jenkins", &["Build"]),
        ],
        "edges": [
            flow(1, 1, 2, &[("Request", "Feature")]),
            flow(2, 2, 3, &[("Feature", "Story"), ("Feature", "Bug")]),
            flow(3, 3, 4, &[("Story", "Build")]),
        ],
        "layout": [],
    });
    let json = dir.join("map.json");
    std::fs::write(&json, map.to_string()).unwrap();
    let file = dir.join("m.flowmap");
    ok(&["import-json", p(&json), p(&file)]);
    file
}

const H: f64 = 3600.0;

fn check_lineage(file: &Path) {
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["lineage", p(file), "--now", "2026-02-01", "--json"])).unwrap();
    assert_eq!(json["roots"].as_array().unwrap().len(), 1, "{json}");
    let root = &json["roots"][0];
    assert_eq!(
        (
            root["key"].as_str(),
            root["status"].as_str(),
            root["tool"].as_str()
        ),
        (Some("REQ-1"), Some("finished"), Some("Salesforce"))
    );
    assert_eq!(root["items"], 8);
    // REQ-1 requested 01-05 09:00; the build, the one end item, done 01-17 10:00 UTC: 12 d 1 h.
    assert_eq!(root["end_to_end_secs"].as_f64(), Some(289.0 * H));
    let tool = |name: &str| {
        root["in_tools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tool"] == name)
            .and_then(|t| t["secs"].as_f64())
    };
    // The deepest item in progress (from its work start to its final completion: the reopened
    // bug from 01-12 09:00 to 01-16 17:00) holds the time: Salesforce 01-05 09:00 → 01-06
    // 10:00; TargetProcess → 01-07 09:00 and 01-16 17:00 → 01-17 08:00; Jira 01-07 09:00 →
    // 01-16 17:00 (the stories, S-3 until 01-13 09:00, and the bug); Jenkins 01-17 08:00 →
    // 10:00.
    assert_eq!(tool("Salesforce"), Some(25.0 * H));
    assert_eq!(tool("TargetProcess"), Some((23.0 + 15.0) * H));
    assert_eq!(tool("Jira"), Some(224.0 * H));
    assert_eq!(tool("Jenkins"), Some(2.0 * H));
    assert_eq!(root["between_tools_secs"].as_f64(), Some(0.0));

    let tree: serde_json::Value = serde_json::from_str(&ok(&[
        "lineage",
        p(file),
        "--now",
        "2026-02-01",
        "--root",
        "BUG-1",
        "--json",
    ]))
    .unwrap();
    let nodes: Vec<(String, String, String)> = tree["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["key"].as_str().unwrap().to_string(),
                n["parent"].as_str().unwrap_or("-").to_string(),
                n["tool"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    let has = |key: &str, parent: &str, tool: &str| {
        assert!(
            nodes.contains(&(key.into(), parent.into(), tool.into())),
            "{key} under {parent} in {tool}: {nodes:?}"
        )
    };
    assert_eq!(nodes.len(), 8, "{nodes:?}");
    has("REQ-1", "-", "Salesforce");
    has("F-1", "REQ-1", "TargetProcess");
    has("F-2", "REQ-1", "TargetProcess");
    for s in ["S-1", "S-2", "S-3", "BUG-1"] {
        has(s, "F-1", "Jira");
    }
    // The build relates two stories: it is in the tree once, under the first.
    assert_eq!(nodes.iter().filter(|n| n.0 == "B-1").count(), 1);
    assert!(nodes
        .iter()
        .any(|n| n.0 == "B-1" && n.2 == "Jenkins" && (n.1 == "S-1" || n.1 == "S-2")));
    let bug = tree["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["key"] == "BUG-1")
        .unwrap();
    let states: Vec<&str> = bug["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["state"].as_str())
        .collect();
    assert_eq!(states, ["In Progress", "Done", "Reopened", "Done"], "{bug}");
}

#[test]
fn an_ocel_sqlite_log_shows_its_lineage_from_request_to_build() {
    let dir = tempfile::tempdir().unwrap();
    let file = toolchain(dir.path());
    let log = dir.path().join("delivery.sqlite");
    ocel_sqlite(&log, OBJECTS, O2O, EVENTS);
    let said = ok(&["import-log", p(&file), p(&log), "--tool", "Jira"]);
    assert!(said.contains("8 items"), "{said}");
    assert!(said.contains("1 times had no zone"), "{said}");
    check_lineage(&file);

    // Exported as OCEL SQLite and imported into a fresh map: the same lineage.
    let out = dir.path().join("all.db");
    assert!(ok(&["export", p(&file), "--ocel", p(&out)]).starts_with("wrote"));
    let again_dir = dir.path().join("again");
    std::fs::create_dir(&again_dir).unwrap();
    let again = toolchain(&again_dir);
    // No extension that tells: the SQLite header does.
    let bare = dir.path().join("all-export");
    std::fs::copy(&out, &bare).unwrap();
    ok(&["import-log", p(&again), p(&bare), "--tool", "Jira"]);
    check_lineage(&again);

    // And as JSON, valid against the standard's schema, with the SQLite log's 8 objects, 8
    // relations and 14 events (one per event of the log: no two share type, time and source).
    let json = dir.path().join("all.jsonocel");
    ok(&["export", p(&again), "--ocel", p(&json)]);
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(ocel_schema_errors(&log), Vec::<String>::new());
    let count = |key: &str| log[key].as_array().unwrap().len();
    assert_eq!((count("objects"), count("events")), (8, 14));
    let relations: usize = log["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["relationships"].as_array().unwrap().len())
        .sum();
    assert_eq!(relations, 8);
}

#[test]
fn a_broken_ocel_sqlite_log_is_refused_naming_table_column_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.flowmap");
    let cases: [(&str, &str); 4] = [
        (
            "DELETE FROM event_InProgress WHERE ocel_id = 'e3'",
            "event \"e3\" (table \"event\", row 3: no row in table \"event_InProgress\")",
        ),
        (
            "UPDATE event_Done SET ocel_time = 'yesterday' WHERE ocel_id = 'e6'",
            "event \"e6\" (table \"event_Done\", row 2, column ocel_time): time \"yesterday\"",
        ),
        (
            "INSERT INTO event_object VALUES ('e99', 'S-1', '')",
            "table \"event_object\", row 19: ocel_event_id \"e99\" is not in table \"event\"",
        ),
        (
            "DROP TABLE event_object",
            "not an OCEL 2.0 SQLite log: it has no table \"event_object\"",
        ),
    ];
    for (n, (sql, says)) in cases.iter().enumerate() {
        let log = dir.path().join(format!("bad{n}.sqlite"));
        ocel_sqlite(&log, OBJECTS, O2O, EVENTS);
        Connection::open(&log).unwrap().execute_batch(sql).unwrap();
        let err = fails(&["import-log", p(&file), p(&log)]);
        assert!(err.contains(says), "{says}\n{err}");
        assert!(err.contains(&format!("bad{n}.sqlite")), "{err}");
    }
    // A Flowmap file given as a log is not OCEL: the error lists what it has.
    let log = dir.path().join("good.sqlite");
    ocel_sqlite(&log, OBJECTS, O2O, EVENTS);
    ok(&["import-log", p(&file), p(&log)]);
    let other = dir.path().join("other.flowmap");
    let err = fails(&["import-log", p(&other), p(&file)]);
    assert!(err.contains("it has no table \"event\""), "{err}");
}
