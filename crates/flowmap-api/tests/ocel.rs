//! OCEL 2.0: a log imported as items, state changes and links; exported again and imported
//! again (the same objects, events and relations); the export checked against the OCEL 2.0
//! JSON format's required fields; XES per artifact type; bad logs refused naming what is wrong.

use flowmap_api::wire::ImportLogOptions;
use flowmap_api::{export_ocel, export_xes, import_log};
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

/// The OCEL 2.0 JSON format's required fields and references, checked by hand (no JSON Schema
/// validator crate is available here). Source: the OCEL 2.0 specification, "JSON format"
/// (https://www.ocel-standard.org/specification/formats/json/) and its JSON schema
/// `ocel20-schema-json.json`: the log requires `objectTypes`, `eventTypes`, `objects` and
/// `events`; a type requires `name` and `attributes` (each `name` and `type`, one of string,
/// time, integer, float, boolean); an object `id` and `type` (attributes `name`, `time`,
/// `value`); an event `id`, `type` and `time` (date-time); a relationship `objectId` and
/// `qualifier` (strings).
fn check_ocel_schema(log: &Value) -> Result<(), String> {
    let obj = log.as_object().ok_or("the log is not an object")?;
    for key in ["objectTypes", "eventTypes", "objects", "events"] {
        if !obj.get(key).is_some_and(Value::is_array) {
            return Err(format!("{key} missing or not an array"));
        }
    }
    let str_field = |v: &Value, k: &str, what: &str| -> Result<String, String> {
        v[k].as_str()
            .map(str::to_string)
            .ok_or(format!("{what}: {k} missing or not a string"))
    };
    let mut types = [BTreeSet::new(), BTreeSet::new()];
    for (n, key) in ["objectTypes", "eventTypes"].iter().enumerate() {
        for t in log[key].as_array().unwrap() {
            types[n].insert(str_field(t, "name", key)?);
            for a in t["attributes"]
                .as_array()
                .ok_or(format!("{key}: attributes"))?
            {
                str_field(a, "name", key)?;
                let ty = str_field(a, "type", key)?;
                if !["string", "time", "integer", "float", "boolean"].contains(&ty.as_str()) {
                    return Err(format!("{key}: attribute type {ty:?}"));
                }
            }
        }
    }
    let mut ids = BTreeSet::new();
    for o in log["objects"].as_array().unwrap() {
        let id = str_field(o, "id", "object")?;
        if !types[0].contains(&str_field(o, "type", &id)?) {
            return Err(format!("object {id}: type not declared"));
        }
        for a in o["attributes"].as_array().into_iter().flatten() {
            str_field(a, "name", &id)?;
            chrono::DateTime::parse_from_rfc3339(&str_field(a, "time", &id)?)
                .map_err(|e| format!("object {id}: attribute time: {e}"))?;
            if a.get("value").is_none() {
                return Err(format!("object {id}: attribute without value"));
            }
        }
        ids.insert(id);
    }
    let rel_ok = |v: &Value, what: &str| -> Result<(), String> {
        for r in v["relationships"].as_array().into_iter().flatten() {
            let to = str_field(r, "objectId", what)?;
            str_field(r, "qualifier", what)?;
            if !ids.contains(&to) {
                return Err(format!("{what}: relates unknown object {to}"));
            }
        }
        Ok(())
    };
    for o in log["objects"].as_array().unwrap() {
        rel_ok(o, o["id"].as_str().unwrap())?;
    }
    for e in log["events"].as_array().unwrap() {
        let id = str_field(e, "id", "event")?;
        if !types[1].contains(&str_field(e, "type", &id)?) {
            return Err(format!("event {id}: type not declared"));
        }
        chrono::DateTime::parse_from_rfc3339(&str_field(e, "time", &id)?)
            .map_err(|x| format!("event {id}: time: {x}"))?;
        rel_ok(e, &id)?;
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
