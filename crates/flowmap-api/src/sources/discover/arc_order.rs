//! Discovery's graph algorithm: an order of the stages that puts as many moves as possible
//! forward (a greedy minimum feedback arc set).

use std::collections::{BTreeMap, BTreeSet};

/// Orders `n` nodes so that the weight of edges going backward is small: the greedy heuristic
/// of Eades, Lin and Smyth (1993) on weighted edges — take sinks to the back, sources to the
/// front, otherwise the node whose outgoing weight most exceeds its incoming weight. Ties go to
/// the smaller `tie` key. Linear in nodes × edges, fine for the tens of states a workflow has.
pub(super) fn feedback_arc_order<K: PartialOrd>(
    n: usize,
    weights: &BTreeMap<(usize, usize), u64>,
    tie: impl Fn(usize) -> K,
) -> Vec<usize> {
    let mut alive: BTreeSet<usize> = (0..n).collect();
    let mut front = Vec::new();
    let mut back = Vec::new();
    let flow = |alive: &BTreeSet<usize>, v: usize| -> (u64, u64) {
        let mut out = 0;
        let mut inc = 0;
        for ((a, b), w) in weights {
            if a == b || !alive.contains(a) || !alive.contains(b) {
                continue;
            }
            if *a == v {
                out += w;
            }
            if *b == v {
                inc += w;
            }
        }
        (out, inc)
    };
    let pick = |cands: Vec<usize>| -> Option<usize> {
        cands.into_iter().min_by(|a, b| {
            tie(*a)
                .partial_cmp(&tie(*b))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
    };
    while !alive.is_empty() {
        let sinks: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|v| flow(&alive, *v).0 == 0 && flow(&alive, *v).1 > 0)
            .collect();
        if !sinks.is_empty() {
            // The latest-looking sink goes last.
            let v = sinks
                .into_iter()
                .max_by(|a, b| {
                    tie(*a)
                        .partial_cmp(&tie(*b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .expect("not empty");
            alive.remove(&v);
            back.push(v);
            continue;
        }
        let sources: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|v| flow(&alive, *v).1 == 0)
            .collect();
        if let Some(v) = pick(sources) {
            alive.remove(&v);
            front.push(v);
            continue;
        }
        let best = alive
            .iter()
            .map(|v| {
                let (o, i) = flow(&alive, *v);
                (*v, o as i64 - i as i64)
            })
            .max_by_key(|(_, d)| *d)
            .map(|(_, d)| d)
            .unwrap_or(0);
        let cands: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|v| {
                let (o, i) = flow(&alive, *v);
                o as i64 - i as i64 == best
            })
            .collect();
        let v = pick(cands).expect("a node is alive");
        alive.remove(&v);
        front.push(v);
    }
    back.reverse();
    front.extend(back);
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_puts_most_moves_forward() {
        // a → b → c, with c → b rework.
        let mut w = BTreeMap::new();
        w.insert((0, 1), 10);
        w.insert((1, 2), 10);
        w.insert((2, 1), 3);
        assert_eq!(feedback_arc_order(3, &w, |v| v), vec![0, 1, 2]);
        // Named the other way round, the order still follows the moves.
        let mut w = BTreeMap::new();
        w.insert((2, 1), 10);
        w.insert((1, 0), 10);
        w.insert((0, 1), 2);
        assert_eq!(feedback_arc_order(3, &w, |v| v), vec![2, 1, 0]);
    }
}
