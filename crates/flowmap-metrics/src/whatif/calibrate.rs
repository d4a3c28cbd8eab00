//! Calibration on the measured data: each stage's effective people (servers), and each visit's
//! waiting that queueing for them does not explain (`docs/metrics.md`, "What-if").
//!
//! A stage's visits are replayed in the order they arrived (their measured entry), each taking
//! one of `c` servers for its measured active time, first come first served. The stage's
//! **effective people** is the smallest `c` with which the replayed queueing fits inside the
//! measured waits: the waits it would add beyond them, summed, are at most [`TOLERANCE`] of
//! the stage's measured time. Each visit's **external wait** is then its measured waiting less
//! its replayed queueing wait (never below zero): time spent waiting on something other than
//! the stage's people (a customer, another team, a release train), which the simulation keeps.

use super::trace::Visit;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The share of a stage's measured time the replayed queueing may exceed the measured waits by.
pub const TOLERANCE: f64 = 0.01;

/// The queueing wait of each visit (in the order given) with `c` servers, first come first
/// served by `enter` (ties in the order given).
#[cfg(test)]
pub(crate) fn replay(visits: &[(i64, i64)], c: usize) -> Vec<i64> {
    let order = arrival_order(visits);
    let sorted: Vec<(i64, i64)> = order.iter().map(|&i| visits[i]).collect();
    let mut waits = vec![0; visits.len()];
    replay_sorted(&sorted, c, |k, w| waits[order[k]] = w);
    waits
}

/// The visits' indices in the order they arrived (ties in the order given).
fn arrival_order(visits: &[(i64, i64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..visits.len()).collect();
    order.sort_by_key(|&i| (visits[i].0, i));
    order
}

/// [`replay`] of visits already in arrival order; each visit's wait, in that order, given to
/// `wait` (nothing kept: the bisection replays a stage many times).
fn replay_sorted(sorted: &[(i64, i64)], c: usize, mut wait: impl FnMut(usize, i64)) {
    let mut free: BinaryHeap<Reverse<i64>> = BinaryHeap::with_capacity(c);
    for (k, &(enter, work)) in sorted.iter().enumerate() {
        if free.len() < c {
            wait(k, 0);
            free.push(Reverse(enter + work));
        } else {
            // The earliest free server; a push and a pop in one sift.
            let mut top = free.peek_mut().expect("c servers");
            let start = top.0.max(enter);
            *top = Reverse(start + work);
            wait(k, start - enter);
        }
    }
}

/// What calibration found for one stage.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StageFit {
    pub servers: usize,
    /// Per visit (in the order given): its replayed queueing wait.
    pub queue: Vec<i64>,
}

/// Every stage's effective people, and every visit's replayed queueing wait (indexed like the
/// traces' visits).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Calibration {
    pub servers: Vec<usize>,
    pub queue: Vec<i64>,
}

/// Calibrates each of `stages` on its visits among `visits`.
pub(crate) fn calibrate(visits: &[Visit], stages: usize) -> Calibration {
    let mut by_stage: Vec<Vec<usize>> = vec![Vec::new(); stages];
    for (i, v) in visits.iter().enumerate() {
        by_stage[v.stage as usize].push(i);
    }
    let mut out = Calibration {
        servers: vec![1; stages],
        queue: vec![0; visits.len()],
    };
    for (s, ix) in by_stage.iter().enumerate() {
        if ix.is_empty() {
            continue;
        }
        let mine: Vec<Visit> = ix.iter().map(|&i| visits[i]).collect();
        let f = fit(&mine);
        out.servers[s] = f.servers;
        for (k, &i) in ix.iter().enumerate() {
            out.queue[i] = f.queue[k];
        }
    }
    out
}

/// The most visits in the stage at one time: with that many servers no visit ever queues.
fn most_at_once(visits: &[Visit]) -> usize {
    let mut edges: Vec<(i64, i32)> = Vec::with_capacity(visits.len() * 2);
    for v in visits {
        edges.push((v.enter, 1));
        edges.push((v.enter + v.active.max(0), -1));
    }
    // Leaving before entering at one instant: a server freed is free for the next.
    edges.sort_by_key(|&(t, d)| (t, d));
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most.max(1) as usize
}

/// The stage's effective people and each visit's replayed queueing wait (see the module's doc).
pub(crate) fn fit(visits: &[Visit]) -> StageFit {
    let jobs: Vec<(i64, i64)> = visits.iter().map(|v| (v.enter, v.active)).collect();
    // Sorted once: every replay of the bisection takes the visits in arrival order.
    let order = arrival_order(&jobs);
    let sorted: Vec<(i64, i64)> = order.iter().map(|&i| jobs[i]).collect();
    let measured_wait: Vec<i64> = order.iter().map(|&i| visits[i].waiting()).collect();
    let total: i64 = visits.iter().map(|v| v.leave - v.enter).sum();
    let allowed = (total as f64 * TOLERANCE).floor() as i64;
    // The replayed queueing beyond the measured waits, summed.
    let excess = |c: usize| -> i64 {
        let mut sum = 0i64;
        replay_sorted(&sorted, c, |k, w| sum += (w - measured_wait[k]).max(0));
        sum
    };
    let (mut lo, mut hi) = (1usize, most_at_once(visits));
    // The excess never grows with more servers: the smallest c within tolerance by bisection
    // (with `most_at_once` servers nothing queues: no excess).
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if excess(mid) <= allowed {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let mut queue = vec![0; visits.len()];
    replay_sorted(&sorted, hi, |k, w| queue[order[k]] = w);
    StageFit { servers: hi, queue }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(enter: i64, active: i64, waiting: i64) -> Visit {
        Visit {
            stage: 0,
            enter,
            leave: enter + waiting + active,
            active,
            head: waiting,
            tail: 0,
            gap: 0,
        }
    }

    #[test]
    fn one_server_queues_visits_first_come_first_served() {
        // Three jobs of 10 arriving at 0, 5 and 40: the second waits 5, the third not at all.
        assert_eq!(replay(&[(0, 10), (5, 10), (40, 10)], 1), [0, 5, 0]);
        // Two servers: nobody waits.
        assert_eq!(replay(&[(0, 10), (5, 10), (40, 10)], 2), [0, 0, 0]);
        // Given out of order, answered in the order given.
        assert_eq!(replay(&[(5, 10), (0, 10)], 1), [5, 0]);
    }

    #[test]
    fn the_fewest_servers_whose_queueing_fits_the_measured_waits() {
        // Four jobs of 100 at once, measured waits 0, 0, 100, 100: two people did them.
        let v = [
            visit(0, 100, 0),
            visit(0, 100, 0),
            visit(0, 100, 100),
            visit(0, 100, 100),
        ];
        let f = fit(&v);
        assert_eq!(f.servers, 2);
        assert_eq!(f.queue, [0, 0, 100, 100]);
        // Nobody waited: four people.
        let v = [
            visit(0, 100, 0),
            visit(0, 100, 0),
            visit(0, 100, 0),
            visit(0, 100, 0),
        ];
        assert_eq!(fit(&v).servers, 4);
        // Long waits beyond queueing (external): one person is enough.
        let v = [visit(0, 10, 500), visit(0, 10, 500)];
        let f = fit(&v);
        assert_eq!(f.servers, 1);
        assert_eq!(f.queue, [0, 10]);
    }
}
