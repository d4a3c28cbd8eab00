//! Per-item records of what a `completed` window counts, kept with the [`Dataset`] for one stage
//! model (`docs/metrics.md`, "Windows"; `docs/benchmarks.md`, "Recompute at 1M items").
//!
//! In a `completed` window an item counts with its whole history when it ended (Done or
//! Canceled) in the window. Once an item has ended by `now`, its time in each stage, its waits
//! after handoffs and its time in unmapped states are the same for every such query: only
//! whether it is in scope changes. So they are summed once per (data, model) into compact
//! records, and a recompute passes over the records of the items it selects instead of walking
//! their intervals. The runs of intervals in progress (for flow load and the cumulative flow
//! diagram) are kept too, one per run in one stage (or none), as offsets into the item's own
//! transitions. Items that have not ended, have changes after `now`, or whose figures do not fit
//! the records' widths are walked as before; `during` windows clip each interval, so they walk
//! every item.
//!
//! What a record holds is what the walk's accumulators summed (`StageTally`, `HandoffWalk`, the
//! unmapped states' time), filled by the same code over the same intervals, so every figure is
//! the same to the bit either way (tests: `records/tests.rs`).

use super::handoffs::HandoffWalk;
use super::stages::{StageTally, Tally};
use super::walk::{self, Accumulator, Interval, Item, ItemTime, Places, Progress, Step};
use super::window::Window;
use super::{is_end, is_flow};
use crate::dataset::{Dataset, ItemIx};
use crate::model::FlowItems;
use flowmap_core::StateCategory;
use std::sync::{Arc, Mutex, OnceLock};

mod build;
mod sorted;
#[cfg(test)]
mod tests;

pub(crate) use sorted::{Sorted, SortedValues, StageValues};

/// An instant of an item: an offset into its transitions, or its creation.
const CREATED: u16 = u16::MAX - 1;
/// No instant (no work start, no exit).
const NONE: u16 = u16::MAX;
/// Maps with more stages than this keep no records (a stage is a byte).
const MAX_STAGES: usize = u8::MAX as usize;
/// No stage, in a run.
const NO_STAGE: u8 = u8::MAX;
/// Times in a stage are kept in 40 bits of milliseconds (34 years); an item with more is walked.
const MS_LIMIT: i64 = 1 << 40;

/// What an item's record is: not kept (walk it), or ended Done or Canceled.
const NOT_KEPT: u8 = 0;
const DONE: u8 = 1;
const CANCELED: u8 = 2;

/// An item's record: where its stage, handoff, run and unmapped records end (they start where
/// the previous item's end), its work start and end as instants of the item, and its kind.
#[derive(Clone, Copy, Debug, Default)]
struct ItemRecord {
    stages: u32,
    handoffs: u32,
    runs: u32,
    unmapped: u32,
    work_start: u16,
    end_at: u16,
    kind: u8,
}

/// An item's tally in one stage (`stages::Tally`), 14 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct StageRecord {
    /// Milliseconds, low 32 bits (in two halves: the record stays 2-byte aligned).
    wait: [u16; 2],
    active: [u16; 2],
    /// Bits 32..40 of the waiting (low byte) and active (high byte) milliseconds.
    high: u16,
    /// When the item last left the stage, as an instant of the item.
    last_exit: u16,
    stage: u8,
    flags: u8,
}

const IN_WINDOW: u8 = 1;
const REENTERED: u8 = 2;
const EXITED: u8 = 4;
const FIRST_EXIT_KNOWN: u8 = 8;
const FIRST_EXIT_FORWARD: u8 = 16;
const FORWARD_EXIT: u8 = 32;

/// A wait after a handoff, in whole seconds (as `handoffs` keeps it), 6 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct HandoffRecord {
    secs: [u16; 2],
    from: u8,
    to: u8,
}

impl HandoffRecord {
    fn new(from: usize, to: usize, secs: u32) -> Self {
        HandoffRecord {
            secs: halves(secs),
            from: from as u8,
            to: to as u8,
        }
    }

    #[inline(always)]
    fn secs(&self) -> u32 {
        whole(self.secs)
    }
}

/// A `u32` in two halves, low first.
fn halves(v: u32) -> [u16; 2] {
    [v as u16, (v >> 16) as u16]
}

#[inline(always)]
fn whole(h: [u16; 2]) -> u32 {
    h[0] as u32 | (h[1] as u32) << 16
}

/// A run of intervals in progress in one stage (or none): from the start of one interval to
/// the start of the interval after the run, as instants of the item.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Run {
    start: u16,
    end: u16,
    stage: u8,
}

/// Time in a Waiting or Active state of no stage, summed over the item's intervals in it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct UnmappedRecord {
    ms: i64,
    key: u32,
}

/// Every item's record for one stage model.
pub(crate) struct Records {
    /// The model they were built for.
    places: Places,
    n_stages: usize,
    items: Vec<ItemRecord>,
    stages: Vec<StageRecord>,
    handoffs: Vec<HandoffRecord>,
    runs: Vec<Run>,
    unmapped: Vec<UnmappedRecord>,
    /// Handoff records per handoff (from × stages + to): room for its waits.
    handoff_counts: Vec<u32>,
    /// The recorded values an all-time query collects, sorted; `None` when an item that ended
    /// keeps no record (it would be walked, and add its own).
    sorted: Option<Sorted>,
}

/// The records a [`Dataset`] keeps for the last stage model it was computed with, and what the
/// engine derives from the data alone.
#[derive(Default)]
pub(crate) struct RecordCache {
    kept: Mutex<Kept>,
    /// The earliest creation or first change of an item with changes, once asked for.
    earliest: OnceLock<Option<i64>>,
}

impl RecordCache {
    /// The earliest creation or first change of any item with changes (every item's
    /// `Selection::earliest_event`): found on the first ask, then kept with the data.
    pub(crate) fn earliest_event(data: &Dataset) -> Option<i64> {
        *data.records.earliest.get_or_init(|| {
            (0..data.item_count())
                .filter_map(|i| data.first_event(i))
                .min()
        })
    }
}

/// What the cache holds.
#[derive(Default)]
enum Kept {
    #[default]
    Nothing,
    /// One compute asked for this model: the next one builds its records.
    Asked(Places, usize),
    Built(Arc<Records>),
}

impl Clone for RecordCache {
    /// A copy of the data builds its own records when it needs them.
    fn clone(&self) -> Self {
        RecordCache::default()
    }
}

impl PartialEq for RecordCache {
    /// Derived from the data: never a difference between two datasets.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for RecordCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecordCache")
    }
}

/// The records of `data` for the model `places` comes from, when a compute asked for them
/// before with the same model: built on the second ask (a single compute, as the CLI makes,
/// walks and keeps nothing), then kept with the data until another model asks. `None` when
/// there are none yet, or for maps with more stages than records hold.
pub(crate) fn records_for(
    data: &Dataset,
    places: &Places,
    n_stages: usize,
    flow_items: &FlowItems,
) -> Option<Arc<Records>> {
    if n_stages > MAX_STAGES {
        return None;
    }
    let mut cache = data.records.kept.lock().unwrap_or_else(|e| e.into_inner());
    match &*cache {
        Kept::Built(r) if r.places == *places && r.n_stages == n_stages => Some(r.clone()),
        Kept::Asked(p, n) if p == places && *n == n_stages => {
            // The old model's records went when this one was first asked for: never both.
            let records = Arc::new(Records::build(data, places, n_stages, flow_items));
            *cache = Kept::Built(records.clone());
            Some(records)
        }
        _ => {
            *cache = Kept::Asked(places.clone(), n_stages);
            None
        }
    }
}

impl Records {
    /// Every item's record, by walking each ended item's whole history once; the sorted values
    /// of the `flow_items` among them.
    pub(crate) fn build(
        data: &Dataset,
        places: &Places,
        n_stages: usize,
        flow_items: &FlowItems,
    ) -> Records {
        let mut r = Records {
            places: places.clone(),
            n_stages,
            items: Vec::with_capacity(data.item_count()),
            stages: Vec::new(),
            handoffs: Vec::new(),
            runs: Vec::new(),
            unmapped: Vec::new(),
            handoff_counts: vec![0; n_stages * n_stages],
            sorted: None,
        };
        let mut b = build::Builder::new(n_stages);
        // Whether every flow item that ended keeps a record; the earliest and latest end of
        // those that do; the latest change of any item.
        let mut every_end_kept = true;
        let mut ends: Option<(i64, i64)> = None;
        let mut latest_change: Option<i64> = None;
        for i in 0..data.item_count() {
            let (a, z) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
            if a < z {
                latest_change = latest_change.max(Some(data.at[z - 1]));
            }
            let lens = (
                r.stages.len(),
                r.handoffs.len(),
                r.runs.len(),
                r.unmapped.len(),
            );
            let kept = b.record(data, places, i, &mut r);
            let mut rec = kept.unwrap_or_default();
            if kept.is_none() || r.too_many() {
                rec.kind = NOT_KEPT;
                r.stages.truncate(lens.0);
                r.handoffs.truncate(lens.1);
                r.runs.truncate(lens.2);
                r.unmapped.truncate(lens.3);
            }
            if !flow_items.is_flow(data, i) {
                // Never selected with the sorted values: neither in them nor walked.
            } else if rec.kind == NOT_KEPT {
                every_end_kept &= a == z || !is_end(places.0[data.to[z - 1] as usize].0);
            } else {
                let end = instant_time(data, i, rec.end_at);
                ends = Some(ends.map_or((end, end), |(lo, hi)| (lo.min(end), hi.max(end))));
            }
            rec.stages = r.stages.len() as u32;
            rec.handoffs = r.handoffs.len() as u32;
            rec.runs = r.runs.len() as u32;
            rec.unmapped = r.unmapped.len() as u32;
            r.items.push(rec);
        }
        for h in &r.handoffs {
            r.handoff_counts[h.from as usize * n_stages + h.to as usize] += 1;
        }
        r.stages.shrink_to_fit();
        r.handoffs.shrink_to_fit();
        r.runs.shrink_to_fit();
        r.unmapped.shrink_to_fit();
        if every_end_kept {
            let kept = |i: usize| flow_items.is_flow(data, i);
            r.sorted = Some(Sorted::build(&r, kept, flow_items, ends, latest_change));
        }
        r
    }

    /// The sorted values a query over `window` collects, when it collects exactly the records'
    /// (see [`Sorted::holds_for`]).
    pub(crate) fn sorted_for(
        &self,
        window: &Window,
        selects_every_flow_item: bool,
        flow_items: &FlowItems,
    ) -> Option<&Sorted> {
        self.sorted
            .as_ref()
            .filter(|s| s.holds_for(window, selects_every_flow_item, flow_items))
    }

    /// Item `i`'s stage and handoff records.
    fn of_item(&self, i: usize) -> (&[StageRecord], &[HandoffRecord]) {
        let from = if i == 0 {
            ItemRecord::default()
        } else {
            self.items[i - 1]
        };
        let rec = self.items[i];
        (
            &self.stages[from.stages as usize..rec.stages as usize],
            &self.handoffs[from.handoffs as usize..rec.handoffs as usize],
        )
    }

    /// How many waits each handoff (from × stages + to) has in the records, at most.
    pub(crate) fn handoff_counts(&self) -> &[u32] {
        &self.handoff_counts
    }

    /// Whether a list has grown past what a record's `u32` ends can say.
    fn too_many(&self) -> bool {
        let limit = u32::MAX as usize;
        self.stages.len() >= limit
            || self.handoffs.len() >= limit
            || self.runs.len() >= limit
            || self.unmapped.len() >= limit
    }

    /// Feeds item `i` to `acc` from its record, as the walk would have: `false` (nothing fed)
    /// when it has none that holds for `window` — not ended, or with changes after `now`, or a
    /// `during` window.
    #[inline(always)]
    pub(crate) fn replay<A: Accumulator>(
        &self,
        data: &Dataset,
        places: &Places,
        i: usize,
        window: &Window,
        acc: &mut A,
    ) -> bool {
        let rec = self.items[i];
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        if rec.kind == NOT_KEPT || window.during || data.at[b - 1] > window.now {
            return false;
        }
        let at = &data.at[a..b];
        let created = data.item_created[i];
        let time_of = |off: u16| {
            if off == CREATED {
                created
            } else {
                at[off as usize]
            }
        };
        let from = if i == 0 {
            ItemRecord::default()
        } else {
            self.items[i - 1]
        };
        let work_start = (rec.work_start != NONE).then(|| time_of(rec.work_start));
        let end = time_of(rec.end_at);
        let done = rec.kind == DONE;
        let in_window = window.contains(end);
        let item = Item {
            ix: i as ItemIx,
            flow_item_type: data.item_type[i],
            intervals: &[],
            work_start,
            completed_at: done.then_some(end),
            completed_in_window: done && in_window,
            canceled_in_window: !done && in_window,
            in_flight: false,
            in_scope: in_window,
        };
        acc.item(&item);
        if work_start.is_some() {
            let runs = &self.runs[from.runs as usize..rec.runs as usize];
            replay_runs(runs, time_of, window, &item, acc);
        }
        let mut time = ItemTime::default();
        if item.in_scope {
            for r in &self.stages[from.stages as usize..rec.stages as usize] {
                let tally = r.tally(time_of);
                time.waiting += tally.wait;
                time.active += tally.active;
                acc.stage_tally(&item, r.stage as usize, &tally);
            }
            for h in &self.handoffs[from.handoffs as usize..rec.handoffs as usize] {
                acc.handoff_wait(h.from as usize, h.to as usize, h.secs());
            }
            for u in &self.unmapped[from.unmapped as usize..rec.unmapped as usize] {
                let waiting = places.0[u.key as usize].0 == StateCategory::Waiting;
                if waiting {
                    time.waiting += u.ms;
                } else {
                    time.active += u.ms;
                }
                acc.unmapped_time(&item, u.key as usize, u.ms, waiting);
            }
        }
        acc.item_done(&item, time);
        true
    }
}

/// The time of instant `off` of item `i`: its creation, or one of its changes.
fn instant_time(data: &Dataset, i: usize, off: u16) -> i64 {
    if off == CREATED {
        data.item_created[i]
    } else {
        data.at[data.offsets[i] as usize + off as usize]
    }
}

/// Feeds an item's runs in progress: each run in a stage, and each stretch of adjacent runs
/// for the stream.
#[inline(always)]
fn replay_runs<A: Accumulator>(
    runs: &[Run],
    time_of: impl Fn(u16) -> i64,
    window: &Window,
    item: &Item,
    acc: &mut A,
) {
    // The stream's current stretch: where it ends (an instant of the item), from, to.
    let mut stream: Option<(u16, i64, i64)> = None;
    for run in runs {
        let (start, end) = (time_of(run.start), time_of(run.end));
        if run.stage != NO_STAGE {
            let progress = Progress {
                start,
                from: start.max(window.origin),
                to: end.min(window.end),
                stage: Some(run.stage as usize),
            };
            acc.stage_run(item, &progress);
        }
        stream = match stream {
            Some((at, from, _)) if at == run.start => Some((run.end, from, end)),
            before => {
                if let Some((_, from, to)) = before {
                    acc.stream_run(item, from.max(window.origin), to.min(window.end));
                }
                Some((run.end, start, end))
            }
        };
    }
    if let Some((_, from, to)) = stream {
        acc.stream_run(item, from.max(window.origin), to.min(window.end));
    }
}

impl StageRecord {
    /// Milliseconds waiting and active.
    #[inline(always)]
    fn times(&self) -> (i64, i64) {
        (
            whole(self.wait) as i64 | ((self.high & 0xff) as i64) << 32,
            whole(self.active) as i64 | ((self.high >> 8) as i64) << 32,
        )
    }

    /// The tally it keeps, as the walk would have summed it (counts only as far as the figures
    /// tell them apart: entries 1 or 2, exits 0 or 1).
    #[inline]
    fn tally(&self, time_of: impl Fn(u16) -> i64) -> Tally {
        let f = |bit: u8| self.flags & bit != 0;
        let (wait, active) = self.times();
        Tally {
            wait,
            active,
            entries: if f(REENTERED) { 2 } else { 1 },
            in_window: f(IN_WINDOW),
            exits: f(EXITED) as u32,
            first_exit_forward: f(FIRST_EXIT_KNOWN).then_some(f(FIRST_EXIT_FORWARD)),
            forward_exits_in_window: f(FORWARD_EXIT) as u32,
            last_exit: (self.last_exit != NONE).then(|| time_of(self.last_exit)),
        }
    }
}
