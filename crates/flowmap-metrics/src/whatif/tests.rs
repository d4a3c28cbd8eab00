//! Hand-computed what-ifs on two items through Dev and QA (hours).

use super::*;
use crate::dataset::DatasetBuilder;
use flowmap_core::{
    Edge, EdgeId, Estimates, Handoff, Node, NodeId, Stage, StateCategory, StateMapping,
    ValueStreamMap,
};

const H: i64 = 3_600_000;

/// Dev ("Dev Queue" waiting, "Dev" active) → QA ("QA Queue" waiting, "QA" active).
fn map() -> ValueStreamMap {
    let stage = |n: u8, name: &str, states: &[&str]| {
        Node::Stage(Stage {
            id: NodeId::from_random_bytes([n; 16]),
            name: name.into(),
            team: None,
            tool: None,
            partner: None,
            states: states.iter().map(|s| s.to_string()).collect(),
            estimates: Estimates::default(),
        })
    };
    ValueStreamMap::from_parts(
        "what-if",
        [
            stage(1, "Dev", &["Dev Queue", "Dev"]),
            stage(2, "QA", &["QA Queue", "QA"]),
        ],
        [Edge::Handoff(Handoff {
            id: EdgeId::from_random_bytes([9; 16]),
            from: NodeId::from_random_bytes([1; 16]),
            to: NodeId::from_random_bytes([2; 16]),
            label: None,
        })],
    )
    .unwrap()
}

fn model(data: &Dataset) -> StageModel {
    use StateCategory::*;
    let mappings: Vec<StateMapping> = [
        ("Dev Queue", Waiting),
        ("Dev", Active),
        ("QA Queue", Waiting),
        ("QA", Active),
        ("Done", Done),
    ]
    .into_iter()
    .map(|(state, category)| StateMapping {
        source: "s".into(),
        state: state.into(),
        stage: None,
        category,
    })
    .collect();
    StageModel::new(&map(), &mappings, data).unwrap()
}

/// A: Dev 0–10, QA 10–15. B: waits for Dev 0–10, Dev 10–20, QA 20–25. One person in each
/// stage explains every wait.
fn two_items() -> Dataset {
    let mut b = DatasetBuilder::new();
    let items: [(&str, &[(i64, &str)]); 2] = [
        ("A", &[(0, "Dev"), (10, "QA"), (15, "Done")]),
        (
            "B",
            &[(0, "Dev Queue"), (10, "Dev"), (20, "QA"), (25, "Done")],
        ),
    ];
    for (key, changes) in items {
        let i = b.add_item("s", key, key, FlowItemType::Feature, 0).unwrap();
        for (at, to) in changes {
            b.add_transition(i as u64, at * H, None, to).unwrap();
        }
    }
    b.finish().unwrap()
}

fn ask(changes: Vec<StageChange>) -> WhatIf {
    let data = two_items();
    let q = WhatIfQuery {
        now: 30 * H,
        window_days: 1,
        flow_item_type: None,
        sources: vec![],
        changes,
    };
    what_if(&data, &model(&data), &q).unwrap()
}

/// p50 and p85 in hours.
fn hours(f: Option<Figures>) -> (f64, f64) {
    let f = f.expect("figures");
    (f.p50_secs / 3600.0, f.p85_secs / 3600.0)
}

#[test]
fn calibration_finds_one_person_per_stage_and_the_baseline_reproduces_the_data() {
    let w = ask(vec![]);
    assert_eq!(w.items_compared, 2);
    assert_eq!((w.stages[0].servers, w.stages[1].servers), (1, 1));
    assert_eq!(w.stages[0].queueing_share, 1.0);
    assert_eq!(hours(w.flow_time.measured), (15.0, 25.0));
    assert_eq!(w.flow_time.baseline, w.flow_time.measured);
    assert_eq!(w.flow_time.after, w.flow_time.measured);
    for s in &w.stages {
        assert_eq!(s.time.baseline, s.time.measured, "{}", s.name);
        assert_eq!(s.waiting.baseline, s.waiting.measured, "{}", s.name);
    }
    assert_eq!(w.reproduction.max_difference, 0.0);
    assert!(w.reproduction.within);
}

#[test]
fn a_second_person_in_dev_moves_the_queue_to_qa() {
    // Dev with two: both done at 10; QA takes A 10–15, B 15–20.
    let w = ask(vec![StageChange {
        stage: 0,
        people_before: Some(1),
        people_after: Some(2),
        ..StageChange::default()
    }]);
    assert_eq!(w.stages[0].servers_after, 2);
    assert_eq!(hours(w.flow_time.after), (15.0, 20.0));
    assert_eq!(hours(w.stages[0].time.after), (10.0, 10.0));
    assert_eq!(hours(w.stages[1].time.after), (5.0, 10.0));
    assert_eq!(hours(w.stages[1].waiting.after), (0.0, 5.0));
    assert_eq!(w.flow_time.after.unwrap().mean_secs, 17.5 * 3600.0);
}

#[test]
fn a_wip_limit_holds_the_item_in_the_stage_before() {
    // Dev with two, QA at most one item: B done in Dev at 10 waits there until A leaves QA.
    let w = ask(vec![
        StageChange {
            stage: 0,
            people_before: Some(1),
            people_after: Some(2),
            ..StageChange::default()
        },
        StageChange {
            stage: 1,
            wip_limit: Some(1),
            ..StageChange::default()
        },
    ]);
    assert_eq!(hours(w.flow_time.after), (15.0, 20.0));
    assert_eq!(hours(w.stages[0].time.after), (10.0, 15.0));
    assert_eq!(hours(w.stages[0].waiting.after), (0.0, 5.0));
    assert_eq!(hours(w.stages[1].time.after), (5.0, 5.0));
}

#[test]
fn a_batch_of_two_makes_the_first_item_wait_for_the_second() {
    let w = ask(vec![StageChange {
        stage: 1,
        batch_size: Some(2),
        ..StageChange::default()
    }]);
    assert_eq!(w.stages[1].batch_after, Some(2));
    assert_eq!(w.stages[1].batch_measured, 1.0);
    assert_eq!(hours(w.flow_time.after), (25.0, 25.0));
    assert_eq!(hours(w.stages[1].time.after), (5.0, 15.0));
}

#[test]
fn removing_the_handoff_gives_qa_work_to_the_one_dev() {
    // Dev's one person does QA's work too: A holds them 0–15, B 15–30.
    let w = ask(vec![StageChange {
        stage: 1,
        merge_into_previous: true,
        ..StageChange::default()
    }]);
    assert!(w.stages[1].merged_into_previous);
    assert_eq!(hours(w.flow_time.after), (15.0, 30.0));
    assert_eq!(hours(w.stages[0].time.after), (10.0, 25.0));
    assert_eq!(hours(w.stages[1].time.after), (5.0, 5.0));
    assert_eq!(hours(w.stages[1].waiting.after), (0.0, 0.0));
}

#[test]
fn bad_questions_are_refused_in_words() {
    let data = two_items();
    let m = model(&data);
    let mut q = WhatIfQuery {
        now: 30 * H,
        window_days: 0,
        flow_item_type: None,
        sources: vec![],
        changes: vec![],
    };
    assert_eq!(what_if(&data, &m, &q), Err(WhatIfError::EmptyWindow));
    q.window_days = 1;
    q.changes = vec![StageChange {
        stage: 5,
        ..StageChange::default()
    }];
    assert_eq!(what_if(&data, &m, &q), Err(WhatIfError::UnknownStage(5, 2)));
    q.changes.clear();
    q.now = 200 * H;
    assert_eq!(
        what_if(&data, &m, &q),
        Err(WhatIfError::NothingCompleted(1))
    );
}

#[test]
fn a_future_state_says_its_changes_in_words() {
    let data = two_items();
    let m = model(&data);
    let current = map();
    let qa = NodeId::from_random_bytes([2; 16]);
    // More people in QA, batches of 3 and a WIP limit of 2 there.
    let mut future = current.clone();
    let Some(Node::Stage(mut stage)) = future.node(qa).cloned() else {
        panic!("QA")
    };
    stage.estimates.people = Some(2);
    stage.estimates.batch_size = Some(3);
    stage.estimates.wip_limit = Some(2);
    future.update_node(Node::Stage(stage)).unwrap();
    let changes = future::changes_between(m.stages(), &current, &future);
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].words,
        ["QA: 2 people", "QA: WIP limit 2", "QA: batches of 3"]
    );
    let c = &changes[0].change;
    assert_eq!(
        (
            c.stage,
            c.people_before,
            c.people_after,
            c.wip_limit,
            c.batch_size
        ),
        (1, None, Some(2), Some(2), Some(3))
    );
    // The handoff Dev → QA removed: QA's work goes on after Dev only.
    let mut future = current.clone();
    future
        .remove_edge(EdgeId::from_random_bytes([9; 16]))
        .unwrap();
    let changes = future::changes_between(m.stages(), &current, &future);
    assert_eq!(
        changes[0].words,
        ["handoff Dev → QA removed: Dev goes on with QA's work"]
    );
    assert!(changes[0].change.merge_into_previous);
    assert_eq!(changes[0].change.merge_after, Some(0));
    // QA removed: its work goes to whatever stage comes before it.
    let mut future = current.clone();
    future.remove_node(qa).unwrap();
    let changes = future::changes_between(m.stages(), &current, &future);
    assert_eq!(
        changes[0].words,
        ["QA removed: its work is done by the stage before it, without a handoff"]
    );
    assert_eq!(changes[0].change.merge_after, None);
    // The same map: nothing changes.
    assert!(future::changes_between(m.stages(), &current, &current).is_empty());
}
