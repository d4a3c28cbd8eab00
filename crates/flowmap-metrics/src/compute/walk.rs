//! The interval walk: every selected item's intervals up to `now`, visited once, fed to the
//! figures' accumulators. It derives what every figure shares — work start, completion, in
//! flight, in scope (`docs/metrics.md`, "Per item" and "Windows") — so that no accumulator
//! derives it again.

use super::records::Records;
use super::select::Selection;
use super::stages::Tally;
use super::window::Window;
use super::{is_end, is_flow};
use crate::dataset::{Dataset, ItemIx, StateKey};
use crate::model::{StageModel, NO_STAGE};
use flowmap_core::{FlowItemType, StateCategory};

/// Per state key: its category, and its stage when it counts as being in one (Waiting or Active
/// in a stage; [`NO_STAGE`] otherwise), looked up once per interval.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Places(pub(crate) Vec<(StateCategory, u16)>);

impl Places {
    pub fn new(model: &StageModel) -> Self {
        Places(
            (0..model.key_stage.len())
                .map(|k| {
                    let c = model.key_category[k];
                    let s = model.key_stage[k];
                    (c, if is_flow(c) { s } else { NO_STAGE })
                })
                .collect(),
        )
    }
}

/// One interval of an item: from one of its state changes to the next (or `now`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Interval {
    pub start: i64,
    pub end: i64,
    pub key: StateKey,
    /// Its stage (flow-order position) when the state is Waiting or Active in one, else
    /// [`NO_STAGE`]: plain integers keep the interval at 24 bytes and out of memory round trips.
    stage: u16,
    pub category: StateCategory,
}

impl Interval {
    /// Its stage (flow-order position), when the state is Waiting or Active in one.
    #[inline]
    pub fn stage(&self) -> Option<usize> {
        (self.stage != NO_STAGE).then_some(self.stage as usize)
    }
}

/// A selected item as every accumulator sees it.
pub(crate) struct Item<'a> {
    pub ix: ItemIx,
    pub flow_item_type: FlowItemType,
    /// Its intervals up to `now`, in time order; never empty when walked, empty when the
    /// item comes from its record (an ended item: no figure reads its intervals then).
    pub intervals: &'a [Interval],
    /// The start of its first Waiting or Active interval.
    pub work_start: Option<i64>,
    /// When its state at `now` is Done: the start of the final run of Done states.
    pub completed_at: Option<i64>,
    pub completed_in_window: bool,
    pub canceled_in_window: bool,
    /// Started, and neither completed nor canceled at `now`.
    pub in_flight: bool,
    /// Whether the window's figures count it (see `WindowKind`).
    pub in_scope: bool,
}

/// An interval of an item in progress (from its work start on, not Done or Canceled).
pub(crate) struct Progress {
    /// Where the interval starts.
    pub start: i64,
    /// The interval clamped to the span measured, [origin, end]; may be empty.
    pub from: i64,
    pub to: i64,
    pub stage: Option<usize>,
}

/// An interval the window counts: of an item in scope, not in an Ignore state.
pub(crate) struct Step {
    pub start: i64,
    pub key: StateKey,
    pub category: StateCategory,
    pub stage: Option<usize>,
    /// The stage of the item's previous counted interval (`None` at its first, or when that
    /// one was in no stage). The item enters `stage` or leaves `prev` when they differ.
    pub prev: Option<usize>,
    /// The time the window counts (clipped in `during`).
    pub len: i64,
    /// Whether the interval starts in the window (always, in `completed`: the whole history
    /// counts).
    pub starts_in_window: bool,
}

/// An item's waiting and active time as the window counts it (zero when not in scope).
#[derive(Clone, Copy, Default)]
pub(crate) struct ItemTime {
    pub active: i64,
    pub waiting: i64,
}

/// What a figure learns from the walk. Every item is visited in index order: `item`, then
/// `in_progress` for its intervals in progress and `interval` for those the window counts
/// (each in time order), then `item_done`.
///
/// An item whose record holds what the window counts (`records`: ended by `now`, in a
/// `completed` window) comes as `item`, then `stage_run` once per run of intervals in progress
/// in one stage (in time order) and `stream_run` once per run of adjacent intervals in
/// progress (the stream's part of `in_progress`), then what its intervals summed up to —
/// `stage_tally` per stage it was in, `handoff_wait` per wait after a handoff,
/// `unmapped_time` per state in no stage —, then `item_done`; its `intervals` are then empty.
pub(crate) trait Accumulator {
    fn item(&mut self, _item: &Item) {}
    fn in_progress(&mut self, _item: &Item, _interval: &Progress) {}
    fn stage_run(&mut self, _item: &Item, _run: &Progress) {}
    fn stream_run(&mut self, _item: &Item, _from: i64, _to: i64) {}
    fn interval(&mut self, _item: &Item, _step: &Step) {}
    fn stage_tally(&mut self, _item: &Item, _stage: usize, _tally: &Tally) {}
    fn handoff_wait(&mut self, _from: usize, _to: usize, _secs: u32) {}
    fn unmapped_time(&mut self, _item: &Item, _key: usize, _ms: i64, _waiting: bool) {}
    fn item_done(&mut self, _item: &Item, _time: ItemTime) {}
}

/// Visits every item `selection` wants that had a state change by `now`; from its record when
/// `records` (built for `places`) has one that holds for the window.
pub(crate) fn walk<A: Accumulator>(
    data: &Dataset,
    places: &Places,
    selection: &Selection,
    window: &Window,
    acc: &mut A,
    records: Option<&Records>,
) {
    let mut intervals: Vec<Interval> = Vec::new();
    for i in 0..data.item_count() {
        if !selection.wants(i) {
            continue;
        }
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        if a == b || data.at[a] > window.now {
            continue;
        }
        if records.is_some_and(|r| r.replay(data, places, i, window, acc)) {
            continue;
        }
        intervals_of(data, places, i, window.now, &mut intervals);
        let item = describe(data, i, &intervals, window);
        acc.item(&item);
        let time = visit(&item, window, acc);
        acc.item_done(&item, time);
    }
}

/// Item `i`'s intervals up to `now` into `out`: from its creation to its first state change
/// when the source said which state it left, then one per state change.
pub(crate) fn intervals_of(
    data: &Dataset,
    places: &Places,
    i: usize,
    now: i64,
    out: &mut Vec<Interval>,
) {
    let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
    let interval = |start: i64, end: i64, key: StateKey| {
        let (category, stage) = places.0[key as usize];
        Interval {
            start,
            end,
            key,
            stage,
            category,
        }
    };
    out.clear();
    if a == b {
        // No state change (an item listed without a history): no interval, and no transition
        // at `a` to read (it may be past the last one).
        return;
    }
    let created = data.item_created[i];
    if let Some(k) = data.prior_state(a) {
        if created < data.at[a] {
            out.push(interval(created, data.at[a], k));
        }
    }
    let mut j = a;
    while j < b && data.at[j] <= now {
        let next = if j + 1 < b && data.at[j + 1] <= now {
            data.at[j + 1]
        } else {
            now
        };
        out.push(interval(data.at[j], next, data.to[j]));
        j += 1;
    }
}

/// An item's ends, from its intervals (`docs/metrics.md`, "Per item"): its work start (the
/// start of its first Waiting or Active interval), and when its last state is Done or Canceled
/// the start of the final run of that category, with the category.
pub(crate) fn ends(intervals: &[Interval]) -> (Option<i64>, Option<(i64, StateCategory)>) {
    let (work_start, end_at) = end_ix(intervals);
    (
        work_start.map(|k| intervals[k].start),
        end_at.map(|(k, c)| (intervals[k].start, c)),
    )
}

/// [`ends`] as indices of the intervals that start them.
pub(crate) fn end_ix(intervals: &[Interval]) -> (Option<usize>, Option<(usize, StateCategory)>) {
    let Some(last) = intervals.last() else {
        return (None, None);
    };
    let final_cat = last.category;
    let work_start = intervals.iter().position(|iv| is_flow(iv.category));
    // Start of the final run of Done (or Canceled) states.
    let end_at = if is_end(final_cat) {
        let mut k = intervals.len() - 1;
        while k > 0 && intervals[k - 1].category == final_cat {
            k -= 1;
        }
        Some((k, final_cat))
    } else {
        None
    };
    (work_start, end_at)
}

/// What every figure needs to know of an item, from its intervals.
fn describe<'a>(data: &Dataset, i: usize, intervals: &'a [Interval], window: &Window) -> Item<'a> {
    let last = intervals.last().expect("at least one interval");
    let final_cat = last.category;
    let (work_start, end_at) = ends(intervals);
    let end_at = end_at.map(|(at, _)| at);
    let completed_at = end_at.filter(|_| final_cat == StateCategory::Done);
    let canceled_at = end_at.filter(|_| final_cat == StateCategory::Canceled);
    let completed_in_window = completed_at.is_some_and(|t| window.contains(t));
    let canceled_in_window = canceled_at.is_some_and(|t| window.contains(t));
    let in_scope = if window.during {
        intervals.iter().any(|iv| window.overlaps(iv.start, iv.end))
            || intervals.iter().any(|iv| window.contains(iv.start))
    } else {
        completed_in_window || canceled_in_window
    };
    Item {
        ix: i as ItemIx,
        flow_item_type: data.item_type[i],
        intervals,
        work_start,
        completed_at,
        completed_in_window,
        canceled_in_window,
        in_flight: work_start.is_some() && !is_end(final_cat),
        in_scope,
    }
}

/// Feeds the item's intervals to `acc`: first those in progress, then those the window counts.
/// Two tight loops rather than one: each keeps its state in registers.
#[inline]
pub(crate) fn visit<A: Accumulator>(item: &Item, window: &Window, acc: &mut A) -> ItemTime {
    if let Some(ws) = item.work_start {
        for iv in item.intervals {
            if iv.start < ws || is_end(iv.category) {
                continue;
            }
            let progress = Progress {
                start: iv.start,
                from: iv.start.max(window.origin),
                to: iv.end.min(window.end),
                stage: iv.stage(),
            };
            acc.in_progress(item, &progress);
        }
    }
    let mut time = ItemTime::default();
    if !item.in_scope {
        return time;
    }
    let mut prev: Option<usize> = None;
    for iv in item.intervals {
        if iv.category == StateCategory::Ignore {
            continue;
        }
        let len = window.clip(iv.start, iv.end);
        match iv.category {
            StateCategory::Waiting => time.waiting += len,
            StateCategory::Active => time.active += len,
            _ => {}
        }
        let step = Step {
            start: iv.start,
            key: iv.key,
            category: iv.category,
            stage: iv.stage(),
            prev,
            len,
            starts_in_window: !window.during || window.contains(iv.start),
        };
        acc.interval(item, &step);
        prev = step.stage;
    }
    time
}

#[cfg(test)]
mod tests {
    use super::super::query::Query;
    use super::*;
    use crate::dataset::DatasetBuilder;
    use flowmap_core::{
        Edge, EdgeId, Estimates, Handoff, Node, NodeId, Stage, StateMapping, ValueStreamMap,
    };

    /// Dev ("Dev Queue", "Dev") → QA ("QA"); "Parked" is ignored.
    fn model(data: &Dataset) -> StageModel {
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
        let map = ValueStreamMap::from_parts(
            "walk",
            [
                stage(1, "Dev", &["Dev Queue", "Dev"]),
                stage(2, "QA", &["QA"]),
            ],
            [Edge::Handoff(Handoff {
                id: EdgeId::from_random_bytes([9; 16]),
                from: NodeId::from_random_bytes([1; 16]),
                to: NodeId::from_random_bytes([2; 16]),
                label: None,
            })],
        )
        .unwrap();
        use StateCategory::*;
        let mappings: Vec<StateMapping> = [
            ("Backlog", New),
            ("Dev Queue", Waiting),
            ("Dev", Active),
            ("Parked", Ignore),
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
        StageModel::new(&map, &mappings, data).unwrap()
    }

    /// Writes down what the walk tells it.
    #[derive(Default)]
    struct Record(Vec<String>);

    impl Accumulator for Record {
        fn item(&mut self, item: &Item) {
            self.0.push(format!(
                "item {} start {:?} done {:?} flight {} scope {}",
                item.ix, item.work_start, item.completed_at, item.in_flight, item.in_scope
            ));
        }
        fn in_progress(&mut self, _item: &Item, p: &Progress) {
            self.0
                .push(format!("progress {}..{} {:?}", p.from, p.to, p.stage));
        }
        fn interval(&mut self, _item: &Item, s: &Step) {
            self.0.push(format!(
                "step {:?} {:?} from {:?} len {}",
                s.category, s.stage, s.prev, s.len
            ));
        }
        fn item_done(&mut self, _item: &Item, t: ItemTime) {
            self.0
                .push(format!("done active {} waiting {}", t.active, t.waiting));
        }
    }

    #[test]
    fn the_walk_tells_each_figure_the_items_intervals_once() {
        let mut b = DatasetBuilder::new();
        let i = b
            .add_item("s", "A-1", "t", FlowItemType::Feature, 0)
            .unwrap() as u64;
        let mut from = None;
        for (at, to) in [
            (0, "Backlog"),
            (10, "Dev Queue"),
            (12, "Dev"),
            (15, "Parked"),
            (16, "Dev"),
            (20, "QA"),
            (30, "Done"),
        ] {
            b.add_transition(i, at, from, to).unwrap();
            from = Some(to);
        }
        // Not a state change by `now`: never visited.
        let late = b
            .add_item("s", "A-2", "t", FlowItemType::Feature, 0)
            .unwrap() as u64;
        b.add_transition(late, 200, None, "Dev").unwrap();
        let data = b.finish().unwrap();
        let model = model(&data);
        let query = Query::all_time(100);
        let selection = Selection::new(&data, &model, &query);
        let window = Window::new(&query, 0);
        let mut record = Record::default();
        walk(
            &data,
            &Places::new(&model),
            &selection,
            &window,
            &mut record,
            None,
        );
        assert_eq!(
            record.0,
            [
                "item 0 start Some(10) done Some(30) flight false scope true",
                // From work start until done.
                "progress 10..12 Some(0)",
                "progress 12..15 Some(0)",
                // Ignored: in progress, but in no stage.
                "progress 15..16 None",
                "progress 16..20 Some(0)",
                "progress 20..30 Some(1)",
                // Every interval but the ignored one, as the window counts it.
                "step New None from None len 10",
                "step Waiting Some(0) from None len 2",
                "step Active Some(0) from Some(0) len 3",
                "step Active Some(0) from Some(0) len 4",
                "step Active Some(1) from Some(0) len 10",
                "step Done None from Some(1) len 70",
                "done active 17 waiting 2",
            ]
        );
    }
}
