//! Properties that hold for any history.

use flowmap_core::*;
use flowmap_metrics::*;
use proptest::prelude::*;

const H: i64 = 3_600_000;
const T0: i64 = 1_767_225_600_000;

const STATES: [(&str, StateCategory); 8] = [
    ("Backlog", StateCategory::New),
    ("Dev Queue", StateCategory::Waiting),
    ("Dev", StateCategory::Active),
    ("QA Queue", StateCategory::Waiting),
    ("QA", StateCategory::Active),
    ("Parked", StateCategory::Waiting),
    ("Done", StateCategory::Done),
    ("Won't Do", StateCategory::Canceled),
];

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
        "p",
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

fn mappings() -> Vec<StateMapping> {
    STATES
        .iter()
        .map(|(s, c)| StateMapping {
            source: "src".into(),
            state: s.to_string(),
            stage: None,
            category: *c,
        })
        .collect()
}

/// An item: type, and steps of (hours after the previous step, state index).
type ItemSpec = (u8, Vec<(u8, usize)>);

fn items() -> impl Strategy<Value = Vec<ItemSpec>> {
    prop::collection::vec(
        (
            0u8..4,
            prop::collection::vec((0u8..30, 0usize..STATES.len()), 1..12),
        ),
        1..25,
    )
}

/// (item, at, from, to) for every step; the first step of each item has no from-state.
fn transitions(spec: &[ItemSpec]) -> Vec<(usize, i64, Option<&'static str>, &'static str)> {
    let mut out = Vec::new();
    for (i, (_, steps)) in spec.iter().enumerate() {
        let mut t = T0 + i as i64 * H;
        let mut prev: Option<&'static str> = None;
        for (gap, s) in steps {
            t += *gap as i64 * H;
            out.push((i, t, prev, STATES[*s].0));
            prev = Some(STATES[*s].0);
        }
    }
    out
}

fn build(spec: &[ItemSpec], order: &[usize]) -> Dataset {
    let mut b = DatasetBuilder::new();
    for (i, (ty, _)) in spec.iter().enumerate() {
        b.add_item(
            "src",
            &format!("K-{i}"),
            "t",
            FlowItemType::ALL[*ty as usize],
            T0 + i as i64 * H,
        )
        .unwrap();
    }
    let ts = transitions(spec);
    for &k in order {
        let (i, at, from, to) = ts[k];
        b.add_transition(i as u64, at, from, to).unwrap();
    }
    b.finish().unwrap()
}

fn run(data: &Dataset, q: &Query) -> Metrics {
    let model = StageModel::new(&map(), &mappings(), data).unwrap();
    compute(data, &model, q).unwrap()
}

fn now() -> i64 {
    T0 + 2000 * H
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn flow_efficiency_is_between_0_and_1(spec in items(), during in any::<bool>()) {
        let n = transitions(&spec).len();
        let data = build(&spec, &(0..n).collect::<Vec<_>>());
        let mut q = Query::all_time(now());
        if during {
            q.window = WindowKind::During;
        }
        let m = run(&data, &q);
        if let Some(a) = m.flow_efficiency.aggregate {
            prop_assert!((0.0..=1.0).contains(&a));
        }
        for v in [m.flow_efficiency.per_item.p50, m.flow_efficiency.per_item.max].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&v));
        }
    }

    #[test]
    fn stage_times_of_a_completed_item_never_exceed_its_lifetime(spec in items()) {
        for (i, item) in spec.iter().enumerate() {
            let one = vec![item.clone()];
            let n = transitions(&one).len();
            let data = build(&one, &(0..n).collect::<Vec<_>>());
            let m = run(&data, &Query::all_time(now()));
            if m.items.completed == 1 {
                let ts = transitions(&one);
                let start = (T0).min(ts[0].1);
                let end = ts.last().unwrap().1;
                let total: f64 = m.stages.iter().map(|s| s.waiting_total_secs + s.active_total_secs).sum();
                prop_assert!(total <= (end - start) as f64 / 1000.0 + 1e-6, "item {i}: {total}");
                if let Some(ft) = m.flow_time.max {
                    prop_assert!(ft <= (end - start) as f64 / 1000.0);
                }
            }
        }
    }

    #[test]
    fn clipping_to_a_window_never_increases_a_total(spec in items(), a in 0i64..400, len in 1i64..400) {
        let n = transitions(&spec).len();
        let data = build(&spec, &(0..n).collect::<Vec<_>>());
        let mut all = Query::all_time(now());
        all.window = WindowKind::During;
        let mut part = all.clone();
        part.from = Some(T0 + a * H);
        part.to = Some(T0 + (a + len) * H);
        let (m_all, m_part) = (run(&data, &all), run(&data, &part));
        for (x, y) in m_all.stages.iter().zip(&m_part.stages) {
            prop_assert!(y.waiting_total_secs <= x.waiting_total_secs + 1e-6);
            prop_assert!(y.active_total_secs <= x.active_total_secs + 1e-6);
            prop_assert!(y.time.max.unwrap_or(0.0) <= x.time.max.unwrap_or(0.0) + 1e-6);
        }
        prop_assert!(m_part.flow_load.average * m_part.window.days
            <= m_all.flow_load.average * m_all.window.days + 1e-6);
    }

    #[test]
    fn results_do_not_depend_on_input_order(spec in items(), seed in any::<u64>()) {
        let n = transitions(&spec).len();
        let mut order: Vec<usize> = (0..n).collect();
        // A deterministic shuffle from the seed.
        let mut x = seed | 1;
        for k in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            order.swap(k, (x % (k as u64 + 1)) as usize);
        }
        let a = build(&spec, &(0..n).collect::<Vec<_>>());
        let b = build(&spec, &order);
        for q in [Query::all_time(now()), Query { window: WindowKind::During, ..Query::all_time(now()) }] {
            prop_assert_eq!(run(&a, &q), run(&b, &q));
        }
    }

    #[test]
    fn a_compute_does_not_depend_on_the_computes_before_it(first in items(), second in items()) {
        // The engine keeps value buffers from one compute for the next on the same thread:
        // what they held must not show. The second dataset's figures on a thread that has
        // just computed the first equal its figures on a fresh thread.
        let (a, b) = (build(&first, &(0..transitions(&first).len()).collect::<Vec<_>>()),
                      build(&second, &(0..transitions(&second).len()).collect::<Vec<_>>()));
        let q = Query::all_time(now());
        run(&a, &q);
        let after = run(&b, &q);
        let fresh = std::thread::scope(|s| s.spawn(|| run(&b, &q)).join().unwrap());
        prop_assert_eq!(after, fresh);
    }
}
