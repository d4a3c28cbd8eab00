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
    let mut visits = vec![0f64; STAGES.len()];
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
    let Some(mut world) = World::new(opts) else {
        return Ok(());
    };
    while let Some(Reverse((now, _, event))) = world.events.pop() {
        if now >= world.end_ms {
            break;
        }
        match event {
            Event::Arrival(k) => world.arrive(now, k),
            Event::Enter { slot, stage } => world.enter(now, slot, stage as usize),
            Event::Request { slot, stage } => world.request(now, slot, stage as usize),
            Event::Finish { slot, stage } => {
                if let Some(item) = world.finish(now, slot, stage as usize) {
                    let (i, t) = materialise(&item, &world.sim.states, &mut world.item_rng);
                    emit(i, t)?;
                }
            }
        }
    }
    // Items still in flight at the "as of" instant.
    for item in std::mem::take(&mut world.slots).into_iter().flatten() {
        let (i, t) = materialise(&item, &world.sim.states, &mut world.item_rng);
        emit(i, t)?;
    }
    Ok(())
}

/// Capacity: whole people per stage, and hands-on time scaled so each stage runs at its target
/// utilisation whatever the number of items (`rate` items an hour, `visits` per item).
fn stage_runs(specs: &[StageSpec], rate: f64, visits: &[f64]) -> Vec<StageRun> {
    specs
        .iter()
        .zip(visits)
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
        .collect()
}

/// The simulated stream while it runs: the stages' people and queues, the items in progress
/// (in slots reused once an item ends), and the events still to come, in time order.
struct World {
    sim: Sim,
    runs: Vec<StageRun>,
    queue_states: Vec<u16>,
    work_states: Vec<u16>,
    blocked: u16,
    item_rng: Pcg64Mcg,
    time_rng: Pcg64Mcg,
    pickup: Exp<f64>,
    blocked_for: LogNormal<f64>,
    start_ms: i64,
    end_ms: i64,
    /// The mean time between two arrivals.
    gap_ms: f64,
    items: u64,
    slots: Vec<Option<Live>>,
    free_slots: Vec<u32>,
    events: BinaryHeap<Reverse<(i64, u64, Event)>>,
    /// Events pushed so far: orders events of the same instant.
    seq: u64,
}

impl World {
    /// The stream before the first arrival, which is scheduled; `None` when there is nothing to
    /// simulate.
    fn new(opts: &DemoOptions) -> Option<World> {
        let specs = STAGES;
        let start_ms = opts.start.timestamp_millis();
        let end_ms = opts.as_of.timestamp_millis();
        if opts.items == 0 || end_ms <= start_ms {
            return None;
        }
        let period_hours = (end_ms - start_ms) as f64 / HOUR_MS;
        let rate = opts.items as f64 / period_hours;
        let runs = stage_runs(specs, rate, &expected_visits(opts.seed));
        let mut sim = Sim {
            rng: Pcg64Mcg::seed_from_u64(opts.seed),
            states: Vec::new(),
        };
        let queue_states: Vec<u16> = specs.iter().map(|s| sim.state(s.queue_state)).collect();
        let work_states: Vec<u16> = specs.iter().map(|s| sim.state(s.work_state)).collect();
        let blocked = sim.state(BLOCKED);
        let mut world = World {
            sim,
            runs,
            queue_states,
            work_states,
            blocked,
            item_rng: Pcg64Mcg::seed_from_u64(opts.seed ^ 0x6974_656d),
            time_rng: Pcg64Mcg::seed_from_u64(opts.seed ^ 0x7469_6d65),
            pickup: Exp::new(1.0 / PICKUP_HOURS).expect("valid rate"),
            blocked_for: LogNormal::new(BLOCKED_HOURS.ln() - 0.5, 1.0).expect("valid log-normal"),
            start_ms,
            end_ms,
            gap_ms: (end_ms - start_ms) as f64 / opts.items as f64,
            items: opts.items,
            slots: Vec::new(),
            free_slots: Vec::new(),
            events: BinaryHeap::new(),
            seq: 0,
        };
        let first = world.arrival_at(0);
        world.push(first, Event::Arrival(0));
        Some(world)
    }

    fn push(&mut self, at: i64, e: Event) {
        self.seq += 1;
        self.events.push(Reverse((at, self.seq, e)));
    }

    /// When item `k` arrives: in the `k`th gap, at random.
    fn arrival_at(&mut self, k: u64) -> i64 {
        self.start_ms + ((k as f64 + self.time_rng.random::<f64>()) * self.gap_ms) as i64
    }

    fn hours(h: f64) -> i64 {
        (h * HOUR_MS) as i64
    }

    /// Item `k + 1` arrives and enters its first stage; the next arrival is scheduled.
    fn arrive(&mut self, now: i64, k: u64) {
        let item = new_item(&mut self.item_rng, k + 1, now);
        let slot = self.free_slots.pop().unwrap_or_else(|| {
            self.slots.push(None);
            (self.slots.len() - 1) as u32
        });
        let stage = self.sim.first_stage(&item);
        self.slots[slot as usize] = Some(item);
        let stage = stage as u8;
        self.push(now, Event::Enter { slot, stage });
        if k + 1 < self.items {
            let at = self.arrival_at(k + 1).max(now);
            self.push(at, Event::Arrival(k + 1));
        }
    }

    /// The item waits in the stage's queue state, and asks for work (Planning's at the next
    /// weekly planning).
    fn enter(&mut self, now: i64, slot: u32, s: usize) {
        let item = self.slots[slot as usize].as_mut().expect("live item");
        item.history.push((self.queue_states[s], now));
        let at = if s == PLANNING {
            next_weekly_planning(self.start_ms, now)
        } else {
            now
        };
        self.push(
            at,
            Event::Request {
                slot,
                stage: s as u8,
            },
        );
    }

    /// Someone free picks the item up after a while; else it joins the stage's queue.
    fn request(&mut self, now: i64, slot: u32, s: usize) {
        if self.runs[s].free > 0 {
            self.runs[s].free -= 1;
            let at = now + Self::hours(self.pickup.sample(&mut self.time_rng));
            self.start_work(slot, s, at);
        } else {
            self.runs[s].queue.push_back(slot);
        }
    }

    /// The item's work at stage `s` is done: the person takes the next item waiting, and the
    /// item goes on to its next stage. Returns the item when it has ended.
    fn finish(&mut self, now: i64, slot: u32, s: usize) -> Option<Live> {
        if let Some(next_slot) = self.runs[s].queue.pop_front() {
            let at = now + Self::hours(self.pickup.sample(&mut self.time_rng) * 0.25);
            self.start_work(next_slot, s, at);
        } else {
            self.runs[s].free += 1;
        }
        let mut item = self.slots[slot as usize].take().expect("live item");
        match self.sim.next(&mut item, s) {
            Next::Stage(n) => {
                self.slots[slot as usize] = Some(item);
                self.push(
                    now,
                    Event::Enter {
                        slot,
                        stage: n as u8,
                    },
                );
                None
            }
            Next::End(state) => {
                let id = self.sim.state(state);
                item.history.push((id, now));
                self.free_slots.push(slot);
                Some(item)
            }
        }
    }

    /// Work on the item in `slot` starts at `at`; in development it may get blocked for a
    /// while. Its finish is scheduled. Nothing at or after the end is recorded.
    fn start_work(&mut self, slot: u32, stage: usize, at: i64) {
        let end_ms = self.end_ms;
        let record = |item: &mut Live, state: u16, t: i64| {
            if t < end_ms {
                item.history.push((state, t));
            }
        };
        let rng = &mut self.time_rng;
        let item = self.slots[slot as usize].as_mut().expect("live item");
        let work = (self.runs[stage].work.sample(rng) * HOUR_MS) as i64;
        record(item, self.work_states[stage], at);
        let mut finish = at + work.max(60_000);
        if stage == DEVELOPMENT && rng.random::<f64>() < BLOCKED_SHARE {
            let blocked_at = at + (work as f64 * rng.random::<f64>()) as i64;
            let unblocked = blocked_at + (self.blocked_for.sample(rng) * HOUR_MS) as i64;
            record(item, self.blocked, blocked_at);
            record(item, self.work_states[stage], unblocked);
            finish += unblocked - blocked_at;
        }
        let stage = stage as u8;
        self.push(finish, Event::Finish { slot, stage });
    }
}

const WEEK_MS: i64 = 7 * 24 * 3_600_000;

/// Backlog items are taken up at the weekly planning, every Monday of the demo period.
fn next_weekly_planning(start_ms: i64, now: i64) -> i64 {
    let weeks = (now - start_ms) / WEEK_MS + 1;
    start_ms + weeks * WEEK_MS + 2 * 3_600_000
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
