//! Discovery: the map's stages and handoffs proposed from how items actually move — stages from
//! the Waiting and Active states (`moves` counts how items go between them), handoffs from the
//! directly-follows counts in the order with the fewest backward moves (`exact_order`, exact up
//! to 22 stages, else `arc_order`'s greedy order improved by local search), drawn through the
//! core (`draw`) so the rework loops are the ones the map will have.

mod arc_order;
mod draw;
mod exact_order;
mod moves;

use super::no_such_source;
use crate::error::ApiError;
use crate::open_map::OpenMap;
use crate::wire::{DiscoveryProposal, ProposedHandoff, ProposedStage, StageMatch};
use arc_order::feedback_arc_order;
use draw::{draw, Drawn};
use exact_order::{backward_weight, min_backward_order};
use flowmap_core::{MapDocument, Node, ValueStreamMap};
use flowmap_metrics::Dataset;
use flowmap_store::MapFile;
use moves::{count_moves, Group};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Directly-follows counts between groups: (from, to) → moves.
type Follows = BTreeMap<(usize, usize), u64>;

/// A proposed handoff: from group, to group, moves, and whether it goes backward (rework).
type Move = (usize, usize, u64, bool);

/// Proposes the map's stages and handoffs from how items of `source` (or of every source)
/// actually move: one stage per Waiting or Active state (or per stage the mapping already puts
/// states in), ordered so that as few moves as possible go backward (the exact minimum over the
/// directly-follows counts up to 22 stages, ties to the stage seen earlier in the items'
/// histories; above, the greedy order improved by local search), handoffs for the moves made at least
/// `min_count` times (1% of the items by default), backward ones marked as rework loops.
/// With `apply`, the stages and handoffs the map lacks are added to it.
pub fn discover(
    path: &Path,
    source: Option<&str>,
    min_count: Option<u64>,
    apply: bool,
) -> Result<DiscoveryProposal, ApiError> {
    let mut open = OpenMap::open(path)?;
    let data = open.dataset()?;
    let (mut proposal, drawn) = propose(path, &open.file, &data, &open.doc.map, source, min_count)?;
    if apply && drawn.stages_added + drawn.handoffs_added + drawn.stages_changed > 0 {
        // Refused (nothing written) if another program changed the map since it was read.
        let layout = open.doc.layout.clone();
        open.file
            .save_over(&MapDocument::new(drawn.map, layout), open.map_version)?;
    }
    if apply {
        proposal.applied = true;
        proposal.stages_added = drawn.stages_added;
        proposal.handoffs_added = drawn.handoffs_added;
    }
    Ok(proposal)
}

/// The proposal for `map` (the editor's working map) from the items of `file`; nothing is
/// written.
pub(crate) fn preview(
    path: &Path,
    file: &MapFile,
    data: &Dataset,
    map: &ValueStreamMap,
    source: Option<&str>,
    min_count: Option<u64>,
) -> Result<DiscoveryProposal, ApiError> {
    Ok(propose(path, file, data, map, source, min_count)?.0)
}

/// The proposal for `map` from the items of `file`, and the proposal drawn on a copy of `map`.
fn propose(
    path: &Path,
    file: &MapFile,
    data: &Dataset,
    map: &ValueStreamMap,
    source: Option<&str>,
    min_count: Option<u64>,
) -> Result<(DiscoveryProposal, Drawn), ApiError> {
    let records = file.sources()?;
    if let Some(s) = source {
        if !records.iter().any(|r| r.name == s) {
            return Err(no_such_source(path, file, s));
        }
    }
    let moves = count_moves(file, (data, &records), map, source)?;
    let groups = &moves.groups;
    // Tie rank: the stage seen earlier in the items' histories (mean position), then by name.
    let tie = |g: usize| {
        let gr = &groups[g];
        (
            if gr.position_n > 0 {
                gr.position_sum / gr.position_n as f64
            } else {
                1.0
            },
            gr.name.clone(),
        )
    };
    let mut by_tie: Vec<usize> = (0..groups.len()).collect();
    by_tie.sort_by(|a, b| tie(*a).partial_cmp(&tie(*b)).unwrap_or(Ordering::Equal));
    let mut rank = vec![0; groups.len()];
    for (r, g) in by_tie.iter().enumerate() {
        rank[*g] = r;
    }
    let (order, method) = min_backward_order(groups.len(), &moves.follows, &rank);
    let greedy = feedback_arc_order(groups.len(), &moves.follows, |g| rank[g]);
    let min_count = min_count
        .unwrap_or_else(|| ((moves.items as f64) * 0.01).round() as u64)
        .max(1);
    let (handoffs, rare) = choose_handoffs(&order, &moves.follows, min_count);

    // The proposal is drawn as a map through the core, so the order and the rework loops it
    // reports are the ones the map will have once applied: the core decides them, not a second
    // algorithm here.
    let tool = match source {
        Some(s) => records.iter().find(|r| r.name == s).and_then(|r| r.tool),
        None if records.len() == 1 => records[0].tool,
        None => None,
    }
    .filter(|t| matches!(map.node(*t), Some(Node::Tool(_))));
    let drawn = draw(map, groups, &order, handoffs, tool)?;

    let moves_between: u64 = moves
        .follows
        .iter()
        .filter(|((a, b), _)| a != b)
        .map(|(_, n)| *n)
        .sum();
    // Every move out of a stage, the rare ones too: the denominator of a handoff's share.
    let mut moves_out: HashMap<usize, u64> = HashMap::new();
    for ((a, b), n) in &moves.follows {
        if a != b {
            *moves_out.entry(*a).or_default() += n;
        }
    }
    let moves_backward = backward_weight(&drawn.order, &moves.follows);
    let proposal = DiscoveryProposal {
        order_method: method.as_str().to_string(),
        moves_between,
        moves_backward,
        backward_share: (moves_between > 0).then(|| moves_backward as f64 / moves_between as f64),
        greedy_moves_backward: backward_weight(&greedy, &moves.follows),
        sources: moves.source_names.clone(),
        items: moves.items,
        tool,
        stages: drawn
            .order
            .iter()
            .map(|&g| proposed_stage(&groups[g]))
            .collect(),
        handoffs: drawn
            .handoffs
            .iter()
            .map(|&(a, b, n, rework)| ProposedHandoff {
                from: groups[a].name.clone(),
                to: groups[b].name.clone(),
                count: n,
                share: n as f64 / moves_out[&a].max(1) as f64,
                rework,
                existing: drawn.existing_handoffs.contains(&(a, b)),
            })
            .collect(),
        rare_handoffs: rare,
        min_count,
        left_out: moves.left_out.iter().cloned().collect(),
        applied: false,
        stages_added: 0,
        handoffs_added: 0,
    };
    Ok((proposal, drawn))
}

fn proposed_stage(gr: &Group) -> ProposedStage {
    ProposedStage {
        name: gr.name.clone(),
        states: gr.states.iter().cloned().collect(),
        category: gr.category,
        items: gr.items,
        existing: gr.existing,
        matched: match (gr.existing, gr.by_name.is_empty()) {
            (None, _) => StageMatch::New,
            (Some(_), true) => StageMatch::States,
            (Some(_), false) => StageMatch::Name,
        },
        new_states: gr.by_name.iter().cloned().collect(),
    }
}

/// The handoffs made at least `min_count` times, plus each stage's most frequent way in
/// however rare, in `order`; and how many were left out as rare.
fn choose_handoffs(order: &[usize], follows: &Follows, min_count: u64) -> (Vec<Move>, u64) {
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let mut handoffs = Vec::new();
    let mut rare = 0;
    let mut edges: Vec<(&(usize, usize), &u64)> =
        follows.iter().filter(|((a, b), _)| a != b).collect();
    edges.sort_by_key(|((a, b), n)| (position[a], position[b], std::cmp::Reverse(**n)));
    for ((a, b), n) in edges {
        if *n < min_count {
            rare += 1;
            continue;
        }
        handoffs.push((*a, *b, *n, position[b] < position[a]));
    }
    // Every stage after the first keeps its most frequent way in, however rare: a stage that
    // nothing hands off to would start the map's flow and turn the order around.
    for &g in order.iter().skip(1) {
        let has_way_in = handoffs.iter().any(|h| h.1 == g && !h.3);
        if has_way_in {
            continue;
        }
        let best = follows
            .iter()
            .filter(|((a, b), _)| *b == g && a != b && position[a] < position[b])
            .max_by_key(|(_, n)| **n);
        if let Some(((a, b), n)) = best {
            handoffs.push((*a, *b, *n, false));
            rare -= 1;
        }
    }
    handoffs.sort_by_key(|(a, b, n, _)| (position[a], position[b], std::cmp::Reverse(*n)));
    (handoffs, rare)
}
