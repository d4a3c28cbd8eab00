//! The discrete-event simulation of the stream: a network of stages, each with its servers
//! (people), a first-come-first-served queue, an optional WIP limit and an optional batch size,
//! replaying the measured items along their measured routes (`docs/metrics.md`, "What-if").
//!
//! An item arrives at its first stage at its measured work start. At a stage it is admitted
//! when the stage is under its WIP limit (else it waits where it is, in the order it came),
//! queues for a server, holds it for its work, then waits its external wait (holding no
//! server), then leaves — with a batch size `B`, when `B` items are ready to leave together
//! (what is left when nothing else can happen leaves then). Between stages it spends the time
//! it spent in states of no stage.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// One visit as simulated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SimVisit {
    pub stage: u16,
    /// Time holding a server (its measured active time).
    pub service: i64,
    /// Its external wait, after the work.
    pub residual: i64,
    /// Time in no stage before it.
    pub gap: i64,
    /// Whether it is its route's last visit.
    pub last: bool,
}

/// The rules of one stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StageRule {
    pub servers: usize,
    pub wip_limit: Option<usize>,
    /// Items leave in groups of this many (`None` or 1: each as it is ready).
    pub batch: Option<usize>,
}

/// When a visit arrived (asked to enter), was admitted and left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Timing {
    pub arrive: i64,
    pub admit: i64,
    pub leave: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Arrive,
    WorkDone,
    Ready,
}

#[derive(Default)]
struct StageState {
    free: usize,
    inside: usize,
    queue: VecDeque<usize>,
    blocked: VecDeque<usize>,
    batch: Vec<usize>,
}

struct Sim<'a> {
    visits: &'a [SimVisit],
    rules: &'a [StageRule],
    stages: Vec<StageState>,
    events: BinaryHeap<Reverse<(i64, u64, Event, usize)>>,
    seq: u64,
    clock: i64,
    out: Vec<Timing>,
}

impl Sim<'_> {
    fn at(&mut self, t: i64, e: Event, v: usize) {
        self.seq += 1;
        self.events.push(Reverse((t, self.seq, e, v)));
    }

    fn arrive(&mut self, v: usize, t: i64) {
        self.out[v].arrive = t;
        let s = self.visits[v].stage as usize;
        let full = self.rules[s]
            .wip_limit
            .is_some_and(|w| self.stages[s].inside >= w);
        if full {
            self.stages[s].blocked.push_back(v);
        } else {
            self.admit(v, t);
        }
    }

    fn admit(&mut self, v: usize, t: i64) {
        let s = self.visits[v].stage as usize;
        self.out[v].admit = t;
        self.stages[s].inside += 1;
        if self.stages[s].free > 0 {
            self.stages[s].free -= 1;
            self.at(t + self.visits[v].service, Event::WorkDone, v);
        } else {
            self.stages[s].queue.push_back(v);
        }
    }

    fn work_done(&mut self, v: usize, t: i64) {
        let s = self.visits[v].stage as usize;
        match self.stages[s].queue.pop_front() {
            Some(next) => self.at(t + self.visits[next].service, Event::WorkDone, next),
            None => self.stages[s].free += 1,
        }
        self.at(t + self.visits[v].residual, Event::Ready, v);
    }

    fn ready(&mut self, v: usize, t: i64) {
        let s = self.visits[v].stage as usize;
        match self.rules[s].batch.filter(|b| *b > 1) {
            Some(b) => {
                self.stages[s].batch.push(v);
                if self.stages[s].batch.len() >= b {
                    for w in std::mem::take(&mut self.stages[s].batch) {
                        self.leave(w, t);
                    }
                }
            }
            None => self.leave(v, t),
        }
    }

    fn leave(&mut self, v: usize, t: i64) {
        let s = self.visits[v].stage as usize;
        self.out[v].leave = t;
        self.stages[s].inside -= 1;
        while let Some(w) = self.stages[s].blocked.front().copied() {
            if self.rules[s]
                .wip_limit
                .is_some_and(|l| self.stages[s].inside >= l)
            {
                break;
            }
            self.stages[s].blocked.pop_front();
            self.admit(w, t);
        }
        if !self.visits[v].last {
            self.at(t + self.visits[v + 1].gap, Event::Arrive, v + 1);
        }
    }

    /// Batches still waiting when nothing else can happen leave at the last instant reached.
    fn flush(&mut self) -> bool {
        let waiting: Vec<usize> = self
            .stages
            .iter_mut()
            .flat_map(|st| std::mem::take(&mut st.batch))
            .collect();
        let any = !waiting.is_empty();
        let t = self.clock;
        for v in waiting {
            self.leave(v, t);
        }
        any
    }
}

/// Simulates `routes` (each its first visit's index and its arrival) through stages with
/// `rules`; the timings of every visit, indexed like `visits`.
pub(crate) fn simulate(
    starts: &[(usize, i64)],
    visits: &[SimVisit],
    rules: &[StageRule],
) -> Vec<Timing> {
    let mut sim = Sim {
        visits,
        rules,
        stages: rules
            .iter()
            .map(|r| StageState {
                free: r.servers.max(1),
                ..StageState::default()
            })
            .collect(),
        events: BinaryHeap::with_capacity(starts.len() * 2),
        seq: 0,
        clock: i64::MIN,
        out: vec![Timing::default(); visits.len()],
    };
    for &(v, t) in starts {
        sim.at(t + visits[v].gap, Event::Arrive, v);
    }
    loop {
        while let Some(Reverse((t, _, e, v))) = sim.events.pop() {
            sim.clock = t;
            match e {
                Event::Arrive => sim.arrive(v, t),
                Event::WorkDone => sim.work_done(v, t),
                Event::Ready => sim.ready(v, t),
            }
        }
        if !sim.flush() {
            break;
        }
    }
    sim.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(stage: u16, service: i64, residual: i64, last: bool) -> SimVisit {
        SimVisit {
            stage,
            service,
            residual,
            gap: 0,
            last,
        }
    }

    fn rule(servers: usize) -> StageRule {
        StageRule {
            servers,
            wip_limit: None,
            batch: None,
        }
    }

    #[test]
    fn two_stages_one_person_each_by_hand() {
        // Items A (t 0) and B (t 0): Dev 10 then Test 5 each, one person per stage.
        // A: Dev 0–10, Test 10–15. B: queues in Dev until 10, Dev 10–20, Test 20–25.
        let visits = [
            v(0, 10, 0, false),
            v(1, 5, 0, true),
            v(0, 10, 0, false),
            v(1, 5, 0, true),
        ];
        let t = simulate(&[(0, 0), (2, 0)], &visits, &[rule(1), rule(1)]);
        let legs: Vec<(i64, i64)> = t.iter().map(|t| (t.admit, t.leave)).collect();
        assert_eq!(legs, [(0, 10), (10, 15), (0, 20), (20, 25)]);
        // A second person in Dev: B no longer queues.
        let t = simulate(&[(0, 0), (2, 0)], &visits, &[rule(2), rule(1)]);
        assert_eq!(t[3].leave, 20);
    }

    #[test]
    fn external_waits_hold_no_person_and_batches_leave_together() {
        // One person; A waits 100 after its work without holding them: B starts at 10.
        let visits = [v(0, 10, 100, true), v(0, 10, 0, true)];
        let t = simulate(&[(0, 0), (1, 0)], &visits, &[rule(1)]);
        assert_eq!((t[0].leave, t[1].leave), (110, 20));
        // In batches of two: B waits for A.
        let batched = StageRule {
            batch: Some(2),
            ..rule(1)
        };
        let t = simulate(&[(0, 0), (1, 0)], &visits, &[batched]);
        assert_eq!((t[0].leave, t[1].leave), (110, 110));
        // A batch that never fills leaves when nothing else can happen.
        let t = simulate(&[(0, 0)], &visits[..1], &[batched]);
        assert_eq!(t[0].leave, 110);
    }

    #[test]
    fn a_wip_limit_holds_items_where_they_are() {
        // Three items at 0 into a stage of three people with a WIP limit of 1.
        let visits = [v(0, 10, 0, true), v(0, 10, 0, true), v(0, 10, 0, true)];
        let limited = StageRule {
            wip_limit: Some(1),
            ..rule(3)
        };
        let t = simulate(&[(0, 0), (1, 0), (2, 0)], &visits, &[limited]);
        let legs: Vec<(i64, i64, i64)> = t.iter().map(|t| (t.arrive, t.admit, t.leave)).collect();
        assert_eq!(legs, [(0, 0, 10), (0, 10, 20), (0, 20, 30)]);
    }
}
