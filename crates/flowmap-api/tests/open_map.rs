//! The use cases as the app and the CLI call them.

use flowmap_api::{create_demo, ErrorCode, OpenMap};
use flowmap_core::Node;

#[test]
fn the_demo_view_frames_partners_around_what_they_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    let view = create_demo(&path, 100, 1).unwrap().view().unwrap();
    assert_eq!(view.items, 100);
    let frame = view
        .nodes
        .iter()
        .find(|n| matches!(n.node, Node::Partner(_)))
        .expect("a partner frame");
    let owned: Vec<_> = view
        .nodes
        .iter()
        .filter(|n| n.node.partner() == Some(frame.node.id()))
        .collect();
    assert_eq!(owned.len(), 2);
    for n in owned {
        assert!(
            n.x >= frame.x && n.x + n.width <= frame.x + frame.width,
            "{}",
            n.node.name()
        );
        assert!(
            n.y >= frame.y && n.y + n.height <= frame.y + frame.height,
            "{}",
            n.node.name()
        );
    }
    let rework: Vec<_> = view.edges.iter().filter(|e| e.rework).collect();
    assert_eq!(rework.len(), 2);
    assert!(view
        .edges
        .iter()
        .any(|e| e.label.as_deref() == Some("Feature Request → Feature")));
    assert_eq!(view.flow_order.len(), 9);
}

#[test]
fn errors_carry_a_code_the_ui_can_branch_on() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.flowmap");
    let err = OpenMap::open(&missing).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotFound);
    let text = dir.path().join("text.flowmap");
    std::fs::write(&text, "x").unwrap();
    let err = OpenMap::open(&text).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotAFlowmapFile);
    assert_eq!(
        serde_json::to_value(&err).unwrap()["code"],
        serde_json::json!("not_a_flowmap_file")
    );
}
