//! End-to-end figures of each root (`docs/metrics.md`, "Lineage and end-to-end figures"):
//! end-to-end flow time, time in each tool, time between tools; crossing times per artifact
//! flow and end-to-end flow time per flow item type, as p50/p85 (nearest rank).

use super::{LineageGraph, LineageItem, Outcome, TreeNode};
use crate::stats::rank_index;
use flowmap_core::{EdgeId, FlowItemType, NodeId};
use std::collections::{BTreeMap, BTreeSet};

/// Where a root's stream stands at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RootStatus {
    /// No item of its tree has started.
    NotStarted,
    /// Some item of its tree is still open, or items are done but none in an end tool yet.
    InProgress,
    /// Nothing is open and an item in an end tool is done.
    Finished,
    /// Every item of its tree that started was canceled.
    Canceled,
}

/// Time a root's tree spent in one tool (`None`: items of sources attached to no tool).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ToolTime {
    pub tool: Option<NodeId>,
    pub ms: i64,
}

/// One root's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct RootFigures {
    pub root: u32,
    pub status: RootStatus,
    /// The root's work start (else its tree's earliest).
    pub start: Option<i64>,
    /// When finished: the latest completion of a done item in an end tool.
    pub end: Option<i64>,
    /// Finished: end − start; in progress: now − start (its age).
    pub end_to_end_ms: Option<i64>,
    /// The span split by the most downstream item in progress at each instant.
    pub in_tools: Vec<ToolTime>,
    /// The instants of the span when no item of the tree was in progress.
    pub between_tools_ms: i64,
    /// Items in its tree, the root included.
    pub items: usize,
}

/// Crossing times over one artifact flow: from an item done in the first tool to its
/// successor's start in the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeCrossing {
    pub flow: EdgeId,
    pub from: NodeId,
    pub to: NodeId,
    pub count: usize,
    pub p50_ms: Option<i64>,
    pub p85_ms: Option<i64>,
    /// The slowest crossings (at most [`SLOWEST_CROSSINGS`]), slowest first: the item done,
    /// its successor (indexes in the items) and the time between.
    pub slowest: Vec<(u32, u32, i64)>,
}

/// How many of an artifact flow's slowest crossings are named.
pub const SLOWEST_CROSSINGS: usize = 5;

/// End-to-end flow time of the finished roots of one flow item type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeEndToEnd {
    pub flow_item_type: FlowItemType,
    pub finished: usize,
    pub in_progress: usize,
    pub p50_ms: Option<i64>,
    pub p85_ms: Option<i64>,
}

/// Every root's figures and the figures over all of them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LineageSummary {
    pub roots: Vec<RootFigures>,
    pub crossings: Vec<EdgeCrossing>,
    pub by_type: Vec<TypeEndToEnd>,
}

fn p50_p85(mut v: Vec<i64>) -> (Option<i64>, Option<i64>) {
    if v.is_empty() {
        return (None, None);
    }
    v.sort_unstable();
    let n = v.len();
    (Some(v[rank_index(50, n)]), Some(v[rank_index(85, n)]))
}

/// The crossing of the step `parent → child`: measured once the child started; nothing is
/// lost when the child started before its parent was done (or the parent is still open).
pub fn crossing(parent: &LineageItem, child: &LineageItem) -> Option<i64> {
    let start = child.started?;
    Some(match (parent.outcome, parent.ended) {
        (Outcome::Done, Some(done)) => (start - done).max(0),
        _ => 0,
    })
}

/// Splits `[from, to)` by the most downstream item in progress (greatest depth, then latest
/// start) and returns the time per tool and the time with nothing in progress.
fn split_span(
    tree: &[TreeNode],
    items: &[LineageItem],
    from: i64,
    to: i64,
) -> (Vec<ToolTime>, i64) {
    // (instant, opens?, key) where key orders the open items.
    let mut events: Vec<(i64, bool, (u32, i64, u32))> = Vec::with_capacity(tree.len() * 2);
    for n in tree {
        let it = &items[n.item as usize];
        let Some(s) = it.started else { continue };
        let e = match it.outcome {
            Outcome::Open => to,
            _ => it.ended.unwrap_or(to),
        };
        let (s, e) = (s.max(from), e.min(to));
        if s < e {
            let key = (n.depth, s, n.item);
            events.push((s, true, key));
            events.push((e, false, key));
        }
    }
    events.sort_unstable_by_key(|(t, opens, k)| (*t, *opens, *k));
    let mut open: BTreeSet<(u32, i64, u32)> = BTreeSet::new();
    let mut per_tool: BTreeMap<Option<NodeId>, i64> = BTreeMap::new();
    let mut gap = 0i64;
    let mut at = from;
    for (t, opens, key) in events {
        if t > at {
            match open.last() {
                Some(k) => *per_tool.entry(items[k.2 as usize].tool).or_default() += t - at,
                None => gap += t - at,
            }
            at = t;
        }
        if opens {
            open.insert(key);
        } else {
            open.remove(&key);
        }
    }
    if to > at {
        gap += to - at;
    }
    let tools = per_tool
        .into_iter()
        .map(|(tool, ms)| ToolTime { tool, ms })
        .collect();
    (tools, gap)
}

/// One root's figures at `now`.
pub fn root_figures(
    graph: &LineageGraph,
    items: &[LineageItem],
    root: u32,
    now: i64,
) -> RootFigures {
    let tree = graph.tree(root);
    let r = &items[root as usize];
    let start = r.started.or_else(|| {
        tree.iter()
            .filter_map(|n| items[n.item as usize].started)
            .min()
    });
    let any_open = tree
        .iter()
        .any(|n| items[n.item as usize].outcome == Outcome::Open);
    let end = tree
        .iter()
        .map(|n| &items[n.item as usize])
        .filter(|i| i.outcome == Outcome::Done && graph.is_end_tool(i.tool))
        .filter_map(|i| i.ended)
        .max();
    let any_done = tree
        .iter()
        .any(|n| items[n.item as usize].outcome == Outcome::Done);
    let status = if start.is_none() {
        RootStatus::NotStarted
    } else if any_open {
        RootStatus::InProgress
    } else if end.is_some() {
        RootStatus::Finished
    } else if any_done {
        // Done short of the end (stories done, no release build yet): still on its way.
        RootStatus::InProgress
    } else {
        RootStatus::Canceled
    };
    let until = match status {
        RootStatus::Finished => end,
        RootStatus::InProgress => Some(now),
        _ => None,
    };
    let (in_tools, between_tools_ms, end_to_end_ms) = match (start, until) {
        (Some(s), Some(u)) if u >= s => {
            let (tools, gap) = split_span(&tree, items, s, u);
            (tools, gap, Some(u - s))
        }
        _ => (Vec::new(), 0, None),
    };
    RootFigures {
        root,
        status,
        start,
        end: (status == RootStatus::Finished).then_some(end).flatten(),
        end_to_end_ms,
        in_tools,
        between_tools_ms,
        items: tree.len(),
    }
}

/// Every root's figures, the crossing times per artifact flow (each step counted once, however
/// many roots reach it) and end-to-end flow time per flow item type of the root.
pub fn summarize(graph: &LineageGraph, items: &[LineageItem], now: i64) -> LineageSummary {
    let roots: Vec<RootFigures> = graph
        .roots()
        .into_iter()
        .map(|r| root_figures(graph, items, r, now))
        .collect();
    let mut per_flow: BTreeMap<EdgeId, Vec<(u32, u32, i64)>> = BTreeMap::new();
    for (p, children) in graph.children.iter().enumerate() {
        for (c, flow) in children {
            if let (Some(f), Some(x)) = (flow, crossing(&items[p], &items[*c as usize])) {
                per_flow.entry(*f).or_default().push((p as u32, *c, x));
            }
        }
    }
    let crossings = graph
        .flows()
        .map(|(flow, from, to)| {
            let mut steps = per_flow.remove(&flow).unwrap_or_default();
            let count = steps.len();
            let (p50_ms, p85_ms) = p50_p85(steps.iter().map(|s| s.2).collect());
            // Slowest first; equal times in item order, so the list is stable.
            steps.sort_by_key(|&(p, c, x)| (std::cmp::Reverse(x), p, c));
            steps.truncate(SLOWEST_CROSSINGS);
            EdgeCrossing {
                flow,
                from,
                to,
                count,
                p50_ms,
                p85_ms,
                slowest: steps,
            }
        })
        .collect();
    let by_type = FlowItemType::ALL
        .into_iter()
        .filter_map(|t| {
            let of: Vec<&RootFigures> = roots
                .iter()
                .filter(|r| items[r.root as usize].flow_item_type == t)
                .collect();
            if of.is_empty() {
                return None;
            }
            let done: Vec<i64> = of
                .iter()
                .filter(|r| r.status == RootStatus::Finished)
                .filter_map(|r| r.end_to_end_ms)
                .collect();
            let finished = done.len();
            let (p50_ms, p85_ms) = p50_p85(done);
            Some(TypeEndToEnd {
                flow_item_type: t,
                finished,
                in_progress: of
                    .iter()
                    .filter(|r| r.status == RootStatus::InProgress)
                    .count(),
                p50_ms,
                p85_ms,
            })
        })
        .collect();
    LineageSummary {
        roots,
        crossings,
        by_type,
    }
}
