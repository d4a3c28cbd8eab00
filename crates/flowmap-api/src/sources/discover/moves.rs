//! How the items of a map's sources move between the proposed stages: each Waiting or Active
//! state placed in a group, each item's sequence of groups, the directly-follows counts.

use super::Follows;
use crate::error::ApiError;
use flowmap_core::mapping::resolve;
use flowmap_core::{NodeId, Resolution, StateCategory, StateMapping, ValueStreamMap};
use flowmap_metrics::{Dataset, FlowItems};
use flowmap_store::{MapFile, SourceRecord};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Where a (source, state) goes: a group (a proposed stage) or out of the flow.
#[derive(Clone, Copy)]
enum Place {
    /// In a group; `true` when matched to a map's stage by the stage's name alone.
    Group(usize, bool),
    Out,
}

/// A proposed stage: one state, or the states the mapping puts in one stage of the map.
pub(super) struct Group {
    pub(super) name: String,
    pub(super) states: BTreeSet<String>,
    pub(super) category: StateCategory,
    pub(super) existing: Option<NodeId>,
    /// States matched to the `existing` stage by its name alone (no row or list puts them
    /// there yet): applying the proposal adds them to the stage's list.
    pub(super) by_name: BTreeSet<String>,
    pub(super) items: u64,
    pub(super) position_sum: f64,
    pub(super) position_n: u64,
}

/// How the items of the chosen sources move between groups.
pub(super) struct Moves {
    pub(super) source_names: Vec<String>,
    /// Only groups some item entered.
    pub(super) groups: Vec<Group>,
    pub(super) follows: Follows,
    pub(super) items: u64,
    /// States of no group (New, Done, Canceled, Ignore).
    pub(super) left_out: BTreeSet<String>,
}

/// The sources of the items chosen (`source`, or every source), in the order their first item
/// was added, and for each of the dataset's sources its index among them.
fn chosen_sources(data: &Dataset, source: Option<&str>) -> (Vec<String>, Vec<Option<usize>>) {
    let mut names: Vec<String> = Vec::new();
    let mut index: Vec<Option<usize>> = vec![None; data.sources().len()];
    let mut met = vec![false; data.sources().len()];
    for i in 0..data.item_count() as u32 {
        let s = data.item_source_index(i);
        if !met[s] {
            met[s] = true;
            let name = &data.sources()[s];
            if source.is_none_or(|f| f == name) {
                index[s] = Some(names.len());
                names.push(name.clone());
            }
        }
    }
    (names, index)
}

/// Where each state of the chosen sources goes: Waiting and Active states into groups (one per
/// state, or per stage the mapping puts states in), the others out of the flow.
fn place_states(
    map: &ValueStreamMap,
    rows: &HashMap<(String, String), StateMapping>,
    data: &Dataset,
    chosen: &[Option<usize>],
) -> (Vec<Group>, Vec<Place>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_by_name: HashMap<String, usize> = HashMap::new();
    let mut place: Vec<Place> = Vec::new();
    for (_, source, state) in data.state_keys() {
        let is_chosen = data
            .sources()
            .iter()
            .position(|s| s == source)
            .and_then(|s| chosen[s])
            .is_some();
        if !is_chosen {
            place.push(Place::Out);
            continue;
        }
        let res = resolve(map, rows, source, state);
        let category = res.category();
        let p = if matches!(category, StateCategory::Waiting | StateCategory::Active) {
            let named = match &res {
                Resolution::Unmapped { .. } => stage_named(map, state),
                _ => None,
            };
            let by_name = named.is_some();
            let (gname, existing) = match &res {
                Resolution::Mapped {
                    stage: Some(id), ..
                } => (
                    map.node(*id)
                        .map(|n| n.name().to_string())
                        .unwrap_or_else(|| state.to_string()),
                    Some(*id),
                ),
                _ => match named {
                    Some((id, name)) => (name, Some(id)),
                    None => (state.to_string(), None),
                },
            };
            let idx = *group_by_name.entry(gname.clone()).or_insert_with(|| {
                groups.push(Group {
                    name: gname,
                    states: BTreeSet::new(),
                    category,
                    existing,
                    by_name: BTreeSet::new(),
                    items: 0,
                    position_sum: 0.0,
                    position_n: 0,
                });
                groups.len() - 1
            });
            // A stage holding a working state is a working stage, whichever state came first.
            if category == StateCategory::Active {
                groups[idx].category = category;
            }
            Place::Group(idx, by_name)
        } else {
            Place::Out
        };
        place.push(p);
    }
    (groups, place)
}

/// The map's stage named like `state` (case and spaces aside), with its name.
fn stage_named(map: &ValueStreamMap, state: &str) -> Option<(NodeId, String)> {
    let key = state.trim().to_lowercase();
    map.stages()
        .find(|s| s.name.trim().to_lowercase() == key)
        .map(|s| (s.id, s.name.clone()))
}

/// Counts the moves of the items of `source` (or of every source) between groups: the
/// directly-follows counts over each item's sequence of groups (repeats collapsed), over the
/// items already loaded in the engine's columns (no second read of the file), which come from
/// `sources`.
pub(super) fn count_moves(
    file: &MapFile,
    (data, sources): (&Dataset, &[SourceRecord]),
    map: &ValueStreamMap,
    source: Option<&str>,
) -> Result<Moves, ApiError> {
    let rows: HashMap<(String, String), StateMapping> = file
        .state_mappings()?
        .into_iter()
        .map(|m| ((m.source.clone(), m.state.clone()), m))
        .collect();
    let (source_names, chosen) = chosen_sources(data, source);
    let (mut groups, place) = place_states(map, &rows, data, &chosen);
    // Items the map's tools mark as not flow items (pull requests, builds, portfolio levels)
    // propose no stage (`docs/metrics.md`, "Flow items").
    let flow = FlowItems::of(data, map, crate::metrics::source_tool(sources));

    let mut follows: Follows = BTreeMap::new();
    let mut seen = vec![false; place.len()];
    let mut items = 0u64;
    let mut sequence: Vec<usize> = Vec::new();
    for i in 0..data.item_count() as u32 {
        let states = data.item_states(i);
        if states.is_empty()
            || chosen[data.item_source_index(i)].is_none()
            || !flow.is_flow(data, i as usize)
        {
            continue;
        }
        items += 1;
        for &k in states {
            seen[k as usize] = true;
            if let Place::Group(g, _) = place[k as usize] {
                if sequence.last() != Some(&g) {
                    sequence.push(g);
                }
            }
        }
        finish_item(&mut sequence, &mut groups, &mut follows);
    }
    let mut left_out: BTreeSet<String> = BTreeSet::new();
    for (k, _, state) in data.state_keys() {
        if !seen[k as usize] {
            continue;
        }
        match place[k as usize] {
            Place::Group(g, by_name) => {
                if by_name {
                    groups[g].by_name.insert(state.to_string());
                }
                groups[g].states.insert(state.to_string());
            }
            Place::Out => {
                left_out.insert(state.to_string());
            }
        }
    }
    let (groups, follows) = keep_entered(groups, follows);
    Ok(Moves {
        source_names,
        groups,
        follows,
        items,
        left_out,
    })
}

/// Counts an item's sequence of groups: the groups it entered (and where in its flow it
/// entered each) and its moves between them; clears the sequence for the next item.
fn finish_item(sequence: &mut Vec<usize>, groups: &mut [Group], follows: &mut Follows) {
    let len = sequence.len();
    let mut entered: HashSet<usize> = HashSet::new();
    for (i, g) in sequence.iter().enumerate() {
        if entered.insert(*g) {
            groups[*g].items += 1;
            groups[*g].position_sum += if len > 1 {
                i as f64 / (len - 1) as f64
            } else {
                0.5
            };
            groups[*g].position_n += 1;
        }
        if i > 0 {
            *follows.entry((sequence[i - 1], *g)).or_default() += 1;
        }
    }
    sequence.clear();
}

/// Only the groups some item entered, renumbered, and the counts between them.
fn keep_entered(groups: Vec<Group>, follows: Follows) -> (Vec<Group>, Follows) {
    let used: Vec<usize> = (0..groups.len()).filter(|g| groups[*g].items > 0).collect();
    let renumber: HashMap<usize, usize> = used.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let groups: Vec<Group> = groups
        .into_iter()
        .enumerate()
        .filter(|(i, _)| renumber.contains_key(i))
        .map(|(_, g)| g)
        .collect();
    let follows: Follows = follows
        .into_iter()
        .filter_map(|((a, b), n)| Some(((*renumber.get(&a)?, *renumber.get(&b)?), n)))
        .collect();
    (groups, follows)
}
