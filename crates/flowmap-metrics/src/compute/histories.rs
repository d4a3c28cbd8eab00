//! Each item on its own, for the Items list and an item's timeline: its current state and
//! stage, its work start and end, and the intervals of its history (`docs/metrics.md`, "Per
//! item"). The same intervals and ends the figures use ([`super::walk`]); ties at one instant
//! in the source's order ([`flowmap_core::ties`], applied when the dataset was built).

use super::walk::{ends, intervals_of, Interval, Places};
use crate::dataset::{Dataset, ItemIx, StateKey};
use crate::model::StageModel;
use flowmap_core::StateCategory;

/// What the Items list shows of one item, measured at `now`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemFacts {
    pub ix: ItemIx,
    /// Its state at `now` (its last change when all its changes are later than `now`).
    pub state: StateKey,
    /// That state's stage (flow-order position) and category.
    pub stage: Option<usize>,
    pub category: StateCategory,
    /// The start of its first Waiting or Active interval.
    pub started: Option<i64>,
    /// When its state is Done or Canceled: the start of the final run of that category.
    pub ended: Option<i64>,
}

/// One interval of an item's history: the state it was in from `start` to `end` (`None`: it is
/// still there at `now`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimelineStep {
    pub start: i64,
    pub end: Option<i64>,
    pub state: StateKey,
    pub stage: Option<usize>,
    pub category: StateCategory,
}

/// The instant an item's intervals are closed at: `now`, or its last change when later (an
/// item whose changes all lie after `now` still shows its history).
fn horizon(data: &Dataset, i: usize, now: i64) -> i64 {
    let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
    if a == b {
        return now;
    }
    if data.at[a] > now {
        data.at[b - 1]
    } else {
        now
    }
}

/// The facts of every item that has a state change, in item order.
pub fn item_facts(data: &Dataset, model: &StageModel, now: i64) -> Vec<ItemFacts> {
    item_facts_of(data, model, now, 0..data.item_count() as ItemIx)
}

/// The facts of `items` (those with a state change), in the order given.
pub fn item_facts_of(
    data: &Dataset,
    model: &StageModel,
    now: i64,
    items: impl IntoIterator<Item = ItemIx>,
) -> Vec<ItemFacts> {
    let items = items.into_iter();
    let places = Places::new(model);
    let mut intervals: Vec<Interval> = Vec::new();
    let mut out = Vec::with_capacity(items.size_hint().0);
    for i in items.map(|i| i as usize) {
        intervals_of(data, &places, i, horizon(data, i, now), &mut intervals);
        let Some(last) = intervals.last() else {
            continue;
        };
        let (started, end) = ends(&intervals);
        let (stage, category) = model.place(last.key);
        out.push(ItemFacts {
            ix: i as ItemIx,
            state: last.key,
            stage,
            category,
            started,
            ended: end.map(|(at, _)| at),
        });
    }
    out
}

/// Item `ix`'s history up to `now`: one step per state it was in, in time order (equal
/// instants in the source's order).
pub fn item_timeline(
    data: &Dataset,
    model: &StageModel,
    ix: ItemIx,
    now: i64,
) -> Vec<TimelineStep> {
    let i = ix as usize;
    if i >= data.item_count() {
        return Vec::new();
    }
    let places = Places::new(model);
    let mut intervals: Vec<Interval> = Vec::new();
    let until = horizon(data, i, now);
    intervals_of(data, &places, i, until, &mut intervals);
    let n = intervals.len();
    intervals
        .iter()
        .enumerate()
        .map(|(k, iv)| {
            let (stage, category) = model.place(iv.key);
            TimelineStep {
                start: iv.start,
                end: (k + 1 < n).then_some(iv.end),
                state: iv.key,
                stage,
                category,
            }
        })
        .collect()
}

impl Dataset {
    /// The index of the item `key` of `source`.
    pub fn find_item(&self, source: &str, key: &str) -> Option<ItemIx> {
        let src = self.sources.iter().position(|s| s == source)? as u32;
        (0..self.item_count())
            .find(|&i| self.item_source[i] == src && &self.item_key[i] == key)
            .map(|i| i as ItemIx)
    }

    /// The name of state `key`.
    pub fn state_name(&self, key: StateKey) -> &str {
        &self.states[key as usize].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DatasetBuilder;
    use flowmap_core::ValueStreamMap;
    use flowmap_core::{Estimates, FlowItemType, Node, NodeId, Stage, StateCategory as C};

    /// One stage, Dev, holding "Doing" (Active by its name); Done and Closed are Done.
    fn model(data: &Dataset) -> StageModel {
        let dev = Node::Stage(Stage {
            id: NodeId::from_random_bytes([1; 16]),
            name: "Dev".into(),
            team: None,
            tool: None,
            partner: None,
            states: vec!["Doing".into()],
            estimates: Estimates::default(),
        });
        let map = ValueStreamMap::from_parts("items", [dev], []).unwrap();
        StageModel::new(&map, &[], data).unwrap()
    }

    #[test]
    fn an_item_done_at_one_instant_keeps_the_source_order_and_ends_there() {
        let mut b = DatasetBuilder::new();
        let i = b
            .add_item("s", "A-1", "t", FlowItemType::Feature, 0)
            .unwrap() as u64;
        b.add_transition(i, 0, None, "New").unwrap();
        b.add_transition(i, 10, None, "Doing").unwrap();
        // Same instant, no from-states: the source's order stands (Done, then Closed).
        b.add_transition(i, 50, None, "Done").unwrap();
        b.add_transition(i, 50, None, "Closed").unwrap();
        let data = b.finish().unwrap();
        let m = model(&data);
        let facts = item_facts(&data, &m, 100);
        assert_eq!(facts.len(), 1);
        assert_eq!(data.state_name(facts[0].state), "Closed");
        assert_eq!((facts[0].started, facts[0].ended), (Some(10), Some(50)));
        assert_eq!(facts[0].category, C::Done);
        let steps = item_timeline(&data, &m, 0, 100);
        let names: Vec<_> = steps.iter().map(|s| data.state_name(s.state)).collect();
        assert_eq!(names, ["New", "Doing", "Done", "Closed"]);
        assert_eq!(steps[1].stage, Some(0));
        assert_eq!(steps[1].category, C::Active);
        assert_eq!((steps[2].start, steps[2].end), (50, Some(50)));
        assert_eq!((steps[3].start, steps[3].end), (50, None));
        assert_eq!(data.find_item("s", "A-1"), Some(0));
        assert_eq!(data.find_item("s", "A-2"), None);
    }

    #[test]
    fn an_item_without_a_state_change_last_in_the_data_has_no_facts_and_no_panic() {
        let mut b = DatasetBuilder::new();
        let i = b
            .add_item("s", "A-1", "t", FlowItemType::Feature, 0)
            .unwrap() as u64;
        b.add_transition(i, 0, Some("New"), "Doing").unwrap();
        // Listed without a history, and last: no transition at its offset.
        b.add_item("s", "A-2", "t", FlowItemType::Feature, 5)
            .unwrap();
        let data = b.finish().unwrap();
        let m = model(&data);
        let facts = item_facts(&data, &m, 100);
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].ix, 0);
        assert!(item_timeline(&data, &m, 1, 100).is_empty());
    }
}
