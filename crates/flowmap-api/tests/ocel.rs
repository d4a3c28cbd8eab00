//! OCEL 2.0: a log imported as items, state changes and links; exported again (JSON and
//! SQLite) and imported again (the same objects, events and relations); every JSON export
//! validated against the standard's published JSON schema; SQLite attribute changes and
//! zoneless times; XES per artifact type; bad logs refused naming what is wrong.

mod common;

use flowmap_api::wire::ImportLogOptions;
use flowmap_api::{export_ocel, export_ocel_sqlite, export_xes, import_log};
use flowmap_core::{LinkKind, SourceKind};
use flowmap_store::MapFile;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/delivery.ocel.json")
}

type Objects = BTreeSet<(String, String, String)>;
type Relations = BTreeSet<(String, String, String)>;
type Events = BTreeSet<(String, i64, Vec<String>)>;

/// Objects (id, type, title), object-to-object relations (from, to, qualifier) and events
/// (type, instant, objects related) of an OCEL JSON log, ids of events aside.
fn content(log: &Value) -> (Objects, Relations, Events) {
    let mut objects = Objects::new();
    let mut relations = Relations::new();
    for o in log["objects"].as_array().unwrap() {
        let id = o["id"].as_str().unwrap().to_string();
        let title = o["attributes"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["name"] == "title"))
            .and_then(|a| a["value"].as_str())
            .unwrap_or("")
            .to_string();
        objects.insert((id.clone(), o["type"].as_str().unwrap().into(), title));
        for r in o["relationships"].as_array().into_iter().flatten() {
            relations.insert((
                id.clone(),
                r["objectId"].as_str().unwrap().into(),
                r["qualifier"].as_str().unwrap().into(),
            ));
        }
    }
    let events = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let at = chrono::DateTime::parse_from_rfc3339(e["time"].as_str().unwrap())
                .unwrap()
                .timestamp_millis();
            let mut objs: Vec<String> = e["relationships"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["objectId"].as_str().unwrap().to_string())
                .collect();
            objs.sort();
            (e["type"].as_str().unwrap().to_string(), at, objs)
        })
        .collect();
    (objects, relations, events)
}

/// The OCEL 2.0 JSON schema as the standard publishes it (`tests/fixtures/ocel`, where its
/// source is noted), with `date-time` formats checked.
fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ocel/ocel20-schema-json.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// The log against the published schema, then what the schema cannot say: every type used is
/// declared and every relation names an object of the log.
fn check_ocel_schema(log: &Value) -> Result<(), String> {
    let errors: Vec<String> = schema()
        .iter_errors(log)
        .map(|e| format!("{e} (at {})", e.instance_path))
        .collect();
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    let names = |key: &str| -> BTreeSet<&str> {
        log[key]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["name"].as_str())
            .collect()
    };
    let (object_types, event_types) = (names("objectTypes"), names("eventTypes"));
    let ids: BTreeSet<&str> = log["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    for (key, types) in [("objects", &object_types), ("events", &event_types)] {
        for x in log[key].as_array().unwrap() {
            let id = x["id"].as_str().unwrap_or("?");
            if !types.contains(x["type"].as_str().unwrap_or("")) {
                return Err(format!("{key} {id}: type not declared"));
            }
            for r in x["relationships"].as_array().into_iter().flatten() {
                let to = r["objectId"].as_str().unwrap_or("");
                if !ids.contains(to) {
                    return Err(format!("{key} {id}: relates unknown object {to}"));
                }
            }
        }
    }
    Ok(())
}

fn import(file: &Path, log: &Path) {
    import_log(file, log, &ImportLogOptions::default(), None).unwrap();
}

#[test]
fn an_ocel_log_becomes_items_state_changes_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ocel.flowmap");
    let report = import_log(&file, &fixture(), &ImportLogOptions::default(), None).unwrap();
    assert_eq!(report.kind, SourceKind::Ocel);
    assert_eq!((report.items_fetched, report.records), (4, 6));
    let map = MapFile::open(&file).unwrap();
    let items = map.items().unwrap();
    let s1 = items.iter().find(|i| i.key == "S-1").unwrap();
    assert_eq!(
        (s1.artifact_type.as_str(), s1.title.as_str()),
        ("Story", "PDF layout")
    );
    // S-1's states in time order; Review and Done share an instant and keep the file's order.
    let states: Vec<(String, String)> = map
        .transitions()
        .unwrap()
        .into_iter()
        .filter(|t| t.item == s1.id)
        .map(|t| (t.to_state, t.at.to_rfc3339()))
        .collect();
    assert_eq!(
        states,
        [
            ("In Progress".into(), "2026-01-02T09:00:00+00:00".into()),
            ("Review".into(), "2026-01-05T10:00:00+00:00".into()),
            ("Done".into(), "2026-01-05T10:00:00+00:00".into()),
        ]
    );
    let links: BTreeSet<(String, String, LinkKind, String)> = map
        .links()
        .unwrap()
        .into_iter()
        .map(|l| {
            let from = items.iter().find(|i| i.id == l.from).unwrap().key.clone();
            (from, l.target.key, l.kind, l.qualifier)
        })
        .collect();
    assert_eq!(links.len(), 4);
    assert!(links.contains(&(
        "B-7".into(),
        "S-2".into(),
        LinkKind::Object,
        "contains".into()
    )));
}

#[test]
fn import_export_import_keeps_objects_events_and_relations() {
    let dir = tempfile::tempdir().unwrap();
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    let first = dir.path().join("first.flowmap");
    import(&first, &fixture());
    let exported = export_ocel(&first).unwrap();
    check_ocel_schema(&exported).unwrap();
    let again_log = dir.path().join("again.json");
    std::fs::write(&again_log, serde_json::to_string(&exported).unwrap()).unwrap();
    let second = dir.path().join("second.flowmap");
    import(&second, &again_log);
    let exported_again = export_ocel(&second).unwrap();
    check_ocel_schema(&exported_again).unwrap();
    let (o0, r0, e0) = content(&original);
    let (o1, r1, e1) = content(&exported);
    let (o2, r2, e2) = content(&exported_again);
    assert_eq!(o1, o0);
    assert_eq!(r1, r0);
    assert_eq!(e1, e0);
    assert_eq!((o2, r2, e2), (o1, r1, e1));
    // The check does catch a broken log.
    let mut broken = exported.clone();
    broken["events"][0]["relationships"][0]["objectId"] = "NOPE".into();
    assert!(check_ocel_schema(&broken).unwrap_err().contains("NOPE"));
}

/// An export that dropped a field the published schema requires, or wrote one of the wrong
/// kind, fails the check, naming it.
#[test]
fn the_schema_check_fails_an_export_missing_a_required_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("first.flowmap");
    import(&file, &fixture());
    let exported = export_ocel(&file).unwrap();
    check_ocel_schema(&exported).unwrap();
    type Mutation = (&'static str, fn(&mut Value), &'static str);
    let mutations: [Mutation; 6] = [
        (
            "objectTypes",
            |v| drop(v.as_object_mut().unwrap().remove("objectTypes")),
            "objectTypes",
        ),
        (
            "event time",
            |v| drop(v["events"][0].as_object_mut().unwrap().remove("time")),
            "time",
        ),
        (
            "event time format",
            |v| v["events"][0]["time"] = "5 January".into(),
            "date-time",
        ),
        (
            "attribute time",
            |v| {
                drop(
                    v["objects"][0]["attributes"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("time"),
                )
            },
            "time",
        ),
        (
            "qualifier",
            |v| {
                drop(
                    v["objects"][1]["relationships"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("qualifier"),
                )
            },
            "qualifier",
        ),
        (
            "type attributes",
            |v| {
                drop(
                    v["eventTypes"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("attributes"),
                )
            },
            "attributes",
        ),
    ];
    for (what, mutate, says) in mutations {
        let mut broken = exported.clone();
        mutate(&mut broken);
        let err = check_ocel_schema(&broken).expect_err(what);
        assert!(err.contains(says), "{what}: {err}");
    }
}

/// JSON → import → export SQLite → import → export JSON: the same objects, events and
/// relations; the SQLite file has the standard's tables and columns, as pm4py reads them.
#[test]
fn a_round_trip_through_ocel_sqlite_keeps_objects_events_and_relations() {
    let dir = tempfile::tempdir().unwrap();
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    let first = dir.path().join("first.flowmap");
    import(&first, &fixture());
    let db = dir.path().join("log.sqlite");
    export_ocel_sqlite(&first, &db).unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    let rows = |sql: &str| -> Vec<Vec<String>> {
        let mut s = c.prepare(sql).unwrap();
        let n = s.column_count();
        s.query_map([], |r| {
            (0..n)
                .map(|i| r.get::<_, Option<String>>(i).map(|v| v.unwrap_or_default()))
                .collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    assert_eq!(
        rows("SELECT ocel_type, ocel_type_map FROM object_map_type ORDER BY 1"),
        [
            ["Build", "Build"],
            ["Feature Request", "FeatureRequest"],
            ["Story", "Story"]
        ]
    );
    assert_eq!(
        rows("SELECT ocel_type_map FROM event_map_type ORDER BY 1"),
        [["Done"], ["InProgress"], ["Requested"], ["Review"]]
    );
    assert_eq!(
        rows("SELECT ocel_id, ocel_time, ocel_changed_field, title FROM object_Story ORDER BY 1"),
        [
            ["S-1", "1970-01-01T00:00:00Z", "", "PDF layout"],
            ["S-2", "1970-01-01T00:00:00Z", "", "PDF fonts"]
        ]
    );
    assert_eq!(
        rows("SELECT ocel_source_id, ocel_target_id, ocel_qualifier FROM object_object WHERE ocel_source_id = 'B-7' ORDER BY 2"),
        [["B-7", "S-1", "contains"], ["B-7", "S-2", "contains"]]
    );
    // e2 related three objects: one event, three event_object rows.
    let in_progress = rows(
        "SELECT e.ocel_id, t.ocel_time FROM event e JOIN event_InProgress t USING (ocel_id) ORDER BY 2",
    );
    assert_eq!(in_progress.len(), 2);
    assert_eq!(
        rows(&format!(
            "SELECT ocel_object_id FROM event_object WHERE ocel_event_id = '{}' ORDER BY 1",
            in_progress[0][0]
        )),
        [["REQ-1"], ["S-1"], ["S-2"]]
    );
    drop(c);
    let second = dir.path().join("second.flowmap");
    let report = import_log(&second, &db, &ImportLogOptions::default(), None).unwrap();
    assert_eq!(report.kind, SourceKind::Ocel);
    assert_eq!(report.read.zoneless_times, 0);
    let back = export_ocel(&second).unwrap();
    check_ocel_schema(&back).unwrap();
    assert_eq!(content(&back), content(&original));
}

/// A hand-made OCEL SQLite log: attribute changes (`ocel_changed_field`) give the latest
/// title and never a state change; zoneless times read in `--tz`; an unknown changed field is
/// refused naming table and row.
#[test]
fn ocel_sqlite_attribute_changes_and_zoneless_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hand.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "CREATE TABLE event (ocel_id TEXT, ocel_type TEXT);
         CREATE TABLE object (ocel_id TEXT, ocel_type TEXT);
         CREATE TABLE event_map_type (ocel_type TEXT, ocel_type_map TEXT);
         CREATE TABLE object_map_type (ocel_type TEXT, ocel_type_map TEXT);
         CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
         CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);
         CREATE TABLE event_Start (ocel_id TEXT, ocel_time TIMESTAMP, who TEXT);
         CREATE TABLE event_Finish (ocel_id TEXT, ocel_time TIMESTAMP);
         CREATE TABLE object_Ticket (ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT,
                                     title TEXT, status TEXT, points INTEGER);
         INSERT INTO event_map_type VALUES ('Start', 'Start'), ('Finish', 'Finish');
         INSERT INTO object_map_type VALUES ('Ticket', 'Ticket');
         INSERT INTO object VALUES ('T-1', 'Ticket');
         INSERT INTO object_Ticket VALUES ('T-1', '1970-01-01 00:00:00', NULL, 'First words', 'open', 3);
         INSERT INTO object_Ticket VALUES ('T-1', '2026-03-02 10:00:00', 'status', NULL, 'closed', NULL);
         INSERT INTO object_Ticket VALUES ('T-1', '2026-03-01 10:00:00', 'title', 'Better words', NULL, NULL);
         INSERT INTO event VALUES ('a', 'Start'), ('b', 'Finish');
         INSERT INTO event_Start VALUES ('a', '2026-03-01 09:00:00', 'ana');
         INSERT INTO event_Finish VALUES ('b', '2026-03-02T10:00:00Z');
         INSERT INTO event_object VALUES ('a', 'T-1', 'worked on'), ('b', 'T-1', NULL);",
    )
    .unwrap();
    drop(c);
    let file = dir.path().join("hand.flowmap");
    let options = ImportLogOptions {
        tz: Some("+02:00".into()),
        ..ImportLogOptions::default()
    };
    let report = import_log(&file, &db, &options, None).unwrap();
    assert_eq!((report.items_fetched, report.records), (1, 2));
    assert_eq!(report.read.zoneless_times, 1);
    let map = MapFile::open(&file).unwrap();
    let items = map.items().unwrap();
    assert_eq!(
        (
            items[0].key.as_str(),
            items[0].title.as_str(),
            items[0].artifact_type.as_str()
        ),
        ("T-1", "Better words", "Ticket")
    );
    let states: Vec<(String, String)> = map
        .transitions()
        .unwrap()
        .into_iter()
        .map(|t| (t.to_state, t.at.to_rfc3339()))
        .collect();
    // The status change to "closed" is an attribute, not a state: only the two events move it.
    assert_eq!(
        states,
        [
            ("Start".into(), "2026-03-01T07:00:00+00:00".into()),
            ("Finish".into(), "2026-03-02T10:00:00+00:00".into()),
        ]
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "INSERT INTO object_Ticket VALUES ('T-1', '2026-03-03', 'owner', NULL, NULL, NULL);",
    )
    .unwrap();
    drop(c);
    let err = import_log(&dir.path().join("x.flowmap"), &db, &options, None).unwrap_err();
    assert!(
        err.message.contains("table \"object_Ticket\", row 4: ocel_changed_field names \"owner\", which is not a column of the table"),
        "{}",
        err.message
    );
}

#[test]
fn xes_is_written_per_artifact_type() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.flowmap");
    import(&file, &fixture());
    let out = dir.path().join("xes");
    let written = export_xes(&file, &out).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["Build.xes", "Feature_Request.xes", "Story.xes"]);
    let stories = std::fs::read_to_string(out.join("Story.xes")).unwrap();
    let doc = roxmltree::Document::parse(&stories).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("trace"))
            .count(),
        2
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("event"))
            .count(),
        5
    );
    // And Flowmap reads its own XES back.
    let back = dir.path().join("back.flowmap");
    let r = import_log(
        &back,
        &out.join("Story.xes"),
        &ImportLogOptions::default(),
        None,
    )
    .unwrap();
    assert_eq!(r.items_fetched, 2);
}

#[test]
fn bad_logs_are_refused_naming_the_event_or_object() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"{"objectTypes":[],"eventTypes":[],"objects":[{"id":"a","type":"T"}],
               "events":[{"id":"e9","type":"X","time":"2026-01-01T00:00:00Z",
               "relationships":[{"objectId":"ghost","qualifier":""}]}]}"#,
            "\"ghost\"",
        ),
        (
            r#"{"objectTypes":[],"eventTypes":[],"objects":[{"id":"a","type":"T"}],
               "events":[{"id":"e3","type":"X","time":"yesterday",
               "relationships":[{"objectId":"a","qualifier":""}]}]}"#,
            "\"e3\"",
        ),
        (r#"{"objects": [ {"id": 5} ]"#, "line"),
    ];
    for (n, (text, says)) in cases.iter().enumerate() {
        let log = dir.path().join(format!("bad{n}.json"));
        std::fs::write(&log, text).unwrap();
        let err = import_log(
            &dir.path().join(format!("bad{n}.flowmap")),
            &log,
            &ImportLogOptions::default(),
            None,
        )
        .unwrap_err();
        assert!(err.message.contains(says), "{says}: {}", err.message);
    }
}

/// The window's import preview reads an OCEL SQLite log as it reads the JSON one.
#[test]
fn the_import_preview_reads_an_ocel_sqlite_log() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.flowmap");
    import(&first, &fixture());
    let db = dir.path().join("log.sqlite3");
    export_ocel_sqlite(&first, &db).unwrap();
    let backend = flowmap_api::commands::Backend::new(
        Ok(flowmap_api::EditSession::new_map()),
        flowmap_api::RecoveryCopy::new(dir.path().join("recovery.json")),
    );
    let preview = common::call(
        &backend,
        "preview_log",
        serde_json::json!({ "path": db, "options": { "columns": {}, "skip_bad_rows": false } }),
    )
    .unwrap();
    assert_eq!(preview["format"], "ocel", "{preview}");
    assert!(preview["error"].is_null(), "{preview}");
    assert_eq!(
        preview["summary"]["states"],
        serde_json::json!(["Done", "In Progress", "Requested", "Review"])
    );
    let first_row = &preview["rows"][0];
    assert_eq!(first_row[0], "REQ-1", "{preview}");
    assert_eq!(first_row[1], "Requested", "{preview}");
}
