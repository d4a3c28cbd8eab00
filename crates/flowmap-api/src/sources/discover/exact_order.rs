//! Discovery's stage order with the fewest backward moves: exact by dynamic programming over
//! subsets up to [`EXACT_LIMIT`] stages, above that the greedy order improved by local search.
//! Weighted by how many moves each pair of stages saw; ties go to the smaller tie rank.

use super::arc_order::feedback_arc_order;
use std::collections::BTreeMap;

/// The most stages ordered exactly: 2^22 subsets × 8 bytes is 32 MB and well under a second.
pub(super) const EXACT_LIMIT: usize = 22;

/// How an order was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum OrderMethod {
    /// The minimum over every order (dynamic programming over subsets).
    Exact,
    /// Above [`EXACT_LIMIT`]: the greedy order, then single-stage moves while any improves it.
    GreedyLocalSearch,
}

impl OrderMethod {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            OrderMethod::Exact => "exact",
            OrderMethod::GreedyLocalSearch => "greedy_local_search",
        }
    }
}

/// The weight of moves that go backward in `order`: from a node to one placed before it.
pub(super) fn backward_weight(order: &[usize], weights: &BTreeMap<(usize, usize), u64>) -> u64 {
    let mut position = vec![usize::MAX; order.iter().max().map_or(0, |m| m + 1)];
    for (i, &v) in order.iter().enumerate() {
        position[v] = i;
    }
    weights
        .iter()
        .filter(|((a, b), _)| a != b && position[*b] < position[*a])
        .map(|(_, w)| *w)
        .sum()
}

/// Orders `n` nodes so that the weight of edges going backward is the least possible (exact up
/// to [`EXACT_LIMIT`] nodes). `rank` gives each node's tie rank (0..n, all distinct): among the
/// orders with the least backward weight, the one whose sequence of ranks is smallest wins.
pub(super) fn min_backward_order(
    n: usize,
    weights: &BTreeMap<(usize, usize), u64>,
    rank: &[usize],
) -> (Vec<usize>, OrderMethod) {
    // Work on nodes renamed by tie rank, so that "smaller index" is "preferred".
    let mut node_of = vec![0; n];
    for (v, &r) in rank.iter().enumerate() {
        node_of[r] = v;
    }
    let mut w = vec![0u64; n * n];
    for ((a, b), x) in weights {
        if a != b {
            w[rank[*a] * n + rank[*b]] += x;
        }
    }
    let (order, method) = if n <= EXACT_LIMIT {
        (exact(n, &w), OrderMethod::Exact)
    } else {
        let greedy = feedback_arc_order(n, weights, |v| rank[v]);
        let start: Vec<usize> = greedy.iter().map(|v| rank[*v]).collect();
        (local_search(n, &w, start), OrderMethod::GreedyLocalSearch)
    };
    (order.into_iter().map(|r| node_of[r]).collect(), method)
}

/// Σ of `w[x][v]` over x in `set`, by two half tables (low and high bits of the set).
struct IncomingSums {
    half: usize,
    low: Vec<u64>,
    high: Vec<u64>,
}

impl IncomingSums {
    fn new(n: usize, v: usize, w: &[u64]) -> Self {
        let half = n / 2;
        let table = |bits: usize, offset: usize| {
            let mut t = vec![0u64; 1 << bits];
            for s in 1..t.len() {
                let low_bit = s.trailing_zeros() as usize;
                t[s] = t[s & (s - 1)] + w[(low_bit + offset) * n + v];
            }
            t
        };
        IncomingSums {
            half,
            low: table(half, 0),
            high: table(n - half, half),
        }
    }

    #[inline]
    fn of(&self, set: usize) -> u64 {
        self.low[set & ((1 << self.half) - 1)] + self.high[set >> self.half]
    }
}

/// The exact order: `best[r]` is the least backward weight inside the set `r` of the nodes
/// still to place, `v` first costing the moves into `v` from the nodes after it. Then, from
/// the whole set, the smallest node that keeps the minimum goes first, and so on.
fn exact(n: usize, w: &[u64]) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let incoming: Vec<IncomingSums> = (0..n).map(|v| IncomingSums::new(n, v, w)).collect();
    let mut best = vec![0u64; 1 << n];
    for r in 1usize..(1 << n) {
        let mut min = u64::MAX;
        let mut rest = r;
        while rest != 0 {
            let v = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let others = r & !(1 << v);
            min = min.min(best[others] + incoming[v].of(others));
        }
        best[r] = min;
    }
    let mut order = Vec::with_capacity(n);
    let mut r = (1usize << n) - 1;
    while r != 0 {
        let v = (0..n)
            .filter(|v| r & (1 << v) != 0)
            .find(|&v| {
                let others = r & !(1 << v);
                best[others] + incoming[v].of(others) == best[r]
            })
            .expect("some node attains the minimum");
        order.push(v);
        r &= !(1 << v);
    }
    order
}

/// Moves one node at a time to the place where the fewest of its moves go backward, while any
/// move strictly improves the order (at most 100 rounds).
fn local_search(n: usize, w: &[u64], mut order: Vec<usize>) -> Vec<usize> {
    for _ in 0..100 {
        let mut improved = false;
        for v in 0..n {
            let i = order.iter().position(|x| *x == v).expect("v is placed");
            order.remove(i);
            // Cost of v at place p: its moves to nodes before p and from nodes after p.
            let mut cost: i128 = order.iter().map(|u| w[u * n + v] as i128).sum();
            let (mut best, mut best_cost) = (0, cost);
            let mut here = None;
            for (p, &u) in order.iter().enumerate() {
                cost += w[v * n + u] as i128 - w[u * n + v] as i128;
                if p + 1 == i {
                    here = Some(cost);
                }
                if cost < best_cost {
                    (best, best_cost) = (p + 1, cost);
                }
            }
            let original = if i == 0 {
                order.iter().map(|u| w[u * n + v] as i128).sum()
            } else {
                here.expect("i is within the order")
            };
            if best_cost < original {
                order.insert(best, v);
                improved = true;
            } else {
                order.insert(i, v);
            }
        }
        if !improved {
            break;
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(edges: &[(usize, usize, u64)]) -> BTreeMap<(usize, usize), u64> {
        edges.iter().map(|(a, b, w)| ((*a, *b), *w)).collect()
    }

    /// Every order of `n` nodes, by brute force, for the least backward weight.
    fn brute_min(n: usize, w: &BTreeMap<(usize, usize), u64>) -> u64 {
        fn permute(rest: &mut Vec<usize>, k: usize, w: &BTreeMap<(usize, usize), u64>) -> u64 {
            if k == rest.len() {
                return backward_weight(rest, w);
            }
            let mut best = u64::MAX;
            for i in k..rest.len() {
                rest.swap(k, i);
                best = best.min(permute(rest, k + 1, w));
                rest.swap(k, i);
            }
            best
        }
        permute(&mut (0..n).collect(), 0, w)
    }

    /// Hand-computed: a → b 5, b → c 1, c → a 3 (ranks a, b, c). Greedy (Eades–Lin–Smyth):
    /// no source or sink; out − in is a: 5 − 3 = 2, b: 1 − 5 = −4, c: 3 − 1 = 2; a and c tie
    /// and a has the smaller rank, so a goes first, then b (a source among b, c), then c:
    /// c → a (3 of 9 moves) goes backward. The exact order c, a, b leaves only b → c (1).
    fn triangle() -> BTreeMap<(usize, usize), u64> {
        weights(&[(0, 1, 5), (1, 2, 1), (2, 0, 3)])
    }

    #[test]
    fn greedy_leaves_moves_backward_that_the_exact_order_puts_forward() {
        let w = triangle();
        let greedy = feedback_arc_order(3, &w, |v| v);
        assert_eq!(greedy, vec![0, 1, 2]);
        assert_eq!(backward_weight(&greedy, &w), 3);
        let (exact, method) = min_backward_order(3, &w, &[0, 1, 2]);
        assert_eq!(method, OrderMethod::Exact);
        assert_eq!(exact, vec![2, 0, 1]);
        assert_eq!(backward_weight(&exact, &w), 1);
    }

    #[test]
    fn a_three_cycle_is_cut_at_its_lightest_move_and_ties_go_to_the_first_seen() {
        // a → b 5, b → c 5, c → a 1: cut c → a, order a b c (1 backward).
        let w = weights(&[(0, 1, 5), (1, 2, 5), (2, 0, 1)]);
        let (order, _) = min_backward_order(3, &w, &[0, 1, 2]);
        assert_eq!(order, vec![0, 1, 2]);
        assert_eq!(backward_weight(&order, &w), 1);
        // All three moves equal: any cut costs 1; the order starting with the first-seen node
        // (smallest rank) wins. Ranks: node 2 first seen, then 0, then 1.
        let w = weights(&[(0, 1, 1), (1, 2, 1), (2, 0, 1)]);
        let (order, _) = min_backward_order(3, &w, &[1, 2, 0]);
        assert_eq!(order, vec![2, 0, 1]);
        // Unconnected nodes keep first-seen order.
        let (order, _) = min_backward_order(3, &BTreeMap::new(), &[2, 0, 1]);
        assert_eq!(order, vec![1, 2, 0]);
    }

    #[test]
    fn the_exact_order_matches_brute_force_on_random_graphs() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..40 {
            let n = 2 + (next() % 6) as usize;
            let mut w = BTreeMap::new();
            for a in 0..n {
                for b in 0..n {
                    if a != b && next() % 3 == 0 {
                        w.insert((a, b), 1 + next() % 20);
                    }
                }
            }
            let rank: Vec<usize> = (0..n).collect();
            let (order, _) = min_backward_order(n, &w, &rank);
            assert_eq!(backward_weight(&order, &w), brute_min(n, &w));
        }
    }

    #[test]
    fn above_the_limit_local_search_improves_the_greedy_order() {
        // The triangle among nodes 0, 1, 2 and EXACT_LIMIT − 2 nodes without moves: too many
        // to order exactly. Greedy puts the unconnected nodes first (sources) and then orders
        // the triangle as above (3 backward); moving c before a leaves 1.
        let n = EXACT_LIMIT + 1;
        let w = triangle();
        let rank: Vec<usize> = (0..n).collect();
        let greedy = feedback_arc_order(n, &w, |v| rank[v]);
        assert_eq!(backward_weight(&greedy, &w), 3);
        let (order, method) = min_backward_order(n, &w, &rank);
        assert_eq!(method, OrderMethod::GreedyLocalSearch);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        assert_eq!(backward_weight(&order, &w), 1);
    }
}
