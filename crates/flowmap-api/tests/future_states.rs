//! States of the stream and kaizen bursts through the edit session: a future state made from the
//! current one, edited with its own undo history, compared (totals checked against a hand
//! computation), saved, reopened and exported.

use flowmap_api::wire::{Edit, MetricsRequest};
use flowmap_api::{EditSession, ErrorCode};
use flowmap_core::{
    Burst, BurstStatus, BurstTarget, Edge, EdgeId, Estimates, Handoff, Node, NodeId, Note, Stage,
};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}

fn eid(n: u8) -> EdgeId {
    EdgeId::from_random_bytes([n; 16])
}

fn stage(n: u8, name: &str, process: i64, lead: i64, ca: f64) -> Stage {
    Stage {
        id: nid(n),
        name: name.into(),
        team: None,
        tool: None,
        partner: None,
        states: vec![],
        estimates: Estimates {
            process_time_secs: Some(process),
            lead_time_secs: Some(lead),
            complete_accurate: Some(ca),
            ..Default::default()
        },
    }
}

fn add(s: &mut EditSession, node: Node, x: f64) {
    s.apply(Edit::AddNode { node, x, y: 0.0 }).unwrap();
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

/// Plan (4 h of 2 d, 90 %) → Build (1 d of 5 d, 80 %) → Test (6 h of 3 d, 50 %), with a kaizen
/// burst on Build and a note.
fn workshop_map() -> EditSession {
    let mut s = EditSession::new_map();
    add(
        &mut s,
        Node::Stage(stage(1, "Plan", 4 * HOUR, 2 * DAY, 0.9)),
        0.0,
    );
    add(
        &mut s,
        Node::Stage(stage(2, "Build", DAY, 5 * DAY, 0.8)),
        260.0,
    );
    add(
        &mut s,
        Node::Stage(stage(3, "Test", 6 * HOUR, 3 * DAY, 0.5)),
        520.0,
    );
    s.apply(handoff(1, 1, 2)).unwrap();
    s.apply(handoff(2, 2, 3)).unwrap();
    let burst = Burst {
        id: nid(9),
        name: "Pair on builds".into(),
        owner: Some("Ana".into()),
        effect: Some("Build −3 d".into()),
        status: BurstStatus::Idea,
        target: Some(BurstTarget::Stage { id: nid(2) }),
    };
    add(&mut s, Node::Burst(burst), 280.0);
    let note = Note {
        id: nid(10),
        name: "Ask ops about the test lab".into(),
    };
    add(&mut s, Node::Note(note), 600.0);
    s
}

fn filters() -> MetricsRequest {
    serde_json::from_str("{}").unwrap()
}

fn build_of(s: &EditSession) -> Stage {
    s.document().map.stage(nid(2)).unwrap().clone()
}

#[test]
fn a_future_state_is_edited_apart_and_compared_with_the_current_one() {
    let mut s = workshop_map();
    let current_undo = s.state().can_undo;
    let future = s.create_future("Q3 target").unwrap();
    assert_eq!(s.shown_state(), Some(future));
    assert!(
        !s.state().can_undo,
        "a new future state starts its own history"
    );
    // In the future state: Test is removed (its handoff with it), Build gets faster and better.
    s.apply(Edit::Remove {
        nodes: vec![nid(3)],
        edges: vec![],
    })
    .unwrap();
    let mut build = build_of(&s);
    build.estimates = Estimates {
        process_time_secs: Some(DAY),
        lead_time_secs: Some(2 * DAY),
        complete_accurate: Some(0.95),
        ..Default::default()
    };
    s.apply(Edit::UpdateNode {
        node: Node::Stage(build),
    })
    .unwrap();
    // The burst on Build is still attached in the future state.
    assert!(s
        .document()
        .map
        .bursts_on(BurstTarget::Stage { id: nid(2) })
        .next()
        .is_some());

    let cmp = s
        .compare_states(future, &filters(), chrono::Utc::now())
        .unwrap();
    // Hand computation. Before: 2 d + 5 d + 3 d = 864,000 s of lead time; 4 h + 1 d + 6 h =
    // 122,400 s of process time; ratio 122,400 / 864,000; rolled 0.9 × 0.8 × 0.5 = 0.36.
    // After: 2 d + 2 d = 345,600 s; 4 h + 1 d = 100,800 s; 100,800 / 345,600; 0.9 × 0.95.
    let by = |name: &str| cmp.rows.iter().find(|r| r.figure == name).unwrap().clone();
    let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-9;
    let lead = by("Lead time");
    assert!(close(lead.before, 864_000.0) && close(lead.after, 345_600.0));
    assert!(close(lead.difference, -518_400.0));
    let process = by("Process time");
    assert!(close(process.before, 122_400.0) && close(process.after, 100_800.0));
    assert!(close(process.difference, -21_600.0));
    let ratio = by("Activity ratio");
    assert!(close(ratio.before, 122_400.0 / 864_000.0));
    assert!(close(ratio.after, 100_800.0 / 345_600.0));
    assert!(close(
        ratio.difference,
        100_800.0 / 345_600.0 - 122_400.0 / 864_000.0
    ));
    let rolled = by("Rolled %C&A");
    assert!(close(rolled.before, 0.9 * 0.8 * 0.5) && close(rolled.after, 0.9 * 0.95));
    assert_eq!(cmp.before_stages, ["Plan", "Build", "Test"]);
    assert_eq!(cmp.after_stages, ["Plan", "Build"]);
    assert_eq!(cmp.future_name, "Q3 target");
    assert!(cmp.rows.iter().all(|r| !r.formula.is_empty()));

    // Undo works within the future state: Build's estimate back, then Test back.
    s.undo();
    assert_eq!(build_of(&s).estimates.lead_time_secs, Some(5 * DAY));
    s.undo();
    assert!(s.document().map.stage(nid(3)).is_some());
    assert!(!s.state().can_undo);
    s.redo();
    assert!(s.document().map.stage(nid(3)).is_none());

    // The current state never saw any of it, and keeps its own history.
    s.show_state(None).unwrap();
    assert_eq!(s.shown_state(), None);
    assert!(s.document().map.stage(nid(3)).is_some());
    assert_eq!(build_of(&s).estimates.lead_time_secs, Some(5 * DAY));
    assert_eq!(s.state().can_undo, current_undo);
    // Back in the future state: its redo is still there.
    s.show_state(Some(future)).unwrap();
    assert!(s.state().can_redo);
}

#[test]
fn future_states_and_bursts_are_saved_reopened_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.flowmap");
    let mut s = workshop_map();
    let future = s.create_future("Q3 target").unwrap();
    s.apply(Edit::Remove {
        nodes: vec![nid(3)],
        edges: vec![],
    })
    .unwrap();
    s.rename_future(future, "Next quarter").unwrap();
    s.save_as(&path).unwrap();
    assert!(!s.is_dirty());
    let json = s.export_json();
    assert!(json.contains("\"future_states\"") && json.contains("Next quarter"));
    assert!(json.contains("\"kind\": \"burst\"") && json.contains("Pair on builds"));

    let mut reopened = EditSession::open(&path).unwrap();
    assert_eq!(
        reopened.shown_state(),
        None,
        "a map opens on its current state"
    );
    let states = reopened.state().states;
    assert_eq!(states.states.len(), 2);
    assert_eq!(states.states[1].name, "Next quarter");
    assert!(reopened.document().map.stage(nid(3)).is_some());
    reopened.show_state(Some(future)).unwrap();
    assert!(reopened.document().map.stage(nid(3)).is_none());
    assert_eq!(reopened.view().items, 0);
    assert_eq!(
        reopened.export_json(),
        json,
        "saved and reopened, the JSON is the same"
    );

    // JSON import round trip is byte-identical.
    let json_path = dir.path().join("workshop.json");
    std::fs::write(&json_path, &json).unwrap();
    let imported = EditSession::import_json(&json_path).unwrap();
    assert_eq!(imported.export_json(), json);

    // Renaming to nothing and unknown states are refused, naming what is wrong.
    let err = reopened.rename_future(future, "  ").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    reopened.delete_future(future).unwrap();
    assert_eq!(reopened.shown_state(), None);
    assert!(reopened.is_dirty());
    let err = reopened.show_state(Some(future)).unwrap_err();
    assert!(err.message.contains("no future state"), "{}", err.message);
}

#[test]
fn a_burst_outlives_its_stage_and_handoff_unattached() {
    let mut s = workshop_map();
    let on_handoff = Burst {
        id: nid(11),
        name: "Automate the handover".into(),
        owner: None,
        effect: None,
        status: BurstStatus::Planned,
        target: Some(BurstTarget::Handoff { id: eid(2) }),
    };
    add(&mut s, Node::Burst(on_handoff), 400.0);
    s.apply(Edit::Remove {
        nodes: vec![nid(2)],
        edges: vec![],
    })
    .unwrap();
    for id in [nid(9), nid(11)] {
        match s.document().map.node(id) {
            Some(Node::Burst(b)) => assert_eq!(b.target, None, "{}", b.name),
            other => panic!("the burst is gone: {other:?}"),
        }
    }
    // A burst attached to something that is not a stage is refused with the reason.
    let bad = Burst {
        id: nid(12),
        name: "On a note".into(),
        owner: None,
        effect: None,
        status: BurstStatus::Idea,
        target: Some(BurstTarget::Stage { id: nid(10) }),
    };
    let err = s
        .apply(Edit::AddNode {
            node: Node::Burst(bad),
            x: 0.0,
            y: 0.0,
        })
        .unwrap_err();
    assert!(
        err.message.contains("which is a note, not a stage"),
        "{}",
        err.message
    );
}
