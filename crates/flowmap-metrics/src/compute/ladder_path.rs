//! The timeline ladder's path: the chain of stages along forward handoffs (rework loops set
//! aside) that carries the most item moves, found exactly by dynamic programming over the flow
//! order; when no item moved along any handoff, the chain with the greatest lead time
//! (`docs/metrics.md`, "Classic VSM").

use crate::model::StageModel;
use crate::report::HandoffWait;
use flowmap_core::{Edge, NodeId};
use std::collections::{HashMap, HashSet};

/// The stages of the path, first to last, each with the moves into it from the previous one,
/// and whether it was chosen by item moves (`true`) or by `lead` (`false`).
pub(crate) struct LadderPath {
    pub stages: Vec<(NodeId, Option<u64>)>,
    pub by_items: bool,
}

/// The path through the most item moves: each forward handoff of the map weighs the moves items
/// made along it (`handoffs`); the path maximises the sum over its handoffs, using only
/// handoffs some item took. Ties go to the stage earlier in flow order. Without any such move,
/// the longest path by `lead` (seconds per stage).
pub(crate) fn ladder_path(
    model: &StageModel,
    handoffs: &[HandoffWait],
    lead: impl Fn(NodeId) -> f64,
) -> LadderPath {
    let map = &model.map;
    let flow = map.flow_order();
    let rank: HashMap<NodeId, usize> = flow
        .stages
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let rework: HashSet<_> = flow.rework.iter().copied().collect();
    let moves: HashMap<(NodeId, NodeId), u64> = handoffs
        .iter()
        .filter(|h| !h.rework)
        .map(|h| ((h.from, h.to), h.wait.count))
        .collect();
    let n = flow.stages.len();
    let mut preds: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n];
    for e in map.edges() {
        let Edge::Handoff(h) = e else { continue };
        let (Some(&a), Some(&b)) = (rank.get(&h.from), rank.get(&h.to)) else {
            continue;
        };
        let count = moves.get(&(h.from, h.to)).copied().unwrap_or(0);
        if !rework.contains(&h.id) && count > 0 && !preds[b].iter().any(|(p, _)| *p == a) {
            preds[b].push((a, count));
        }
    }
    let mut best = vec![0u64; n];
    let mut via: Vec<Option<usize>> = vec![None; n];
    for v in 0..n {
        preds[v].sort_unstable();
        for &(p, count) in &preds[v] {
            if via[v].is_none() || best[p] + count > best[v] {
                best[v] = best[p] + count;
                via[v] = Some(p);
            }
        }
    }
    let Some(end) = (0..n)
        .filter(|v| best[*v] > 0)
        .max_by(|a, b| best[*a].cmp(&best[*b]).then(b.cmp(a)))
    else {
        let stages = map.critical_path(|st| lead(st.id));
        return LadderPath {
            stages: stages.into_iter().map(|s| (s, None)).collect(),
            by_items: false,
        };
    };
    let mut stages = Vec::new();
    let mut v = end;
    loop {
        match via[v] {
            Some(p) => {
                let count = preds[v].iter().find(|(q, _)| *q == p).map(|(_, c)| *c);
                stages.push((flow.stages[v], count));
                v = p;
            }
            None => {
                stages.push((flow.stages[v], None));
                break;
            }
        }
    }
    stages.reverse();
    LadderPath {
        stages,
        by_items: true,
    }
}
