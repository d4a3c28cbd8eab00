//! What-if on the demo map (a stream simulated with a queue and people per stage): the baseline
//! reproduces the measured figures within the stated tolerance, more people at the bottleneck
//! shorten its waiting and the flow time, and a future state made in the edit session (people,
//! a removed stage) is simulated by the window's path (`commands::dispatch`) and the CLI's
//! (`OpenMap`) alike.

use chrono::{DateTime, TimeZone, Utc};
use flowmap_api::wire::{Edit, StageChangeRequest, WhatIfRequest, WhatIfView};
use flowmap_api::{create_demo, EditSession, OpenMap};
use flowmap_core::Node;
use flowmap_metrics::whatif::REPRODUCTION_TOLERANCE;

/// The demo's last day.
fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap()
}

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 2000, 42).unwrap();
    (dir, path)
}

fn stage<'a>(v: &'a WhatIfView, name: &str) -> &'a flowmap_metrics::whatif::StageWhatIf {
    v.what_if.stages.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn the_baseline_reproduces_the_demo_and_more_testers_shorten_its_queue() {
    let (_dir, path) = demo();
    let open = OpenMap::open(&path).unwrap();
    let asked = |changes: Vec<StageChangeRequest>| {
        open.what_if(
            &WhatIfRequest {
                changes,
                ..WhatIfRequest::default()
            },
            as_of(),
        )
        .unwrap()
    };
    let base = asked(vec![]);
    let w = &base.what_if;
    assert!(w.items_compared > 300, "{}", w.items_compared);
    assert!(
        w.reproduction.within,
        "the baseline differs by {:.1} % on {}",
        w.reproduction.max_difference * 100.0,
        w.reproduction.worst_figure
    );
    assert_eq!(w.reproduction.tolerance, REPRODUCTION_TOLERANCE);
    // No change: the stream after is the baseline.
    assert_eq!(w.flow_time.after, w.flow_time.baseline);
    // Testing is the demo's bottleneck: its waiting is mostly queueing for its people.
    let testing = stage(&base, "Testing");
    assert!(testing.queueing_share > 0.5, "{}", testing.queueing_share);
    let more = asked(vec![StageChangeRequest {
        stage: "testing".into(),
        people: Some(testing.servers + 2),
        ..StageChangeRequest::default()
    }]);
    assert_eq!(
        more.changes,
        [format!("Testing: {} people", testing.servers + 2)]
    );
    let after = stage(&more, "Testing");
    assert_eq!(after.servers_after, testing.servers + 2);
    let (b, a) = (
        after.waiting.baseline.unwrap(),
        after.waiting.after.unwrap(),
    );
    assert!(a.p85_secs < b.p85_secs / 2.0, "Testing waits {b:?} → {a:?}");
    let (fb, fa) = (
        more.what_if.flow_time.baseline.unwrap(),
        more.what_if.flow_time.after.unwrap(),
    );
    assert!(fa.p85_secs < fb.p85_secs, "flow time {fb:?} → {fa:?}");
    // A stage that is not on the map is named with those that are.
    let err = open
        .what_if(
            &WhatIfRequest {
                changes: vec![StageChangeRequest {
                    stage: "QA".into(),
                    people: Some(3),
                    ..StageChangeRequest::default()
                }],
                ..WhatIfRequest::default()
            },
            as_of(),
        )
        .unwrap_err();
    assert!(
        err.message
            .starts_with("no stage is named \"QA\"; the map's stages: Request intake"),
        "{}",
        err.message
    );
}

#[test]
fn a_future_state_is_simulated_by_the_window_and_the_command_line_alike() {
    let (_dir, path) = demo();
    let mut s = EditSession::open(&path).unwrap();
    let future = s.create_future("More testers").unwrap();
    let doc = s.future_document(future).unwrap();
    let Some(Node::Stage(mut testing)) = doc
        .map
        .stages()
        .find(|st| st.name == "Testing")
        .cloned()
        .map(Node::Stage)
    else {
        panic!("Testing")
    };
    testing.estimates.people = Some(12);
    s.apply(Edit::UpdateNode {
        node: Node::Stage(testing),
    })
    .unwrap();
    s.save().unwrap();
    let request = WhatIfRequest {
        state: Some(future),
        ..WhatIfRequest::default()
    };
    let in_window = s.what_if(&request, as_of()).unwrap();
    assert_eq!(in_window.state_name.as_deref(), Some("More testers"));
    assert_eq!(in_window.changes, ["Testing: 12 people"]);
    assert_eq!(stage(&in_window, "Testing").servers_after, 12);
    let open = OpenMap::open(&path).unwrap();
    assert_eq!(open.future_state_id("more TESTERS").unwrap(), future);
    let from_file = open.what_if(&request, as_of()).unwrap();
    assert_eq!(from_file, in_window);
    let err = open.future_state_id("Q3").unwrap_err();
    assert_eq!(
        err.message,
        "no future state is named \"Q3\"; the map's future states: More testers"
    );
}

#[test]
fn a_map_without_items_is_told_what_the_what_if_needs() {
    let mut s = EditSession::new_map();
    let err = s.what_if(&WhatIfRequest::default(), as_of()).unwrap_err();
    assert_eq!(
        err.message,
        "the map has no measured items yet: the what-if replays them through the stream, so connect a source or import a log first"
    );
}
