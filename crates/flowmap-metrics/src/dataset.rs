//! Item histories laid out for speed: columns, interned states, integer milliseconds, and each
//! item's transitions contiguous and in time order.

use flowmap_core::FlowItemType;
use std::collections::HashMap;

/// Index of an item in a [`Dataset`].
pub type ItemIx = u32;
/// Index of an interned (source, state) pair in a [`Dataset`].
pub type StateKey = u32;

/// Work items and their transitions, column by column.
///
/// Transitions of item `i` are `offsets[i]..offsets[i + 1]`, sorted by time; transitions with
/// the same instant are ordered so that each leaves the state the previous one entered, where
/// the data allows (see [`DatasetBuilder::finish`]).
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub(crate) sources: Vec<String>,
    /// (source index, state name) of each state key.
    pub(crate) states: Vec<(u32, String)>,
    pub(crate) item_key: Vec<String>,
    pub(crate) item_title: Vec<String>,
    pub(crate) item_source: Vec<u32>,
    pub(crate) item_type: Vec<FlowItemType>,
    pub(crate) item_created: Vec<i64>,
    pub(crate) offsets: Vec<u32>,
    pub(crate) at: Vec<i64>,
    pub(crate) from: Vec<Option<StateKey>>,
    pub(crate) to: Vec<StateKey>,
}

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

    pub fn item_type(&self, i: ItemIx) -> FlowItemType {
        self.item_type[i as usize]
    }
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
    state_ix: HashMap<(u32, String), StateKey>,
    keys: HashMap<(u32, String), ItemIx>,
    /// (item, at, from, to) in arrival order.
    pending: Vec<(ItemIx, i64, Option<StateKey>, StateKey)>,
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
        b.pending.reserve(transitions);
        b
    }

    fn source(&mut self, name: &str) -> u32 {
        if let Some(ix) = self.source_ix.get(name) {
            return *ix;
        }
        let ix = self.data.sources.len() as u32;
        self.data.sources.push(name.to_string());
        self.source_ix.insert(name.to_string(), ix);
        ix
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
                        key: self.data.item_key[item as usize].clone(),
                        state: other
                            .map(|o| o.1.clone())
                            .unwrap_or_else(|| format!("#{k}")),
                    })
                }
            }
        }
        self.pending.push((item, at_ms, from_state, to_state));
        Ok(())
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
        if self.keys.insert((src, key.to_string()), ix).is_some() {
            return Err(DatasetError::DuplicateItem {
                source_name: source.to_string(),
                key: key.to_string(),
            });
        }
        self.data.item_key.push(key.to_string());
        self.data.item_title.push(title.to_string());
        self.data.item_source.push(src);
        self.data.item_type.push(flow_item_type);
        self.data.item_created.push(created_ms);
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
        self.pending.push((item as ItemIx, at_ms, from, to));
        Ok(())
    }

    /// Sorts every item's transitions by time. Transitions at the same instant are chained:
    /// next comes the one that leaves the state the item is in, then the rest in the order
    /// given. Exports repeat instants often, and the order decides the item's current state.
    pub fn finish(mut self) -> Dataset {
        let n = self.data.item_key.len();
        let mut pending = std::mem::take(&mut self.pending);
        // Stable: equal (item, at) keep arrival order.
        pending.sort_by_key(|(item, at, _, _)| (*item, *at));
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut at = Vec::with_capacity(pending.len());
        let mut from = Vec::with_capacity(pending.len());
        let mut to = Vec::with_capacity(pending.len());
        let mut i = 0usize;
        for item in 0..n as ItemIx {
            let start = i;
            while i < pending.len() && pending[i].0 == item {
                i += 1;
            }
            let group = &mut pending[start..i];
            chain_ties(group, &self.data.states);
            for (_, t, f, s) in group.iter() {
                at.push(*t);
                from.push(*f);
                to.push(*s);
            }
            offsets.push(at.len() as u32);
        }
        self.data.offsets = offsets;
        self.data.at = at;
        self.data.from = from;
        self.data.to = to;
        self.data
    }
}

/// Within runs of equal instants, puts first the transition leaving the current state. Ties
/// the chain does not decide are ordered by state names, so the result never depends on the
/// order the transitions were given in.
fn chain_ties(group: &mut [(ItemIx, i64, Option<StateKey>, StateKey)], states: &[(u32, String)]) {
    let mut k = 0;
    let mut current: Option<StateKey> = None;
    let name = |k: Option<StateKey>| k.map(|k| states[k as usize].1.as_str());
    while k < group.len() {
        let mut end = k + 1;
        while end < group.len() && group[end].1 == group[k].1 {
            end += 1;
        }
        if end - k > 1 {
            group[k..end]
                .sort_by(|a, b| (name(a.2), name(Some(a.3))).cmp(&(name(b.2), name(Some(b.3)))));
        }
        for pos in k..end {
            // Pick, among the remaining ties, one that leaves `current`.
            if let Some(cur) = current {
                if group[pos].2 != Some(cur) {
                    if let Some(j) = (pos + 1..end).find(|j| group[*j].2 == Some(cur)) {
                        group[pos..=j].rotate_right(1);
                    }
                }
            }
            current = Some(group[pos].3);
        }
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
        let d = b.finish();
        let names: Vec<&str> =
            d.to.iter()
                .map(|k| d.states[*k as usize].1.as_str())
                .collect();
        assert_eq!(names, ["Dev", "QA", "Done"]);
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
