//! Hand-computed fixtures for changes that share an instant (docs/metrics.md, "Reading a
//! history"): the source's order wins without from-states, a consistent from-state chain
//! reorders, a repeated state X → X chains like any change, an item's first row without a
//! from-state goes first, and Active → Awaiting → Active within one instant is three changes.

use flowmap_core::*;
use flowmap_metrics::*;

const H: i64 = 3_600_000;
/// 2026-01-01T00:00:00Z
const T0: i64 = 1_767_225_600_000;

fn stage(n: u8, name: &str, states: &[&str]) -> Node {
    Node::Stage(Stage {
        id: NodeId::from_random_bytes([n; 16]),
        name: name.into(),
        team: None,
        tool: None,
        partner: None,
        states: states.iter().map(|s| s.to_string()).collect(),
        estimates: Estimates::default(),
    })
}

/// Work (Active, Awaiting) → Review (Resolved).
fn map() -> ValueStreamMap {
    let handoff = Edge::Handoff(Handoff {
        id: EdgeId::from_random_bytes([9; 16]),
        from: NodeId::from_random_bytes([1; 16]),
        to: NodeId::from_random_bytes([2; 16]),
        label: None,
    });
    ValueStreamMap::from_parts(
        "ties",
        [
            stage(1, "Work", &["Active", "Awaiting"]),
            stage(2, "Review", &["Resolved"]),
        ],
        [handoff],
    )
    .unwrap()
}

fn mappings() -> Vec<StateMapping> {
    use StateCategory::*;
    [
        ("Active", Active),
        ("Awaiting", Waiting),
        ("Resolved", Waiting),
        ("Closed", Done),
    ]
    .into_iter()
    .map(|(state, category)| StateMapping {
        source: "s".into(),
        state: state.into(),
        stage: None,
        category,
    })
    .collect()
}

/// (hour, from-state, to-state), in source order.
type Rows = &'static [(i64, Option<&'static str>, &'static str)];

fn metrics(items: &[(&str, Rows)]) -> Metrics {
    let mut b = DatasetBuilder::new();
    for (key, rows) in items {
        let ix = b
            .add_item("s", key, key, FlowItemType::Feature, T0)
            .unwrap();
        for (h, from, to) in rows.iter() {
            b.add_transition(ix as u64, T0 + h * H, *from, to).unwrap();
        }
    }
    let data = b.finish().unwrap();
    let model = StageModel::new(&map(), &mappings(), &data).unwrap();
    compute(
        &data,
        &model,
        &Query {
            now: T0 + 10 * H,
            window: WindowKind::Completed,
            include_points: true,
            ..Query::all_time(0)
        },
    )
    .unwrap()
}

fn hours(secs: f64) -> f64 {
    secs / 3600.0
}

/// A: Resolved → Closed within one instant, no from-state. File order: Closed last, so A is
/// done at 2 h (alphabetical order would leave it Resolved, in flight).
const A: Rows = &[
    (0, None, "Active"),
    (2, None, "Resolved"),
    (2, None, "Closed"),
];
/// B: the same with from-states, given out of order: the chain puts Resolved first.
const B: Rows = &[
    (0, None, "Active"),
    (3, Some("Resolved"), "Closed"),
    (3, Some("Active"), "Resolved"),
];
/// C: a repeated state. At 1 h the file gives Active → Awaiting, then Active → Active; only
/// Active → Active, Active → Awaiting chains, so C waits from 1 h to 4 h.
const C: Rows = &[
    (0, None, "Active"),
    (1, Some("Active"), "Awaiting"),
    (1, Some("Active"), "Active"),
    (4, Some("Awaiting"), "Closed"),
];
/// D: the first row without a from-state goes first: Active, then Awaiting, both at 0 h.
const D: Rows = &[
    (0, Some("Active"), "Awaiting"),
    (0, None, "Active"),
    (5, Some("Awaiting"), "Closed"),
];
/// E: Active → Awaiting → Active within one instant is three changes: E is Active from 1 h on.
const E: Rows = &[
    (0, None, "Active"),
    (1, None, "Awaiting"),
    (1, None, "Active"),
    (6, None, "Closed"),
];

#[test]
fn without_from_states_the_file_order_wins() {
    let m = metrics(&[("A", A)]);
    assert_eq!((m.items.completed, m.items.in_flight), (1, 0));
    assert_eq!(hours(m.flow_time.max.unwrap()), 2.0);
    assert_eq!(hours(m.stages[0].active_total_secs), 2.0);
}

#[test]
fn a_consistent_chain_orders_ties() {
    let m = metrics(&[("B", B)]);
    assert_eq!((m.items.completed, m.items.in_flight), (1, 0));
    assert_eq!(hours(m.flow_time.max.unwrap()), 3.0);
}

#[test]
fn a_repeated_state_chains() {
    let m = metrics(&[("C", C)]);
    assert_eq!(m.items.completed, 1);
    // Work: Active 0–1 h (and 0 h after the repeat), Awaiting 1–4 h.
    assert_eq!(hours(m.stages[0].active_total_secs), 1.0);
    assert_eq!(hours(m.stages[0].waiting_total_secs), 3.0);
}

#[test]
fn the_first_row_without_a_from_state_goes_first() {
    let m = metrics(&[("D", D)]);
    assert_eq!(m.items.completed, 1);
    assert_eq!(m.items.completed_without_work_start, 0);
    assert_eq!(hours(m.flow_time.max.unwrap()), 5.0);
    assert_eq!(hours(m.stages[0].active_total_secs), 0.0);
    assert_eq!(hours(m.stages[0].waiting_total_secs), 5.0);
}

#[test]
fn active_awaiting_active_in_one_instant_is_kept() {
    let m = metrics(&[("E", E)]);
    assert_eq!(m.items.completed, 1);
    assert_eq!(hours(m.stages[0].active_total_secs), 6.0);
    assert_eq!(hours(m.stages[0].waiting_total_secs), 0.0);
}

#[test]
fn per_stage_totals_of_all_five() {
    let m = metrics(&[("A", A), ("B", B), ("C", C), ("D", D), ("E", E)]);
    assert_eq!((m.items.completed, m.items.in_flight), (5, 0));
    // Flow times 2, 3, 4, 5, 6 h.
    assert_eq!(m.flow_time.count, 5);
    assert_eq!(hours(m.flow_time.mean.unwrap()), 4.0);
    // Work active: A 2 + B 3 + C 1 + D 0 + E 6 = 12 h; waiting: C 3 + D 5 + E 0 = 8 h.
    assert_eq!(hours(m.stages[0].active_total_secs), 12.0);
    assert_eq!(hours(m.stages[0].waiting_total_secs), 8.0);
    // Review: A and B are Resolved for no time at all.
    assert_eq!(hours(m.stages[1].waiting_total_secs), 0.0);
}
