//! Discovery in the window through `commands::dispatch`: the preview of a small log of three
//! items whose moves are counted by hand (the same numbers as `flowmap discover`), the choices
//! (rename, merge, drop) applied as one undo step that takes the stages, handoffs and mapping
//! back together, the match to stages the user drew, and the refusals.
//!
//! The log: A goes Open → Analysis → Build → Test → Deploy → Done; B the same with one rework
//! (Test → Build → Test); C goes Open → Build → Deploy → Done. Open is New and Done is Done,
//! so the proposed stages are Analysis, Build, Test and Deploy. The moves between them:
//! Analysis→Build 2 (A, B), Build→Test 3 (A once, B twice), Test→Deploy 2 (A, B),
//! Test→Build 1 (B), Build→Deploy 1 (C): 9 moves, 1 backward. Out of Build go 4 moves
//! (3/4 to Test), out of Test 3 (2/3 to Deploy).

use flowmap_api::commands::{self, Backend};
use flowmap_api::wire::{
    DiscoveryPreview, EditOutcome, EditorState, ImportLogOptions, MappingTable, StageMatch,
};
use flowmap_api::{
    create_map, discover, import_log, ApiError, EditSession, ErrorCode, RecoveryCopy,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

mod common;

const LOG: &str = "item,state,at
A,Open,2024-03-01T09:00:00Z
A,Analysis,2024-03-01T10:00:00Z
A,Build,2024-03-02T10:00:00Z
A,Test,2024-03-03T10:00:00Z
A,Deploy,2024-03-04T10:00:00Z
A,Done,2024-03-05T10:00:00Z
B,Open,2024-03-01T09:00:00Z
B,Analysis,2024-03-01T11:00:00Z
B,Build,2024-03-02T11:00:00Z
B,Test,2024-03-03T11:00:00Z
B,Build,2024-03-04T11:00:00Z
B,Test,2024-03-05T11:00:00Z
B,Deploy,2024-03-06T11:00:00Z
B,Done,2024-03-07T11:00:00Z
C,Open,2024-03-01T09:00:00Z
C,Build,2024-03-02T12:00:00Z
C,Deploy,2024-03-03T12:00:00Z
C,Done,2024-03-04T12:00:00Z
";

fn call(backend: &Backend, name: &str, args: Value) -> Result<Value, ApiError> {
    let shell = common::QuietShell {
        now: Some("2024-04-01T00:00:00Z".parse().unwrap()),
    };
    commands::dispatch(backend, &shell, name, args)
}

/// A saved map without stages holding the three items, at `dir/d.flowmap`.
fn small_file(dir: &Path) -> PathBuf {
    let file = dir.join("d.flowmap");
    create_map(&file, Some("Small")).unwrap();
    let log = dir.join("log.csv");
    std::fs::write(&log, LOG).unwrap();
    import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
    file
}

fn backend_for(dir: &Path, session: EditSession) -> Backend {
    Backend::new(Ok(session), RecoveryCopy::new(dir.join("recovery.json")))
}

fn preview(backend: &Backend) -> DiscoveryPreview {
    serde_json::from_value(call(backend, "discover_preview", json!({})).unwrap()).unwrap()
}

fn table(backend: &Backend) -> MappingTable {
    serde_json::from_value(call(backend, "mapping_table", Value::Null).unwrap()).unwrap()
}

/// Each state's stage, by name, in the mapping table.
fn stage_of(t: &MappingTable, state: &str) -> Option<String> {
    t.rows
        .iter()
        .find(|r| r.state == state)
        .unwrap_or_else(|| panic!("no row {state}"))
        .stage
        .clone()
}

fn state(backend: &Backend) -> EditorState {
    serde_json::from_value(call(backend, "editor_state", Value::Null).unwrap()).unwrap()
}

/// Stage names on the map, and handoffs as "from → to: label".
fn drawn(s: &EditorState) -> (Vec<String>, Vec<String>) {
    let name = |id| {
        s.view
            .nodes
            .iter()
            .find(|n| n.node.id() == id)
            .map(|n| n.node.name().to_string())
            .unwrap_or_default()
    };
    let stages = s
        .view
        .flow_order
        .iter()
        .map(|id| name(*id))
        .collect::<Vec<_>>();
    let handoffs = s
        .view
        .edges
        .iter()
        .filter_map(|e| match &e.edge {
            flowmap_core::Edge::Handoff(h) => Some(format!(
                "{} → {}: {}",
                name(h.from),
                name(h.to),
                h.label.clone().unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    (stages, handoffs)
}

#[test]
fn the_preview_counts_the_moves_of_the_small_log_as_the_cli_does() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_file(dir.path());
    let backend = backend_for(dir.path(), EditSession::open(&file).unwrap());
    let p = preview(&backend);
    let names: Vec<&str> = p.proposal.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Analysis", "Build", "Test", "Deploy"]);
    let items: Vec<u64> = p.proposal.stages.iter().map(|s| s.items).collect();
    assert_eq!(items, [2, 3, 2, 3]);
    assert!(p
        .proposal
        .stages
        .iter()
        .all(|s| s.matched == StageMatch::New && s.existing.is_none()));
    assert_eq!(p.proposal.left_out, ["Done", "Open"]);
    assert_eq!(
        (p.proposal.moves_between, p.proposal.moves_backward),
        (9, 1)
    );
    let h: Vec<(String, String, u64, String, bool)> = p
        .proposal
        .handoffs
        .iter()
        .map(|h| {
            (
                h.from.clone(),
                h.to.clone(),
                h.count,
                format!("{:.3}", h.share),
                h.rework,
            )
        })
        .collect();
    let want = [
        ("Analysis", "Build", 2, "1.000", false),
        ("Build", "Test", 3, "0.750", false),
        ("Build", "Deploy", 1, "0.250", false),
        ("Test", "Build", 1, "0.333", true),
        ("Test", "Deploy", 2, "0.667", false),
    ];
    for w in want {
        assert!(
            h.contains(&(w.0.into(), w.1.into(), w.2, w.3.into(), w.4)),
            "{w:?} not in {h:?}"
        );
    }
    assert_eq!(h.len(), want.len());
    // The CLI's proposal on the same file is the same proposal.
    assert_eq!(discover(&file, None, None, false).unwrap(), p.proposal);
    // The map holds only the tool the import added: the new stages go in one row 90 below
    // it, from its left edge, 320 apart.
    let s = state(&backend);
    let tool = &s.view.nodes[0];
    assert_eq!(s.view.nodes.len(), 1);
    let y = tool.y + tool.height + 90.0;
    let xs: Vec<(f64, f64)> = p
        .places
        .iter()
        .map(|g| g.map(|g| (g.x, g.y)).unwrap())
        .collect();
    let want: Vec<(f64, f64)> = (0..4).map(|i| (tool.x + 320.0 * i as f64, y)).collect();
    assert_eq!(xs, want);
    // Nothing changed.
    assert!(!s.dirty && !s.can_undo && drawn(&s).0.is_empty());
}

#[test]
fn rename_merge_and_drop_apply_as_one_step_that_one_undo_takes_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_file(dir.path());
    let backend = backend_for(dir.path(), EditSession::open(&file).unwrap());
    assert_eq!(stage_of(&table(&backend), "Test"), None);
    let choices = json!({ "choices": {
        "source": null, "min_count": null,
        "stages": [
            { "name": "Analysis", "action": { "kind": "rename", "to": "Refinement" } },
            { "name": "Test", "action": { "kind": "merge_into_proposed", "name": "Build" } },
            { "name": "Deploy", "action": { "kind": "drop" } },
        ],
        "handoffs": [],
    }});
    let outcome: EditOutcome =
        serde_json::from_value(call(&backend, "apply_discovery", choices).unwrap()).unwrap();
    // Build takes Test's states; the moves between them are inside one stage now; Deploy's
    // handoffs went with it: one handoff is left, Refinement → Build with its 2 moves.
    let (stages, handoffs) = drawn(&outcome.state);
    assert_eq!(stages, ["Refinement", "Build"]);
    assert_eq!(handoffs, ["Refinement → Build: 2 moves"]);
    let t = table(&backend);
    assert_eq!(stage_of(&t, "Analysis").as_deref(), Some("Refinement"));
    assert_eq!(stage_of(&t, "Build").as_deref(), Some("Build"));
    assert_eq!(stage_of(&t, "Test").as_deref(), Some("Build"));
    assert_eq!(stage_of(&t, "Deploy"), None);
    assert!(outcome.state.dirty && outcome.state.can_undo);

    // One Undo: the map and the mapping as before.
    let undone: EditorState =
        serde_json::from_value(call(&backend, "undo", Value::Null).unwrap()).unwrap();
    assert_eq!(drawn(&undone), (vec![], vec![]));
    assert!(!undone.dirty && !undone.can_undo);
    let t = table(&backend);
    assert_eq!(stage_of(&t, "Test"), None);
    assert_eq!(stage_of(&t, "Analysis"), None);
    // Redo: all of it again.
    let redone: EditorState =
        serde_json::from_value(call(&backend, "redo", Value::Null).unwrap()).unwrap();
    assert_eq!(drawn(&redone).0, ["Refinement", "Build"]);
    assert_eq!(stage_of(&table(&backend), "Test").as_deref(), Some("Build"));

    // Discovering again: the two stages are matched by their states, the handoff between them
    // is on the map, and only Deploy and the handoff into it are new.
    let again = preview(&backend).proposal;
    let m: Vec<(&str, StageMatch)> = again
        .stages
        .iter()
        .map(|s| (s.name.as_str(), s.matched))
        .collect();
    assert_eq!(
        m,
        [
            ("Refinement", StageMatch::States),
            ("Build", StageMatch::States),
            ("Deploy", StageMatch::New)
        ]
    );
    let h: Vec<(&str, &str, u64, bool)> = again
        .handoffs
        .iter()
        .map(|h| (h.from.as_str(), h.to.as_str(), h.count, h.existing))
        .collect();
    assert_eq!(
        h,
        [
            ("Refinement", "Build", 2, true),
            ("Build", "Deploy", 3, false)
        ]
    );
}

#[test]
fn a_stage_the_user_drew_is_matched_by_name_and_takes_its_state() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_file(dir.path());
    let mut session = EditSession::open(&file).unwrap();
    let id = flowmap_core::NodeId::from(uuid::Uuid::new_v4());
    let stage = flowmap_core::Stage {
        id,
        name: "build".into(),
        team: None,
        tool: None,
        partner: None,
        states: vec![],
        estimates: Default::default(),
    };
    session
        .apply(flowmap_api::wire::Edit::AddNode {
            node: flowmap_core::Node::Stage(stage),
            x: 100.0,
            y: 40.0,
        })
        .unwrap();
    let backend = backend_for(dir.path(), session);
    let p = preview(&backend);
    let build = &p.proposal.stages[1];
    assert_eq!(
        (build.name.as_str(), build.matched, build.existing),
        ("build", StageMatch::Name, Some(id))
    );
    assert_eq!(build.new_states, ["Build"]);
    // Only new stages get a place: below the drawing (the import's tool is lowest), from the
    // drawn stage's left edge (x 100), 320 apart.
    assert!(p.places[1].is_none());
    let s = state(&backend);
    let bottom = s
        .view
        .nodes
        .iter()
        .map(|n| n.y + n.height)
        .fold(0.0, f64::max);
    assert_eq!(
        p.places[0].map(|g| (g.x, g.y)),
        Some((100.0, bottom + 90.0))
    );
    assert_eq!(p.places[2].map(|g| g.x), Some(420.0));

    let keep_all =
        json!({ "choices": { "source": null, "min_count": null, "stages": [], "handoffs": [] } });
    let outcome: EditOutcome =
        serde_json::from_value(call(&backend, "apply_discovery", keep_all).unwrap()).unwrap();
    let (stages, handoffs) = drawn(&outcome.state);
    assert_eq!(stages, ["Analysis", "build", "Test", "Deploy"]);
    assert_eq!(handoffs.len(), 5, "{handoffs:?}");
    assert_eq!(
        stage_of(&table(&backend), "Build").as_deref(),
        Some("build")
    );

    // Undone, and applied again with the drawn stage renamed in place and Deploy merged into
    // it: one stage of the map changed, no stage added for either.
    call(&backend, "undo", Value::Null).unwrap();
    let choices = json!({ "choices": { "source": null, "min_count": null, "stages": [
        { "name": "build", "action": { "kind": "rename", "to": "Build and deploy" } },
        { "name": "Deploy", "action": { "kind": "merge_into_stage", "id": id } },
    ], "handoffs": [] } });
    let outcome: EditOutcome =
        serde_json::from_value(call(&backend, "apply_discovery", choices).unwrap()).unwrap();
    let (stages, handoffs) = drawn(&outcome.state);
    assert_eq!(stages, ["Analysis", "Build and deploy", "Test"]);
    // Build→Deploy is inside one stage now; Test→Deploy (2) and Test→Build (1) are one
    // handoff Test → Build and deploy with 3 moves.
    assert!(
        handoffs.contains(&"Test → Build and deploy: 3 moves".to_string()),
        "{handoffs:?}"
    );
    let t = table(&backend);
    assert_eq!(stage_of(&t, "Deploy").as_deref(), Some("Build and deploy"));
    assert_eq!(stage_of(&t, "Build").as_deref(), Some("Build and deploy"));
}

#[test]
fn choices_that_cannot_be_applied_are_refused_naming_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_file(dir.path());
    let backend = backend_for(dir.path(), EditSession::open(&file).unwrap());
    let apply = |stages: Value, handoffs: Value| {
        call(
            &backend,
            "apply_discovery",
            json!({ "choices": { "source": null, "min_count": null, "stages": stages, "handoffs": handoffs } }),
        )
        .unwrap_err()
    };
    let e = apply(
        json!([{ "name": "Nope", "action": { "kind": "drop" } }]),
        json!([]),
    );
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    assert!(e.message.contains("\"Nope\""), "{}", e.message);
    let e = apply(
        json!([
            { "name": "Test", "action": { "kind": "merge_into_proposed", "name": "Build" } },
            { "name": "Build", "action": { "kind": "merge_into_proposed", "name": "Test" } },
        ]),
        json!([]),
    );
    assert!(e.message.contains("circle"), "{}", e.message);
    let e = apply(
        json!([{ "name": "Test", "action": { "kind": "rename", "to": "  " } }]),
        json!([]),
    );
    assert!(e.message.contains("empty name"), "{}", e.message);
    let e = apply(
        json!([
            { "name": "Test", "action": { "kind": "merge_into_proposed", "name": "Build" } },
            { "name": "Build", "action": { "kind": "drop" } },
        ]),
        json!([]),
    );
    assert!(e.message.contains("which is dropped"), "{}", e.message);
    let drop_all: Vec<Value> = ["Analysis", "Build", "Test", "Deploy"]
        .iter()
        .map(|n| json!({ "name": n, "action": { "kind": "drop" } }))
        .collect();
    let e = apply(json!(drop_all), json!([]));
    assert!(e.message.contains("nothing to apply"), "{}", e.message);
    let e = apply(
        json!([]),
        json!([{ "from": "Deploy", "to": "Analysis", "keep": false }]),
    );
    assert!(e.message.contains("no proposed handoff"), "{}", e.message);
    // Nothing was applied by any of them.
    assert!(!state(&backend).can_undo);

    // A new map has no file, so no items to discover from.
    let unsaved = backend_for(dir.path(), EditSession::new_map());
    let e = call(&unsaved, "discover_preview", json!({})).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unsaved);
}
