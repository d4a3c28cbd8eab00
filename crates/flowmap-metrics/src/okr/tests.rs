//! Key results measured on hand-built histories; every number worked out by hand below.

use super::*;
use crate::dataset::DatasetBuilder;
use flowmap_core::{
    Edge, Estimates, KeyResultId, Node, NodeId, Stage, StateCategory, StateMapping, ValueStreamMap,
};

/// 2026-01-05T00:00:00Z, a Monday: the key results' start.
const T: i64 = 1_767_571_200_000;

fn day(d: i64) -> i64 {
    T + d * DAY_MS
}

fn dev() -> NodeId {
    NodeId::from_random_bytes([1; 16])
}

fn map() -> ValueStreamMap {
    ValueStreamMap::from_parts(
        "okr",
        [Node::Stage(Stage {
            id: dev(),
            name: "Dev".into(),
            team: None,
            tool: None,
            partner: None,
            states: vec!["Dev Queue".into(), "Dev".into()],
            estimates: Estimates::default(),
        })],
        Vec::<Edge>::new(),
    )
    .unwrap()
}

fn mappings() -> Vec<StateMapping> {
    [
        ("Dev Queue", StateCategory::Waiting),
        ("Dev", StateCategory::Active),
        ("Done", StateCategory::Done),
    ]
    .into_iter()
    .map(|(state, category)| StateMapping {
        source: "jira".into(),
        state: state.into(),
        stage: None,
        category,
    })
    .collect()
}

/// Four features, each (queue entry, start of Dev, Done) in days from T:
/// A (−20, −18, −10): flow time 10 d, waiting 2 d; B (−5, −4, 3): 8 d, 1 d;
/// C (4, 7, 10): 6 d, 3 d; D (5, 6, 13): 8 d, 1 d; and E in the queue since day 12 (in
/// progress).
fn data() -> (Dataset, StageModel) {
    let mut b = DatasetBuilder::new();
    let items: [(&str, &[(i64, &str)]); 5] = [
        ("A", &[(-20, "Dev Queue"), (-18, "Dev"), (-10, "Done")]),
        ("B", &[(-5, "Dev Queue"), (-4, "Dev"), (3, "Done")]),
        ("C", &[(4, "Dev Queue"), (7, "Dev"), (10, "Done")]),
        ("D", &[(5, "Dev Queue"), (6, "Dev"), (13, "Done")]),
        ("E", &[(12, "Dev Queue")]),
    ];
    for (key, changes) in items {
        let ix = b
            .add_item("jira", key, key, FlowItemType::Feature, day(changes[0].0))
            .unwrap();
        for (d, state) in changes {
            b.add_transition(ix as u64, day(*d), None, state).unwrap();
        }
    }
    let data = b.finish().unwrap();
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    (data, model)
}

fn kr(figure: KrFigure, baseline: f64, target: f64) -> KeyResult {
    KeyResult {
        id: KeyResultId::from_random_bytes([2; 16]),
        objective: "Predictable delivery".into(),
        name: "Faster features".into(),
        figure,
        flow_item_type: Some(FlowItemType::Feature),
        stage: figure.needs_stage().then(dev),
        baseline,
        target,
        start: instant(day(0)),
        due: instant(day(28)),
        owner: "Dana".into(),
    }
}

const D: f64 = 86_400.0;

#[test]
fn flow_time_p50_week_by_week_against_its_path() {
    let (data, model) = data();
    // Measured on day 14: points on days 0, 7 and 14, each over the 28 days before it.
    // Day 0, [−28, 0): A (10 d) → p50 10 d. Day 7, [−21, 7): A, B → [8, 10], rank ⌈0.5·2⌉ = 1:
    // 8 d. Day 14, [−14, 14): A, B, C, D → [6, 8, 8, 10], rank 2: 8 d.
    let p = measure(
        &data,
        &model,
        &kr(KrFigure::FlowTimeP50, 10.0 * D, 6.0 * D),
        day(14),
    );
    let values: Vec<Option<f64>> = p.points.iter().map(|p| p.value.map(|v| v / D)).collect();
    assert_eq!(values, [Some(10.0), Some(8.0), Some(8.0)]);
    // The path runs from 10 d on day 0 to 6 d on day 28: 9 d on day 7, 8 d on day 14.
    let path: Vec<f64> = p.points.iter().map(|p| p.path / D).collect();
    assert_eq!(path, [10.0, 9.0, 8.0]);
    assert_eq!(p.points[1].at, instant(day(7)));
    // Progress (8 − 10) ÷ (6 − 10) = 0.5; half the time gone: on track.
    assert_eq!(p.current, Some(8.0 * D));
    assert_eq!(p.progress, Some(0.5));
    assert_eq!(p.expected, 0.5);
    assert_eq!(p.status, KrStatus::OnTrack);
    assert_eq!(p.reason, "on track: 50 % of the way, 50 % of the time gone");
}

#[test]
fn a_stage_waiting_time_velocity_and_load() {
    let (data, model) = data();
    // Day 14: waiting in Dev of A, B, C, D = [1, 1, 2, 3] d; p85 rank ⌈0.85·4⌉ = 4: 3 d.
    let waiting = measure(
        &data,
        &model,
        &kr(KrFigure::StageWaitingP85, 4.0 * D, 2.0 * D),
        day(14),
    );
    assert_eq!(waiting.current, Some(3.0 * D));
    // (3 − 4) ÷ (2 − 4) = 0.5: on track.
    assert_eq!(waiting.status, KrStatus::OnTrack);
    // Four completed in 28 days: one a week. From 0.5 to 2 a week: (1 − 0.5) ÷ 1.5 = ⅓, half
    // the time gone: 17 points behind, at risk.
    let velocity = measure(
        &data,
        &model,
        &kr(KrFigure::FlowVelocity, 0.5, 2.0),
        day(14),
    );
    assert_eq!(velocity.current, Some(1.0));
    assert_eq!(velocity.status, KrStatus::AtRisk);
    // In progress on day 14: E. From 4 to 0, with 1 left: ¾ of the way.
    let load = measure(&data, &model, &kr(KrFigure::FlowLoad, 4.0, 0.0), day(14));
    assert_eq!(load.current, Some(1.0));
    assert_eq!(load.progress, Some(0.75));
}

#[test]
fn the_status_rule_at_its_edges() {
    let k = kr(KrFigure::FlowTimeP85, 10.0 * D, 6.0 * D);
    let s = |p: f64, e: f64, due: bool| status(&k, Some(p), e, due).0;
    assert_eq!(s(0.5, 0.5, false), KrStatus::OnTrack);
    assert_eq!(s(0.25, 0.5, false), KrStatus::AtRisk);
    assert_eq!(s(0.24, 0.5, false), KrStatus::OffTrack);
    assert_eq!(s(1.0, 1.0, true), KrStatus::Achieved);
    assert_eq!(s(0.99, 1.0, true), KrStatus::Missed);
    assert_eq!(status(&k, None, 0.5, false).0, KrStatus::NoData);
    assert_eq!(
        status(&k, Some(-0.001), 0.61, false).1,
        "off track: 0 % of the way, 61 % of the time gone (more than 25 points behind)"
    );
    // Worse than the baseline is negative progress.
    assert_eq!(progress_of(&k, 12.0 * D), -0.5);
    // Holding a figure: at or better than the target.
    let hold = kr(KrFigure::FlowTimeP85, 6.0 * D, 6.0 * D);
    assert_eq!(progress_of(&hold, 5.0 * D), 1.0);
    assert_eq!(progress_of(&hold, 7.0 * D), 0.0);
    let hold_up = kr(KrFigure::FlowEfficiency, 0.3, 0.3);
    assert_eq!(progress_of(&hold_up, 0.35), 1.0);
}

#[test]
fn after_the_due_date_before_the_start_and_without_its_stage() {
    let (data, model) = data();
    // Measured long after the due date: points stop at day 28 (0, 7, 14, 21, 28).
    let late = measure(
        &data,
        &model,
        &kr(KrFigure::FlowTimeP50, 10.0 * D, 6.0 * D),
        day(60),
    );
    assert_eq!(late.points.len(), 5);
    assert_eq!(late.points.last().unwrap().at, instant(day(28)));
    // Day 28, [0, 28): B, C, D → [6, 8, 8] → p50 8 d: (8 − 10) ÷ (6 − 10) = 50 %: missed.
    assert_eq!(late.current, Some(8.0 * D));
    assert_eq!(late.status, KrStatus::Missed);
    assert_eq!(late.reason, "missed: 50 % of the way at the due date");
    let early = measure(
        &data,
        &model,
        &kr(KrFigure::FlowTimeP50, 10.0 * D, 6.0 * D),
        day(-3),
    );
    assert_eq!(early.status, KrStatus::NotStarted);
    assert!(early.points.is_empty());
    let mut gone = kr(KrFigure::StageWaitingP50, 2.0 * D, 1.0 * D);
    gone.stage = Some(NodeId::from_random_bytes([9; 16]));
    let p = measure(&data, &model, &gone, day(14));
    assert_eq!(p.status, KrStatus::StageMissing);
    assert!(p.reason.contains("no longer on the map"), "{}", p.reason);
}

#[test]
fn end_to_end_flow_time_over_the_roots_that_finished_in_each_window() {
    let (data, model) = data();
    // Roots finished on days −30 (20 d), −3 (12 d), 5 (9 d, a defect), 6 (15 d), 13 (10 d).
    let root = |end: i64, days: i64, flow_item_type| FinishedRoot {
        end: day(end),
        end_to_end_ms: days * DAY_MS,
        flow_item_type,
    };
    let roots = [
        root(-30, 20, FlowItemType::Feature),
        root(-3, 12, FlowItemType::Feature),
        root(5, 9, FlowItemType::Defect),
        root(6, 15, FlowItemType::Feature),
        root(13, 10, FlowItemType::Feature),
    ];
    // Features only. Day 0, (−28, 0]: 12 d → p85 12 d. Day 7, (−21, 7]: 12, 15 → rank
    // ⌈0.85·2⌉ = 2: 15 d. Day 14, (−14, 14]: 12, 15, 10 → [10, 12, 15], rank 3: 15 d.
    let k = kr(KrFigure::EndToEndP85, 20.0 * D, 10.0 * D);
    let p = measure_with(&data, &model, &k, day(14), &roots);
    let values: Vec<Option<f64>> = p.points.iter().map(|x| x.value).collect();
    assert_eq!(values, [Some(12.0 * D), Some(15.0 * D), Some(15.0 * D)]);
    // p50 on day 14: [10, 12, 15], rank 2: 12 d; with every type, [9, 10, 12, 15] → 10 d.
    let k50 = kr(KrFigure::EndToEndP50, 20.0 * D, 10.0 * D);
    let p = measure_with(&data, &model, &k50, day(14), &roots);
    assert_eq!(p.current, Some(12.0 * D));
    let any = KeyResult {
        flow_item_type: None,
        ..k50
    };
    assert_eq!(
        measure_with(&data, &model, &any, day(14), &roots).current,
        Some(10.0 * D)
    );
    // Without roots (no links in the file): no value, said as no data.
    let p = measure(&data, &model, &k, day(14));
    assert_eq!(p.current, None);
    assert_eq!(p.status, KrStatus::NoData);
}
