//! Lineage across the toolchain (`docs/metrics.md`, "Lineage and end-to-end figures"): which
//! item became which along the map's artifact flows, each root's tree of descendants, and the
//! end-to-end figures (`figures.rs`). Pure: items come with their work start and end already
//! measured, links already read, and `now` is an argument.
//!
//! A link between two items of different tools is a lineage step when the map has an artifact
//! flow between their tools that carries the first's artifact type to the second's (a flow
//! that lists no artifact types carries any); within one tool, a parent or child link is one.
//! Other links (relates, blocks…) stay links but are not lineage. Trees are walked with a
//! visited set, so cycles in links never loop.

mod figures;

pub use figures::{
    crossing, root_figures, summarize, EdgeCrossing, LineageSummary, RootFigures, RootStatus,
    ToolTime, TypeEndToEnd,
};

use flowmap_core::{Edge, EdgeId, FlowItemType, ItemId, Link, LinkKind, NodeId, ValueStreamMap};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

/// No item: the end of a key's chain.
const NONE: u32 = u32::MAX;

/// How an item stands at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Done,
    Canceled,
}

/// An item as lineage sees it: where it lives and when it was worked on.
#[derive(Clone, Debug, PartialEq)]
pub struct LineageItem {
    pub id: ItemId,
    pub source: String,
    pub key: String,
    /// The tool of its source (`None`: the source is not attached to a tool of the map).
    pub tool: Option<NodeId>,
    pub artifact_type: String,
    pub flow_item_type: FlowItemType,
    /// Work start: the start of its first Waiting or Active interval.
    pub started: Option<i64>,
    /// When Done or Canceled: the start of the final run of that category.
    pub ended: Option<i64>,
    pub outcome: Outcome,
}

/// One step of a root's tree: an item, the item it came from and the artifact flow crossed
/// (`None` within one tool).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeNode {
    pub item: u32,
    pub parent: Option<u32>,
    pub depth: u32,
    pub flow: Option<EdgeId>,
}

/// The lineage steps between items, found from their links and the map's artifact flows.
#[derive(Clone, Debug, Default)]
pub struct LineageGraph {
    /// Per item, its children with the flow crossed to reach them.
    children: Vec<Vec<(u32, Option<EdgeId>)>>,
    has_parent: Vec<bool>,
    /// Tools with no outgoing artifact flow: where the map says a stream ends.
    end_tools: HashSet<Option<NodeId>>,
    /// Every artifact flow: (id, from tool, to tool).
    flows: Vec<(EdgeId, NodeId, NodeId)>,
    /// Links whose target is in no source of the file (kept; they resolve later).
    pub unresolved: usize,
}

/// The artifact flow from `a`'s tool to `b`'s that carries `a`'s type to `b`'s.
fn carrying_flow(map: &ValueStreamMap, a: &LineageItem, b: &LineageItem) -> Option<EdgeId> {
    let (from, to) = (a.tool?, b.tool?);
    map.edges().find_map(|e| match e {
        Edge::ArtifactFlow(f) if f.from == from && f.to == to => {
            let carries = f.links.is_empty()
                || f.links.iter().any(|l| {
                    l.source_type
                        .trim()
                        .eq_ignore_ascii_case(a.artifact_type.trim())
                        && l.target_type
                            .trim()
                            .eq_ignore_ascii_case(b.artifact_type.trim())
                });
            carries.then_some(f.id)
        }
        _ => None,
    })
}

impl LineageGraph {
    /// The lineage of `items` given their `links` (a link from an item not in `items` is
    /// ignored; a target key in no item is counted as unresolved).
    pub fn build(map: &ValueStreamMap, items: &[LineageItem], links: &[Link]) -> LineageGraph {
        let mut by_id: FxHashMap<ItemId, u32> = FxHashMap::default();
        by_id.reserve(items.len());
        // The items of each key as a chain through `next`, in item order (no vector per key).
        let mut first: FxHashMap<&str, u32> = FxHashMap::default();
        first.reserve(items.len());
        let mut next: Vec<u32> = vec![NONE; items.len()];
        for (i, it) in items.iter().enumerate().rev() {
            by_id.insert(it.id, i as u32);
            if let Some(after) = first.insert(it.key.as_str(), i as u32) {
                next[i] = after;
            }
        }
        let next = &next;
        let with_key = |key: &str| {
            let mut at = first.get(key).copied().unwrap_or(NONE);
            std::iter::from_fn(move || {
                (at != NONE).then(|| {
                    let i = at;
                    at = next[i as usize];
                    i
                })
            })
        };
        let mut g = LineageGraph {
            children: vec![Vec::new(); items.len()],
            has_parent: vec![false; items.len()],
            ..LineageGraph::default()
        };
        let mut out_tools: FxHashSet<NodeId> = FxHashSet::default();
        for e in map.edges() {
            if let Edge::ArtifactFlow(f) = e {
                out_tools.insert(f.from);
                g.flows.push((f.id, f.from, f.to));
            }
        }
        g.end_tools = items
            .iter()
            .map(|i| i.tool)
            .filter(|t| t.is_none_or(|t| !out_tools.contains(&t)))
            .collect();
        let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
        let mut targets: Vec<u32> = Vec::new();
        for link in links {
            let Some(&a) = by_id.get(&link.from) else {
                continue;
            };
            targets.clear();
            targets.extend(with_key(link.target.key.as_str()).filter(|t| {
                link.target
                    .source
                    .as_deref()
                    .is_none_or(|s| items[*t as usize].source == s)
            }));
            if targets.is_empty() {
                g.unresolved += 1;
            }
            for &b in targets.iter().filter(|b| **b != a) {
                let (ia, ib) = (&items[a as usize], &items[b as usize]);
                let step = if ia.tool != ib.tool {
                    if let Some(f) = carrying_flow(map, ia, ib) {
                        Some((a, b, Some(f)))
                    } else {
                        carrying_flow(map, ib, ia).map(|f| (b, a, Some(f)))
                    }
                } else {
                    match link.kind {
                        LinkKind::Parent => Some((b, a, None)),
                        LinkKind::Child => Some((a, b, None)),
                        _ => None,
                    }
                };
                if let Some((p, c, flow)) = step {
                    if seen.insert((p, c)) {
                        g.children[p as usize].push((c, flow));
                        g.has_parent[c as usize] = true;
                    }
                }
            }
        }
        g
    }

    /// Items with no lineage parent and at least one child, in item order.
    pub fn roots(&self) -> Vec<u32> {
        (0..self.children.len())
            .filter(|i| !self.has_parent[*i] && !self.children[*i].is_empty())
            .map(|i| i as u32)
            .collect()
    }

    /// `root`'s tree, depth first in link order; an item reached twice (a cycle, or two paths)
    /// is listed once, where it was first reached.
    pub fn tree(&self, root: u32) -> Vec<TreeNode> {
        let mut out = Vec::new();
        if root as usize >= self.children.len() {
            return out;
        }
        let mut visited: HashSet<u32> = HashSet::new();
        let mut stack = vec![TreeNode {
            item: root,
            parent: None,
            depth: 0,
            flow: None,
        }];
        while let Some(n) = stack.pop() {
            if !visited.insert(n.item) {
                continue;
            }
            out.push(n);
            for (c, flow) in self.children[n.item as usize].iter().rev() {
                if !visited.contains(c) {
                    stack.push(TreeNode {
                        item: *c,
                        parent: Some(n.item),
                        depth: n.depth + 1,
                        flow: *flow,
                    });
                }
            }
        }
        out
    }

    /// Whether the map calls `tool` an end of the stream (no artifact flow leaves it).
    pub fn is_end_tool(&self, tool: Option<NodeId>) -> bool {
        self.end_tools.contains(&tool)
    }

    /// The artifact flow with id `edge`: its tools.
    pub fn flow(&self, edge: EdgeId) -> Option<(NodeId, NodeId)> {
        self.flows
            .iter()
            .find(|(id, _, _)| *id == edge)
            .map(|(_, a, b)| (*a, *b))
    }

    /// Every artifact flow of the map, in the map's order.
    pub fn flows(&self) -> impl Iterator<Item = (EdgeId, NodeId, NodeId)> + '_ {
        self.flows.iter().copied()
    }
}
