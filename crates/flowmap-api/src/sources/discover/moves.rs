//! How the items of a map's sources move between the proposed stages: each Waiting or Active
//! state placed in a group, each item's sequence of groups, the directly-follows counts.

use super::Follows;
use crate::error::ApiError;
use flowmap_core::mapping::resolve;
use flowmap_core::{NodeId, Resolution, StateCategory, StateMapping, ValueStreamMap};
use flowmap_store::MapFile;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Where a (source, state) goes: a group (a proposed stage) or out of the flow.
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

/// The item rows of `source` (or of every source), each with the index of its source in the
/// returned names.
fn item_sources(
    file: &MapFile,
    source: Option<&str>,
) -> Result<(HashMap<i64, u32>, Vec<String>), ApiError> {
    let mut source_of_row: HashMap<i64, u32> = HashMap::new();
    let mut source_names: Vec<String> = Vec::new();
    file.scan_items(|r| {
        if source.map(|s| s == r.source).unwrap_or(true) {
            let idx = match source_names.iter().position(|n| n == r.source) {
                Some(i) => i,
                None => {
                    source_names.push(r.source.to_string());
                    source_names.len() - 1
                }
            };
            source_of_row.insert(r.row, idx as u32);
        }
        Ok(())
    })?;
    Ok((source_of_row, source_names))
}

/// Where each (source, state) goes: Waiting and Active states into groups (one per state, or
/// per stage the mapping puts states in), the others out of the flow.
fn place_states(
    map: &ValueStreamMap,
    rows: &HashMap<(String, String), StateMapping>,
    source_names: &[String],
    names: &HashMap<i64, String>,
) -> (Vec<Group>, HashMap<(u32, i64), Place>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_by_name: HashMap<String, usize> = HashMap::new();
    let mut place: HashMap<(u32, i64), Place> = HashMap::new();
    for src in 0..source_names.len() as u32 {
        for (state_id, state) in names {
            let res = resolve(map, rows, &source_names[src as usize], state);
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
                            .unwrap_or_else(|| state.clone()),
                        Some(*id),
                    ),
                    _ => match named {
                        Some((id, name)) => (name, Some(id)),
                        None => (state.clone(), None),
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
                Place::Group(idx, by_name)
            } else {
                Place::Out
            };
            place.insert((src, *state_id), p);
        }
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
/// directly-follows counts over each item's sequence of groups (repeats collapsed).
pub(super) fn count_moves(
    file: &MapFile,
    map: &ValueStreamMap,
    source: Option<&str>,
) -> Result<Moves, ApiError> {
    let rows: HashMap<(String, String), StateMapping> = file
        .state_mappings()?
        .into_iter()
        .map(|m| ((m.source.clone(), m.state.clone()), m))
        .collect();
    let names: HashMap<i64, String> = file.state_names()?.into_iter().collect();
    let (source_of_row, source_names) = item_sources(file, source)?;
    let (mut groups, place) = place_states(map, &rows, &source_names, &names);

    let mut follows: Follows = BTreeMap::new();
    let mut seen: HashSet<(u32, i64)> = HashSet::new();
    let mut items = 0u64;
    let mut current_item: Option<i64> = None;
    let mut sequence: Vec<usize> = Vec::new();
    file.scan_transitions(|t| {
        let Some(src) = source_of_row.get(&t.item).copied() else {
            return Ok(());
        };
        if current_item != Some(t.item) {
            if current_item.is_some() {
                finish_item(&mut sequence, &mut groups, &mut follows);
            }
            current_item = Some(t.item);
            items += 1;
        }
        seen.insert((src, t.to_state));
        if let Some(Place::Group(g, _)) = place.get(&(src, t.to_state)) {
            if sequence.last() != Some(g) {
                sequence.push(*g);
            }
        }
        Ok(())
    })?;
    if current_item.is_some() {
        finish_item(&mut sequence, &mut groups, &mut follows);
    }
    let mut left_out: BTreeSet<String> = BTreeSet::new();
    for (src, state_id) in &seen {
        let state = names.get(state_id).cloned().unwrap_or_default();
        match place.get(&(*src, *state_id)) {
            Some(Place::Group(g, by_name)) => {
                if *by_name {
                    groups[*g].by_name.insert(state.clone());
                }
                groups[*g].states.insert(state);
            }
            _ => {
                left_out.insert(state);
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
