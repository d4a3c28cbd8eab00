//! The records hold what the interval walk sums (hand-computed on a small history), and every
//! figure computed from them is the walk's to the bit (hand-made and random histories).

use super::super::query::Query;
use super::super::{compute, compute_with};
use super::*;
use crate::dataset::DatasetBuilder;
use crate::model::StageModel;
use crate::report::WindowKind;
use flowmap_core::{
    Edge, EdgeId, Estimates, FlowItemType, Handoff, Node, NodeId, Stage, StateMapping,
    ValueStreamMap,
};
use proptest::prelude::*;

/// Seconds, as milliseconds.
const S: i64 = 1000;

/// Every state the tests use, with its category; "Triage" is in no stage, "Parked" ignored.
const STATES: [(&str, StateCategory); 9] = [
    ("Backlog", StateCategory::New),
    ("Dev Queue", StateCategory::Waiting),
    ("Dev", StateCategory::Active),
    ("QA Queue", StateCategory::Waiting),
    ("QA", StateCategory::Active),
    ("Triage", StateCategory::Waiting),
    ("Parked", StateCategory::Ignore),
    ("Done", StateCategory::Done),
    ("Won't Do", StateCategory::Canceled),
];

/// Dev ("Dev Queue", "Dev") → QA ("QA Queue", "QA"); with `swapped`, QA comes first.
fn model(data: &Dataset, swapped: bool) -> StageModel {
    model_of(data, swapped, &["s"])
}

/// [`model`] with the states of each of `sources` mapped.
fn model_of(data: &Dataset, swapped: bool, sources: &[&str]) -> StageModel {
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
    let (from, to) = if swapped { (2, 1) } else { (1, 2) };
    let map = ValueStreamMap::from_parts(
        "records",
        [
            stage(1, "Dev", &["Dev Queue", "Dev"]),
            stage(2, "QA", &["QA Queue", "QA"]),
        ],
        [Edge::Handoff(Handoff {
            id: EdgeId::from_random_bytes([9; 16]),
            from: NodeId::from_random_bytes([from; 16]),
            to: NodeId::from_random_bytes([to; 16]),
            label: None,
        })],
    )
    .unwrap();
    let mappings: Vec<StateMapping> = sources
        .iter()
        .flat_map(|source| {
            STATES.iter().map(|(state, category)| StateMapping {
                source: (*source).into(),
                state: (*state).into(),
                stage: None,
                category: *category,
            })
        })
        .collect();
    StageModel::new(&map, &mappings, data).unwrap()
}

/// Adds an item created at `created` with its changes (seconds, state); the first change names
/// the state it left when `left` does.
fn add(b: &mut DatasetBuilder, key: &str, created: i64, left: Option<&str>, steps: &[(i64, &str)]) {
    let i = b
        .add_item("s", key, "t", FlowItemType::Feature, created)
        .unwrap() as u64;
    let mut from = left;
    for (at, to) in steps {
        b.add_transition(i, at * S, from, to).unwrap();
        from = Some(to);
    }
}

/// A: through Dev, ignored, unmapped Triage, QA, back to Dev (after a wait), QA, Done.
/// B: Dev, then canceled. C: still in Dev. D: done, reopened, done again.
fn sample() -> Dataset {
    let mut b = DatasetBuilder::new();
    add(
        &mut b,
        "A",
        0,
        Some("Backlog"),
        &[
            (10, "Dev Queue"),
            (12, "Dev"),
            (15, "Parked"),
            (16, "Dev"),
            (20, "Triage"),
            (23, "QA Queue"),
            (27, "QA"),
            (30, "Dev Queue"),
            (32, "Dev"),
            (34, "QA"),
            (40, "Done"),
        ],
    );
    add(&mut b, "B", 0, None, &[(5, "Dev"), (8, "Won't Do")]);
    add(&mut b, "C", 0, None, &[(5, "Dev")]);
    add(
        &mut b,
        "D",
        0,
        None,
        &[(0, "Dev"), (5, "Done"), (7, "Dev"), (9, "Done")],
    );
    b.finish().unwrap()
}

/// The records of `data` for `model` (asked for twice: the second ask builds them).
fn records(data: &Dataset, model: &StageModel) -> Arc<Records> {
    let places = Places::new(model);
    let n = model.stages.len();
    let flow = &model.flow_items;
    records_for(data, &places, n, flow)
        .or_else(|| records_for(data, &places, n, flow))
        .unwrap()
}

/// The records `data` keeps, if built.
fn kept(data: &Dataset) -> Option<Arc<Records>> {
    match &*data.records.kept.lock().unwrap() {
        Kept::Built(r) => Some(r.clone()),
        _ => None,
    }
}

/// Item `i`'s stage tallies (stage, tally with times in ms), handoffs, runs and unmapped times.
#[allow(clippy::type_complexity)]
fn of(
    r: &Records,
    data: &Dataset,
    i: usize,
) -> (
    Vec<(u8, Tally)>,
    Vec<HandoffRecord>,
    Vec<Run>,
    Vec<UnmappedRecord>,
) {
    let from = if i == 0 {
        ItemRecord::default()
    } else {
        r.items[i - 1]
    };
    let rec = r.items[i];
    let a = data.offsets[i] as usize;
    let time_of = |off: u16| {
        if off == CREATED {
            data.item_created[i]
        } else {
            data.at[a + off as usize]
        }
    };
    (
        r.stages[from.stages as usize..rec.stages as usize]
            .iter()
            .map(|s| (s.stage, s.tally(time_of)))
            .collect(),
        r.handoffs[from.handoffs as usize..rec.handoffs as usize].to_vec(),
        r.runs[from.runs as usize..rec.runs as usize].to_vec(),
        r.unmapped[from.unmapped as usize..rec.unmapped as usize].to_vec(),
    )
}

fn tally(wait: i64, active: i64, entries: u32, exits: u32, first: bool, last: i64) -> Tally {
    Tally {
        wait: wait * S,
        active: active * S,
        entries,
        in_window: true,
        exits,
        first_exit_forward: Some(first),
        forward_exits_in_window: 1,
        last_exit: Some(last * S),
    }
}

#[test]
fn records_hold_what_the_walk_sums_by_hand() {
    let data = sample();
    let model = model(&data, false);
    let r = records(&data, &model);
    let run = |start, end, stage| Run { start, end, stage };
    // A: created before its first change, so its instants are CREATED, then its changes 0…10.
    let a = r.items[0];
    assert_eq!((a.kind, a.work_start, a.end_at), (DONE, 0, 10));
    let (stages, handoffs, runs, unmapped) = of(&r, &data, 0);
    assert_eq!(
        stages,
        [
            // Dev: waits 10–12 and 30–32, active 12–15, 16–20, 32–34; left at 20 (to
            // Triage, not forward) and 34 (to QA).
            (0, tally(4, 9, 2, 1, false, 34)),
            // QA: waits 23–27, active 27–30 and 34–40; left at 30 (back) and 40 (Done).
            (1, tally(4, 9, 2, 1, false, 40)),
        ]
    );
    let wait = HandoffRecord::new;
    // Into Dev from QA after a 2 s wait; into QA from Dev with no wait. Triage came between Dev
    // and QA: no handoff.
    assert_eq!(handoffs, [wait(1, 0, 2), wait(0, 1, 0)]);
    // From the work start (10) on: Dev 10–15, ignored 15–16, Dev 16–20, Triage 20–23, QA 23–30,
    // Dev 30–34, QA 34–40.
    assert_eq!(
        runs,
        [
            run(0, 2, 0),
            run(2, 3, NO_STAGE),
            run(3, 4, 0),
            run(4, 5, NO_STAGE),
            run(5, 7, 1),
            run(7, 9, 0),
            run(9, 10, 1),
        ]
    );
    let triage = data.states.iter().position(|(_, n)| n == "Triage").unwrap() as u32;
    assert_eq!(
        unmapped,
        [UnmappedRecord {
            ms: 3 * S,
            key: triage
        }]
    );
    // B: canceled at 8 after 3 s in Dev, leaving it not forward.
    assert_eq!((r.items[1].kind, r.items[1].end_at), (CANCELED, 1));
    let (stages, handoffs, runs, _) = of(&r, &data, 1);
    let mut dev = tally(0, 3, 1, 1, false, 8);
    dev.forward_exits_in_window = 0;
    assert_eq!(stages, [(0, dev)]);
    assert!(handoffs.is_empty());
    assert_eq!(runs, [run(0, 1, 0)]);
    // The records stay small: a million items hold some 5 stage records, 5 handoffs and 7
    // runs each.
    use std::mem::size_of;
    assert_eq!(
        [size_of::<ItemRecord>(), size_of::<StageRecord>()],
        [24, 14]
    );
    assert_eq!([size_of::<HandoffRecord>(), size_of::<Run>()], [6, 6]);
    // C has not ended: walked, no record.
    assert_eq!(r.items[2].kind, NOT_KEPT);
    assert_eq!(of(&r, &data, 2).0, []);
    // D: Done at 5, reopened at 7, Done at 9: two runs apart, the end is the last Done.
    assert_eq!((r.items[3].kind, r.items[3].end_at), (DONE, 3));
    let (stages, _, runs, _) = of(&r, &data, 3);
    assert_eq!(stages, [(0, tally(0, 7, 2, 1, true, 9))]);
    assert_eq!(runs, [run(0, 1, 0), run(2, 3, 0)]);
}

/// Every figure of `query`, from the records and from the walk, as JSON. The first compute
/// with a model walks (and must agree too); the second has the records.
fn both(data: &Dataset, model: &StageModel, query: &Query) -> (String, String) {
    let json = |m| serde_json::to_string(&m).unwrap();
    let walked = json(compute_with(data, model, query, false).unwrap());
    let first = json(compute_with(data, model, query, true).unwrap());
    assert_eq!(first, walked);
    (
        json(compute_with(data, model, query, true).unwrap()),
        walked,
    )
}

#[test]
fn figures_from_records_are_the_walks() {
    let data = sample();
    let model = model(&data, false);
    let all = Query::all_time(100 * S);
    let queries = [
        all.clone(),
        // B and D ended in the window, A after it.
        Query {
            from: Some(6 * S),
            to: Some(20 * S),
            ..all.clone()
        },
        // A's and D's last changes are after `now`: both walked.
        Query::all_time(35 * S),
        Query {
            include_points: true,
            ..all.clone()
        },
    ];
    // The first compute walks and builds nothing; the second builds the records.
    compute(&data, &model, &all).unwrap();
    assert!(kept(&data).is_none());
    for q in &queries {
        let (records, walked) = both(&data, &model, q);
        assert_eq!(records, walked, "{q:?}");
    }
    // The records were built once and kept with the data.
    let first = kept(&data).unwrap();
    assert!(Arc::ptr_eq(&first, &records(&data, &model)));
    // Another model (QA before Dev) builds its own on its second compute, dropping the first
    // model's on its first; the same figures as its walk.
    let other = self::model(&data, true);
    for _ in 0..2 {
        let (records, walked) = both(&data, &other, &all);
        assert_eq!(records, walked);
    }
    assert!(!Arc::ptr_eq(&first, &kept(&data).unwrap()));
    // A copy of the data holds none until it is computed with.
    assert!(kept(&data.clone()).is_none());
}

#[test]
fn an_item_too_long_for_a_record_is_walked() {
    let mut b = DatasetBuilder::new();
    // 40 years in Dev: more than a record's 34.
    add(
        &mut b,
        "long",
        0,
        None,
        &[(0, "Dev"), (40 * 365 * 86_400, "Done")],
    );
    add(&mut b, "short", 0, None, &[(0, "Dev"), (60, "Done")]);
    let data = b.finish().unwrap();
    let model = model(&data, false);
    let r = records(&data, &model);
    assert_eq!((r.items[0].kind, r.items[1].kind), (NOT_KEPT, DONE));
    assert_eq!(r.items[0].stages, 0);
    // An item that ended is walked: its values join the records', so none are kept sorted.
    assert!(r.sorted.is_none());
    let (records, walked) = both(&data, &model, &Query::all_time(41 * 365 * 86_400 * S));
    assert_eq!(records, walked);
}

/// An item: created this many hours before its first change, whether that change names the
/// state it left, its flow item type, and its changes (hours after the previous, state).
type Spec = (u8, bool, u8, Vec<(u8, usize)>);

fn specs() -> impl Strategy<Value = Vec<Spec>> {
    prop::collection::vec(
        (
            0u8..3,
            any::<bool>(),
            0u8..4,
            prop::collection::vec((0u8..20, 0usize..STATES.len()), 1..14),
        ),
        1..30,
    )
}

fn dataset(specs: &[Spec]) -> Dataset {
    dataset_in(specs, |_| "s")
}

/// [`dataset`] with item `i` from source `source(i)`.
fn dataset_in(specs: &[Spec], source: impl Fn(usize) -> &'static str) -> Dataset {
    const H: i64 = 3_600_000;
    let mut b = DatasetBuilder::new();
    for (i, (before, left, ty, steps)) in specs.iter().enumerate() {
        let first = i as i64 * 5 * H;
        let item = b
            .add_item(
                source(i),
                &format!("K-{i}"),
                "t",
                FlowItemType::ALL[*ty as usize],
                first - *before as i64 * H,
            )
            .unwrap() as u64;
        let mut from = left.then_some("Backlog");
        let mut t = first;
        for (gap, s) in steps {
            t += *gap as i64 * H;
            b.add_transition(item, t, from, STATES[*s].0).unwrap();
            from = Some(STATES[*s].0);
        }
    }
    b.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// For any histories, windows, `now` and filters, the figures from the records are the
    /// walk's, and the same again when the records are reused.
    #[test]
    fn any_history_gives_the_walks_figures(
        specs in specs(),
        now_h in 0i64..400,
        from_h in prop::option::of(0i64..300),
        len_h in 1i64..200,
        ty in prop::option::of(0usize..4),
        through in any::<bool>(),
        swapped in any::<bool>(),
    ) {
        const H: i64 = 3_600_000;
        let data = dataset(&specs);
        let model = model(&data, swapped);
        let query = Query {
            from: from_h.map(|f| f * H),
            to: from_h.map(|f| (f + len_h) * H),
            flow_item_type: ty.map(|t| FlowItemType::ALL[t]),
            through_stages: through.then(|| vec![model.stages[1].id]),
            ..Query::all_time(now_h * H)
        };
        let (records, walked) = both(&data, &model, &query);
        prop_assert_eq!(&records, &walked);
        let again = serde_json::to_string(&compute(&data, &model, &query).unwrap()).unwrap();
        prop_assert_eq!(&again, &walked);
        // A `during` window never reads the records.
        let during = Query { window: WindowKind::During, ..query };
        let (records, walked) = both(&data, &model, &during);
        prop_assert_eq!(records, walked);
    }
}

/// The window of an all-time `query` on `data` (its origin: the earliest event).
fn all_time_window(data: &Dataset, query: &Query) -> Window {
    let origin = (0..data.item_count())
        .filter_map(|i| data.first_event(i))
        .min()
        .unwrap_or(query.now)
        .min(query.now);
    Window::new(query, origin)
}

#[test]
fn an_all_time_query_reads_the_sorted_values() {
    let data = sample();
    let model = model(&data, false);
    let r = records(&data, &model);
    let sorted = r.sorted.as_ref().unwrap();
    // A (Dev 4 s waiting + 9 active, QA 4 + 9), B (Dev 0 + 3), D (Dev 0 + 7); C is walked and
    // not in scope.
    let values = |v: &SortedValues| v.values.clone();
    assert_eq!(values(&sorted.stages[0].wait), [0, 0, 4]);
    assert_eq!(values(&sorted.stages[0].active), [3, 7, 9]);
    assert_eq!(values(&sorted.stages[0].time), [3, 7, 13]);
    assert_eq!(sorted.stages[0].time.sum, 23);
    assert_eq!(values(&sorted.stages[1].time), [13]);
    // Handoffs: QA → Dev after 2 s, Dev → QA after none.
    assert_eq!(values(&sorted.handoffs[2]), [2]);
    assert_eq!(values(&sorted.handoffs[1]), [0]);
    let all = Query::all_time(100 * S);
    let every = &model.flow_items;
    assert!(r
        .sorted_for(&all_time_window(&data, &all), true, every)
        .is_some());
    // Not when a filter leaves items out, C changes after `now`, or the window ends before A's
    // end (40 s).
    assert!(r
        .sorted_for(&all_time_window(&data, &all), false, every)
        .is_none());
    let before_c = Query::all_time(4 * S);
    assert!(r
        .sorted_for(&all_time_window(&data, &before_c), true, every)
        .is_none());
    let short = Query {
        to: Some(40 * S),
        ..all.clone()
    };
    assert!(r
        .sorted_for(&all_time_window(&data, &short), true, every)
        .is_none());
    let (records, walked) = both(&data, &model, &all);
    assert_eq!(records, walked);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The radix sort sorts, and lookups in sorted values give what selection gives.
    #[test]
    fn lookups_in_sorted_values_equal_selection(
        mut values in prop::collection::vec(
            prop_oneof![0u32..100, 0u32..5_000_000, any::<u32>()],
            0..1200,
        ),
    ) {
        let mut sorted = values.clone();
        let mut scratch = Vec::new();
        sorted::radix_sort(&mut sorted, &mut scratch);
        let mut expected = values.clone();
        expected.sort_unstable();
        prop_assert_eq!(&sorted, &expected);
        let sum = values.iter().map(|v| *v as i128).sum();
        prop_assert_eq!(
            crate::stats::sorted_duration_histogram(&sorted),
            crate::stats::duration_histogram(&values)
        );
        prop_assert_eq!(
            crate::stats::sorted_durations(&sorted, sum),
            crate::stats::durations(&mut values)
        );
    }

    /// An all-time query over random histories: past every change it reads the sorted values,
    /// and every figure is the walk's either way.
    #[test]
    fn all_time_figures_from_sorted_values_are_the_walks(
        specs in specs(),
        now_h in 0i64..600,
        to_h in prop::option::of(0i64..600),
        swapped in any::<bool>(),
        other_source in prop::collection::vec(any::<bool>(), 30),
        others_not_flow in any::<bool>(),
    ) {
        const H: i64 = 3_600_000;
        // Some items of a second source, whose items may not be flow items.
        let data = dataset_in(&specs, |i| if other_source[i] { "x" } else { "s" });
        let mut model = model_of(&data, swapped, &["s", "x"]);
        if others_not_flow {
            model.flow_items = not_flow_source(&data, "x");
        }
        let query = Query {
            to: to_h.map(|t| t * H),
            ..Query::all_time(now_h * H)
        };
        let (records, walked) = both(&data, &model, &query);
        prop_assert_eq!(&records, &walked);
        let r = kept(&data).unwrap();
        let latest = (0..data.item_count())
            .filter_map(|i| data.at[data.offsets[i] as usize..data.offsets[i + 1] as usize].last())
            .max()
            .copied();
        // Every item that ended keeps a record here (none is too long for one).
        prop_assert!(r.sorted.is_some());
        if to_h.is_none() && latest.is_some_and(|t| t < query.now) {
            let window = all_time_window(&data, &query);
            prop_assert!(r.sorted_for(&window, true, &model.flow_items).is_some());
        }
    }
}

#[test]
fn items_that_are_not_flow_items_stay_out_of_the_sorted_values() {
    let mut b = DatasetBuilder::new();
    add(&mut b, "A", 0, None, &[(0, "Dev"), (10, "Done")]);
    // An item of another source, whose tool says it is not a flow item: 50 s in Dev.
    let x = b
        .add_item("x", "X-1", "t", FlowItemType::Feature, 0)
        .unwrap() as u64;
    b.add_transition(x, 0, None, "Dev").unwrap();
    b.add_transition(x, 50 * S, Some("Dev"), "Done").unwrap();
    let data = b.finish().unwrap();
    let mut model = model_of(&data, false, &["s", "x"]);
    model.flow_items = not_flow_source(&data, "x");
    let r = records(&data, &model);
    let sorted = r.sorted.as_ref().unwrap();
    // Only A's 10 s in Dev.
    assert_eq!(sorted.stages[0].active.values, [10]);
    let all = Query::all_time(100 * S);
    let window = all_time_window(&data, &all);
    assert!(r.sorted_for(&window, true, &model.flow_items).is_some());
    // Not for a model that counts X as a flow item.
    let every = crate::model::FlowItems::default();
    assert!(r.sorted_for(&window, true, &every).is_none());
    let (records, walked) = both(&data, &model, &all);
    assert_eq!(records, walked);
    assert!(records.contains("\"count\":1"), "{records}");
}

/// The items of `source` are not flow items (as if its tool said so of every artifact type).
fn not_flow_source(data: &Dataset, source: &str) -> crate::model::FlowItems {
    let artifacts = data.artifacts.len();
    let ix = data.sources.iter().position(|s| s == source);
    let not_flow = (0..data.sources.len() * artifacts)
        .map(|k| Some(k / artifacts) == ix)
        .collect();
    crate::model::FlowItems::from_mask(not_flow)
}
