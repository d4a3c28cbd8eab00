//! Hand-computed fixtures. Every expected number below was worked out by hand from the item
//! histories in `fixture()`; the derivations are in the comments.

use flowmap_core::*;
use flowmap_metrics::*;

const H: i64 = 3_600_000;
/// 2026-01-01T00:00:00Z
const T0: i64 = 1_767_225_600_000;

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}

fn stage(n: u8, name: &str, states: &[&str]) -> Node {
    Node::Stage(Stage {
        id: nid(n),
        name: name.into(),
        team: None,
        tool: None,
        partner: None,
        states: states.iter().map(|s| s.to_string()).collect(),
        estimates: Estimates::default(),
    })
}

fn handoff(n: u8, a: u8, b: u8) -> Edge {
    Edge::Handoff(Handoff {
        id: EdgeId::from_random_bytes([n; 16]),
        from: nid(a),
        to: nid(b),
        label: None,
    })
}

/// Dev (A) → QA (B) → Release (C), with QA → Dev as a rework loop.
fn map() -> ValueStreamMap {
    ValueStreamMap::from_parts(
        "fixture",
        [
            stage(1, "Dev", &["Dev Queue", "Dev"]),
            stage(2, "QA", &["QA Queue", "QA"]),
            stage(3, "Release", &["Ready", "Deploy"]),
        ],
        [handoff(11, 1, 2), handoff(12, 2, 3), handoff(13, 2, 1)],
    )
    .unwrap()
}

fn mappings() -> Vec<StateMapping> {
    use StateCategory::*;
    [
        ("Backlog", New),
        ("Dev Queue", Waiting),
        ("Dev", Active),
        ("QA Queue", Waiting),
        ("QA", Active),
        ("Ready", Waiting),
        ("Deploy", Active),
        ("Done", Done),
        ("Won't Do", Canceled),
        ("Waiting for Vendor", Waiting),
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

type Spec = (
    &'static str,
    FlowItemType,
    i64,
    &'static [(i64, &'static str)],
    &'static [usize],
);

/// Items: (key, type, created hour, [(hour, state)] in the order they happened, the order the
/// transitions are handed to the builder — empty: as listed). Each transition's from-state is
/// the state before it. Item 6 is given out of order, item 8's two transitions at the same
/// instant in reverse.
fn fixture_items() -> Vec<Spec> {
    use FlowItemType::*;
    vec![
        // 1: straight through. Flow time 34-10 = 24 h; active 8+2+1 = 11, waiting 2+10+1 = 13.
        (
            "I-1",
            Feature,
            0,
            &[
                (0, "Backlog"),
                (10, "Dev Queue"),
                (12, "Dev"),
                (20, "QA Queue"),
                (30, "QA"),
                (32, "Ready"),
                (33, "Deploy"),
                (34, "Done"),
            ],
            &[],
        ),
        // 2: rework QA → Dev, skips Release. Flow 18; active 4+2+4+2 = 12, waiting 1+4+1 = 6.
        (
            "I-2",
            Defect,
            0,
            &[
                (0, "Dev Queue"),
                (1, "Dev"),
                (5, "QA Queue"),
                (9, "QA"),
                (11, "Dev"),
                (15, "QA Queue"),
                (16, "QA"),
                (18, "Done"),
            ],
            &[],
        ),
        // 3: canceled after 6 h in Dev.
        (
            "I-3",
            Feature,
            0,
            &[(0, "Dev Queue"), (2, "Dev"), (6, "Won't Do")],
            &[],
        ),
        // 4: in flight at now = 50 h, waiting in QA since 30 h.
        (
            "I-4",
            Risk,
            20,
            &[(20, "Dev Queue"), (22, "Dev"), (30, "QA Queue")],
            &[],
        ),
        // 5: created already done.
        ("I-5", Debt, 5, &[(5, "Done")], &[]),
        // 6: reopened; given out of order. Completed at the last entry into Done (12 h).
        (
            "I-6",
            Feature,
            0,
            &[
                (0, "Dev Queue"),
                (1, "Dev"),
                (3, "Done"),
                (10, "Dev"),
                (12, "Done"),
            ],
            &[3, 0, 4, 2, 1],
        ),
        // 7: waits 5 h in a state no stage claims.
        (
            "I-7",
            Feature,
            0,
            &[
                (0, "Dev Queue"),
                (2, "Waiting for Vendor"),
                (7, "Dev"),
                (9, "Done"),
            ],
            &[],
        ),
        // 8: two transitions at 4 h, given in reverse.
        (
            "I-8",
            Feature,
            0,
            &[
                (0, "Dev Queue"),
                (1, "Dev"),
                (4, "QA Queue"),
                (4, "QA"),
                (6, "Done"),
            ],
            &[0, 1, 3, 2, 4],
        ),
    ]
}

fn dataset(items: &[Spec]) -> Dataset {
    let mut b = DatasetBuilder::new();
    for (key, ty, created, ts, given) in items {
        let ix = b
            .add_item("jira", key, &format!("Title {key}"), *ty, T0 + created * H)
            .unwrap();
        let order: Vec<usize> = if given.is_empty() {
            (0..ts.len()).collect()
        } else {
            given.to_vec()
        };
        for pos in order {
            let (h, state) = ts[pos];
            let from = (pos > 0).then(|| ts[pos - 1].1);
            b.add_transition(ix as u64, T0 + h * H, from, state)
                .unwrap();
        }
    }
    b.finish().unwrap()
}

fn metrics(window: WindowKind, from: Option<i64>, to: Option<i64>) -> Metrics {
    let data = dataset(&fixture_items());
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    compute(
        &data,
        &model,
        &Query {
            now: T0 + 50 * H,
            from: from.map(|h| T0 + h * H),
            to: to.map(|h| T0 + h * H),
            window,
            include_points: true,
            ..Query::all_time(0)
        },
    )
    .unwrap()
}

fn hours(secs: Option<f64>) -> f64 {
    secs.expect("a value") / 3600.0
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn item_counts() {
    let m = metrics(WindowKind::Completed, None, None);
    // Completed: 1, 2, 5, 6, 7, 8. Canceled: 3. In flight: 4.
    assert_eq!(m.items.completed, 6);
    assert_eq!(m.items.canceled, 1);
    assert_eq!(m.items.in_flight, 1);
    assert_eq!(m.items.completed_without_work_start, 1);
    assert_eq!(m.items.in_scope, 7);
}

#[test]
fn flow_time() {
    let m = metrics(WindowKind::Completed, None, None);
    // Flow times 24, 18, 12, 9, 6 h (item 5 has none): sorted 6 9 12 18 24.
    let f = &m.flow_time;
    assert_eq!(f.count, 5);
    assert_eq!(hours(f.p50), 12.0); // rank ⌈2.5⌉ = 3
    assert_eq!(hours(f.p85), 24.0); // rank ⌈4.25⌉ = 5
    assert_eq!(hours(f.p95), 24.0);
    assert!(close(hours(f.mean), 13.8));
    assert_eq!(hours(f.max), 24.0);
}

#[test]
fn flow_efficiency() {
    let m = metrics(WindowKind::Completed, None, None);
    // Σ active = 11+12+4+2+5 = 34; Σ (active + waiting) = 24+18+5+9+6 = 62.
    assert!(close(m.flow_efficiency.aggregate.unwrap(), 34.0 / 62.0));
    // Per item: 11/24, 12/18, 4/5, 2/9, 5/6 → sorted 0.222 0.458 0.667 0.8 0.833.
    let d = &m.flow_efficiency.per_item;
    assert_eq!(d.count, 5);
    assert!(close(d.p50.unwrap(), 12.0 / 18.0));
    assert!(close(d.max.unwrap(), 5.0 / 6.0));
}

#[test]
fn stage_time_counts_every_reentry() {
    let m = metrics(WindowKind::Completed, None, None);
    let dev = &m.stages[0];
    assert_eq!(dev.name, "Dev");
    // Items 1,2,3,6,7,8: totals 10, 9, 6, 5, 4, 4 h (item 2: 1+4+4; item 6: 1+2+2; item 7: 2+2).
    assert_eq!(dev.entered, 6);
    assert_eq!(dev.time.count, 6);
    assert_eq!(hours(dev.time.p50), 5.0); // sorted 4 4 5 6 9 10, rank 3
    assert_eq!(hours(dev.time.p85), 10.0); // rank ⌈5.1⌉ = 6
    assert!(close(hours(dev.time.mean), 38.0 / 6.0));
    assert!(close(dev.waiting_total_secs / 3600.0, 9.0));
    assert!(close(dev.active_total_secs / 3600.0, 29.0));
    // Waiting share and efficiency: 9 h and 29 h of 38 h.
    assert!(close(dev.waiting_share.unwrap(), 9.0 / 38.0));
    assert!(close(dev.efficiency.unwrap(), 29.0 / 38.0));
    // Re-entered: items 2, 6, 7.
    assert!(close(dev.reentry_rate.unwrap(), 0.5));
    // Left forward and never came back: items 1 and 8, of the 6 that left.
    assert!(close(dev.complete_accurate.unwrap(), 2.0 / 6.0));
    // Left forward: 1, 2, 6 (to Done), 7 (to Done), 8.
    assert_eq!(dev.throughput, 5);

    let qa = &m.stages[1];
    // Items 1 (10 W + 2 A), 2 (5 W + 4 A), 8 (0 W + 2 A).
    assert_eq!(qa.entered, 3);
    assert_eq!(hours(qa.time.p50), 9.0);
    assert!(close(qa.waiting_total_secs / 3600.0, 15.0));
    assert!(close(qa.complete_accurate.unwrap(), 2.0 / 3.0));
    assert!(close(qa.reentry_rate.unwrap(), 1.0 / 3.0));
}

#[test]
fn bottleneck_is_the_biggest_share_of_waiting() {
    let m = metrics(WindowKind::Completed, None, None);
    // Waiting: Dev 9, QA 15, Release 1, unmapped 5 → 30 h in all.
    let by_name = |n: &str| m.stages.iter().find(|s| s.name == n).unwrap();
    assert!(close(by_name("QA").bottleneck_score, 0.5));
    assert!(close(by_name("Dev").bottleneck_score, 0.3));
    assert!(close(by_name("Release").bottleneck_score, 1.0 / 30.0));
    assert!(close(m.unmapped_waiting_share, 5.0 / 30.0));
    assert_eq!(m.bottlenecks, vec![nid(2), nid(1), nid(3)]);
    assert_eq!(by_name("QA").bottleneck_rank, 1);
}

#[test]
fn aging_work_in_progress() {
    let m = metrics(WindowKind::Completed, None, None);
    let qa = &m.stages[1];
    assert_eq!(qa.inside_now, 1);
    let item = &qa.aging[0];
    assert_eq!(item.key, "I-4");
    assert_eq!(item.state, "QA Queue");
    assert_eq!(item.age_in_stage_secs / 3600.0, 20.0);
    assert_eq!(item.age_since_start_secs.unwrap() / 3600.0, 30.0);
}

#[test]
fn flow_load() {
    let m = metrics(WindowKind::Completed, None, None);
    // In progress: 24 + 18 + 6 + 30 + 5 + 9 + 6 = 98 h over 50 h.
    assert!(close(m.flow_load.average, 98.0 / 50.0));
    assert_eq!(m.flow_load.current, 1);
    let daily: Vec<u64> = m.flow_load.daily.iter().map(|p| p.load).collect();
    // At 0 h: items 2, 3, 6, 7, 8. At 24 h: 1, 4. At 48 h: 4.
    assert_eq!(daily, vec![5, 2, 1]);
}

#[test]
fn velocity_and_distribution() {
    let m = metrics(WindowKind::Completed, None, None);
    let weeks = &m.flow_velocity.weekly;
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0].label, "2026-W01");
    assert_eq!(weeks[0].start.to_rfc3339(), "2025-12-29T00:00:00+00:00");
    let c = &weeks[0].completed;
    assert_eq!(
        (c.feature, c.defect, c.risk, c.debt, c.total),
        (4, 1, 0, 1, 6)
    );
    assert_eq!(m.flow_velocity.quarterly[0].label, "2026-Q1");
    assert!(close(m.flow_distribution.completed.feature, 4.0 / 6.0));
    assert_eq!(m.flow_distribution.in_progress.counts.risk, 1);
    assert!(close(m.flow_distribution.in_progress.risk, 1.0));
}

#[test]
fn timeline_ladder() {
    let m = metrics(WindowKind::Completed, None, None);
    let l = &m.ladder;
    assert_eq!(l.basis, "p50");
    // The path carries the most item moves: Dev → QA 4 (items 1, 8, and 2 twice), QA →
    // Release 1; QA → Dev is rework, set aside.
    assert_eq!(l.path_basis, "items");
    let names: Vec<&str> = l.rungs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Dev", "QA", "Release"]);
    let moves: Vec<Option<u64>> = l.rungs.iter().map(|r| r.moves_in).collect();
    assert_eq!(moves, [None, Some(4), Some(1)]);
    // p50 (rank ⌈n/2⌉). Dev, items 1 2 3 6 7 8: time 10 9 6 5 4 4 → sorted 4 4 5 6 9 10, p50
    // 5 h; active 8 8 4 4 2 3 → 2 3 4 4 8 8, p50 4 h. QA, items 1 2 8: time 12 9 2 → 9 h,
    // active 2 4 2 → 2 h. Release, item 1: time 2 h, active 1 h.
    let pt: Vec<f64> = l
        .rungs
        .iter()
        .map(|r| hours(r.process_time.value))
        .collect();
    let lt: Vec<f64> = l.rungs.iter().map(|r| hours(r.lead_time.value)).collect();
    assert_eq!(pt, [4.0, 2.0, 1.0]);
    assert_eq!(lt, [5.0, 9.0, 2.0]);
    assert_eq!(hours(l.rungs[1].waiting_secs), 7.0);
    // The same statistic as the stage panel's p50s.
    assert_eq!(l.rungs[1].lead_time.value, m.stages[1].time.p50);
    assert_eq!(l.total_process_secs / 3600.0, 7.0);
    assert_eq!(l.total_lead_secs / 3600.0, 16.0);
    assert!(close(l.activity_ratio.unwrap(), 7.0 / 16.0));
    // %C&A: 1/3 × 2/3 × 1 over the three rungs.
    assert!(close(l.rolled_complete_accurate.unwrap(), 2.0 / 9.0));
    assert_eq!(
        (
            l.rolled_complete_accurate_rungs,
            l.rungs_without_complete_accurate
        ),
        (3, 0)
    );
    assert_eq!(l.measured_rungs, 3);
    assert!(l
        .rungs
        .iter()
        .all(|r| r.source == FigureSource::Measured && r.reason.is_none()));
    assert_eq!(l.with_estimates, None);
}

/// The fixture's map with workshop estimates on every stage (process, lead in hours; %C&A), and
/// a stage Review after Dev that no item ever entered, estimated at 100 h.
fn estimated_map() -> ValueStreamMap {
    let est = |n: u8, name: &str, states: &[&str], pt: i64, lt: i64, ca: f64| {
        let Node::Stage(mut s) = stage(n, name, states) else {
            unreachable!()
        };
        s.estimates = Estimates {
            process_time_secs: Some(pt * 3600),
            lead_time_secs: Some(lt * 3600),
            complete_accurate: Some(ca),
            ..Default::default()
        };
        Node::Stage(s)
    };
    ValueStreamMap::from_parts(
        "estimated",
        [
            est(1, "Dev", &["Dev Queue", "Dev"], 3, 6, 0.5),
            est(2, "QA", &["QA Queue", "QA"], 1, 4, 0.5),
            est(3, "Release", &["Ready", "Deploy"], 1, 2, 0.9),
            est(4, "Review", &["Review"], 20, 100, 0.9),
        ],
        [
            handoff(11, 1, 2),
            handoff(12, 2, 3),
            handoff(13, 2, 1),
            handoff(14, 1, 4),
        ],
    )
    .unwrap()
}

fn ladder_of(kind: WindowKind, ty: Option<FlowItemType>) -> Ladder {
    let data = dataset(&fixture_items());
    let model = StageModel::new(&estimated_map(), &mappings(), &data).unwrap();
    let mut q = Query::all_time(T0 + 50 * H);
    q.window = kind;
    q.flow_item_type = ty;
    compute(&data, &model, &q).unwrap().ladder
}

#[test]
fn the_ladder_follows_items_and_never_mixes_estimates_into_measured_totals() {
    // By lead time with estimates, Dev → Review (100 h) would win; no item went there.
    let l = ladder_of(WindowKind::Completed, None);
    let names: Vec<&str> = l.rungs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Dev", "QA", "Release"]);
    assert_eq!(l.total_lead_secs / 3600.0, 16.0);
    assert_eq!(l.with_estimates, None);
    // Defects (item 2 only): Dev → QA twice, nothing to Release. Dev: time 9, active 8; QA:
    // time 9, active 4. %C&A measured 0 on both (item 2 went back to Dev, and entered Dev
    // twice), and said so.
    let l = ladder_of(WindowKind::Completed, Some(FlowItemType::Defect));
    let names: Vec<&str> = l.rungs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Dev", "QA"]);
    assert_eq!(l.total_lead_secs / 3600.0, 18.0);
    assert_eq!(l.total_process_secs / 3600.0, 12.0);
    assert_eq!(l.rolled_complete_accurate, Some(0.0));
    assert!(l.rungs[0]
        .reason
        .as_deref()
        .unwrap()
        .starts_with("%C&A 0 %"));
}

#[test]
fn a_rung_without_ca_data_is_left_out_of_the_rolled_ca_and_says_why() {
    // Risks during the window: item 4 only, Dev Queue 20→22, Dev 22→30, QA Queue 30→now (50).
    // Dev: time 10, active 8, left forward once: %C&A 1. QA: time 20, active 0, never left.
    let l = ladder_of(WindowKind::During, Some(FlowItemType::Risk));
    let names: Vec<&str> = l.rungs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Dev", "QA"]);
    assert_eq!(l.total_lead_secs / 3600.0, 30.0);
    assert_eq!(l.total_process_secs / 3600.0, 8.0);
    // Rolled over the one rung with data, not 0: the QA estimate is not mixed in.
    assert_eq!(l.rolled_complete_accurate, Some(1.0));
    assert_eq!(
        (
            l.rolled_complete_accurate_rungs,
            l.rungs_without_complete_accurate
        ),
        (1, 1)
    );
    let qa = &l.rungs[1];
    assert_eq!(qa.complete_accurate.source, FigureSource::Estimate);
    assert_eq!(
        qa.reason.as_deref(),
        Some(
            "process time 0: most items had no Active time in the stage; no %C&A data: no item \
             left the stage in this window (workshop estimate shown)"
        )
    );
    // The estimate-filled totals stand apart: %C&A 1 × 0.5.
    let filled = l.with_estimates.unwrap();
    assert_eq!(filled.rolled_complete_accurate, Some(0.5));
    assert_eq!(filled.total_lead_secs / 3600.0, 30.0);
}

#[test]
fn with_no_items_the_ladder_is_the_workshop_estimate_marked_as_such() {
    // Risks completed: none. The path is the longest by estimated lead time: Dev → Review
    // (6 + 100 h); every rung is an estimate, and the measured totals stay empty.
    let l = ladder_of(WindowKind::Completed, Some(FlowItemType::Risk));
    assert_eq!(l.path_basis, "lead_time");
    let names: Vec<&str> = l.rungs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Dev", "Review"]);
    assert!(l.rungs.iter().all(|r| r.source == FigureSource::Estimate));
    assert_eq!(
        l.rungs[0].reason.as_deref(),
        Some("no items in this window: workshop estimates shown")
    );
    assert_eq!(
        (l.measured_rungs, l.total_lead_secs, l.activity_ratio),
        (0, 0.0, None)
    );
    assert_eq!(l.rolled_complete_accurate, None);
    let filled = l.with_estimates.unwrap();
    assert_eq!(filled.total_lead_secs / 3600.0, 106.0);
    assert_eq!(filled.total_process_secs / 3600.0, 23.0);
    assert!(close(filled.rolled_complete_accurate.unwrap(), 0.45));
}

#[test]
fn littles_law() {
    let m = metrics(WindowKind::Completed, None, None);
    let days = 50.0 / 24.0;
    let lambda = 6.0 / days;
    let w = 13.8 / 24.0;
    let ll = &m.littles_law;
    assert!(close(ll.throughput_per_day, lambda));
    assert!(close(ll.average_flow_time_days.unwrap(), w));
    assert!(close(ll.ratio.unwrap(), (98.0 / 50.0) / (lambda * w)));
}

#[test]
fn unmapped_states_are_reported_with_items_and_time() {
    let m = metrics(WindowKind::Completed, None, None);
    assert_eq!(m.unmapped_states.len(), 1);
    let u = &m.unmapped_states[0];
    assert_eq!((u.state.as_str(), u.items), ("Waiting for Vendor", 1));
    assert_eq!(u.time_secs, 5.0 * 3600.0);
}

#[test]
fn the_during_window_clips_intervals() {
    let m = metrics(WindowKind::During, Some(10), Some(20));
    let dev = &m.stages[0];
    // In [10 h, 20 h): item 1 waits 2 h and works 8 h in Dev; item 2 works 4 h; item 6 works 2 h.
    assert!(close(dev.waiting_total_secs / 3600.0, 2.0));
    assert!(close(dev.active_total_secs / 3600.0, 14.0));
    let qa = &m.stages[1];
    // Item 2: QA 10→11 (1 A), QA Queue 15→16 (1 W), QA 16→18 (2 A).
    assert!(close(qa.waiting_total_secs / 3600.0, 1.0));
    assert!(close(qa.active_total_secs / 3600.0, 3.0));
    assert!(close(dev.bottleneck_score, 2.0 / 3.0));
    // Completed in [10, 20): items 2 (18 h) and 6 (12 h).
    assert_eq!(m.items.completed, 2);
    assert_eq!(m.window.kind, WindowKind::During);
}

#[test]
fn the_completed_window_selects_items_by_completion() {
    // [10 h, 20 h): items 2 and 6 complete; item 8 completed at 6 h and item 1 at 34 h do not.
    let m = metrics(WindowKind::Completed, Some(10), Some(20));
    assert_eq!(m.items.completed, 2);
    assert_eq!(m.flow_time.count, 2);
    assert_eq!(hours(m.flow_time.max), 18.0);
}

#[test]
fn an_empty_window_gives_empty_figures() {
    let m = metrics(WindowKind::Completed, Some(100), Some(200));
    assert_eq!(m.items.completed, 0);
    assert_eq!(m.flow_time, Distribution::default());
    assert_eq!(m.flow_efficiency.aggregate, None);
    assert!(m
        .stages
        .iter()
        .all(|s| s.entered == 0 && s.bottleneck_score == 0.0));
    assert!(m.flow_velocity.weekly.is_empty());
}

#[test]
fn the_flow_item_type_filter() {
    let data = dataset(&fixture_items());
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    let mut q = Query::all_time(T0 + 50 * H);
    q.flow_item_type = Some(FlowItemType::Defect);
    let m = compute(&data, &model, &q).unwrap();
    assert_eq!(m.items.completed, 1);
    assert_eq!(hours(m.flow_time.p50), 18.0);
    assert_eq!(m.window.flow_item_type, Some(FlowItemType::Defect));
}

#[test]
fn an_earlier_now_reads_the_map_as_it_stood() {
    // At 15 h: item 1 waits in QA Queue? No: it entered QA Queue at 20 h; at 15 h it is in Dev.
    let data = dataset(&fixture_items());
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    let m = compute(&data, &model, &Query::all_time(T0 + 15 * H)).unwrap();
    let dev = &m.stages[0];
    let keys: Vec<&str> = dev.aging.iter().map(|a| a.key.as_str()).collect();
    // In Dev at 15 h: item 1 (since 10 h), item 7 (Waiting for Vendor until 7 h, Dev 7→9: done).
    assert_eq!(keys, ["I-1"]);
    assert_eq!(dev.aging[0].age_in_stage_secs / 3600.0, 5.0);
    // QA at 15 h: item 2 in QA Queue since 15 h.
    assert_eq!(m.stages[1].aging[0].key, "I-2");
}

#[test]
fn bad_windows_are_refused_with_the_arguments_named() {
    let data = dataset(&fixture_items());
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    let mut q = Query::all_time(T0 + 50 * H);
    q.from = Some(T0 + 20 * H);
    q.to = Some(T0 + 10 * H);
    let err = compute(&data, &model, &q).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the window is empty: from (2026-01-01T20:00:00+00:00) is not before to (2026-01-01T10:00:00+00:00)"
    );
}

#[test]
fn a_state_in_two_stages_is_an_error_naming_it() {
    let map = ValueStreamMap::from_parts(
        "m",
        [
            stage(1, "Dev", &["Dev", "Review"]),
            stage(2, "QA", &["Review", "QA"]),
        ],
        [],
    )
    .unwrap();
    let data = dataset(&[(
        "X-1",
        FlowItemType::Feature,
        0,
        &[(0, "Dev"), (1, "Review")],
        &[],
    )]);
    let err = StageModel::new(&map, &[], &data).unwrap_err();
    assert_eq!(
        err.to_string(),
        "state \"Review\" of source \"jira\" belongs to 2 stages (\"Dev\", \"QA\"); a state must belong to one stage: remove it from all but one, or set its stage with `flowmap mapping FILE set`"
    );
}

#[test]
fn per_stage_load() {
    let m = metrics(WindowKind::Completed, None, None);
    let qa = &m.stages[1];
    // In QA (Waiting or Active there): item 1 20→32, item 2 5→11 and 15→18, item 4 30→50,
    // item 8 4→6: 12 + 6 + 3 + 20 + 2 = 43 h over 50 h.
    assert!(close(qa.load_average, 43.0 / 50.0));
    assert_eq!(qa.load_current, 1);
    let daily: Vec<u64> = qa.load_daily.iter().map(|p| p.load).collect();
    // At 0 h: nobody. At 24 h: item 1 (QA 20→32). At 48 h: item 4.
    assert_eq!(daily, vec![0, 1, 1]);
}

#[test]
fn waits_after_handoffs() {
    let m = metrics(WindowKind::Completed, None, None);
    let wait = |from: u8, to: u8| {
        m.handoffs
            .iter()
            .find(|h| h.from == nid(from) && h.to == nid(to))
            .unwrap_or_else(|| panic!("no handoff {from} → {to}"))
    };
    // Dev → QA: item 1 waits 10 h (20→30), item 2 4 h then 1 h, item 8 0 h.
    let dev_qa = wait(1, 2);
    assert_eq!(dev_qa.wait.count, 4);
    assert_eq!(hours(dev_qa.wait.p50), 1.0);
    assert!(close(hours(dev_qa.wait.mean), 3.75));
    assert!(!dev_qa.rework);
    // QA → Dev is rework: item 2 went straight back to work.
    let qa_dev = wait(2, 1);
    assert!(qa_dev.rework);
    assert_eq!(hours(qa_dev.wait.max), 0.0);
    assert_eq!(hours(wait(2, 3).wait.p50), 1.0);
}

#[test]
fn cumulative_flow() {
    let m = metrics(WindowKind::Completed, None, None);
    let at = |d: usize| (m.cfd[d].arrived.clone(), m.cfd[d].done);
    // Arrivals (Vacanti): an item arrives in a stage when it enters it or a later one, or
    // completes. Dev at 0 h: items 2, 3, 6, 7, 8; by 24 h also 1 and 4, and 5, done at 5 h
    // without a stage. QA by 24 h: 1, 2, 8 entered it; 5, 6, 7 completed. Release by 24 h: the
    // five done (2, 5, 6, 7, 8); by 48 h QA has 4 and Release 1. Done: 2, 5, 6, 7, 8 by 24 h,
    // 1 by 48 h.
    assert_eq!(at(0), (vec![5, 0, 0], 0));
    assert_eq!(at(1), (vec![8, 6, 5], 5));
    assert_eq!(at(2), (vec![8, 7, 6], 6));
    // The last sample is at the window's end (now = 50 h), not at the last midnight.
    assert_eq!(m.cfd.len(), 4);
    assert_eq!(m.cfd[3].at, m.window.now);
    assert_eq!(at(3), (vec![8, 7, 6], 6));
    // The bands: Dev holds item 3 (canceled there), QA item 4; nothing waits in Release.
    for p in &m.cfd {
        assert!(p.arrived.windows(2).all(|w| w[0] >= w[1]) && p.arrived[2] >= p.done);
    }
}

#[test]
fn slowest_items_and_trend() {
    let m = metrics(WindowKind::Completed, None, None);
    let dev = &m.stages[0];
    let keys: Vec<&str> = dev.slowest.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["I-1", "I-2", "I-3", "I-6", "I-7", "I-8"]);
    assert_eq!(dev.slowest[0].time_secs, 10.0 * 3600.0);
    // All exits fall in the window's last week.
    let last = dev.trend.last().unwrap();
    assert_eq!(last.time.count, 6);
    assert_eq!(hours(last.time.p50), 5.0);
}

#[test]
fn flow_time_points_for_the_scatterplot() {
    let m = metrics(WindowKind::Completed, None, None);
    let mut pts: Vec<(String, f64)> = m
        .flow_time_points
        .iter()
        .map(|p| (p.key.clone(), p.flow_time_secs / 3600.0))
        .collect();
    pts.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        pts,
        vec![
            ("I-1".to_string(), 24.0),
            ("I-2".to_string(), 18.0),
            ("I-6".to_string(), 12.0),
            ("I-7".to_string(), 9.0),
            ("I-8".to_string(), 6.0)
        ]
    );
}

#[test]
fn the_source_filter() {
    let data = dataset(&fixture_items());
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    let mut q = Query::all_time(T0 + 50 * H);
    q.sources = vec!["elsewhere".into()];
    let m = compute(&data, &model, &q).unwrap();
    assert_eq!(m.items.completed, 0);
    q.sources = vec!["jira".into()];
    assert_eq!(compute(&data, &model, &q).unwrap().items.completed, 6);
}

#[test]
fn the_through_stages_filter_keeps_items_that_were_in_one_of_the_stages() {
    let data = dataset(&fixture_items());
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    let through = |stages: Vec<NodeId>, now_h: i64| {
        let mut q = Query::all_time(T0 + now_h * H);
        q.through_stages = Some(stages);
        compute(&data, &model, &q).unwrap()
    };
    // Through Release (C): only item 1 was ever there. Completed at 34 h, flow time 24 h.
    let m = through(vec![nid(3)], 50);
    assert_eq!(m.items.completed, 1);
    assert_eq!(m.items.in_flight, 0);
    assert_eq!(hours(m.flow_time.p50), 24.0);
    // Through QA (B): items 1, 2, 4 and 8. Completed 1, 2, 8 with flow times 24, 18, 6 h:
    // sorted 6 18 24, p50 at rank ⌈1.5⌉ = 2 → 18 h. Item 4 waits in QA, in flight.
    let m = through(vec![nid(2)], 50);
    assert_eq!(m.items.completed, 3);
    assert_eq!(m.items.in_flight, 1);
    assert_eq!(hours(m.flow_time.p50), 18.0);
    // Release's figures only count items that were in QA: item 1's 1 h wait in Ready.
    assert_eq!(m.stages[2].entered, 1);
    assert_eq!(hours(m.stages[2].waiting.p50), 1.0);
    // Only history up to now counts: at 15 h, item 2 (QA Queue at 5 h) and item 8 (QA at 4 h,
    // done at 6 h) had been in QA; items 1 and 4 reach it later.
    let m = through(vec![nid(2)], 15);
    assert_eq!(m.items.completed, 1);
    assert_eq!(m.items.in_flight, 1);
    assert_eq!(m.stages[1].aging[0].key, "I-2");
    // Two stages: either will do. Dev or Release: every item but 5 (created done).
    let m = through(vec![nid(1), nid(3)], 50);
    assert_eq!(m.items.completed + m.items.canceled + m.items.in_flight, 7);
    // No stages (a partner that owns none), or an id that is no stage: nothing.
    assert_eq!(through(vec![], 50).items.in_scope, 0);
    assert_eq!(through(vec![nid(9)], 50).items.in_scope, 0);
}

#[test]
fn the_flow_trend_gives_the_five_flow_metrics_per_week() {
    // Weeks end at the window's end (50 h): one week overlaps the window, and holds every
    // completion: items 1, 6, 7, 8 (Feature), 2 (Defect), 5 (Debt).
    let m = metrics(WindowKind::Completed, None, None);
    assert_eq!(m.flow_trend.len(), 1);
    let w = &m.flow_trend[0];
    assert_eq!(w.start.timestamp_millis(), T0 + 50 * H - 168 * H);
    assert_eq!(
        (
            w.completed.feature,
            w.completed.defect,
            w.completed.debt,
            w.completed.total
        ),
        (4, 1, 1, 6)
    );
    // Flow times 24, 18, 12, 9, 6 h (item 5 has none): p50 12 h, as for the whole window.
    assert_eq!(w.flow_time.count, 5);
    assert_eq!(hours(w.flow_time.p50), 12.0);
    assert!(close(w.efficiency.unwrap(), 34.0 / 62.0));
    // Daily load samples 5, 2, 1 (see flow_load): mean 8/3.
    assert!(close(w.load_average.unwrap(), 8.0 / 3.0));

    // The window ending at 20 h: items 2 (18 h), 5, 6 (12 h), 7 (9 h), 8 (6 h) completed;
    // flow times sorted 6 9 12 18, p50 at rank 2 → 9 h.
    let m = metrics(WindowKind::Completed, None, Some(20));
    let w = &m.flow_trend[0];
    assert_eq!(w.completed.total, 5);
    assert_eq!(hours(w.flow_time.p50), 9.0);
}
