//! The .flowmap file: round trips, atomic writes and every way opening can fail.

use chrono::{TimeZone, Utc};
use flowmap_core::*;
use flowmap_store::{json, MapFile, StoreError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}

fn sample_doc() -> MapDocument {
    let stage = |n: u8, name: &str, tool: Option<u8>| {
        Node::Stage(Stage {
            id: nid(n),
            name: name.into(),
            team: Some("Team ü".into()),
            tool: tool.map(nid),
            partner: None,
            states: vec!["To Do".into(), "In Progress".into()],
            estimates: Estimates {
                process_time_secs: Some(3600),
                lead_time_secs: Some(86_400),
                complete_accurate: Some(0.85),
                queue_size: Some(12),
                batch_size: Some(5),
                people: Some(3),
                wip_limit: Some(4),
            },
        })
    };
    let nodes = vec![
        stage(1, "Build", Some(3)),
        stage(2, "Test", None),
        Node::Tool(Tool {
            id: nid(3),
            name: "Jira".into(),
            tool_kind: ToolKind::Jira,
            partner: Some(nid(4)),
            artifact_types: vec![ArtifactType {
                name: "Bug".into(),
                flow_item_type: FlowItemType::Defect,
                not_flow_item: false,
            }],
        }),
        Node::Partner(Partner {
            id: nid(4),
            name: "Acme".into(),
        }),
    ];
    let edges = vec![Edge::Handoff(Handoff {
        id: EdgeId::from_random_bytes([9; 16]),
        from: nid(1),
        to: nid(2),
        label: Some("ready".into()),
    })];
    let map = ValueStreamMap::from_parts("Sample", nodes, edges).unwrap();
    let mut layout = HashMap::new();
    layout.insert(nid(1), Position { x: 0.5, y: 10.0 });
    layout.insert(nid(2), Position { x: 260.0, y: 10.0 });
    layout.insert(nid(3), Position { x: 0.0, y: 300.25 });
    MapDocument::new(map, layout)
}

fn item(key: &str) -> (Item, Vec<Transition>) {
    let at = |d| Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap();
    let item = Item::new(
        "jira",
        key,
        format!("Title of {key}"),
        "Bug",
        FlowItemType::Defect,
        at(1),
    );
    let t = |from: Option<&str>, to: &str, d| Transition {
        item: item.id,
        from_state: from.map(str::to_string),
        to_state: to.into(),
        at: at(d),
    };
    let ts = vec![
        t(None, "To Do", 1),
        t(Some("To Do"), "In Progress", 2),
        t(Some("In Progress"), "Done", 4),
    ];
    (item, ts)
}

fn create(dir: &Path) -> PathBuf {
    let path = dir.join("sample.flowmap");
    MapFile::create(&path, &sample_doc(), |w| {
        let (i, t) = item("BUG-1");
        w.add(&i, &t)
    })
    .unwrap();
    path
}

#[test]
fn a_saved_map_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let file = MapFile::open(&path).unwrap();
    let doc = file.load().unwrap();
    let original = sample_doc();
    assert_eq!(doc.map.name(), "Sample");
    assert_eq!(
        doc.map.nodes().cloned().collect::<Vec<_>>(),
        original.map.nodes().cloned().collect::<Vec<_>>()
    );
    assert_eq!(
        doc.map.edges().cloned().collect::<Vec<_>>(),
        original.map.edges().cloned().collect::<Vec<_>>()
    );
    assert_eq!(doc.layout, original.layout);
    assert_eq!(
        file.schema_version().unwrap(),
        flowmap_store::schema::VERSION
    );
}

#[test]
fn items_and_transitions_round_trip_and_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let mut file = MapFile::open(&path).unwrap();
    let (i, t) = item("BUG-1");
    // The same item and transitions again, plus a new one.
    file.write_items(|w| {
        w.add(&i, &t)?;
        let (i2, t2) = item("BUG-2");
        w.add(&i2, &t2)
    })
    .unwrap();
    let counts = file.counts().unwrap();
    assert_eq!((counts.items, counts.transitions), (2, 6));
    let items = file.items().unwrap();
    assert_eq!(items[0], i);
    let transitions = file.transitions().unwrap();
    assert_eq!(&transitions[..3], &t[..]);
}

#[test]
fn a_failed_write_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut file = MapFile::open(&path).unwrap();
    let err = file
        .write_items(|w| {
            let (i, t) = item("BUG-2");
            w.add(&i, &t)?;
            // A transition that belongs to another item is refused, mid-import.
            let (i3, _) = item("BUG-3");
            let (_, t4) = item("BUG-4");
            w.add(&i3, &t4)
        })
        .unwrap_err();
    assert!(err.to_string().contains("belongs to another item"), "{err}");
    assert_eq!(file.counts().unwrap().items, 1);
    drop(file);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn saving_replaces_the_map_and_keeps_items() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let mut file = MapFile::open(&path).unwrap();
    let mut doc = file.load().unwrap();
    doc.map.set_name("Renamed").unwrap();
    doc.map.remove_node(nid(2)).unwrap();
    file.save(&doc).unwrap();
    let again = MapFile::open(&path).unwrap();
    let loaded = again.load().unwrap();
    assert_eq!(loaded.map.name(), "Renamed");
    assert_eq!(loaded.map.node_count(), 3);
    assert_eq!(loaded.map.edge_count(), 0);
    assert_eq!(again.counts().unwrap().items, 1);
}

#[test]
fn creating_over_an_existing_file_is_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let before = std::fs::read(&path).unwrap();
    // The writer fails half-way: the previous file stays whole and no temporary file remains.
    let err = MapFile::create(&path, &sample_doc(), |w| {
        let (i, t) = item("BUG-9");
        w.add(&i, &t)?;
        Err(StoreError::InvalidData {
            path: path.clone(),
            message: "simulated failure".into(),
        })
    })
    .err()
    .unwrap();
    assert!(err.to_string().contains("simulated failure"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

fn open_err(path: &Path) -> String {
    let before = std::fs::read(path).ok();
    let err = MapFile::open(path)
        .err()
        .expect("open must fail")
        .to_string();
    assert_eq!(std::fs::read(path).ok(), before, "opening changed the file");
    err
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.flowmap");
    assert_eq!(open_err(&path), format!("{}: no such file", path.display()));
}

#[test]
fn a_text_file_is_not_a_flowmap_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.flowmap");
    std::fs::write(&path, "hello, this is not a database\n").unwrap();
    assert_eq!(
        open_err(&path),
        format!(
            "{}: not a Flowmap file (it is not an SQLite database)",
            path.display()
        )
    );
    std::fs::write(&path, "").unwrap();
    assert_eq!(
        open_err(&path),
        format!("{}: not a Flowmap file (the file is empty)", path.display())
    );
}

#[test]
fn another_applications_database_is_not_a_flowmap_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    database_of_another_app(&path);
    assert_eq!(
        open_err(&path),
        format!(
            "{}: not a Flowmap file (an SQLite database of another application)",
            path.display()
        )
    );
}

/// Writes an ordinary SQLite database by cloning a Flowmap file and clearing its application id
/// in the header, as another program's database would have.
fn database_of_another_app(path: &Path) {
    let dir = path.parent().unwrap();
    let src = create(dir);
    let mut bytes = std::fs::read(&src).unwrap();
    bytes[68..72].copy_from_slice(&[0, 0, 0, 0]);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_file_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        open_err(&path),
        format!(
            "{}: made by a newer version of Flowmap (file format 99; this version reads up to {}); update Flowmap to open it",
            path.display(),
            flowmap_store::schema::VERSION
        )
    );
}

#[test]
fn a_truncated_file_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let err = open_err(&path);
    assert!(
        err.starts_with(&format!(
            "{}: the file is damaged (truncated: ",
            path.display()
        )),
        "{err}"
    );
    std::fs::write(&path, &bytes[..50]).unwrap();
    assert!(open_err(&path).contains("the file is damaged (truncated: only 50 bytes)"));
}

#[test]
fn a_corrupt_file_is_reported_as_damaged_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    // Scribble over every page but the first (the header and schema stay readable).
    for b in bytes[page..].iter_mut() {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = match MapFile::open(&path) {
        Err(e) => e.to_string(),
        Ok(file) => file.load().expect_err("loading must fail").to_string(),
    };
    assert!(
        err.starts_with(&format!("{}: the file is damaged", path.display())),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn json_export_import_export_is_byte_identical() {
    let doc = sample_doc();
    let first = json::to_json(&doc);
    let back = json::from_json(&first, Path::new("map.json")).unwrap();
    let second = json::to_json(&back);
    assert_eq!(first, second);
    assert!(first.ends_with("}\n"));
    assert!(first.contains("\"format\": \"flowmap-map\""));
}

#[test]
fn bad_json_names_file_line_and_column() {
    let p = Path::new("map.json");
    let err = json::from_json(
        "{\n  \"format\": \"flowmap-map\",\n  \"version\": 1,\n  oops\n}",
        p,
    )
    .err()
    .unwrap();
    assert_eq!(
        err.to_string(),
        "map.json: line 4, column 3: key must be a string"
    );
    let err = json::from_json(
        r#"{"format":"flowmap-map","version":1,"nodes":[],"edges":[]}"#,
        p,
    )
    .err()
    .unwrap();
    assert_eq!(
        err.to_string(),
        "map.json: line 1, column 58: missing field `name`"
    );
    let err = json::from_json(
        r#"{"format":"something","version":1,"name":"x","nodes":[],"edges":[]}"#,
        p,
    )
    .err()
    .unwrap();
    assert_eq!(
        err.to_string(),
        "map.json: \"format\" is \"something\"; a Flowmap map's JSON says \"flowmap-map\""
    );
}

#[test]
fn json_that_breaks_an_invariant_is_refused_with_the_reason() {
    let doc = sample_doc();
    let text = json::to_json(&doc).replace("\"name\": \"Test\"", "\"name\": \"\"");
    let err = json::from_json(&text, Path::new("map.json")).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "map.json: the map is invalid: stage {} has an empty name",
            nid(2)
        )
    );
}

#[test]
fn save_as_copies_the_items_writes_the_map_and_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let before = std::fs::read(&path).unwrap();
    let file = MapFile::open(&path).unwrap();
    let mut doc = file.load().unwrap();
    doc.map.set_name("Copy").unwrap();
    let copy_path = dir.path().join("copy.flowmap");
    let copy = file.save_as(&copy_path, &doc).unwrap();
    assert_eq!(copy.path(), copy_path);
    assert_eq!(copy.load().unwrap().map.name(), "Copy");
    assert_eq!(copy.counts().unwrap().items, 1);
    assert_eq!(copy.transitions().unwrap(), file.transitions().unwrap());
    drop(file);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
}

#[test]
fn a_failed_save_as_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let file = MapFile::open(&path).unwrap();
    let doc = file.load().unwrap();
    let target = dir.path().join("missing-dir").join("copy.flowmap");
    assert!(file.save_as(&target, &doc).is_err());
    assert!(!target.exists());
}

#[test]
fn re_adding_an_item_updates_it_in_place_and_batches_count_only_new_transitions() {
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let mut file = MapFile::open(&path).unwrap();
    let (mut i, mut t) = item("BUG-1");
    i.title = "Renamed".into();
    // 70 transitions of one item: more than one insert statement holds.
    for n in 0..70 {
        t.push(Transition {
            item: i.id,
            from_state: Some("Done".into()),
            to_state: format!("State {}", n % 7),
            at: Utc.with_ymd_and_hms(2026, 4, 1, n / 60, n % 60, 0).unwrap(),
        });
    }
    let added = file
        .write_items(|w| {
            w.add(&i, &t)?;
            w.add(&i, &t)?;
            Ok(w.added())
        })
        .unwrap();
    assert_eq!(
        added,
        (2, 70),
        "the three stored ones and the repeat are not counted"
    );
    let items = file.items().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title, "Renamed");
    assert_eq!(file.counts().unwrap().transitions, 73);
    // The file takes further writes (foreign keys are checked again outside write_items).
    file.write_items(|w| {
        let (i2, t2) = item("BUG-2");
        w.add(&i2, &t2)
    })
    .unwrap();
    assert_eq!(file.counts().unwrap().items, 2);
}

#[test]
fn a_file_of_schema_1_is_migrated_and_keeps_its_transitions() {
    use flowmap_store::schema;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.flowmap");
    // A version-1 file as the first release wrote it: its schema, a map, an item with a
    // transition whose source gave no from-state and one that did.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('name', 'Old map');
             INSERT INTO states (id, name) VALUES (1, 'To Do'), (2, 'Done');",
        )
        .unwrap();
        let (item, _) = item("OLD-1");
        conn.execute(
            "INSERT INTO items (row, id, source, key, title, artifact_type, flow_item_type, created_ms)
             VALUES (1, ?1, 'jira', 'OLD-1', 'Old item', 'Bug', 'Defect', 0)",
            [item.id.as_bytes().as_slice()],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO transitions (item, at_ms, from_state, to_state) VALUES (1, 1000, NULL, 1);
             INSERT INTO transitions (item, at_ms, from_state, to_state) VALUES (1, 2000, 1, 2);",
        )
        .unwrap();
    }
    let file = MapFile::open(&path).unwrap();
    assert_eq!(file.schema_version().unwrap(), schema::VERSION);
    assert_eq!(file.load().unwrap().map.name(), "Old map");
    let ts = file.transitions().unwrap();
    let seen: Vec<(Option<&str>, &str, i64)> = ts
        .iter()
        .map(|t| {
            (
                t.from_state.as_deref(),
                t.to_state.as_str(),
                t.at.timestamp_millis(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![(None, "To Do", 1000), (Some("To Do"), "Done", 2000)]
    );
    let mut scanned = Vec::new();
    file.scan_transitions(|t| {
        scanned.push((t.from_state, t.to_state));
        Ok(())
    })
    .unwrap();
    assert_eq!(scanned, vec![(None, 1), (Some(1), 2)]);
}

#[test]
fn source_kinds_are_stored_by_name_and_an_unknown_one_is_named() {
    use flowmap_store::SourceRecord;
    let dir = tempfile::tempdir().unwrap();
    let path = create(dir.path());
    let mut file = MapFile::open(&path).unwrap();
    for kind in SourceKind::ALL {
        file.put_source(&SourceRecord {
            name: format!("src-{kind}"),
            kind,
            tool: None,
            url: None,
            query: None,
            cursor: None,
        })
        .unwrap();
    }
    drop(file);
    // The names stored are the ones files have always held.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stored: Vec<String> = conn
        .prepare("SELECT kind FROM sources ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = vec![
        "actionable-agile",
        "azure-devops",
        "csv",
        "github",
        "gitlab",
        "jenkins",
        "jira",
        "ocel",
        "xes",
    ];
    expected.sort_by_key(|k| format!("src-{k}"));
    assert_eq!(stored, expected);
    let kinds: Vec<SourceKind> = MapFile::open(&path)
        .unwrap()
        .sources()
        .unwrap()
        .into_iter()
        .map(|s| s.kind)
        .collect();
    assert_eq!(kinds.len(), SourceKind::ALL.len());

    conn.execute(
        "INSERT INTO sources (name, kind) VALUES ('board', 'trello')",
        [],
    )
    .unwrap();
    drop(conn);
    let err = MapFile::open(&path).unwrap().sources().unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("\"board\"") && text.contains("unknown source kind \"trello\""),
        "{text}"
    );
}
