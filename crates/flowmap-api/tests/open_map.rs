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

#[test]
fn a_state_in_two_stages_stops_metrics_with_its_name() {
    use flowmap_core::Node;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    drop(create_demo(&path, 50, 1).unwrap());
    let mut file = flowmap_store::MapFile::open(&path).unwrap();
    let mut doc = file.load().unwrap();
    let release = doc
        .map
        .stages()
        .find(|s| s.name == "Release")
        .unwrap()
        .clone();
    let mut changed = release.clone();
    changed.states.push("Ready for QA".into());
    doc.map.update_node(Node::Stage(changed)).unwrap();
    file.save(&doc).unwrap();
    drop(file);
    let open = OpenMap::open(&path).unwrap();
    let clock = chrono::Utc::now();
    let err = open
        .metrics(&flowmap_api::wire::MetricsRequest::default(), clock)
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::InvalidMapping);
    assert!(
        err.message.starts_with("state \"Ready for QA\" of source \"jira\" belongs to 2 stages (\"Testing\", \"Release\")"),
        "{}",
        err.message
    );
    let review = open.mapping_review(clock).unwrap();
    let row = review.iter().find(|r| r.state == "Ready for QA").unwrap();
    assert_eq!(row.status, flowmap_api::wire::MappingStatus::Conflict);
    assert_eq!(row.conflict_stages, vec!["Testing", "Release"]);
    assert!(row.items > 0 && row.time_secs > 0.0);
}

/// The window shows these messages too: they say what is wrong without naming a CLI option.
#[test]
fn argument_errors_name_no_command_line_option() {
    use flowmap_api::wire::{AddSource, MetricsRequest};
    use flowmap_core::{SourceKind, StateCategory};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    let mut map = create_demo(&path, 20, 1).unwrap();
    let clock = chrono::Utc::now();
    let mut messages = Vec::new();
    for request in [
        MetricsRequest {
            now: Some("yesterday".into()),
            ..MetricsRequest::default()
        },
        MetricsRequest {
            from: Some("2026-05-01".into()),
            to: Some("2026-04-01".into()),
            ..MetricsRequest::default()
        },
    ] {
        messages.push(request.query(clock).unwrap_err().message);
    }
    for (source, state, stage) in [("", "Done", None), ("jira", "Done", Some("Nowhere"))] {
        let e = map
            .set_state_mapping(source, state, stage, StateCategory::Done)
            .unwrap_err();
        messages.push(e.message);
    }
    for (name, kind) in [(None, SourceKind::Jira), (Some("jira"), SourceKind::Github)] {
        let e = flowmap_api::add_source(
            &path,
            &AddSource {
                name: name.map(str::to_string),
                kind,
                url: None,
                query: Some("acme/app".into()),
                tool: "Jira".into(),
            },
        )
        .unwrap_err();
        messages.push(e.message);
    }
    for (m, says) in messages.iter().zip([
        "cannot read \"yesterday\"",
        "must be before",
        "must not be empty",
        "no stage is named \"Nowhere\"",
        "needs the URL",
        "already has a source named",
    ]) {
        assert!(m.contains(says), "{m}");
    }
    for m in &messages {
        assert_eq!(m.matches("--").count(), 0, "{m}");
    }
}
