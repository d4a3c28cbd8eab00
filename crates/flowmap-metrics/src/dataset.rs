//! Item histories laid out for speed: columns, interned states, integer milliseconds, and each
//! item's transitions contiguous and in time order.

use flowmap_core::{order_ties, FlowItemType, TieOrder};
use std::collections::HashMap;

mod append;

/// Index of an item in a [`Dataset`].
pub type ItemIx = u32;
/// Index of an interned (source, state) pair in a [`Dataset`].
pub type StateKey = u32;

/// Work items and their transitions, column by column.
///
/// Transitions of item `i` are `offsets[i]..offsets[i + 1]`, sorted by time; transitions with
/// the same instant keep the order they were given in, unless a consistent from-state chain
/// orders them (see [`DatasetBuilder::finish`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub(crate) sources: Vec<String>,
    /// (source index, state name) of each state key.
    pub(crate) states: Vec<(u32, String)>,
    pub(crate) item_key: Texts,
    pub(crate) item_title: Texts,
    pub(crate) item_source: Vec<u32>,
    pub(crate) item_type: Vec<FlowItemType>,
    pub(crate) item_created: Vec<i64>,
    /// The artifact type names the items have ("Story", "Pull Request"…), each once.
    pub(crate) artifacts: Vec<String>,
    /// Each item's artifact type: an index into `artifacts`.
    pub(crate) item_artifact: Vec<u32>,
    pub(crate) offsets: Vec<u32>,
    pub(crate) at: Vec<i64>,
    /// [`NO_STATE`] when the source did not say.
    pub(crate) from: Vec<StateKey>,
    pub(crate) to: Vec<StateKey>,
    /// What the engine derived from these columns for the last stage model it computed with
    /// (`compute/records.rs`); empty in a copy, never part of a comparison.
    pub(crate) records: crate::compute::RecordCache,
}

/// Strings in one buffer: string `i` is `bytes[ends[i - 1]..ends[i]]`. One allocation for a
/// million item keys instead of a million.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Texts {
    pub(crate) bytes: String,
    pub(crate) ends: Vec<usize>,
}

impl Texts {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.ends.reserve(n);
    }

    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl std::ops::Index<usize> for Texts {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i)
    }
}

/// The from-state of a transition whose source did not say where the item came from.
pub(crate) const NO_STATE: StateKey = StateKey::MAX;

impl Dataset {
    pub fn item_count(&self) -> usize {
        self.item_key.len()
    }

    pub fn transition_count(&self) -> usize {
        self.at.len()
    }

    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Per source of the dataset, whether a filter naming `wanted` keeps its items (every
    /// source when `wanted` is empty).
    pub(crate) fn sources_wanted(&self, wanted: &[String]) -> Vec<bool> {
        self.sources
            .iter()
            .map(|s| wanted.is_empty() || wanted.iter().any(|q| q == s))
            .collect()
    }

    /// Every interned (source, state) pair, indexed by [`StateKey`].
    pub fn state_keys(&self) -> impl Iterator<Item = (StateKey, &str, &str)> + '_ {
        self.states.iter().enumerate().map(|(k, (src, name))| {
            (
                k as StateKey,
                self.sources[*src as usize].as_str(),
                name.as_str(),
            )
        })
    }

    pub fn item_key(&self, i: ItemIx) -> &str {
        &self.item_key[i as usize]
    }

    pub fn item_title(&self, i: ItemIx) -> &str {
        &self.item_title[i as usize]
    }

    pub fn item_source(&self, i: ItemIx) -> &str {
        &self.sources[self.item_source[i as usize] as usize]
    }

    /// Item `i`'s artifact type, as its source named it ("" when it was not given).
    pub fn item_artifact_type(&self, i: ItemIx) -> &str {
        &self.artifacts[self.item_artifact[i as usize] as usize]
    }

    /// Every artifact type name of the items, indexed as [`Dataset::item_artifact_type`] is.
    pub fn artifact_types(&self) -> &[String] {
        &self.artifacts
    }

    pub fn item_type(&self, i: ItemIx) -> FlowItemType {
        self.item_type[i as usize]
    }

    /// The index of item `i`'s source in [`Dataset::sources`].
    pub fn item_source_index(&self, i: ItemIx) -> usize {
        self.item_source[i as usize] as usize
    }

    /// The states item `i` entered, in time order (ties as the figures order them).
    pub fn item_states(&self, i: ItemIx) -> &[StateKey] {
        let i = i as usize;
        &self.to[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// The same items and transitions with the items stored in `order` (a permutation of
    /// their indices): for measuring that the engine does not depend on the order items are
    /// stored in. `None` when `order` is not a permutation.
    pub fn permuted(&self, order: &[ItemIx]) -> Option<Dataset> {
        let n = self.item_count();
        let mut seen = vec![false; n];
        for &i in order {
            if std::mem::replace(seen.get_mut(i as usize)?, true) {
                return None;
            }
        }
        if order.len() != n {
            return None;
        }
        let mut d = Dataset {
            sources: self.sources.clone(),
            states: self.states.clone(),
            artifacts: self.artifacts.clone(),
            offsets: Vec::with_capacity(n + 1),
            ..Dataset::default()
        };
        d.offsets.push(0);
        for &i in order {
            let i = i as usize;
            d.item_key.push(&self.item_key[i]);
            d.item_title.push(&self.item_title[i]);
            d.item_source.push(self.item_source[i]);
            d.item_type.push(self.item_type[i]);
            d.item_created.push(self.item_created[i]);
            d.item_artifact.push(self.item_artifact[i]);
            let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
            d.at.extend_from_slice(&self.at[a..b]);
            d.from.extend_from_slice(&self.from[a..b]);
            d.to.extend_from_slice(&self.to[a..b]);
            d.offsets.push(d.at.len() as u32);
        }
        Some(d)
    }

    /// Item `i`'s first event: its creation or its first change, whichever is earlier; `None`
    /// when it has no change.
    pub(crate) fn first_event(&self, i: usize) -> Option<i64> {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        (a < b).then(|| self.item_created[i].min(self.at[a]))
    }

    /// The from-state of transition `j`.
    pub(crate) fn prior_state(&self, j: usize) -> Option<StateKey> {
        let k = self.from[j];
        (k != NO_STATE).then_some(k)
    }
}

/// The index of `name` in `names`, added (and to `index`) when new.
fn interned(index: &mut HashMap<String, u32>, names: &mut Vec<String>, name: &str) -> u32 {
    if let Some(ix) = index.get(name) {
        return *ix;
    }
    let ix = names.len() as u32;
    names.push(name.to_string());
    index.insert(name.to_string(), ix);
    ix
}

/// Why a dataset could not be built. Messages name the item or transition concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatasetError {
    #[error("a transition to {state:?} at {at_ms} ms refers to item #{item}, which was never added (items added: {items})")]
    UnknownItem {
        item: u64,
        state: String,
        at_ms: i64,
        items: usize,
    },
    #[error("a transition of item {key:?} names a state of another source ({state:?})")]
    ForeignState { key: String, state: String },
    #[error("item {key:?} of source {source_name:?} is added twice")]
    DuplicateItem { source_name: String, key: String },
}

/// Builds a [`Dataset`]: add items, then transitions in any order.
#[derive(Default)]
pub struct DatasetBuilder {
    data: Dataset,
    source_ix: HashMap<String, u32>,
    artifact_ix: HashMap<String, u32>,
    state_ix: HashMap<(u32, String), StateKey>,
    /// Transitions in arrival order, as columns: item, at, from, to.
    pending_item: Vec<ItemIx>,
    pending_at: Vec<i64>,
    pending_from: Vec<StateKey>,
    pending_to: Vec<StateKey>,
}

impl DatasetBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for this many items and transitions.
    pub fn with_capacity(items: usize, transitions: usize) -> Self {
        let mut b = Self::default();
        b.data.item_key.reserve(items);
        b.data.item_title.reserve(items);
        b.data.item_source.reserve(items);
        b.data.item_type.reserve(items);
        b.data.item_created.reserve(items);
        b.data.item_artifact.reserve(items);
        b.pending_item.reserve(transitions);
        b.pending_at.reserve(transitions);
        b.pending_from.reserve(transitions);
        b.pending_to.reserve(transitions);
        b
    }

    fn source(&mut self, name: &str) -> u32 {
        interned(&mut self.source_ix, &mut self.data.sources, name)
    }

    /// The key of `state` of `source`, for [`DatasetBuilder::add_transition_keys`].
    pub fn state_key(&mut self, source: &str, state: &str) -> StateKey {
        let src = self.source(source);
        self.state(src, state)
    }

    /// Adds a state change with states already turned into keys (see
    /// [`DatasetBuilder::state_key`]): the fast path for loading millions of transitions.
    pub fn add_transition_keys(
        &mut self,
        item: ItemIx,
        at_ms: i64,
        from_state: Option<StateKey>,
        to_state: StateKey,
    ) -> Result<(), DatasetError> {
        let Some(&src) = self.data.item_source.get(item as usize) else {
            return Err(DatasetError::UnknownItem {
                item: item as u64,
                state: self
                    .data
                    .states
                    .get(to_state as usize)
                    .map(|s| s.1.clone())
                    .unwrap_or_default(),
                at_ms,
                items: self.data.item_key.len(),
            });
        };
        for k in from_state.into_iter().chain([to_state]) {
            match self.data.states.get(k as usize) {
                Some((s, _)) if *s == src => {}
                other => {
                    return Err(DatasetError::ForeignState {
                        key: self.data.item_key[item as usize].to_string(),
                        state: other
                            .map(|o| o.1.clone())
                            .unwrap_or_else(|| format!("#{k}")),
                    })
                }
            }
        }
        self.push(item, at_ms, from_state, to_state);
        Ok(())
    }

    fn push(&mut self, item: ItemIx, at: i64, from: Option<StateKey>, to: StateKey) {
        self.pending_item.push(item);
        self.pending_at.push(at);
        self.pending_from.push(from.unwrap_or(NO_STATE));
        self.pending_to.push(to);
    }

    fn state(&mut self, source: u32, name: &str) -> StateKey {
        if let Some(k) = self.state_ix.get(&(source, name.to_string())) {
            return *k;
        }
        let k = self.data.states.len() as StateKey;
        self.data.states.push((source, name.to_string()));
        self.state_ix.insert((source, name.to_string()), k);
        k
    }

    /// Sets the artifact type of item `item` (an index returned by `add_item`; "" until set).
    pub fn set_artifact_type(&mut self, item: ItemIx, name: &str) {
        let ix = self.artifact(name);
        if let Some(a) = self.data.item_artifact.get_mut(item as usize) {
            *a = ix;
        }
    }

    fn artifact(&mut self, name: &str) -> u32 {
        interned(&mut self.artifact_ix, &mut self.data.artifacts, name)
    }

    /// Items added so far.
    pub fn item_count(&self) -> usize {
        self.data.item_key.len()
    }

    /// Item `i` as added: key, title, flow item type, creation (Unix ms).
    pub fn item(&self, i: ItemIx) -> (&str, &str, FlowItemType, i64) {
        let (d, i) = (&self.data, i as usize);
        let (key, title) = (d.item_key.get(i), d.item_title.get(i));
        (key, title, d.item_type[i], d.item_created[i])
    }

    /// The transitions added so far, in the order added: item, instant, states left and entered.
    pub fn transitions(
        &self,
    ) -> impl Iterator<Item = (ItemIx, i64, Option<StateKey>, StateKey)> + '_ {
        let from = |j: usize| Some(self.pending_from[j]).filter(|k| *k != NO_STATE);
        (0..self.pending_at.len()).map(move |j| {
            (
                self.pending_item[j],
                self.pending_at[j],
                from(j),
                self.pending_to[j],
            )
        })
    }

    /// The artifact type of item `i` as set ("" when none was).
    pub fn item_artifact_type(&self, i: ItemIx) -> &str {
        &self.data.artifacts[self.data.item_artifact[i as usize] as usize]
    }

    /// The name of state key `k`.
    pub fn state_name(&self, k: StateKey) -> &str {
        &self.data.states[k as usize].1
    }

    /// Adds an item; returns its index for [`DatasetBuilder::add_transition`].
    pub fn add_item(
        &mut self,
        source: &str,
        key: &str,
        title: &str,
        flow_item_type: FlowItemType,
        created_ms: i64,
    ) -> Result<ItemIx, DatasetError> {
        let src = self.source(source);
        let ix = self.data.item_key.len() as ItemIx;
        self.data.item_key.push(key);
        self.data.item_title.push(title);
        self.data.item_source.push(src);
        self.data.item_type.push(flow_item_type);
        self.data.item_created.push(created_ms);
        let artifact = self.artifact("");
        self.data.item_artifact.push(artifact);
        Ok(ix)
    }

    /// Adds a state change of item `item` (an index returned by `add_item`).
    pub fn add_transition(
        &mut self,
        item: u64,
        at_ms: i64,
        from_state: Option<&str>,
        to_state: &str,
    ) -> Result<(), DatasetError> {
        let Some(&src) = self.data.item_source.get(item as usize) else {
            return Err(DatasetError::UnknownItem {
                item,
                state: to_state.to_string(),
                at_ms,
                items: self.data.item_key.len(),
            });
        };
        let from = from_state.map(|f| self.state(src, f));
        let to = self.state(src, to_state);
        self.push(item as ItemIx, at_ms, from, to);
        Ok(())
    }

    /// Sorts every item's transitions by time. Transitions at the same instant keep the order
    /// given (the source's), unless a consistent from-state chain orders them (see
    /// [`flowmap_core::ties`]). Exports repeat instants often, and the order decides the item's
    /// current state.
    /// Fails when two items share a source and key.
    pub fn finish(self) -> Result<Dataset, DatasetError> {
        self.check_unique_keys()?;
        self.finish_unique()
    }

    /// [`DatasetBuilder::finish`] for a caller that added each (source, key) once (it kept
    /// them apart itself): the keys are not checked again.
    pub fn finish_unique(mut self) -> Result<Dataset, DatasetError> {
        let n = self.data.item_key.len();
        let count = self.pending_at.len();
        let sorted = (1..count).all(|j| {
            (self.pending_item[j - 1], self.pending_at[j - 1])
                <= (self.pending_item[j], self.pending_at[j])
        });
        if !sorted {
            // Stable: equal (item, at) keep arrival order.
            let mut order: Vec<u32> = (0..count as u32).collect();
            order.sort_by_key(|j| (self.pending_item[*j as usize], self.pending_at[*j as usize]));
            self.pending_item = order
                .iter()
                .map(|j| self.pending_item[*j as usize])
                .collect();
            self.pending_at = order.iter().map(|j| self.pending_at[*j as usize]).collect();
            self.pending_from = order
                .iter()
                .map(|j| self.pending_from[*j as usize])
                .collect();
            self.pending_to = order.iter().map(|j| self.pending_to[*j as usize]).collect();
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut j = 0usize;
        for item in 0..n as ItemIx {
            let start = j;
            while j < count && self.pending_item[j] == item {
                j += 1;
            }
            if j - start > 1 {
                chain_ties(
                    &mut self.pending_at[start..j],
                    &mut self.pending_from[start..j],
                    &mut self.pending_to[start..j],
                );
            }
            offsets.push(j as u32);
        }
        self.data.offsets = offsets;
        self.data.at = std::mem::take(&mut self.pending_at);
        self.data.from = std::mem::take(&mut self.pending_from);
        self.data.to = std::mem::take(&mut self.pending_to);
        Ok(self.data)
    }

    /// Two items with the same source and key are one item added twice.
    fn check_unique_keys(&self) -> Result<(), DatasetError> {
        let d = &self.data;
        let mut order: Vec<u32> = (0..d.item_key.len() as u32).collect();
        order.sort_unstable_by(|a, b| {
            let (a, b) = (*a as usize, *b as usize);
            (d.item_source[a], &d.item_key[a]).cmp(&(d.item_source[b], &d.item_key[b]))
        });
        for w in order.windows(2) {
            let (a, b) = (w[0] as usize, w[1] as usize);
            if d.item_source[a] == d.item_source[b] && d.item_key[a] == d.item_key[b] {
                return Err(DatasetError::DuplicateItem {
                    source_name: d.sources[d.item_source[a] as usize].clone(),
                    key: d.item_key[a].to_string(),
                });
            }
        }
        Ok(())
    }
}

/// Orders each run of equal instants by the tie rule of [`flowmap_core::ties`]: the order given
/// (the source's) stays, unless a consistent from-state chain exists and the given order is not
/// one. The slices are one item's transitions, in time order.
fn chain_ties(at: &mut [i64], from: &mut [StateKey], to: &mut [StateKey]) {
    let known = |k: StateKey| (k != NO_STATE).then_some(k);
    let mut k = 0;
    let mut current: Option<StateKey> = None;
    while k < at.len() {
        let mut end = k + 1;
        while end < at.len() && at[end] == at[k] {
            end += 1;
        }
        if end - k > 1 {
            let group: Vec<(Option<StateKey>, StateKey)> =
                (k..end).map(|j| (known(from[j]), to[j])).collect();
            let (how, order) = order_ties(current, &group);
            if how == TieOrder::Chain {
                for (off, j) in order.into_iter().enumerate() {
                    from[k + off] = group[j].0.unwrap_or(NO_STATE);
                    to[k + off] = group[j].1;
                }
            }
        }
        current = Some(to[end - 1]);
        k = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_are_chained_by_from_state() {
        let mut b = DatasetBuilder::new();
        let i = b
            .add_item("s", "A-1", "t", FlowItemType::Feature, 0)
            .unwrap() as u64;
        // Given out of order: at t=10 "Done" (from QA) before "QA" (from Dev).
        b.add_transition(i, 10, Some("QA"), "Done").unwrap();
        b.add_transition(i, 10, Some("Dev"), "QA").unwrap();
        b.add_transition(i, 0, None, "Dev").unwrap();
        let d = b.finish().unwrap();
        let names: Vec<&str> =
            d.to.iter()
                .map(|k| d.states[*k as usize].1.as_str())
                .collect();
        assert_eq!(names, ["Dev", "QA", "Done"]);
    }

    #[test]
    fn permuted_stores_the_same_items_in_another_order() {
        let mut b = DatasetBuilder::new();
        for (key, states) in [("A-1", &["Dev", "Done"][..]), ("A-2", &["Dev"][..])] {
            let i = b.add_item("s", key, "t", FlowItemType::Feature, 0).unwrap() as u64;
            for (at, to) in states.iter().enumerate() {
                b.add_transition(i, at as i64 * 10, None, to).unwrap();
            }
        }
        let d = b.finish().unwrap();
        let p = d.permuted(&[1, 0]).unwrap();
        assert_eq!((p.item_key(0), p.item_key(1)), ("A-2", "A-1"));
        assert_eq!(p.item_states(1), d.item_states(0));
        assert_eq!(p.item_states(0), d.item_states(1));
        assert_eq!(p.permuted(&[1, 0]), Some(d.clone()));
        // Not a permutation: an index twice, one missing, or out of range.
        assert_eq!(d.permuted(&[0, 0]), None);
        assert_eq!(d.permuted(&[0]), None);
        assert_eq!(d.permuted(&[0, 2]), None);
    }

    #[test]
    fn a_transition_for_an_unknown_item_names_it() {
        let mut b = DatasetBuilder::new();
        b.add_item("s", "A-1", "t", FlowItemType::Feature, 0)
            .unwrap();
        let err = b.add_transition(7, 5, None, "Open").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a transition to \"Open\" at 5 ms refers to item #7, which was never added (items added: 1)"
        );
    }
}
