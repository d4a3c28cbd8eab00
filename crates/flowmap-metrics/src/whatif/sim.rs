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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    Arrive,
    WorkDone,
    Ready,
}

/// An event due at `t`; events due at one instant happen in the order they were planned
/// (`seq`). Ordered by `(t, seq)` alone, which is unique.
#[derive(Clone, Copy, Debug)]
struct Due {
    t: i64,
    seq: u64,
    visit: u32,
    event: Event,
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        (self.t, self.seq) == (other.t, other.seq)
    }
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.t, self.seq).cmp(&(other.t, other.seq))
    }
}

/// The events to come: the routes' first arrivals, known from the start, in a sorted list
/// read in order, and every event planned while simulating in a heap. The arrivals were
/// planned first, so at one instant they come before anything planned later: the heap holds
/// only what is under way (a few visits per item in flight), not every route's start.
struct Agenda {
    starts: Vec<(i64, usize)>,
    next_start: usize,
    heap: BinaryHeap<Reverse<Due>>,
    seq: u64,
}

impl Agenda {
    fn new(starts: &[(usize, i64)], visits: &[SimVisit]) -> Agenda {
        // In the order they were planned at one instant: the order given (a stable sort).
        let mut first: Vec<(i64, usize)> = starts
            .iter()
            .map(|&(v, t)| (t + visits[v].gap, v))
            .collect();
        first.sort_by_key(|&(t, _)| t);
        Agenda {
            starts: first,
            next_start: 0,
            heap: BinaryHeap::new(),
            seq: starts.len() as u64,
        }
    }

    fn plan(&mut self, t: i64, event: Event, visit: usize) {
        self.seq += 1;
        // A visit is 40 bytes of route: four billion of them would not fit in memory first.
        self.heap.push(Reverse(Due {
            t,
            seq: self.seq,
            visit: visit as u32,
            event,
        }));
    }

    /// The next event: `(t, event, visit)`.
    fn next(&mut self) -> Option<(i64, Event, usize)> {
        let start = self.starts.get(self.next_start).copied();
        match (start, self.heap.peek()) {
            (Some((t, v)), Some(Reverse(due))) if t <= due.t => {
                self.next_start += 1;
                Some((t, Event::Arrive, v))
            }
            (Some((t, v)), None) => {
                self.next_start += 1;
                Some((t, Event::Arrive, v))
            }
            _ => self
                .heap
                .pop()
                .map(|Reverse(d)| (d.t, d.event, d.visit as usize)),
        }
    }
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
    agenda: Agenda,
    clock: i64,
    out: Vec<Timing>,
}

impl Sim<'_> {
    fn at(&mut self, t: i64, e: Event, v: usize) {
        self.agenda.plan(t, e, v);
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
        agenda: Agenda::new(starts, visits),
        clock: i64::MIN,
        out: vec![Timing::default(); visits.len()],
    };
    loop {
        while let Some((t, e, v)) = sim.agenda.next() {
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
    fn arrivals_come_in_time_order_and_before_events_planned_later_at_one_instant() {
        let visits = [v(0, 1, 0, true), v(0, 1, 0, true), v(0, 1, 0, true)];
        // Given out of order; two at instant 5 (in the order given), one at 0.
        let mut agenda = Agenda::new(&[(1, 5), (0, 0), (2, 5)], &visits);
        assert_eq!(agenda.next(), Some((0, Event::Arrive, 0)));
        agenda.plan(5, Event::WorkDone, 0);
        agenda.plan(3, Event::Ready, 0);
        assert_eq!(agenda.next(), Some((3, Event::Ready, 0)));
        // At 5 the arrivals were planned first.
        assert_eq!(agenda.next(), Some((5, Event::Arrive, 1)));
        assert_eq!(agenda.next(), Some((5, Event::Arrive, 2)));
        assert_eq!(agenda.next(), Some((5, Event::WorkDone, 0)));
        assert_eq!(agenda.next(), None);
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
