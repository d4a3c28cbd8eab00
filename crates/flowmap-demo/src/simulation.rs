//! A discrete-event simulation of items flowing through the demo map.

use crate::toolchain::*;
use chrono::{DateTime, TimeZone, Utc};
use flowmap_core::{FlowItemType, Item, Transition};
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, LogNormal};
use rand_pcg::Pcg64Mcg;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// What to generate.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// How many items arrive over the demo's period.
    pub items: u64,
    pub seed: u64,
    /// When the first item arrives.
    pub start: DateTime<Utc>,
    /// The instant the demo's data was "pulled": nothing happens at or after it, and items
    /// still in progress then are in flight.
    pub as_of: DateTime<Utc>,
}

impl DemoOptions {
    /// The default demo period: 5 January to 2 November 2026.
    pub fn new(items: u64, seed: u64) -> Self {
        DemoOptions {
            items,
            seed,
            start: Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap(),
            as_of: Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap(),
        }
    }
}

impl Default for DemoOptions {
    /// About 2,000 items with seed 42.
    fn default() -> Self {
        DemoOptions::new(2000, 42)
    }
}

const HOUR_MS: f64 = 3_600_000.0;

/// Probability an item loops back to development after code review, and after testing.
const REVIEW_REWORK: f64 = 0.22;
const TEST_REWORK: f64 = 0.18;
const MAX_REWORK: u8 = 3;
const BLOCKED_SHARE: f64 = 0.12;
const BLOCKED_HOURS: f64 = 36.0;
const PICKUP_HOURS: f64 = 1.5;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Feature,
    Defect,
    Risk,
    Debt,
}

struct Live {
    number: u64,
    kind: Kind,
    via_front: bool,
    to_partner: bool,
    reworks: u8,
    created_ms: i64,
    history: Vec<(u16, i64)>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Event {
    Arrival(u64),
    Enter {
        slot: u32,
        stage: u8,
    },
    /// The item asks the stage's people for work (at once, or for Planning at the next weekly
    /// planning).
    Request {
        slot: u32,
        stage: u8,
    },
    Finish {
        slot: u32,
        stage: u8,
    },
}

struct StageRun {
    free: u32,
    queue: VecDeque<u32>,
    work: LogNormal<f64>,
}

/// Where an item goes next after finishing `stage`, or `None` when it is done or canceled
/// (the returned state then says which).
enum Next {
    Stage(usize),
    End(&'static str),
}

struct Sim {
    rng: Pcg64Mcg,
    states: Vec<&'static str>,
}

impl Sim {
    fn state(&mut self, name: &'static str) -> u16 {
        match self.states.iter().position(|s| *s == name) {
            Some(i) => i as u16,
            None => {
                self.states.push(name);
                (self.states.len() - 1) as u16
            }
        }
    }

    fn first_stage(&mut self, item: &Live) -> usize {
        match (item.kind, item.via_front) {
            (Kind::Feature, true) => INTAKE,
            (Kind::Defect, true) => SUPPORT,
            _ => PLANNING,
        }
    }

    fn next(&mut self, item: &mut Live, stage: usize) -> Next {
        let dev = if item.to_partner {
            PARTNER_DEV
        } else {
            DEVELOPMENT
        };
        let r: f64 = self.rng.random();
        match stage {
            INTAKE => Next::Stage(DISCOVERY),
            SUPPORT => Next::Stage(PLANNING),
            DISCOVERY if r < 0.06 => Next::End(CANCELED),
            DISCOVERY => Next::Stage(PLANNING),
            PLANNING if r < 0.03 => Next::End(CANCELED),
            PLANNING => Next::Stage(dev),
            DEVELOPMENT | PARTNER_DEV => Next::Stage(REVIEW),
            REVIEW if r < REVIEW_REWORK && item.reworks < MAX_REWORK => {
                item.reworks += 1;
                Next::Stage(dev)
            }
            REVIEW if item.kind == Kind::Debt && r > 0.6 => Next::Stage(RELEASE),
            REVIEW => Next::Stage(TESTING),
            TESTING if r < TEST_REWORK && item.reworks < MAX_REWORK => {
                item.reworks += 1;
                Next::Stage(dev)
            }
            TESTING => Next::Stage(RELEASE),
            _ => Next::End(DONE),
        }
    }
}

fn new_item(rng: &mut Pcg64Mcg, number: u64, created_ms: i64) -> Live {
    let r: f64 = rng.random();
    let kind = if r < 0.55 {
        Kind::Feature
    } else if r < 0.80 {
        Kind::Defect
    } else if r < 0.88 {
        Kind::Risk
    } else {
        Kind::Debt
    };
    let via_front = match kind {
        Kind::Feature => rng.random::<f64>() < 0.45,
        Kind::Defect => rng.random::<f64>() < 0.7,
        _ => false,
    };
    let to_partner = kind == Kind::Feature && rng.random::<f64>() < 0.25;
    Live {
        number,
        kind,
        via_front,
        to_partner,
        reworks: 0,
        created_ms,
        history: Vec::with_capacity(12),
    }
}

/// Expected visits per item to each stage, estimated by routing 20,000 items without timing.
fn expected_visits(seed: u64) -> Vec<f64> {
    let n = 20_000;
    let mut sim = Sim {
        rng: Pcg64Mcg::seed_from_u64(seed ^ 0x7669_7369_7473),
        states: Vec::new(),
    };
    let mut visits = vec![0f64; stage_specs().len()];
    let mut item_rng = Pcg64Mcg::seed_from_u64(seed ^ 0x6974_656d);
    for k in 0..n {
        let mut item = new_item(&mut item_rng, k, 0);
        let mut stage = sim.first_stage(&item);
        loop {
            visits[stage] += 1.0;
            match sim.next(&mut item, stage) {
                Next::Stage(s) => stage = s,
                Next::End(_) => break,
            }
        }
    }
    visits.iter().map(|v| v / n as f64).collect()
}

/// Runs the simulation and hands every item with its transitions to `emit`: completed and
/// canceled items as they finish, items still in flight at the end. Stops at the first error
/// `emit` returns.
pub fn generate<E>(
    opts: &DemoOptions,
    mut emit: impl FnMut(Item, Vec<Transition>) -> Result<(), E>,
) -> Result<(), E> {
    let specs = stage_specs();
    let start_ms = opts.start.timestamp_millis();
    let end_ms = opts.as_of.timestamp_millis();
    if opts.items == 0 || end_ms <= start_ms {
        return Ok(());
    }
    let period_hours = (end_ms - start_ms) as f64 / HOUR_MS;
    let rate = opts.items as f64 / period_hours;
    let visits = expected_visits(opts.seed);

    // Capacity: whole people per stage, and hands-on time scaled so each stage runs at its
    // target utilisation whatever the number of items.
    let mut runs: Vec<StageRun> = specs
        .iter()
        .zip(&visits)
        .map(|(spec, v)| {
            let demand = rate * v * spec.work_hours;
            let servers = (demand / spec.utilisation).round().max(1.0);
            let mean_hours = (spec.utilisation * servers / (rate * v)).max(0.05);
            let sigma: f64 = 0.75;
            StageRun {
                free: servers as u32,
                queue: VecDeque::new(),
                work: LogNormal::new(mean_hours.ln() - sigma * sigma / 2.0, sigma)
                    .expect("valid log-normal"),
            }
        })
        .collect();

    let mut sim = Sim {
        rng: Pcg64Mcg::seed_from_u64(opts.seed),
        states: Vec::new(),
    };
    let queue_states: Vec<u16> = specs.iter().map(|s| sim.state(s.queue_state)).collect();
    let work_states: Vec<u16> = specs.iter().map(|s| sim.state(s.work_state)).collect();
    let blocked = sim.state(BLOCKED);
    let mut item_rng = Pcg64Mcg::seed_from_u64(opts.seed ^ 0x6974_656d);
    let mut time_rng = Pcg64Mcg::seed_from_u64(opts.seed ^ 0x7469_6d65);
    let pickup = Exp::new(1.0 / PICKUP_HOURS).expect("valid rate");
    let blocked_for = LogNormal::new(BLOCKED_HOURS.ln() - 0.5, 1.0).expect("valid log-normal");
    let gap_ms = (end_ms - start_ms) as f64 / opts.items as f64;

    let mut slots: Vec<Option<Live>> = Vec::new();
    let mut free_slots: Vec<u32> = Vec::new();
    let mut events: BinaryHeap<Reverse<(i64, u64, Event)>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |events: &mut BinaryHeap<_>, at: i64, e: Event| {
        seq += 1;
        events.push(Reverse((at, seq, e)));
    };
    let arrival_at =
        |k: u64, rng: &mut Pcg64Mcg| start_ms + ((k as f64 + rng.random::<f64>()) * gap_ms) as i64;
    let first = arrival_at(0, &mut time_rng);
    push(&mut events, first, Event::Arrival(0));

    let hours = |h: f64| (h * HOUR_MS) as i64;
    while let Some(Reverse((now, _, event))) = events.pop() {
        if now >= end_ms {
            break;
        }
        match event {
            Event::Arrival(k) => {
                let item = new_item(&mut item_rng, k + 1, now);
                let slot = free_slots.pop().unwrap_or_else(|| {
                    slots.push(None);
                    (slots.len() - 1) as u32
                });
                let stage = sim.first_stage(&item);
                slots[slot as usize] = Some(item);
                push(
                    &mut events,
                    now,
                    Event::Enter {
                        slot,
                        stage: stage as u8,
                    },
                );
                if k + 1 < opts.items {
                    let at = arrival_at(k + 1, &mut time_rng).max(now);
                    push(&mut events, at, Event::Arrival(k + 1));
                }
            }
            Event::Enter { slot, stage } => {
                let s = stage as usize;
                let item = slots[slot as usize].as_mut().expect("live item");
                item.history.push((queue_states[s], now));
                let at = if s == PLANNING {
                    next_weekly_planning(start_ms, now)
                } else {
                    now
                };
                push(&mut events, at, Event::Request { slot, stage });
            }
            Event::Request { slot, stage } => {
                let s = stage as usize;
                let item = slots[slot as usize].as_mut().expect("live item");
                if runs[s].free > 0 {
                    runs[s].free -= 1;
                    let at = now + hours(pickup.sample(&mut time_rng));
                    start_work(
                        item,
                        s,
                        at,
                        end_ms,
                        &runs[s],
                        &mut time_rng,
                        &work_states,
                        blocked,
                        &blocked_for,
                        &mut events,
                        &mut push,
                        slot,
                    );
                } else {
                    runs[s].queue.push_back(slot);
                }
            }
            Event::Finish { slot, stage } => {
                let s = stage as usize;
                // The person who finished takes the next item waiting, if any.
                if let Some(next_slot) = runs[s].queue.pop_front() {
                    let at = now + hours(pickup.sample(&mut time_rng) * 0.25);
                    let next = slots[next_slot as usize].as_mut().expect("queued item");
                    start_work(
                        next,
                        s,
                        at,
                        end_ms,
                        &runs[s],
                        &mut time_rng,
                        &work_states,
                        blocked,
                        &blocked_for,
                        &mut events,
                        &mut push,
                        next_slot,
                    );
                } else {
                    runs[s].free += 1;
                }
                let mut item = slots[slot as usize].take().expect("live item");
                match sim.next(&mut item, s) {
                    Next::Stage(n) => {
                        slots[slot as usize] = Some(item);
                        push(
                            &mut events,
                            now,
                            Event::Enter {
                                slot,
                                stage: n as u8,
                            },
                        );
                    }
                    Next::End(state) => {
                        let id = sim.state(state);
                        item.history.push((id, now));
                        free_slots.push(slot);
                        let (i, t) = materialise(&item, &sim.states, &mut item_rng);
                        emit(i, t)?;
                    }
                }
            }
        }
    }
    // Items still in flight at the "as of" instant.
    for item in slots.into_iter().flatten() {
        let (i, t) = materialise(&item, &sim.states, &mut item_rng);
        emit(i, t)?;
    }
    Ok(())
}

const WEEK_MS: i64 = 7 * 24 * 3_600_000;

/// Backlog items are taken up at the weekly planning, every Monday of the demo period.
fn next_weekly_planning(start_ms: i64, now: i64) -> i64 {
    let weeks = (now - start_ms) / WEEK_MS + 1;
    start_ms + weeks * WEEK_MS + 2 * 3_600_000
}

#[allow(clippy::too_many_arguments)]
fn start_work<P>(
    item: &mut Live,
    stage: usize,
    at: i64,
    end_ms: i64,
    run: &StageRun,
    rng: &mut Pcg64Mcg,
    work_states: &[u16],
    blocked: u16,
    blocked_for: &LogNormal<f64>,
    events: &mut BinaryHeap<Reverse<(i64, u64, Event)>>,
    push: &mut P,
    slot: u32,
) where
    P: FnMut(&mut BinaryHeap<Reverse<(i64, u64, Event)>>, i64, Event),
{
    let record = |item: &mut Live, state: u16, t: i64| {
        if t < end_ms {
            item.history.push((state, t));
        }
    };
    let work = (run.work.sample(rng) * HOUR_MS) as i64;
    record(item, work_states[stage], at);
    let mut finish = at + work.max(60_000);
    if stage == DEVELOPMENT && rng.random::<f64>() < BLOCKED_SHARE {
        let blocked_at = at + (work as f64 * rng.random::<f64>()) as i64;
        let unblocked = blocked_at + (blocked_for.sample(rng) * HOUR_MS) as i64;
        record(item, blocked, blocked_at);
        record(item, work_states[stage], unblocked);
        finish += unblocked - blocked_at;
    }
    push(
        events,
        finish,
        Event::Finish {
            slot,
            stage: stage as u8,
        },
    );
}

const FEATURE_VERBS: &[&str] = &[
    "Add",
    "Support",
    "Allow",
    "Show",
    "Export",
    "Import",
    "Let admins configure",
    "Speed up",
];
const FEATURE_OBJECTS: &[&str] = &[
    "invoice PDF download",
    "single sign-on with Okta",
    "bulk edit of orders",
    "dark mode in the portal",
    "CSV export of reports",
    "two-factor login",
    "webhook retries",
    "usage dashboard",
    "team permissions",
    "search by customer number",
    "scheduled reports",
    "audit log filters",
];
const DEFECT_TITLES: &[&str] = &[
    "Checkout fails for EU VAT numbers",
    "Report totals off by one day",
    "Login loops on Safari",
    "Timeout when exporting large orders",
    "Wrong currency on invoices",
    "Notifications sent twice",
    "Search ignores accented names",
    "Dashboard blank after upgrade",
    "Password reset link expired early",
];
const RISK_TITLES: &[&str] = &[
    "Rotate expiring TLS certificates",
    "Patch OpenSSL advisory",
    "GDPR data retention review",
    "Pen-test finding: session fixation",
    "Upgrade end-of-life database",
    "SOC 2 evidence collection",
];
const DEBT_TITLES: &[&str] = &[
    "Remove legacy billing module",
    "Migrate CI to containers",
    "Split the monolith's order service",
    "Replace deprecated HTTP client",
    "Increase test coverage of pricing",
    "Upgrade React to current",
];

fn materialise(
    item: &Live,
    states: &[&'static str],
    rng: &mut Pcg64Mcg,
) -> (Item, Vec<Transition>) {
    let pick = |list: &[&'static str], rng: &mut Pcg64Mcg| list[rng.random_range(0..list.len())];
    let (title, artifact, fit) = match item.kind {
        Kind::Feature => (
            format!(
                "{} {}",
                pick(FEATURE_VERBS, rng),
                pick(FEATURE_OBJECTS, rng)
            ),
            "Story",
            FlowItemType::Feature,
        ),
        Kind::Defect => (
            pick(DEFECT_TITLES, rng).to_string(),
            "Bug",
            FlowItemType::Defect,
        ),
        Kind::Risk => (
            pick(RISK_TITLES, rng).to_string(),
            "Risk",
            FlowItemType::Risk,
        ),
        Kind::Debt => (
            pick(DEBT_TITLES, rng).to_string(),
            "Tech Debt",
            FlowItemType::Debt,
        ),
    };
    let created = Utc
        .timestamp_millis_opt(item.created_ms)
        .single()
        .expect("in range");
    let it = Item::new(
        SOURCE_NAME,
        format!("FLOW-{}", item.number),
        title,
        artifact,
        fit,
        created,
    );
    let mut transitions = Vec::with_capacity(item.history.len());
    let mut prev: Option<&str> = None;
    for (state, at) in &item.history {
        let name = states[*state as usize];
        transitions.push(Transition {
            item: it.id,
            from_state: prev.map(str::to_string),
            to_state: name.to_string(),
            at: Utc.timestamp_millis_opt(*at).single().expect("in range"),
        });
        prev = Some(name);
    }
    (it, transitions)
}
