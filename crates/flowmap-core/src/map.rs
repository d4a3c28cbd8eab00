//! The value stream map: a petgraph `StableDiGraph` whose invariants hold after every change.

use crate::annotation::{check_burst, check_edge_change, BurstTarget};
use crate::error::MapError;
use crate::id::{EdgeId, NodeId};
use crate::node::{Edge, Node, Stage};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::HashMap;

/// A value stream map. Nodes and edges keep the order in which they were added, so every
/// query is deterministic and a map saved and loaded again answers the same.
#[derive(Clone, Debug)]
pub struct ValueStreamMap {
    name: String,
    graph: StableDiGraph<Node, Edge>,
    node_index: HashMap<NodeId, NodeIndex>,
    edge_index: HashMap<EdgeId, EdgeIndex>,
    node_order: Vec<NodeId>,
    edge_order: Vec<EdgeId>,
}

/// The stages of the flow in order, and the handoffs set aside as rework loops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowOrder {
    /// Stages in topological order of the forward handoffs.
    pub stages: Vec<NodeId>,
    /// Handoffs that go backward against that order (rework loops), in edge order.
    pub rework: Vec<EdgeId>,
}

impl ValueStreamMap {
    /// An empty map.
    pub fn new(name: impl Into<String>) -> Result<Self, MapError> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(MapError::EmptyMapName);
        }
        Ok(ValueStreamMap {
            name,
            graph: StableDiGraph::new(),
            node_index: HashMap::new(),
            edge_index: HashMap::new(),
            node_order: Vec::new(),
            edge_order: Vec::new(),
        })
    }

    /// Builds a map from its parts, checking every invariant. Nodes may refer to nodes that come
    /// later in the list (a stage to its tool, say).
    pub fn from_parts(
        name: impl Into<String>,
        nodes: impl IntoIterator<Item = Node>,
        edges: impl IntoIterator<Item = Edge>,
    ) -> Result<Self, MapError> {
        let mut map = ValueStreamMap::new(name)?;
        for node in nodes {
            let id = node.id();
            if map.node_index.contains_key(&id) {
                return Err(MapError::DuplicateNodeId(id));
            }
            map.insert_node_unchecked(node);
        }
        // Bursts may be attached to handoffs: they are checked once the edges are there.
        let is_burst = |n: &Node| matches!(n, Node::Burst(_));
        for id in &map.node_order {
            let node = map.node(*id).expect("node just inserted");
            if !is_burst(node) {
                map.check_node(node)?;
            }
        }
        for edge in edges {
            map.add_edge(edge)?;
        }
        for node in map.nodes().filter(|n| is_burst(n)) {
            map.check_node(node)?;
        }
        Ok(map)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn set_name(&mut self, name: impl Into<String>) -> Result<(), MapError> {
        let name = name.into();
        if name.trim().is_empty() {
            return Err(MapError::EmptyMapName);
        }
        self.name = name;
        Ok(())
    }

    /// The underlying graph, for read-only algorithms.
    pub fn graph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.node_index.get(&id).map(|ix| &self.graph[*ix])
    }

    pub fn edge(&self, id: EdgeId) -> Option<&Edge> {
        self.edge_index.get(&id).map(|ix| &self.graph[*ix])
    }

    pub fn stage(&self, id: NodeId) -> Option<&Stage> {
        self.node(id).and_then(Node::as_stage)
    }

    /// All nodes, in the order they were added.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.node_order
            .iter()
            .map(|id| &self.graph[self.node_index[id]])
    }

    /// All edges, in the order they were added.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> + '_ {
        self.edge_order
            .iter()
            .map(|id| &self.graph[self.edge_index[id]])
    }

    pub fn node_count(&self) -> usize {
        self.node_order.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edge_order.len()
    }

    pub fn stages(&self) -> impl Iterator<Item = &Stage> + '_ {
        self.nodes().filter_map(Node::as_stage)
    }

    /// The stages and tools a partner owns, in node order.
    pub fn owned_by(&self, partner: NodeId) -> impl Iterator<Item = &Node> + '_ {
        self.nodes().filter(move |n| n.partner() == Some(partner))
    }

    /// The stages that live in a tool, in node order.
    pub fn stages_in_tool(&self, tool: NodeId) -> impl Iterator<Item = &Stage> + '_ {
        self.stages().filter(move |s| s.tool == Some(tool))
    }

    /// Adds a node. Its references (tool, partner) must already be on the map.
    pub fn add_node(&mut self, node: Node) -> Result<(), MapError> {
        let id = node.id();
        if self.node_index.contains_key(&id) {
            return Err(MapError::DuplicateNodeId(id));
        }
        self.check_node(&node)?;
        self.insert_node_unchecked(node);
        Ok(())
    }

    /// Replaces the node with the same id. The new node must keep every edge attached to it
    /// valid (a stage with handoffs cannot become a tool).
    pub fn update_node(&mut self, node: Node) -> Result<(), MapError> {
        let id = node.id();
        let ix = *self.node_index.get(&id).ok_or(MapError::UnknownNode(id))?;
        self.check_node(&node)?;
        let old = std::mem::replace(&mut self.graph[ix], node);
        let touching: Vec<EdgeIndex> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, Direction::Incoming))
            .map(|e| e.id())
            .collect();
        for eix in touching {
            let edge = self.graph[eix].clone();
            if let Err(e) = self.check_edge_endpoints(&edge) {
                self.graph[ix] = old;
                return Err(e);
            }
        }
        // Nodes referring to this one must still refer to the right kind.
        let referring: Vec<NodeId> = self
            .nodes()
            .filter(|n| match n {
                Node::Stage(s) => s.tool == Some(id) || s.partner == Some(id),
                Node::Tool(t) => t.partner == Some(id),
                Node::Burst(b) => b.target == Some(BurstTarget::Stage { id }),
                _ => false,
            })
            .map(Node::id)
            .collect();
        for rid in referring {
            if let Err(e) = self.check_node(self.node(rid).expect("referring node exists")) {
                self.graph[self.node_index[&id]] = old;
                return Err(e);
            }
        }
        Ok(())
    }

    /// Removes a node together with its edges; stages and tools that referred to it (as their
    /// tool or partner) no longer do. Returns the removed node.
    pub fn remove_node(&mut self, id: NodeId) -> Result<Node, MapError> {
        let ix = self
            .node_index
            .remove(&id)
            .ok_or(MapError::UnknownNode(id))?;
        let edge_ids: Vec<EdgeId> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, Direction::Incoming))
            .map(|e| e.weight().id())
            .collect();
        for eid in &edge_ids {
            let eid = *eid;
            self.edge_index.remove(&eid);
            self.edge_order.retain(|e| *e != eid);
        }
        let node = self.graph.remove_node(ix).expect("indexed node exists");
        self.node_order.retain(|n| *n != id);
        for nix in self.graph.node_indices().collect::<Vec<_>>() {
            match &mut self.graph[nix] {
                Node::Stage(s) => {
                    if s.tool == Some(id) {
                        s.tool = None;
                    }
                    if s.partner == Some(id) {
                        s.partner = None;
                    }
                }
                Node::Tool(t) if t.partner == Some(id) => t.partner = None,
                Node::Burst(b) => {
                    let gone = match b.target {
                        Some(BurstTarget::Stage { id: stage }) => stage == id,
                        Some(BurstTarget::Handoff { id: edge }) => edge_ids.contains(&edge),
                        None => false,
                    };
                    if gone {
                        b.target = None;
                    }
                }
                _ => {}
            }
        }
        Ok(node)
    }

    /// Adds an edge after checking that it joins the right kinds of node.
    pub fn add_edge(&mut self, edge: Edge) -> Result<(), MapError> {
        let id = edge.id();
        if self.edge_index.contains_key(&id) {
            return Err(MapError::DuplicateEdgeId(id));
        }
        self.check_edge_endpoints(&edge)?;
        let (from, to) = edge.endpoints();
        let (a, b) = (self.node_index[&from], self.node_index[&to]);
        let parallel = self
            .graph
            .edges_connecting(a, b)
            .any(|e| std::mem::discriminant(e.weight()) == std::mem::discriminant(&edge));
        if parallel {
            return Err(MapError::ParallelEdge {
                edge_kind: edge.kind_name(),
                from_name: self.graph[a].name().to_string(),
                to_name: self.graph[b].name().to_string(),
            });
        }
        let eix = self.graph.add_edge(a, b, edge);
        self.edge_index.insert(id, eix);
        self.edge_order.push(id);
        Ok(())
    }

    /// Replaces the edge with the same id (its label or artifact links, or its ends). The edge
    /// keeps its place in the edge order.
    pub fn update_edge(&mut self, edge: Edge) -> Result<(), MapError> {
        let id = edge.id();
        let position = self
            .edge_order
            .iter()
            .position(|e| *e == id)
            .ok_or(MapError::UnknownEdge(id))?;
        check_edge_change(self, &edge)?;
        let old = self.take_edge(id)?;
        match self.add_edge(edge) {
            Ok(()) => {
                let moved = self.edge_order.pop().expect("just added");
                self.edge_order.insert(position, moved);
                Ok(())
            }
            Err(e) => {
                self.add_edge(old).expect("the old edge was valid");
                let moved = self.edge_order.pop().expect("just added");
                self.edge_order.insert(position, moved);
                Err(e)
            }
        }
    }

    /// Removes an edge; kaizen bursts attached to it stay, attached to nothing.
    pub fn remove_edge(&mut self, id: EdgeId) -> Result<Edge, MapError> {
        let edge = self.take_edge(id)?;
        for nix in self.graph.node_indices().collect::<Vec<_>>() {
            if let Node::Burst(b) = &mut self.graph[nix] {
                if b.target == Some(BurstTarget::Handoff { id }) {
                    b.target = None;
                }
            }
        }
        Ok(edge)
    }

    fn take_edge(&mut self, id: EdgeId) -> Result<Edge, MapError> {
        let eix = self
            .edge_index
            .remove(&id)
            .ok_or(MapError::UnknownEdge(id))?;
        self.edge_order.retain(|e| *e != id);
        Ok(self.graph.remove_edge(eix).expect("indexed edge exists"))
    }

    fn insert_node_unchecked(&mut self, node: Node) {
        let id = node.id();
        let ix = self.graph.add_node(node);
        self.node_index.insert(id, ix);
        self.node_order.push(id);
    }

    fn check_node(&self, node: &Node) -> Result<(), MapError> {
        if node.name().trim().is_empty() {
            return Err(MapError::EmptyName {
                kind: node.kind_name(),
                id: node.id(),
            });
        }
        if let Some(partner) = node.partner() {
            match self.node(partner) {
                None => {
                    return Err(MapError::UnknownPartner {
                        kind: node.kind_name(),
                        name: node.name().to_string(),
                        partner,
                    })
                }
                Some(Node::Partner(_)) => {}
                Some(other) => {
                    return Err(MapError::NotAPartner {
                        kind: node.kind_name(),
                        name: node.name().to_string(),
                        owner_name: other.name().to_string(),
                        owner_kind: other.kind_name(),
                    })
                }
            }
        }
        if let Node::Stage(stage) = node {
            if let Some(tool) = stage.tool {
                match self.node(tool) {
                    None => {
                        return Err(MapError::UnknownTool {
                            stage: stage.name.clone(),
                            tool,
                        })
                    }
                    Some(Node::Tool(_)) => {}
                    Some(other) => {
                        return Err(MapError::NotATool {
                            stage: stage.name.clone(),
                            tool_name: other.name().to_string(),
                            tool_kind: other.kind_name(),
                        })
                    }
                }
            }
            stage.estimates.check(&stage.name)?;
        }
        if let Node::Burst(burst) = node {
            check_burst(self, burst)?;
        }
        Ok(())
    }

    fn check_edge_endpoints(&self, edge: &Edge) -> Result<(), MapError> {
        let (from, to) = edge.endpoints();
        let mut ends = [None, None];
        for (slot, node_id) in ends.iter_mut().zip([from, to]) {
            *slot = Some(self.node(node_id).ok_or(MapError::DanglingEdge {
                edge_kind: edge.kind_name(),
                edge: edge.id(),
                node: node_id,
            })?);
        }
        let [Some(a), Some(b)] = ends else {
            unreachable!("both ends were looked up")
        };
        if from == to {
            return Err(MapError::SelfLoop {
                edge_kind: edge.kind_name(),
                edge: edge.id(),
                node_name: a.name().to_string(),
            });
        }
        match edge {
            Edge::Handoff(h) => {
                for n in [a, b] {
                    if !matches!(n, Node::Stage(_) | Node::Customer(_)) {
                        return Err(MapError::HandoffEndpoint {
                            edge: h.id,
                            node_name: n.name().to_string(),
                            node_kind: n.kind_name(),
                        });
                    }
                }
                if matches!((a, b), (Node::Customer(_), Node::Customer(_))) {
                    return Err(MapError::HandoffBetweenCustomers { edge: h.id });
                }
            }
            Edge::ArtifactFlow(f) => {
                for n in [a, b] {
                    if !matches!(n, Node::Tool(_)) {
                        return Err(MapError::ArtifactFlowEndpoint {
                            edge: f.id,
                            node_name: n.name().to_string(),
                            node_kind: n.kind_name(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Handoffs between two stages, as (edge, from, to) in edge order. Handoffs to or from a
    /// customer mark where the stream starts and ends; they take no part in the flow order.
    fn stage_handoffs(&self) -> Vec<(EdgeId, NodeId, NodeId)> {
        self.edges()
            .filter_map(|e| match e {
                Edge::Handoff(h) if self.stage(h.from).is_some() && self.stage(h.to).is_some() => {
                    Some((h.id, h.from, h.to))
                }
                _ => None,
            })
            .collect()
    }

    /// The stages in flow order and the rework loops.
    ///
    /// Rework loops are the back edges of a depth-first search over stage handoffs that starts
    /// from the stages nothing hands off to (in node order), then from any stage not reached
    /// yet; edges are followed in the order they were drawn. The remaining handoffs form a
    /// directed acyclic graph, whose topological order (ties broken by node order) is the flow
    /// order.
    pub fn flow_order(&self) -> FlowOrder {
        let stages: Vec<NodeId> = self.stages().map(|s| s.id).collect();
        let position: HashMap<NodeId, usize> =
            stages.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let handoffs = self.stage_handoffs();
        let mut out: Vec<Vec<(usize, EdgeId)>> = vec![Vec::new(); stages.len()];
        let mut has_incoming = vec![false; stages.len()];
        for (eid, from, to) in &handoffs {
            out[position[from]].push((position[to], *eid));
            has_incoming[position[to]] = true;
        }

        // Depth-first search for back edges, iterative to survive long chains.
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            White,
            Grey,
            Black,
        }
        let mut mark = vec![Mark::White; stages.len()];
        let mut back = std::collections::HashSet::new();
        let roots = (0..stages.len())
            .filter(|i| !has_incoming[*i])
            .chain(0..stages.len());
        for root in roots {
            if mark[root] != Mark::White {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            mark[root] = Mark::Grey;
            while let Some((v, next)) = stack.last_mut() {
                let v = *v;
                if let Some(&(w, eid)) = out[v].get(*next) {
                    *next += 1;
                    match mark[w] {
                        Mark::White => {
                            mark[w] = Mark::Grey;
                            stack.push((w, 0));
                        }
                        Mark::Grey => {
                            back.insert(eid);
                        }
                        Mark::Black => {}
                    }
                } else {
                    mark[v] = Mark::Black;
                    stack.pop();
                }
            }
        }

        // Kahn's algorithm over the forward handoffs, smallest node position first.
        let mut indegree = vec![0usize; stages.len()];
        for (eid, _, to) in &handoffs {
            if !back.contains(eid) {
                indegree[position[to]] += 1;
            }
        }
        let mut ready: std::collections::BTreeSet<usize> =
            (0..stages.len()).filter(|i| indegree[*i] == 0).collect();
        let mut order = Vec::with_capacity(stages.len());
        while let Some(v) = ready.pop_first() {
            order.push(stages[v]);
            for &(w, eid) in &out[v] {
                if back.contains(&eid) {
                    continue;
                }
                indegree[w] -= 1;
                if indegree[w] == 0 {
                    ready.insert(w);
                }
            }
        }
        debug_assert_eq!(order.len(), stages.len(), "back edges leave a DAG");
        let rework = handoffs
            .iter()
            .filter(|(eid, _, _)| back.contains(eid))
            .map(|(eid, _, _)| *eid)
            .collect();
        FlowOrder {
            stages: order,
            rework,
        }
    }

    /// The handoffs that close rework loops (see [`ValueStreamMap::flow_order`]).
    pub fn rework_loops(&self) -> Vec<EdgeId> {
        self.flow_order().rework
    }

    /// The critical path: the chain of stages along forward handoffs whose total weight is the
    /// largest (the longest path of the acyclic flow, computed exactly by dynamic programming
    /// over the flow order). Parallel branches are resolved by weight; equal weights by flow
    /// order. Returns the stages from first to last; empty when the map has no stages.
    pub fn critical_path(&self, weight: impl Fn(&Stage) -> f64) -> Vec<NodeId> {
        let order = self.flow_order();
        if order.stages.is_empty() {
            return Vec::new();
        }
        let rank: HashMap<NodeId, usize> = order
            .stages
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect();
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); order.stages.len()];
        for (eid, from, to) in self.stage_handoffs() {
            if !order.rework.contains(&eid) {
                preds[rank[&to]].push(rank[&from]);
            }
        }
        let mut best = vec![0f64; order.stages.len()];
        let mut via: Vec<Option<usize>> = vec![None; order.stages.len()];
        for v in 0..order.stages.len() {
            let w = weight(
                self.stage(order.stages[v])
                    .expect("flow order holds stages"),
            );
            let w = if w.is_finite() && w > 0.0 { w } else { 0.0 };
            let mut p_best: Option<usize> = None;
            let mut ps = preds[v].clone();
            ps.sort_unstable();
            for p in ps {
                if p_best.is_none_or(|b| best[p] > best[b]) {
                    p_best = Some(p);
                }
            }
            best[v] = w + p_best.map_or(0.0, |p| best[p]);
            via[v] = p_best;
        }
        let mut end = 0;
        for v in 1..best.len() {
            if best[v] > best[end] {
                end = v;
            }
        }
        let mut path = vec![order.stages[end]];
        let mut cur = end;
        while let Some(p) = via[cur] {
            path.push(order.stages[p]);
            cur = p;
        }
        path.reverse();
        path
    }
}
