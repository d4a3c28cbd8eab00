//! The item writer: turns the items a source tells into the file's items and transitions
//! (merging the parts of an item an unsorted log gives), remembers which states and types it
//! wrote for the report, and proposes mapping rows for states that have none.

use super::guess::{guess_flow_item_type, propose_category};
use super::prepared::{Change, Prepared, PreparedText, StateIds};
use crate::error::ApiError;
use crate::wire::{ReadCounts, StateSeen, TypeSeen};
use flowmap_connectors::eventlog::DEFAULT_TYPE;
use flowmap_connectors::{SourceItem, SourceLink};
use flowmap_core::{order_ties, FlowItemType, ItemId, StateCategory, StateMapping, TieOrder, Tool};
use flowmap_store::{number_changes, DataWriter, MapFile, StoreError};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Turns pulled items into the file's items and transitions, and remembers which states and
/// types it wrote, for the report.
pub(super) struct ItemWriter {
    source: String,
    default_type: String,
    /// The tool's artifact types by lower-cased name, and guesses made so far.
    types: FxHashMap<String, FlowItemType>,
    /// Per key, what earlier parts of the item said (logs need not be sorted). This map and
    /// `state_index` are looked up once or twice per row of a log of millions: Fx hashing, as
    /// SipHash's resistance to crafted keys buys nothing for one import.
    seen: FxHashMap<String, u32>,
    /// What earlier parts said of each item, by its position (`seen` gives it).
    told: Vec<Seen>,
    state_names: Vec<String>,
    state_index: FxHashMap<String, u32>,
    without_time: u64,
    first_without_time: Option<String>,
    /// What preparing did to the rows, for the report (`zoneless_times` and `started_done`
    /// are filled in by [`ItemWriter::read_counts`]).
    counts: ReadCounts,
    /// The import's clock, for counting changes later than it.
    now: chrono::DateTime<chrono::Utc>,
    /// Links of prepared items not written yet.
    pending_links: Vec<PendingLinks>,
    /// The file's ids of the states, for [`ItemWriter::write`].
    state_ids: StateIds,
    /// The artifact types told, each once (items keep an index), with their flow item types.
    type_names: Vec<String>,
    type_index: FxHashMap<String, u32>,
    type_fits: Vec<FlowItemType>,
    /// The type found last (compared before hashing: items of a log mostly share a few).
    last_type: u32,
    /// Reused for numbering each item's changes.
    numbered: Vec<Change>,
    /// Reused for the item [`ItemWriter::write`] writes.
    text: PreparedText,
}

/// An item as a source tells it, borrowed, for [`ItemWriter::prepare_told`].
pub(super) struct Told<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub artifact_type: &'a str,
    /// Unix ms, when the source says.
    pub created_ms: Option<i64>,
    pub links: &'a [SourceLink],
}

/// A set of state indices: the first 64 as bits (no allocation for most items), the rest
/// sorted.
#[derive(Default)]
struct Entered {
    low: u64,
    more: Vec<u32>,
}

impl Entered {
    fn insert(&mut self, state: u32) {
        if state < 64 {
            self.low |= 1 << state;
        } else if let Err(at) = self.more.binary_search(&state) {
            self.more.insert(at, state);
        }
    }

    fn each(&self, mut f: impl FnMut(u32)) {
        let mut low = self.low;
        while low != 0 {
            f(low.trailing_zeros());
            low &= low - 1;
        }
        self.more.iter().for_each(|s| f(*s));
    }
}

/// Links of an item not written yet: its key, whether they replace the source's earlier links
/// of the item (its first part in this pull), and the links.
type PendingLinks = (
    String,
    bool,
    Vec<(flowmap_core::LinkKind, flowmap_core::LinkTarget, String)>,
);

struct Seen {
    /// Unix ms.
    created: i64,
    title: String,
    /// Its artifact type, by index into `type_names`.
    artifact: u32,
    flow_item_type: FlowItemType,
    /// The states the item entered (indices into `state_names`).
    entered: Entered,
    /// Parts of the item given so far.
    parts: u32,
    /// The item's last change so far: (instant, from, to) as state indices.
    last: Option<(i64, Option<u32>, u32)>,
    /// The item's earliest change so far: (instant, state entered).
    first: Option<(i64, u32)>,
}

impl ItemWriter {
    pub(super) fn new(source: &str, tool: Option<&Tool>, default_type: Option<&str>) -> Self {
        let types: FxHashMap<String, FlowItemType> = tool
            .map(|t| {
                t.artifact_types
                    .iter()
                    .map(|a| (a.name.trim().to_lowercase(), a.flow_item_type))
                    .collect()
            })
            .unwrap_or_default();
        ItemWriter {
            source: source.to_string(),
            default_type: default_type
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(DEFAULT_TYPE)
                .to_string(),
            types,
            seen: FxHashMap::default(),
            told: Vec::new(),
            state_names: Vec::new(),
            state_index: HashMap::default(),
            without_time: 0,
            first_without_time: None,
            counts: ReadCounts::default(),
            now: chrono::Utc::now(),
            pending_links: Vec::new(),
            state_ids: StateIds::default(),
            type_names: Vec::new(),
            type_index: FxHashMap::default(),
            type_fits: Vec::new(),
            last_type: 0,
            numbered: Vec::new(),
            text: PreparedText::default(),
        }
    }

    /// The index of the artifact type named `name` (as told: its flow item type is found
    /// once, by its trimmed lower-cased name).
    fn artifact_type(&mut self, name: &str) -> u32 {
        if self
            .type_names
            .get(self.last_type as usize)
            .is_some_and(|n| n == name)
        {
            return self.last_type;
        }
        let i = match self.type_index.get(name) {
            Some(&i) => i,
            None => {
                let fit = self.flow_item_type(name);
                let i = self.type_names.len() as u32;
                self.type_names.push(name.to_string());
                self.type_index.insert(name.to_string(), i);
                self.type_fits.push(fit);
                i
            }
        };
        self.last_type = i;
        i
    }

    fn flow_item_type(&mut self, artifact_type: &str) -> FlowItemType {
        if let Some(f) = self.types.get(artifact_type) {
            return *f;
        }
        let key = artifact_type.trim().to_lowercase();
        let fit = *self
            .types
            .entry(key)
            .or_insert_with(|| guess_flow_item_type(artifact_type));
        self.types.insert(artifact_type.to_string(), fit);
        fit
    }

    /// The index of the state named `name` (see [`ItemWriter::state_names`]).
    pub(super) fn state(&mut self, name: &str) -> u32 {
        if let Some(i) = self.state_index.get(name) {
            return *i;
        }
        let i = self.state_names.len() as u32;
        self.state_names.push(name.to_string());
        self.state_index.insert(name.to_string(), i);
        i
    }

    /// The file's item and transitions for a pulled item; `None` for an item with no time at
    /// all (counted and reported).
    pub(super) fn prepare(&mut self, item: SourceItem, out: &mut PreparedText) -> Option<Prepared> {
        let mut changes = Vec::with_capacity(item.changes.len());
        for c in &item.changes {
            let from = c.from.as_deref().map(|f| self.state(f));
            changes.push((c.at.timestamp_millis(), from, self.state(&c.to)));
        }
        let told = Told {
            key: &item.key,
            title: &item.title,
            artifact_type: &item.artifact_type,
            created_ms: item.created.map(|c| c.timestamp_millis()),
            links: &item.links,
        };
        self.prepare_told(&told, &mut changes, out)
    }

    /// [`ItemWriter::prepare`] for an item whose changes are given as (instant in Unix ms,
    /// state left, state entered), states as indices into this writer's state names (`changes`
    /// is used up: the caller's buffer, reused). The item's text and changes go to `out`.
    pub(super) fn prepare_told(
        &mut self,
        item: &Told<'_>,
        changes: &mut Vec<(i64, Option<u32>, u32)>,
        out: &mut PreparedText,
    ) -> Option<Prepared> {
        let own_created = item
            .created_ms
            .or_else(|| changes.iter().map(|c| c.0).min());
        // A link to an item of the same source names it with an empty source: a connector does
        // not know the name it was given.
        let links: Vec<_> = item
            .links
            .iter()
            .map(|l| {
                let mut target = l.target.clone();
                if target.source.as_deref() == Some(flowmap_connectors::mentions::SAME_SOURCE) {
                    target.source = Some(self.source.clone());
                }
                (l.kind, target, l.qualifier.clone())
            })
            .collect();
        // The type told, if any (looked up before the item's record is borrowed).
        let told_type = (!item.artifact_type.trim().is_empty()).then(|| {
            let t = self.artifact_type(item.artifact_type);
            (t, self.type_fits[t as usize])
        });
        let position = match self.seen.get(item.key) {
            Some(&position) => {
                let prev = &mut self.told[position as usize];
                if let Some((t, fit)) = told_type {
                    prev.artifact = t;
                    prev.flow_item_type = fit;
                }
                position
            }
            None => {
                let Some(created) = own_created else {
                    self.without_time += 1;
                    if self.first_without_time.is_none() {
                        self.first_without_time = Some(item.key.to_string());
                    }
                    return None;
                };
                let (artifact, fit) = match told_type {
                    Some(told) => told,
                    None => {
                        let default = self.default_type.clone();
                        let t = self.artifact_type(&default);
                        (t, self.type_fits[t as usize])
                    }
                };
                let position = self.told.len() as u32;
                self.seen.insert(item.key.to_string(), position);
                self.told.push(Seen {
                    created,
                    title: String::new(),
                    artifact,
                    flow_item_type: fit,
                    entered: Entered::default(),
                    parts: 0,
                    last: None,
                    first: None,
                });
                position
            }
        };
        let prev = &mut self.told[position as usize];
        if let Some(c) = own_created {
            prev.created = prev.created.min(c);
        }
        if !item.title.is_empty() && prev.title != item.title {
            prev.title.clear();
            prev.title.push_str(item.title);
        }
        for &(_, _, to) in changes.iter() {
            prev.entered.insert(to);
        }
        let part = prev.parts;
        prev.parts += 1;
        if !links.is_empty() {
            self.pending_links
                .push((item.key.to_string(), part == 0, links));
        }
        self.keep_changes(position, changes);
        let mut numbered = std::mem::take(&mut self.numbered);
        number_changes(changes, part, &mut numbered);
        let prev = &self.told[position as usize];
        let prepared = out.push(
            (
                position,
                ItemId::for_source_key(&self.source, item.key),
                prev.flow_item_type,
                prev.created,
                part,
            ),
            [
                item.key,
                &prev.title,
                &self.type_names[prev.artifact as usize],
            ],
            &numbered,
        );
        self.numbered = numbered;
        Some(prepared)
    }

    /// The changes of an item's part without the rows that repeat the previous change exactly,
    /// counting those, the changes after `now` and how the tied ones will be ordered.
    fn keep_changes(&mut self, position: u32, kept: &mut Vec<(i64, Option<u32>, u32)>) {
        let seen = &mut self.told[position as usize];
        let mut last = seen.last;
        let now_ms = self.now.timestamp_millis();
        let counts = &mut self.counts;
        kept.retain(|&id| {
            if last == Some(id) {
                counts.duplicate_rows += 1;
                return false;
            }
            if id.0 > now_ms {
                counts.after_now += 1;
            }
            if seen.first.is_none_or(|(at, _)| id.0 < at) {
                seen.first = Some((id.0, id.2));
            }
            last = Some(id);
            true
        });
        // Ties, as the engine will order them (exact when an item comes in one part).
        let mut current = seen.last.map(|l| l.2);
        let mut k = 0;
        while k < kept.len() {
            let mut end = k + 1;
            while end < kept.len() && kept[end].0 == kept[k].0 {
                end += 1;
            }
            if end - k > 1 {
                let group: Vec<(Option<u32>, u32)> =
                    kept[k..end].iter().map(|t| (t.1, t.2)).collect();
                let (how, order) = order_ties(current, &group);
                match how {
                    TieOrder::Source => self.counts.ties_in_source_order += 1,
                    TieOrder::Chain => self.counts.ties_by_chain += 1,
                }
                current = order.last().map(|j| group[*j].1);
            } else {
                current = Some(kept[k].2);
            }
            k = end;
        }
        seen.last = last;
    }

    /// What reading did to the rows: `zoneless` times the reader counted, and the items whose
    /// earliest change enters a state of `categories` that is Done (no work start, so no flow
    /// time).
    pub(super) fn read_counts(
        &self,
        zoneless: u64,
        categories: &HashMap<String, StateCategory>,
    ) -> ReadCounts {
        let started_done = self
            .told
            .iter()
            .filter_map(|s| s.first)
            .filter(|(_, state)| {
                categories.get(&self.state_names[*state as usize]) == Some(&StateCategory::Done)
            })
            .count() as u64;
        ReadCounts {
            zoneless_times: zoneless,
            started_done,
            ..self.counts
        }
    }

    pub(super) fn write(
        &mut self,
        w: &mut DataWriter<'_>,
        item: SourceItem,
    ) -> Result<(), StoreError> {
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        let written = match self.prepare(item, &mut text) {
            Some(p) => {
                let known = self.state_ids.len();
                self.state_ids.add(w, &self.state_names[known..])?;
                self.state_ids.write(w, &self.source, &p, &text)?;
                if p.part == 0 && self.pending_links.is_empty() {
                    // A source that now tells no links of the item drops those it told before.
                    w.put_links(&self.source, text.key(&p), true, &[])?;
                }
                self.write_links(w)
            }
            None => Ok(()),
        };
        self.text = text;
        written
    }

    /// Writes the links of the items prepared so far (after the items themselves): an item's
    /// first part in this pull replaces the source's earlier links of it.
    pub(super) fn write_links(&mut self, w: &mut DataWriter<'_>) -> Result<(), StoreError> {
        for (key, replace, links) in std::mem::take(&mut self.pending_links) {
            w.put_links(&self.source, &key, replace, &links)?;
        }
        Ok(())
    }

    /// The name of the source written.
    pub(super) fn source(&self) -> &str {
        &self.source
    }

    /// Every state named so far, in the order of their indices.
    pub(super) fn state_names(&self) -> &[String] {
        &self.state_names
    }

    /// Items written (each once, however many parts the source gave).
    pub(super) fn items_seen(&self) -> u64 {
        self.seen.len() as u64
    }

    /// Every state written (entered or left).
    pub(super) fn states(&self) -> BTreeSet<String> {
        self.state_names.iter().cloned().collect()
    }

    pub(super) fn notices(&self) -> Vec<String> {
        match &self.first_without_time {
            Some(key) => vec![format!(
                "left out {} items with neither a creation time nor a state change (the first: {key:?})",
                self.without_time
            )],
            None => Vec::new(),
        }
    }

    /// The states the written items entered, with how many items entered each, and the types
    /// of the written items.
    pub(super) fn describe(
        &self,
        categories: &HashMap<String, StateCategory>,
        proposed: &BTreeSet<String>,
    ) -> (Vec<StateSeen>, Vec<TypeSeen>) {
        let mut entered = vec![0u64; self.state_names.len()];
        // Counted by type index (no string per item), then sorted by name.
        let mut counted: FxHashMap<(u32, FlowItemType), u64> = FxHashMap::default();
        for s in &self.told {
            s.entered.each(|e| entered[e as usize] += 1);
            *counted.entry((s.artifact, s.flow_item_type)).or_default() += 1;
        }
        let mut types: BTreeMap<(String, FlowItemType), u64> = BTreeMap::new();
        for ((t, fit), n) in counted {
            *types
                .entry((self.type_names[t as usize].clone(), fit))
                .or_default() += n;
        }
        let mut states: Vec<StateSeen> = self
            .state_names
            .iter()
            .zip(entered)
            .filter(|(_, n)| *n > 0)
            .map(|(name, items)| StateSeen {
                state: name.clone(),
                items,
                category: categories.get(name).copied(),
                proposed: proposed.contains(name),
            })
            .collect();
        states.sort_by(|a, b| a.state.cmp(&b.state));
        let types = types
            .into_iter()
            .map(|((name, flow_item_type), items)| TypeSeen {
                name,
                flow_item_type,
                items,
            })
            .collect();
        (states, types)
    }
}

/// Proposes mapping rows for the states that have none; returns how many.
pub(super) fn propose_mappings(
    w: &mut DataWriter<'_>,
    source: &str,
    states: &BTreeSet<String>,
    existing: &HashSet<(String, String)>,
    hints: &[(String, StateCategory)],
) -> Result<u64, StoreError> {
    let hints: HashMap<&str, StateCategory> = hints.iter().map(|(s, c)| (s.as_str(), *c)).collect();
    let mut n = 0;
    for state in states {
        if existing.contains(&(source.to_string(), state.clone())) {
            continue;
        }
        w.put_state_mapping(&StateMapping {
            source: source.to_string(),
            state: state.clone(),
            stage: None,
            category: propose_category(state, hints.get(state.as_str()).copied()),
        })?;
        n += 1;
    }
    Ok(n)
}

/// The stored categories of a source's states.
pub(super) fn categories(
    file: &MapFile,
    source: &str,
) -> Result<HashMap<String, StateCategory>, ApiError> {
    Ok(file
        .state_mappings()?
        .into_iter()
        .filter(|m| m.source == source)
        .map(|m| (m.state, m.category))
        .collect())
}
