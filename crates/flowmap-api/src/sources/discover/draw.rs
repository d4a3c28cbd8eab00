//! The proposal drawn on a copy of the map, so that its flow order and rework loops are the
//! ones the core finds — the ones the map will have once the proposal is applied.

use super::moves::Group;
use super::Move;
use crate::error::ApiError;
use flowmap_core::{Edge, EdgeId, Handoff, Node, NodeId, Stage, ValueStreamMap};
use std::collections::{HashMap, HashSet};

/// The proposal drawn as a map.
pub(super) struct Drawn {
    pub(super) map: ValueStreamMap,
    /// Groups in the map's flow order.
    pub(super) order: Vec<usize>,
    pub(super) handoffs: Vec<Move>,
    pub(super) stages_added: u64,
    pub(super) handoffs_added: u64,
    /// Stages of the map that take states matched to them by name.
    pub(super) stages_changed: u64,
    /// The moves the map already has a handoff for.
    pub(super) existing_handoffs: HashSet<(usize, usize)>,
}

/// Draws the proposal on a copy of `map`: a stage per group the map lacks (in `tool`), a
/// handoff per move the map lacks, the states matched to a stage by name into its list; then reads the flow order and rework loops the core finds.
pub(super) fn draw(
    map: &ValueStreamMap,
    groups: &[Group],
    order: &[usize],
    handoffs: Vec<Move>,
    tool: Option<NodeId>,
) -> Result<Drawn, ApiError> {
    let mut map = map.clone();
    let mut stage_of: HashMap<usize, NodeId> = HashMap::new();
    let mut stages_added = 0;
    let mut handoffs_added = 0;
    let mut stages_changed = 0;
    let mut existing_handoffs = HashSet::new();
    for &g in order {
        let gr = &groups[g];
        let id = match gr.existing {
            Some(id) => {
                if let (false, Some(Node::Stage(stage))) = (gr.by_name.is_empty(), map.node(id)) {
                    let mut stage = stage.clone();
                    stage.states.extend(gr.by_name.iter().cloned());
                    map.update_node(Node::Stage(stage))?;
                    stages_changed += 1;
                }
                id
            }
            None => {
                let id = NodeId::from(uuid::Uuid::new_v4());
                map.add_node(Node::Stage(Stage {
                    id,
                    name: gr.name.clone(),
                    team: None,
                    tool,
                    partner: None,
                    states: gr.states.iter().cloned().collect(),
                    estimates: Default::default(),
                }))?;
                stages_added += 1;
                id
            }
        };
        stage_of.insert(g, id);
    }
    // Forward handoffs first, so the depth-first search that finds rework loops follows them.
    let mut ordered = handoffs.clone();
    ordered.sort_by_key(|h| h.3);
    let mut edge_of: HashMap<(usize, usize), EdgeId> = HashMap::new();
    for (a, b, n, _) in ordered {
        let (from, to) = (stage_of[&a], stage_of[&b]);
        let existing = map.edges().find_map(|e| match e {
            Edge::Handoff(h) if h.from == from && h.to == to => Some(h.id),
            _ => None,
        });
        let id = match existing {
            Some(id) => {
                existing_handoffs.insert((a, b));
                id
            }
            None => {
                let id = EdgeId::from(uuid::Uuid::new_v4());
                map.add_edge(Edge::Handoff(Handoff {
                    id,
                    from,
                    to,
                    label: Some(format!("{n} moves")),
                }))?;
                handoffs_added += 1;
                id
            }
        };
        edge_of.insert((a, b), id);
    }
    let flow = map.flow_order();
    let group_of: HashMap<NodeId, usize> = stage_of.iter().map(|(g, id)| (*id, *g)).collect();
    let order: Vec<usize> = flow
        .stages
        .iter()
        .filter_map(|id| group_of.get(id).copied())
        .collect();
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let rework: HashSet<EdgeId> = flow.rework.iter().copied().collect();
    let mut handoffs: Vec<Move> = handoffs
        .into_iter()
        .map(|(a, b, n, _)| (a, b, n, rework.contains(&edge_of[&(a, b)])))
        .collect();
    handoffs.sort_by_key(|(a, b, n, _)| (position[a], position[b], std::cmp::Reverse(*n)));
    Ok(Drawn {
        map,
        order,
        handoffs,
        stages_added,
        handoffs_added,
        stages_changed,
        existing_handoffs,
    })
}
