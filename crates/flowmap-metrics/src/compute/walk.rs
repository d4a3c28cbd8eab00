//! The interval walk: every selected item's intervals up to `now`, visited once, fed to the
//! figures' accumulators. It derives what every figure shares — work start, completion, in
//! flight, in scope (`docs/metrics.md`, "Per item" and "Windows") — so that no accumulator
//! derives it again. The intervals are read straight from the dataset's columns (no copy per
//! item); `intervals::intervals_of` gives the same intervals as values.

use super::intervals::Places;
use super::select::Selection;
use super::window::Window;
use super::{is_end, is_flow};
use crate::dataset::{Dataset, ItemIx, StateKey};
use crate::model::NO_STAGE;
use flowmap_core::{FlowItemType, StateCategory};

/// A selected item as every accumulator sees it.
pub(crate) struct Item {
    pub ix: ItemIx,
    pub flow_item_type: FlowItemType,
    /// Its state at `now`, and that state's stage when it is Waiting or Active in one.
    pub last_key: StateKey,
    pub last_stage: Option<usize>,
    /// When it is in flight in a stage: the start of its current stay there (Ignore states
    /// within the stay count as the stay).
    pub stage_since: i64,
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
pub(crate) trait Accumulator {
    fn item(&mut self, _item: &Item) {}
    fn in_progress(&mut self, _item: &Item, _interval: &Progress) {}
    fn interval(&mut self, _item: &Item, _step: &Step) {}
    fn item_done(&mut self, _item: &Item, _time: ItemTime) {}
}

/// Visits every item `selection` wants that had a state change by `now`.
pub(crate) fn walk<A: Accumulator>(
    data: &Dataset,
    places: &Places,
    selection: &Selection,
    window: &Window,
    acc: &mut A,
) {
    for i in 0..data.item_count() {
        if !selection.wants(i) {
            continue;
        }
        let Some(span) = Span::of(data, places, i, window.now) else {
            continue;
        };
        let item = describe(data, &span, i, window);
        acc.item(&item);
        let time = visit(&span, &item, window, acc);
        acc.item_done(&item, time);
    }
}

/// One item's intervals up to `now`, in the columns: from its creation to its first state
/// change when the source said which state it left (`prior`), then one per state change up to
/// `now`, the last one ending at `now`.
struct Span<'a> {
    places: &'a [(StateCategory, u16)],
    /// Creation and the state left by the first change, when counted as an interval.
    prior: Option<(i64, StateKey)>,
    /// The times and states of the changes up to `now`; never empty.
    at: &'a [i64],
    to: &'a [StateKey],
    now: i64,
}

impl<'a> Span<'a> {
    /// Item `i`'s span, or `None` when it had no state change by `now`.
    #[inline]
    fn of(data: &'a Dataset, places: &'a Places, i: usize, now: i64) -> Option<Self> {
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        if a == b || data.at[a] > now {
            return None;
        }
        // Changes after `now` are not known yet.
        let mut n = b - a;
        if data.at[b - 1] > now {
            n = data.at[a..b].partition_point(|t| *t <= now);
        }
        let created = data.item_created[i];
        let prior = data
            .prior_state(a)
            .filter(|_| created < data.at[a])
            .map(|k| (created, k));
        Some(Span {
            places: &places.0,
            prior,
            at: &data.at[a..a + n],
            to: &data.to[a..a + n],
            now,
        })
    }

    /// The number of intervals.
    #[inline]
    fn len(&self) -> usize {
        self.at.len() + usize::from(self.prior.is_some())
    }

    /// Interval `t`'s start and state key.
    #[inline]
    fn get(&self, t: usize) -> (i64, StateKey) {
        match (self.prior, t) {
            (Some(p), 0) => p,
            (Some(_), t) => (self.at[t - 1], self.to[t - 1]),
            (None, t) => (self.at[t], self.to[t]),
        }
    }

    /// Category and stage ([`NO_STAGE`] when in none) of a state key.
    #[inline]
    fn place(&self, key: StateKey) -> (StateCategory, u16) {
        self.places[key as usize]
    }

    /// Calls `f(start, end, key, category, stage)` for each interval, in time order.
    #[inline(always)]
    fn each(&self, mut f: impl FnMut(i64, i64, StateKey, StateCategory, u16)) {
        if let Some((created, k)) = self.prior {
            let (c, s) = self.place(k);
            f(created, self.at[0], k, c, s);
        }
        let last = self.at.len() - 1;
        for x in 0..last {
            let k = self.to[x];
            let (c, s) = self.place(k);
            f(self.at[x], self.at[x + 1], k, c, s);
        }
        let k = self.to[last];
        let (c, s) = self.place(k);
        f(self.at[last], self.now, k, c, s);
    }
}

/// Its stage, when a place has one.
#[inline]
fn stage(s: u16) -> Option<usize> {
    (s != NO_STAGE).then_some(s as usize)
}

/// What every figure needs to know of an item, from its intervals (`intervals::ends` on values).
fn describe(data: &Dataset, span: &Span, i: usize, window: &Window) -> Item {
    let n = span.len();
    let (_, last_key) = span.get(n - 1);
    let (final_cat, last_stage) = span.place(last_key);
    let work_start = (0..n).map(|t| span.get(t)).find_map(|(start, k)| {
        let (c, _) = span.place(k);
        is_flow(c).then_some(start)
    });
    // Start of the final run of Done (or Canceled) states.
    let end_at = is_end(final_cat).then(|| {
        let mut t = n - 1;
        while t > 0 && span.place(span.get(t - 1).1).0 == final_cat {
            t -= 1;
        }
        span.get(t).0
    });
    let completed_at = end_at.filter(|_| final_cat == StateCategory::Done);
    let canceled_at = end_at.filter(|_| final_cat == StateCategory::Canceled);
    let completed_in_window = completed_at.is_some_and(|t| window.contains(t));
    let canceled_in_window = canceled_at.is_some_and(|t| window.contains(t));
    let in_scope = if window.during {
        let mut overlaps = false;
        let mut starts = false;
        span.each(|s, e, _, _, _| {
            overlaps |= window.overlaps(s, e);
            starts |= window.contains(s);
        });
        overlaps || starts
    } else {
        completed_in_window || canceled_in_window
    };
    let in_flight = work_start.is_some() && !is_end(final_cat);
    let last_stage = stage(last_stage);
    // The start of its current stay in its stage, for aging.
    let stage_since = match last_stage {
        Some(st) if in_flight => {
            let mut t = n - 1;
            while t > 0 {
                let (c, s) = span.place(span.get(t - 1).1);
                if stage(s) != Some(st) && c != StateCategory::Ignore {
                    break;
                }
                t -= 1;
            }
            span.get(t).0
        }
        _ => 0,
    };
    Item {
        ix: i as ItemIx,
        flow_item_type: data.item_type[i],
        last_key,
        last_stage,
        stage_since,
        work_start,
        completed_at,
        completed_in_window,
        canceled_in_window,
        in_flight,
        in_scope,
    }
}

/// Feeds the item's intervals to `acc`: first those in progress, then those the window counts.
/// Two tight loops rather than one: each keeps its state in registers.
#[inline]
fn visit<A: Accumulator>(span: &Span, item: &Item, window: &Window, acc: &mut A) -> ItemTime {
    if let Some(ws) = item.work_start {
        span.each(|start, end, _, c, s| {
            if start < ws || is_end(c) {
                return;
            }
            let progress = Progress {
                start,
                from: start.max(window.origin),
                to: end.min(window.end),
                stage: stage(s),
            };
            acc.in_progress(item, &progress);
        });
    }
    let mut time = ItemTime::default();
    if !item.in_scope {
        return time;
    }
    let mut prev: Option<usize> = None;
    span.each(|start, end, key, category, s| {
        if category == StateCategory::Ignore {
            return;
        }
        let len = window.clip(start, end);
        match category {
            StateCategory::Waiting => time.waiting += len,
            StateCategory::Active => time.active += len,
            _ => {}
        }
        let step = Step {
            start,
            key,
            category,
            stage: stage(s),
            prev,
            len,
            starts_in_window: !window.during || window.contains(start),
        };
        acc.interval(item, &step);
        prev = step.stage;
    });
    time
}

#[cfg(test)]
mod tests {
    use super::super::query::Query;
    use super::*;
    use crate::dataset::DatasetBuilder;
    use crate::model::StageModel;
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
