//! The map editor's use cases: checked edits, undo and redo, save, save as, recovery.

use flowmap_api::wire::{Edit, NodePosition, PlacedNode};
use flowmap_api::{create_demo, recovery_info, EditSession, ErrorCode, OpenMap};
use flowmap_core::{
    Edge, EdgeId, Estimates, Handoff, Node, NodeId, Partner, Stage, Tool, ToolKind,
};

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}

fn eid(n: u8) -> EdgeId {
    EdgeId::from_random_bytes([n; 16])
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

fn add(session: &mut EditSession, node: Node, x: f64) {
    session
        .apply(Edit::AddNode { node, x, y: 0.0 })
        .expect("the node is added");
}

fn handoff(n: u8, from: u8, to: u8) -> Edit {
    Edit::AddEdge {
        edge: Edge::Handoff(Handoff {
            id: eid(n),
            from: nid(from),
            to: nid(to),
            label: None,
        }),
    }
}

fn three_stages() -> EditSession {
    let mut s = EditSession::new_map();
    add(&mut s, stage(1, "Plan"), 0.0);
    add(&mut s, stage(2, "Build"), 260.0);
    add(&mut s, stage(3, "Test"), 520.0);
    s.apply(handoff(1, 1, 2)).unwrap();
    s.apply(handoff(2, 2, 3)).unwrap();
    s
}

fn names(s: &EditSession) -> Vec<String> {
    s.view()
        .nodes
        .iter()
        .map(|n| n.node.name().to_string())
        .collect()
}

#[test]
fn a_new_map_is_clean_empty_and_has_no_file() {
    let s = EditSession::new_map();
    let state = s.state();
    assert!(!state.dirty && !state.can_undo && !state.can_redo);
    assert_eq!(state.file, None);
    assert!(state.view.nodes.is_empty());
    assert_eq!(state.title, "Flowmap — Untitled map");
}

#[test]
fn edits_are_undone_and_redone_without_a_depth_limit() {
    let mut s = three_stages();
    for i in 0..500 {
        s.apply(Edit::MoveNodes {
            moves: vec![NodePosition {
                node: nid(1),
                x: f64::from(i),
                y: 0.0,
            }],
        })
        .unwrap();
    }
    assert!(s.is_dirty());
    assert_eq!(s.title(), "Flowmap — Untitled map •");
    for _ in 0..500 {
        s.undo();
    }
    assert_eq!(s.document().layout[&nid(1)].x, 0.0);
    assert_eq!(s.view().edges.len(), 2);
    for _ in 0..2 {
        s.undo();
    }
    assert_eq!(s.view().edges.len(), 0);
    for _ in 0..3 {
        s.undo();
    }
    assert!(names(&s).is_empty());
    assert!(!s.state().can_undo);
    assert!(
        !s.is_dirty(),
        "undone back to the start, the new map is clean again"
    );
    // Undo with nothing to undo changes nothing.
    s.undo();
    for _ in 0..505 {
        s.redo();
    }
    assert_eq!(names(&s), ["Plan", "Build", "Test"]);
    assert_eq!(s.document().layout[&nid(1)].x, 499.0);
    assert!(!s.state().can_redo);
}

#[test]
fn a_new_edit_after_undo_drops_the_redo_history() {
    let mut s = three_stages();
    s.undo();
    assert!(s.state().can_redo);
    add(&mut s, stage(9, "Release"), 780.0);
    assert!(!s.state().can_redo);
}

#[test]
fn a_refused_edit_returns_the_cores_reason_and_changes_nothing() {
    let mut s = three_stages();
    let before = s.state();
    let Node::Stage(mut build) = s.document().map.node(nid(2)).unwrap().clone() else {
        unreachable!()
    };
    build.estimates = Estimates {
        process_time_secs: Some(7200),
        lead_time_secs: Some(3600),
        complete_accurate: None,
        ..Default::default()
    };
    let err = s
        .apply(Edit::UpdateNode {
            node: Node::Stage(build),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidMap);
    assert!(
        err.message
            .contains("lead time (3600 s) is shorter than process time (7200 s)"),
        "{}",
        err.message
    );
    assert_eq!(s.state(), before);

    // A handoff from a stage to a tool is refused too.
    add(
        &mut s,
        Node::Tool(Tool {
            id: nid(7),
            name: "Jira".into(),
            tool_kind: ToolKind::Jira,
            partner: None,
            artifact_types: vec![],
        }),
        0.0,
    );
    let err = s.apply(handoff(9, 3, 7)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidMap);
    assert!(
        err.message.contains("\"Jira\" is a tool"),
        "{}",
        err.message
    );
    // A position that is not a number is refused.
    let err = s
        .apply(Edit::MoveNodes {
            moves: vec![NodePosition {
                node: nid(1),
                x: f64::NAN,
                y: 0.0,
            }],
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
}

#[test]
fn a_backward_handoff_is_a_rework_loop() {
    let mut s = three_stages();
    s.apply(handoff(3, 3, 1)).unwrap();
    let view = s.view();
    let rework: Vec<_> = view.edges.iter().filter(|e| e.rework).collect();
    assert_eq!(rework.len(), 1);
    assert_eq!(rework[0].edge.id(), eid(3));
}

#[test]
fn removing_a_node_takes_its_edges_and_undo_brings_them_back() {
    let mut s = three_stages();
    s.apply(Edit::Remove {
        nodes: vec![nid(2)],
        edges: vec![],
    })
    .unwrap();
    assert_eq!(names(&s), ["Plan", "Test"]);
    assert!(s.view().edges.is_empty());
    s.undo();
    assert_eq!(s.view().edges.len(), 2);
}

#[test]
fn paste_copies_nodes_and_the_edges_between_them_with_fresh_ids() {
    let mut s = three_stages();
    add(
        &mut s,
        Node::Tool(Tool {
            id: nid(7),
            name: "Jira".into(),
            tool_kind: ToolKind::Jira,
            partner: None,
            artifact_types: vec![],
        }),
        0.0,
    );
    let Node::Stage(mut plan) = s.document().map.node(nid(1)).unwrap().clone() else {
        unreachable!()
    };
    plan.tool = Some(nid(7));
    s.apply(Edit::UpdateNode {
        node: Node::Stage(plan),
    })
    .unwrap();
    let map = &s.document().map;
    let copied: Vec<PlacedNode> = [nid(1), nid(2)]
        .iter()
        .map(|id| PlacedNode {
            node: map.node(*id).unwrap().clone(),
            x: 40.0,
            y: 200.0,
        })
        .collect();
    let edges: Vec<Edge> = map.edges().cloned().collect();
    let outcome = s
        .apply(Edit::Paste {
            nodes: copied,
            edges,
        })
        .unwrap();
    assert_eq!(outcome.created_nodes.len(), 2);
    // Only the handoff between the two copies comes along.
    assert_eq!(outcome.created_edges.len(), 1);
    let map = &s.document().map;
    assert_eq!(map.node_count(), 6);
    let copy = map.stage(outcome.created_nodes[0]).unwrap();
    assert_eq!(copy.name, "Plan");
    assert_ne!(copy.id, nid(1));
    // The tool was not copied but is still on the map: the copy stays in it.
    assert_eq!(copy.tool, Some(nid(7)));
    let edge = map.edge(outcome.created_edges[0]).unwrap();
    assert_eq!(
        edge.endpoints(),
        (outcome.created_nodes[0], outcome.created_nodes[1])
    );
    s.undo();
    assert_eq!(s.document().map.node_count(), 4);
}

#[test]
fn a_partner_that_loses_what_it_owns_stays_where_its_frame_was() {
    let mut s = EditSession::new_map();
    add(
        &mut s,
        Node::Partner(Partner {
            id: nid(5),
            name: "Nearshore".into(),
        }),
        600.0,
    );
    let Node::Stage(mut st) = stage(1, "Partner dev") else {
        unreachable!()
    };
    st.partner = Some(nid(5));
    s.apply(Edit::AddNode {
        node: Node::Stage(st),
        x: 100.0,
        y: 100.0,
    })
    .unwrap();
    let frame = s
        .view()
        .nodes
        .into_iter()
        .find(|n| n.node.id() == nid(5))
        .unwrap();
    assert!(frame.x < 100.0 && frame.width > 190.0);
    s.apply(Edit::Remove {
        nodes: vec![nid(1)],
        edges: vec![],
    })
    .unwrap();
    assert!(s.view().nodes.iter().any(|n| n.node.id() == nid(5)));
}

#[test]
fn save_writes_the_file_and_keeps_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 50, 3).unwrap();
    let mut s = EditSession::open(&path).unwrap();
    assert!(!s.is_dirty());
    s.apply(Edit::RenameMap {
        name: "Renamed".into(),
    })
    .unwrap();
    let state = s.save().unwrap();
    assert!(!state.dirty);
    assert!(state.can_undo, "saving keeps the history");
    let reopened = OpenMap::open(&path).unwrap();
    assert_eq!(reopened.document().map.name(), "Renamed");
    assert_eq!(reopened.view().unwrap().items, 50);
    // Undo after saving makes the map dirty; redo back to the saved state makes it clean.
    assert!(s.undo().dirty);
    assert!(!s.redo().dirty);
}

#[test]
fn a_new_map_needs_save_as_which_creates_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = three_stages();
    let err = s.save().unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    let path = dir.path().join("drawn.flowmap");
    let state = s.save_as(&path).unwrap();
    assert_eq!(state.file.as_deref(), Some(path.to_str().unwrap()));
    assert!(!state.dirty);
    let reopened = EditSession::open(&path).unwrap();
    assert_eq!(names(&reopened), ["Plan", "Build", "Test"]);
    assert_eq!(reopened.view().edges.len(), 2);
    assert_eq!(reopened.document().layout, s.document().layout);
}

#[test]
fn save_as_copies_the_items_and_switches_to_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 40, 3).unwrap();
    let mut s = EditSession::open(&path).unwrap();
    s.apply(Edit::RenameMap {
        name: "Copy of demo".into(),
    })
    .unwrap();
    let copy = dir.path().join("copy.flowmap");
    let state = s.save_as(&copy).unwrap();
    assert_eq!(state.view.items, 40);
    assert_eq!(s.path(), Some(copy.as_path()));
    assert_eq!(
        OpenMap::open(&path).unwrap().document().map.name(),
        flowmap_demo::demo_map(3).document.map.name(),
        "the original keeps its map"
    );
    s.apply(Edit::RenameMap {
        name: "Copy, edited".into(),
    })
    .unwrap();
    s.save().unwrap();
    assert_eq!(
        OpenMap::open(&copy).unwrap().document().map.name(),
        "Copy, edited"
    );
}

#[test]
fn a_recovery_copy_restores_unsaved_work_onto_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drawn.flowmap");
    let mut s = three_stages();
    s.save_as(&path).unwrap();
    add(&mut s, stage(4, "Release"), 780.0);
    let recovery = dir.path().join("recovery.json");
    std::fs::write(&recovery, s.recovery_json("2026-11-21T22:00:00Z")).unwrap();

    let info = recovery_info(&recovery).unwrap().unwrap();
    assert_eq!(info.map_name, "Untitled map");
    assert_eq!(info.file.as_deref(), Some(path.to_str().unwrap()));
    assert_eq!(info.saved_at, "2026-11-21T22:00:00Z");

    let mut restored = EditSession::restore(&recovery).unwrap();
    assert!(restored.is_dirty());
    assert_eq!(restored.path(), Some(path.as_path()));
    assert_eq!(names(&restored), ["Plan", "Build", "Test", "Release"]);
    restored.save().unwrap();
    assert_eq!(names(&EditSession::open(&path).unwrap()).len(), 4);

    assert_eq!(recovery_info(&dir.path().join("none.json")).unwrap(), None);
    std::fs::write(&recovery, "not json").unwrap();
    assert_eq!(
        recovery_info(&recovery).unwrap_err().code,
        ErrorCode::InvalidJson
    );
}

#[test]
fn json_import_gives_an_unsaved_map_and_export_gives_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let s = three_stages();
    let json_path = dir.path().join("map.json");
    std::fs::write(&json_path, s.export_json()).unwrap();
    let imported = EditSession::import_json(&json_path).unwrap();
    assert!(imported.is_dirty());
    assert_eq!(imported.path(), None);
    assert_eq!(imported.export_json(), s.export_json());
}

#[test]
fn the_recovery_copy_follows_unsaved_work() {
    let dir = tempfile::tempdir().unwrap();
    let copy = flowmap_api::RecoveryCopy::new(dir.path().join("recovery.json"));
    let mut s = EditSession::new_map();
    copy.update(&s).unwrap();
    assert_eq!(copy.info().unwrap(), None, "a clean map needs no copy");
    add(&mut s, stage(1, "Plan"), 0.0);
    copy.update(&s).unwrap();
    assert_eq!(copy.info().unwrap().unwrap().map_name, "Untitled map");
    assert_eq!(names(&copy.restore().unwrap()), ["Plan"]);
    s.save_as(&dir.path().join("m.flowmap")).unwrap();
    copy.update(&s).unwrap();
    assert_eq!(copy.info().unwrap(), None);
}

#[test]
fn a_batch_is_one_step_of_undo_and_all_or_nothing() {
    let mut s = EditSession::new_map();
    add(&mut s, stage(1, "Plan"), 0.0);
    s.apply(Edit::Batch {
        edits: vec![
            Edit::AddNode {
                node: stage(2, "Build"),
                x: 260.0,
                y: 0.0,
            },
            handoff(1, 1, 2),
        ],
    })
    .unwrap();
    assert_eq!(s.view().edges.len(), 1);
    s.undo();
    assert_eq!(names(&s), ["Plan"]);
    // The second edit is refused: the first does not stay either.
    let err = s
        .apply(Edit::Batch {
            edits: vec![
                Edit::AddNode {
                    node: stage(3, "Test"),
                    x: 520.0,
                    y: 0.0,
                },
                handoff(2, 3, 3),
            ],
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidMap);
    assert_eq!(names(&s), ["Plan"]);
}
