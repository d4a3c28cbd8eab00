//! The engine's columns of the items an import writes, kept by the reading thread as it
//! prepares them (the writing thread only writes rows). They are the columns
//! [`of_written`](crate::columns::of_written) builds from what a writer records
//! ([`DataWriter::record`](flowmap_store::DataWriter::record)), so the snapshot an import
//! stores is the one a reader would build from the rows.
//!
//! While every item comes whole and in the rows' order (a log sorted by item: the common case)
//! the columns are built as items come, so little is left once the log is read. The first
//! item that comes in parts (a log sorted by time) or out of the rows' order turns what was
//! built into a record of the rows ([`Written`]), and the columns are built from the record at
//! the end, sorted as the rows are.

use super::prepared::{Prepared, PreparedText};
use flowmap_metrics::{Dataset, DatasetBuilder, StateKey};
use flowmap_store::{number_changes, Written, WrittenItem};
use rustc_hash::FxHashMap;

/// The items prepared for one source, in the order of their rows, with their transitions.
pub(super) struct LogColumns {
    source: String,
    mode: Mode,
}

enum Mode {
    /// Every item so far came whole, its transitions in the rows' order: built as they come.
    InOrder {
        b: Box<DatasetBuilder>,
        /// The builder's key of each state (by the preparing writer's index), once met.
        keys: Vec<Option<StateKey>>,
    },
    /// The rows written, states numbered from 1 by the preparing writer's index (0: none).
    Record(Box<Written>),
    /// The columns could not be built.
    Failed,
}

impl LogColumns {
    pub(super) fn new(source: &str) -> Self {
        LogColumns {
            source: source.to_string(),
            mode: Mode::InOrder {
                b: Box::default(),
                keys: Vec::new(),
            },
        }
    }

    /// Notes a prepared item (a new one, or a later part of one noted before); `names` are the
    /// preparing writer's state names.
    pub(super) fn add(&mut self, p: &Prepared, t: &PreparedText, names: &[String]) {
        if let Mode::InOrder { b, .. } = &self.mode {
            if !comes_in_order(b, p, t) {
                self.mode = Mode::Record(Box::new(record_of(&self.source, b, names)));
            }
        }
        match &mut self.mode {
            Mode::InOrder { b, keys } => {
                if add_in_order(b, keys, &self.source, p, t, names).is_err() {
                    self.mode = Mode::Failed;
                }
            }
            Mode::Record(w) => record(w, p, t),
            Mode::Failed => {}
        }
    }

    /// The columns of the items noted, `state_names` naming the states by index; `None` when
    /// they cannot be built (the import then stores no snapshot: the first reader builds it).
    pub(super) fn finish(self, state_names: &[String]) -> Option<Dataset> {
        match self.mode {
            // Each item added once: the preparing writer gives each key one position.
            Mode::InOrder { b, .. } => b.finish_unique().ok(),
            Mode::Record(mut w) => {
                for (i, name) in state_names.iter().enumerate() {
                    w.state_names.insert(i as i64 + 1, name.clone());
                }
                crate::columns::of_written(None, &w).ok().flatten()
            }
            Mode::Failed => None,
        }
    }
}

/// Whether `p` is a new item after those built, its transitions in (time, number) order: the
/// rows' order, so building as they come gives what building from the rows gives.
fn comes_in_order(b: &DatasetBuilder, p: &Prepared, t: &PreparedText) -> bool {
    p.part == 0
        && p.position as usize == b.item_count()
        && t.changes(p)
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1))
}

fn add_in_order(
    b: &mut DatasetBuilder,
    keys: &mut Vec<Option<StateKey>>,
    source: &str,
    p: &Prepared,
    t: &PreparedText,
    names: &[String],
) -> Result<(), flowmap_metrics::DatasetError> {
    let ix = b.add_item(source, t.key(p), t.title(p), p.flow_item_type, p.created_ms)?;
    b.set_artifact_type(ix, t.artifact_type(p));
    let mut key = |b: &mut DatasetBuilder, i: u32| {
        let i = i as usize;
        if keys.len() <= i {
            keys.resize(i + 1, None);
        }
        *keys[i].get_or_insert_with(|| b.state_key(source, &names[i]))
    };
    for &(at, _, from, to) in t.changes(p) {
        // The state left first, as the rows are read (`columns::RowLoader`).
        let from = from.map(|f| key(b, f));
        let to = key(b, to);
        b.add_transition_keys(ix, at, from, to)?;
    }
    Ok(())
}

/// The record of what was built so far. Its transitions came in order, each item's first (and
/// only) part: they are numbered as the preparing writer numbered them ([`number_changes`]).
fn record_of(source: &str, b: &DatasetBuilder, names: &[String]) -> Written {
    let mut w = Written::default();
    w.sources.push(source.to_string());
    for i in 0..b.item_count() {
        let (key, title, flow_item_type, created_ms) = b.item(i as u32);
        let artifact = w.artifact(b.item_artifact_type(i as u32));
        w.items.push(WrittenItem {
            source: 0,
            artifact,
            key: key.to_string(),
            title: title.to_string(),
            flow_item_type,
            created_ms,
        });
    }
    let index: FxHashMap<&str, i64> = (1..).zip(names).map(|(i, n)| (n.as_str(), i)).collect();
    let id = |k: StateKey| index.get(b.state_name(k)).copied().unwrap_or(0);
    let mut item = Vec::new();
    let mut numbered = Vec::new();
    let mut flush = |w: &mut Written, at: u32, item: &mut Vec<(i64, Option<i64>, i64)>| {
        number_changes(item, 0, &mut numbered);
        for &(at_ms, seq, from, to) in &numbered {
            w.item.push(at);
            w.at_ms.push(at_ms);
            w.seq.push(seq);
            w.from_state.push(from.unwrap_or(0));
            w.to_state.push(to);
        }
        item.clear();
    };
    let mut current = None;
    for (i, at, from, to) in b.transitions() {
        if let Some(c) = current.filter(|&c| c != i) {
            flush(&mut w, c, &mut item);
        }
        current = Some(i);
        item.push((at, from.map(id), id(to)));
    }
    if let Some(c) = current {
        flush(&mut w, c, &mut item);
    }
    w
}

/// Records `p` as a writer records the rows it writes: the item as last written, each
/// transition with its item's position.
fn record(w: &mut Written, p: &Prepared, t: &PreparedText) {
    let item = WrittenItem {
        source: 0,
        artifact: w.artifact(t.artifact_type(p)),
        key: t.key(p).to_string(),
        title: t.title(p).to_string(),
        flow_item_type: p.flow_item_type,
        created_ms: p.created_ms,
    };
    match w.items.get_mut(p.position as usize) {
        Some(known) => *known = item,
        None => w.items.push(item),
    }
    for &(at, seq, from, to) in t.changes(p) {
        w.item.push(p.position);
        w.at_ms.push(at);
        w.seq.push(seq);
        w.from_state.push(from.map_or(0, |f| i64::from(f) + 1));
        w.to_state.push(i64::from(to) + 1);
    }
}
