//! Future states of the stream in the file: written with the map in one transaction, read back
//! in order, absent from older files, and a damaged one named.

use flowmap_core::*;
use flowmap_store::{json, MapFile};
use std::collections::HashMap;

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}

fn stage(n: u8, name: &str) -> Node {
    Node::Stage(Stage {
        id: nid(n),
        name: name.into(),
        team: None,
        tool: None,
        partner: None,
        states: vec![],
        estimates: Estimates::default(),
    })
}

fn handoff(n: u8, from: u8, to: u8) -> Edge {
    Edge::Handoff(Handoff {
        id: EdgeId::from_random_bytes([n; 16]),
        from: nid(from),
        to: nid(to),
        label: None,
    })
}

/// Plan → Build with a burst on the handoff and a note; one future state without the note.
fn doc() -> MapDocument {
    let burst = Node::Burst(Burst {
        id: nid(3),
        name: "Automate the handover".into(),
        owner: Some("Ana".into()),
        effect: None,
        status: BurstStatus::Planned,
        target: Some(BurstTarget::Handoff {
            id: EdgeId::from_random_bytes([9; 16]),
        }),
    });
    let note = Node::Note(Note {
        id: nid(4),
        name: "Ask ops".into(),
    });
    let nodes = vec![stage(1, "Plan"), stage(2, "Build"), burst, note];
    let map = ValueStreamMap::from_parts("Stream", nodes.clone(), [handoff(9, 1, 2)]).unwrap();
    let mut doc = MapDocument::new(map, HashMap::new());
    let future =
        ValueStreamMap::from_parts("Stream", nodes[..3].to_vec(), [handoff(9, 1, 2)]).unwrap();
    doc.futures.push(FutureState::new(
        StateId::from_random_bytes([7; 16]),
        "Q3 target",
        future,
        HashMap::new(),
    ));
    doc
}

#[test]
fn future_states_and_bursts_round_trip_through_the_file_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("states.flowmap");
    let doc = doc();
    MapFile::create(&path, &doc, |_| Ok(())).unwrap();
    let mut file = MapFile::open(&path).unwrap();
    let loaded = file.load().unwrap();
    assert_eq!(json::to_json(&loaded), json::to_json(&doc));
    assert_eq!(loaded.futures.len(), 1);
    assert_eq!(loaded.futures[0].name, "Q3 target");
    assert_eq!(loaded.futures[0].map.node_count(), 3);
    match loaded.map.node(nid(3)) {
        Some(Node::Burst(b)) => assert_eq!(b.owner.as_deref(), Some("Ana")),
        other => panic!("the burst: {other:?}"),
    }
    // Saving without the future state removes it, in the same write as the map.
    let version = file.map_version().unwrap();
    let mut without = loaded.clone();
    without.futures.clear();
    file.save_over(&without, version).unwrap();
    assert!(MapFile::open(&path)
        .unwrap()
        .load()
        .unwrap()
        .futures
        .is_empty());
    // JSON: absent when there are none, so maps without future states keep their bytes.
    assert!(!json::to_json(&without).contains("future_states"));
    let text = json::to_json(&doc);
    let back = json::from_json(&text, std::path::Path::new("states.json")).unwrap();
    assert_eq!(json::to_json(&back), text);
}

#[test]
fn a_damaged_future_state_is_named_and_a_bad_one_in_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.flowmap");
    MapFile::create(&path, &doc(), |_| Ok(())).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE future_states SET body = '{not json'", [])
            .unwrap();
    }
    let err = MapFile::open(&path)
        .unwrap()
        .load()
        .unwrap_err()
        .to_string();
    assert!(err.contains("future state \"Q3 target\""), "{err}");

    let text = json::to_json(&doc()).replace("\"Q3 target\"", "\"  \"");
    let err = json::from_json(&text, std::path::Path::new("bad.json"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.json") && err.contains("the name is empty"),
        "{err}"
    );
}
