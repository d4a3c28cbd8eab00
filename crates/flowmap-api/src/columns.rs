//! The engine's columns (`Dataset`) of a file's items, built one way from rows in row order:
//! the rows read back from the file ([`OpenMap::dataset_from_rows`](crate::OpenMap::dataset_from_rows)),
//! or the rows an import has just written ([`of_written`]), appended to the columns of what
//! the file held before. Both go through [`RowLoader`], so both give the same columns (state
//! keys numbered in the order the transitions meet them), and a snapshot written by an import
//! is the one a reader would build.

use flowmap_core::FlowItemType;
use flowmap_metrics::{Dataset, DatasetBuilder, ItemIx, StateKey};
use flowmap_store::Written;
use rustc_hash::FxHashMap;

/// Items, then their transitions in (item, time, source order) order, into a [`Dataset`].
pub(crate) struct RowLoader<F> {
    b: DatasetBuilder,
    /// The index in `sources` of each item's source.
    source_of_item: Vec<u32>,
    sources: Vec<String>,
    /// keys[source][state id] → the engine's key, filled as met.
    keys: Vec<FxHashMap<i64, StateKey>>,
    /// The name of a state id.
    names: F,
}

impl<'n, F: Fn(i64) -> Option<&'n str>> RowLoader<F> {
    pub(crate) fn new(items: usize, transitions: usize, names: F) -> Self {
        RowLoader {
            b: DatasetBuilder::with_capacity(items, transitions),
            source_of_item: Vec::with_capacity(items),
            sources: Vec::new(),
            keys: Vec::new(),
            names,
        }
    }

    /// Adds the next item; returns its index for [`RowLoader::transition`].
    pub(crate) fn item(
        &mut self,
        (source, artifact_type): (&str, &str),
        key: &str,
        title: &str,
        flow_item_type: FlowItemType,
        created_ms: i64,
    ) -> Result<ItemIx, String> {
        let src = match self.sources.iter().position(|s| s == source) {
            Some(i) => i as u32,
            None => {
                self.sources.push(source.to_string());
                self.keys.push(FxHashMap::default());
                (self.sources.len() - 1) as u32
            }
        };
        let ix = self
            .b
            .add_item(source, key, title, flow_item_type, created_ms)
            .map_err(|e| e.to_string())?;
        self.b.set_artifact_type(ix, artifact_type);
        self.source_of_item.push(src);
        Ok(ix)
    }

    fn key(&mut self, src: u32, id: i64) -> Result<StateKey, String> {
        if let Some(k) = self.keys[src as usize].get(&id) {
            return Ok(*k);
        }
        let name = (self.names)(id)
            .ok_or_else(|| format!("a transition names state #{id}, which has no name"))?;
        let k = self.b.state_key(&self.sources[src as usize], name);
        self.keys[src as usize].insert(id, k);
        Ok(k)
    }

    /// Adds a transition of item `ix`; `from` 0 or `None` when the source did not say.
    pub(crate) fn transition(
        &mut self,
        ix: ItemIx,
        at_ms: i64,
        from: Option<i64>,
        to: i64,
    ) -> Result<(), String> {
        let src = *self
            .source_of_item
            .get(ix as usize)
            .ok_or_else(|| format!("a transition at {at_ms} ms refers to a missing item"))?;
        let from = match from.filter(|f| *f != 0) {
            Some(f) => Some(self.key(src, f)?),
            None => None,
        };
        let to = self.key(src, to)?;
        self.b
            .add_transition_keys(ix, at_ms, from, to)
            .map_err(|e| e.to_string())
    }

    pub(crate) fn finish(self) -> Result<Dataset, String> {
        self.b.finish().map_err(|e| e.to_string())
    }
}

/// The columns of everything a file holds after a transaction that added `written`'s items:
/// `prior` (the columns of what it held before, `None` when it held no items) followed by the
/// new items, as a reader would build them from the rows. `None` when `written` changed items
/// stored before (the record does not hold them whole).
pub(crate) fn of_written(
    prior: Option<Dataset>,
    written: &Written,
) -> Result<Option<Dataset>, String> {
    if written.changed_old_items || (written.had_items && prior.is_none()) {
        return Ok(None);
    }
    let n = written.at_ms.len();
    // The rows' order: item, time, the source's order at one instant (`seq`). Written in that
    // order unless an item came in parts (an unsorted log).
    let key = |j: usize| (written.item[j], written.at_ms[j], written.seq[j]);
    let in_order = (1..n).all(|j| key(j - 1) < key(j));
    let order: Vec<u32> = if in_order {
        Vec::new()
    } else {
        let mut order: Vec<u32> = (0..n as u32).collect();
        // Stable: of one (item, time, seq) written twice, the row holds the last.
        order.sort_by_key(|j| key(*j as usize));
        let mut kept: Vec<u32> = Vec::with_capacity(n);
        for j in order {
            match kept.last_mut() {
                Some(last) if key(*last as usize) == key(j as usize) => *last = j,
                _ => kept.push(j),
            }
        }
        kept
    };
    let names = |id: i64| written.state_names.get(&id).map(String::as_str);
    let mut loader = RowLoader::new(written.items.len(), n, names);
    for item in &written.items {
        loader.item(
            (
                &written.sources[item.source as usize],
                &written.artifacts[item.artifact as usize],
            ),
            &item.key,
            &item.title,
            item.flow_item_type,
            item.created_ms,
        )?;
    }
    let mut add = |j: usize| {
        loader.transition(
            written.item[j],
            written.at_ms[j],
            Some(written.from_state[j]),
            written.to_state[j],
        )
    };
    if in_order {
        (0..n).try_for_each(&mut add)?;
    } else {
        order.iter().try_for_each(|j| add(*j as usize))?;
    }
    let new = loader.finish()?;
    Ok(Some(match prior {
        Some(prior) => prior.append(new),
        None => new,
    }))
}
