//! Pasting copied nodes and edges: fresh ids, references kept where they still make sense.

use super::position;
use crate::error::ApiError;
use crate::wire::PlacedNode;
use flowmap_core::{BurstTarget, Edge, EdgeId, MapDocument, Node, NodeId};
use std::collections::{HashMap, HashSet};

pub(super) fn paste(
    doc: &mut MapDocument,
    nodes: Vec<PlacedNode>,
    edges: Vec<Edge>,
) -> Result<(Vec<NodeId>, Vec<EdgeId>), ApiError> {
    let mut fresh: HashMap<NodeId, NodeId> = HashMap::new();
    for placed in &nodes {
        let old = placed.node.id();
        if fresh
            .insert(old, NodeId::from(uuid::Uuid::new_v4()))
            .is_some()
        {
            return Err(ApiError::invalid_argument(format!(
                "node {old} is pasted twice"
            )));
        }
    }
    // A reference to a copied node goes to its copy; to a node still on the map, stays; to
    // anything else, is dropped.
    let on_map: HashSet<NodeId> = doc.map.nodes().map(Node::id).collect();
    let remap = |id: Option<NodeId>| -> Option<NodeId> {
        let id = id?;
        fresh
            .get(&id)
            .copied()
            .or_else(|| on_map.contains(&id).then_some(id))
    };
    // Partners first, then tools, then the rest, so every reference exists when it is added.
    let rank = |n: &Node| match n {
        Node::Partner(_) => 0,
        Node::Tool(_) => 1,
        _ => 2,
    };
    let mut ordered: Vec<&PlacedNode> = nodes.iter().collect();
    ordered.sort_by_key(|p| rank(&p.node));
    let mut created_nodes = Vec::new();
    let mut placements = Vec::new();
    for placed in ordered {
        let new_id = fresh[&placed.node.id()];
        let node = match placed.node.clone() {
            Node::Stage(mut s) => {
                s.id = new_id;
                s.tool = remap(s.tool);
                s.partner = remap(s.partner);
                Node::Stage(s)
            }
            Node::Tool(mut t) => {
                t.id = new_id;
                t.partner = remap(t.partner);
                Node::Tool(t)
            }
            Node::Partner(mut p) => {
                p.id = new_id;
                Node::Partner(p)
            }
            Node::Customer(mut c) => {
                c.id = new_id;
                Node::Customer(c)
            }
            Node::Note(mut n) => {
                n.id = new_id;
                Node::Note(n)
            }
            Node::Burst(mut b) => {
                b.id = new_id;
                // A copied burst stays on a stage still there (or on its copy); on a handoff,
                // only when that handoff is still on the map.
                b.target = match b.target {
                    Some(BurstTarget::Stage { id }) => {
                        remap(Some(id)).map(|id| BurstTarget::Stage { id })
                    }
                    Some(BurstTarget::Handoff { id }) => doc
                        .map
                        .edge(id)
                        .is_some()
                        .then_some(BurstTarget::Handoff { id }),
                    None => None,
                };
                Node::Burst(b)
            }
        };
        let p = position(new_id, placed.x, placed.y)?;
        doc.map.add_node(node)?;
        placements.push((new_id, p));
        created_nodes.push(new_id);
    }
    for (id, p) in placements {
        doc.layout.insert(id, p);
    }
    // Keep the order the nodes were given in.
    created_nodes.sort_by_key(|id| {
        nodes
            .iter()
            .position(|p| fresh[&p.node.id()] == *id)
            .unwrap_or(usize::MAX)
    });
    let mut created_edges = Vec::new();
    for edge in edges {
        let (from, to) = edge.endpoints();
        let (Some(from), Some(to)) = (fresh.get(&from).copied(), fresh.get(&to).copied()) else {
            continue;
        };
        let id = EdgeId::from(uuid::Uuid::new_v4());
        let copy = match edge {
            Edge::Handoff(mut h) => {
                h.id = id;
                h.from = from;
                h.to = to;
                Edge::Handoff(h)
            }
            Edge::ArtifactFlow(mut f) => {
                f.id = id;
                f.from = from;
                f.to = to;
                Edge::ArtifactFlow(f)
            }
        };
        doc.map.add_edge(copy)?;
        created_edges.push(id);
    }
    Ok((created_nodes, created_edges))
}
