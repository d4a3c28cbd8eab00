//! The engine: one linear pass over every item's intervals, then order statistics by selection.

use crate::dataset::{Dataset, ItemIx, StateKey};
use crate::model::{StageModel, NO_STAGE};
use crate::report::*;
use crate::stats;
use chrono::{DateTime, Datelike, TimeZone, Utc};
use flowmap_core::{FlowItemType, NodeId, StateCategory};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const DAY_MS: i64 = 86_400_000;
const WEEK_MS: i64 = 7 * DAY_MS;
const AGING_LISTED: usize = 25;
const SLOWEST_LISTED: usize = 10;
const TREND_WEEKS: i64 = 12;

/// What to compute. Instants are Unix milliseconds (UTC).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The instant at which open intervals are closed; events after it are not yet known.
    pub now: i64,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub window: WindowKind,
    pub flow_item_type: Option<FlowItemType>,
    /// Only items of these sources; empty: all.
    pub sources: Vec<String>,
    /// Only items that were in one of these stages (Waiting or Active there) at some time up to
    /// `now`; `None`: all. A partner's filter is the stages it owns. Ids that are not stages of
    /// the model match nothing.
    pub through_stages: Option<Vec<NodeId>>,
    /// Also list every completed item's flow time (`Metrics::flow_time_points`), for a
    /// scatterplot.
    pub include_points: bool,
}

impl Query {
    /// All time up to `now`, items completed in it.
    pub fn all_time(now: i64) -> Self {
        Query {
            now,
            from: None,
            to: None,
            window: WindowKind::Completed,
            flow_item_type: None,
            sources: Vec::new(),
            through_stages: None,
            include_points: false,
        }
    }
}

/// The query cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the window is empty: from ({from}) is not before to ({to})")]
    FromNotBeforeTo { from: String, to: String },
    #[error("{name} ({value}) is outside the range of dates Flowmap handles")]
    OutOfRange { name: &'static str, value: i64 },
}

/// Per item and stage, while walking one item's intervals.
#[derive(Clone, Copy)]
struct StageTally {
    wait: i64,
    active: i64,
    /// Entries over the item's whole history (up to now).
    entries: u32,
    /// Whether the item was in the stage within the window (time or an entry in it).
    in_window: bool,
    exits: u32,
    first_exit_forward: Option<bool>,
    forward_exits_in_window: u32,
    last_entry: i64,
    last_exit: Option<i64>,
}

impl StageTally {
    /// A constant rather than `Default::default()`: the reset is then a plain copy, and does
    /// not build a temporary whose overlapping stores stall the next load (a hot path).
    const EMPTY: StageTally = StageTally {
        wait: 0,
        active: 0,
        entries: 0,
        in_window: false,
        exits: 0,
        first_exit_forward: None,
        forward_exits_in_window: 0,
        last_entry: 0,
        last_exit: None,
    };
}

struct StageAcc {
    /// Per item, whole seconds (see `stats::DurationValue`).
    wait: Vec<u32>,
    active: Vec<u32>,
    wait_total: i64,
    active_total: i64,
    entered: u64,
    reentered: u64,
    left: u64,
    left_forward_once: u64,
    throughput: u64,
    inside: Vec<(i64, ItemIx, StateKey, Option<i64>)>,
    load_time: i64,
    load_diff: Vec<i64>,
    /// The items with the most time in the stage (a min-heap of at most SLOWEST_LISTED).
    slowest: BinaryHeap<Reverse<(i64, i64, ItemIx)>>,
    /// First entries into the stage per daily sample, for the cumulative flow diagram.
    arrival_diff: Vec<i64>,
    /// (weeks before the window's end, time in stage) of items whose last exit was recent.
    trend: Vec<(u8, u32)>,
}

fn ts(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

fn is_flow(c: StateCategory) -> bool {
    matches!(c, StateCategory::Waiting | StateCategory::Active)
}

fn is_end(c: StateCategory) -> bool {
    matches!(c, StateCategory::Done | StateCategory::Canceled)
}

/// Computes every figure for `query`. Pure: the same data, model and query give the same result.
pub fn compute(data: &Dataset, model: &StageModel, query: &Query) -> Result<Metrics, QueryError> {
    let now = query.now;
    for (name, value) in [("now", Some(now)), ("from", query.from), ("to", query.to)] {
        if let Some(v) = value {
            if Utc.timestamp_millis_opt(v).single().is_none() {
                return Err(QueryError::OutOfRange { name, value: v });
            }
        }
    }
    if let (Some(f), Some(t)) = (query.from, query.to) {
        if f >= t {
            return Err(QueryError::FromNotBeforeTo {
                from: ts(f).to_rfc3339(),
                to: ts(t).to_rfc3339(),
            });
        }
    }
    let source_ok: Vec<bool> = data
        .sources
        .iter()
        .map(|s| query.sources.is_empty() || query.sources.iter().any(|q| q == s))
        .collect();
    let through = through_stages(data, model, query);
    let wanted = |i: usize| {
        query.flow_item_type.is_none_or(|t| data.item_type[i] == t)
            && source_ok[data.item_source[i] as usize]
            && through.as_ref().is_none_or(|ok| ok[i])
    };
    let n_items = data.item_count();
    let to = query.to.unwrap_or(now);
    // The earliest event of the items considered, when the window has no start.
    let origin = query.from.unwrap_or_else(|| {
        (0..n_items)
            .filter(|i| wanted(*i) && data.offsets[*i] < data.offsets[*i + 1])
            .map(|i| data.item_created[i].min(data.at[data.offsets[i] as usize]))
            .min()
            .unwrap_or(to)
            .min(to)
    });
    let end = to.min(now).max(origin);
    let span = end - origin;
    let first_day = origin.div_euclid(DAY_MS) * DAY_MS;
    let first_sample = if first_day < origin {
        first_day + DAY_MS
    } else {
        first_day
    };
    let n_days = if end > first_sample {
        ((end - 1 - first_sample) / DAY_MS + 1) as usize
    } else {
        0
    };
    // Index of the first daily sample at or after t.
    let sample_ix = |t: i64| -> usize {
        if t <= first_sample {
            0
        } else {
            (((t - first_sample) + DAY_MS - 1) / DAY_MS).min(n_days as i64) as usize
        }
    };
    let during = query.window == WindowKind::During;
    let (wfrom, wto) = (query.from.unwrap_or(i64::MIN), to);
    let in_window = |t: i64| t >= wfrom && t < wto;
    let clip = |s: i64, e: i64| -> i64 {
        if during {
            (e.min(wto) - s.max(wfrom)).max(0)
        } else {
            e - s
        }
    };

    let n_stages = model.stages.len();
    let mut acc: Vec<StageAcc> = (0..n_stages)
        .map(|_| StageAcc {
            // Room for every item: large reservations are only mapped, not touched, so this
            // costs no memory that is not used and saves copying as the vectors grow.
            wait: Vec::with_capacity(n_items),
            active: Vec::with_capacity(n_items),
            wait_total: 0,
            active_total: 0,
            entered: 0,
            reentered: 0,
            left: 0,
            left_forward_once: 0,
            throughput: 0,
            inside: Vec::new(),
            load_time: 0,
            load_diff: vec![0; n_days + 1],
            slowest: BinaryHeap::new(),
            arrival_diff: vec![0; n_days + 1],
            trend: Vec::new(),
        })
        .collect();
    let n_keys = model.key_stage.len();
    // Per state key: its category, and its stage when it counts as being in one (Waiting or
    // Active in a stage), looked up once per interval.
    let key_place: Vec<(StateCategory, Option<u16>)> = (0..n_keys)
        .map(|k| {
            let c = model.key_category[k];
            let s = model.key_stage[k];
            (c, (s != NO_STAGE && is_flow(c)).then_some(s))
        })
        .collect();
    let mut key_time = vec![0i64; n_keys];
    let mut key_items = vec![0u64; n_keys];
    let mut key_seen = vec![u32::MAX; n_keys];
    let mut counts = ItemCounts::default();
    let mut flow_times: Vec<i64> = Vec::new();
    let mut flow_time_sum: i128 = 0;
    let mut efficiencies: Vec<f64> = Vec::new();
    let (mut eff_active, mut eff_total) = (0i128, 0i128);
    let mut completions: Vec<(i64, FlowItemType)> = Vec::new();
    let mut in_progress_types = TypeCounts::default();
    let mut load_time: i64 = 0;
    let mut load_diff = vec![0i64; n_days + 1];
    let mut unmapped_wait: i64 = 0;
    let mut done_diff = vec![0i64; n_days + 1];
    // Waits after handoffs, indexed by from × stages + to.
    let mut handoff_waits: Vec<Vec<u32>> = vec![Vec::new(); n_stages * n_stages];
    let mut points: Vec<FlowTimePoint> = Vec::new();
    // Per completion in the window's last weeks: (weeks before the end, flow time (ms, when
    // the item has one), active, active + waiting, type).
    let mut recent: Vec<(u8, Option<i64>, i64, i64, FlowItemType)> = Vec::new();
    let mut first_seen = vec![false; n_stages];

    let mut intervals: Vec<(i64, i64, StateKey)> = Vec::new();
    let mut tally = vec![StageTally::EMPTY; n_stages];
    let mut touched: Vec<usize> = Vec::new();

    for i in 0..n_items {
        if !wanted(i) {
            continue;
        }
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        if a == b || data.at[a] > now {
            continue;
        }
        // The item's intervals up to now.
        intervals.clear();
        let created = data.item_created[i];
        if let Some(k) = data.prior_state(a) {
            if created < data.at[a] {
                intervals.push((created, data.at[a], k));
            }
        }
        let mut j = a;
        while j < b && data.at[j] <= now {
            let next = if j + 1 < b && data.at[j + 1] <= now {
                data.at[j + 1]
            } else {
                now
            };
            intervals.push((data.at[j], next, data.to[j]));
            j += 1;
        }
        let cat = |k: StateKey| key_place[k as usize].0;
        let stage_of = |k: StateKey| key_place[k as usize].1.map(usize::from);
        let last = *intervals.last().expect("at least one interval");
        let final_cat = cat(last.2);
        let work_start = intervals
            .iter()
            .find(|iv| is_flow(cat(iv.2)))
            .map(|iv| iv.0);
        // Start of the final run of Done (or Canceled) states.
        let end_at = if is_end(final_cat) {
            let mut k = intervals.len() - 1;
            while k > 0 && cat(intervals[k - 1].2) == final_cat {
                k -= 1;
            }
            Some(intervals[k].0)
        } else {
            None
        };
        let completed_at = end_at.filter(|_| final_cat == StateCategory::Done);
        let canceled_at = end_at.filter(|_| final_cat == StateCategory::Canceled);
        let completed_in_window = completed_at.is_some_and(in_window);
        let canceled_in_window = canceled_at.is_some_and(in_window);
        let in_scope = if during {
            intervals.iter().any(|iv| iv.1 > wfrom && iv.0 < wto)
                || intervals.iter().any(|iv| in_window(iv.0))
        } else {
            completed_in_window || canceled_in_window
        };
        let in_flight = work_start.is_some() && !is_end(final_cat);
        let ty = data.item_type[i];
        if in_flight {
            counts.in_flight += 1;
            add_type(&mut in_progress_types, ty);
        }
        if completed_in_window {
            counts.completed += 1;
            completions.push((completed_at.unwrap_or_default(), ty));
            match work_start {
                Some(ws) => {
                    let ft = completed_at.unwrap_or_default() - ws;
                    flow_times.push(ft);
                    flow_time_sum += ft as i128;
                }
                None => counts.completed_without_work_start += 1,
            }
            if let (true, Some(ws), Some(done)) = (query.include_points, work_start, completed_at) {
                points.push(FlowTimePoint {
                    key: data.item_key(i as ItemIx).to_string(),
                    flow_item_type: ty,
                    completed_at: ts(done),
                    flow_time_secs: (done - ws) as f64 / 1000.0,
                });
            }
        }
        if let Some(done) = completed_at {
            if done < end {
                done_diff[sample_ix(done)] += 1;
            }
        }
        if canceled_in_window {
            counts.canceled += 1;
        }

        // Load: every item, at every instant after its work started and before it ended.
        if let Some(ws) = work_start {
            for iv in intervals.iter() {
                if iv.0 < ws || is_end(cat(iv.2)) {
                    continue;
                }
                let (s, e) = (iv.0.max(origin), iv.1.min(end));
                if let Some(st) = stage_of(iv.2) {
                    // First entry into the stage, for the cumulative flow diagram.
                    if !first_seen[st] {
                        first_seen[st] = true;
                        touched.push(st);
                        if iv.0 < end {
                            acc[st].arrival_diff[sample_ix(s)] += 1;
                        }
                    }
                }
                if e > s {
                    let (si, ei) = (sample_ix(s), sample_ix(e));
                    load_time += e - s;
                    load_diff[si] += 1;
                    load_diff[ei] -= 1;
                    if let Some(st) = stage_of(iv.2) {
                        acc[st].load_time += e - s;
                        acc[st].load_diff[si] += 1;
                        acc[st].load_diff[ei] -= 1;
                    }
                }
            }
            for &st in &touched {
                first_seen[st] = false;
            }
            touched.clear();
            if in_flight {
                if let Some(st) = stage_of(last.2) {
                    // Since it last entered the stage.
                    let mut k = intervals.len() - 1;
                    while k > 0
                        && (stage_of(intervals[k - 1].2) == Some(st)
                            || cat(intervals[k - 1].2) == StateCategory::Ignore)
                    {
                        k -= 1;
                    }
                    acc[st]
                        .inside
                        .push((now - intervals[k].0, i as ItemIx, last.2, work_start));
                }
            }
        }

        if !in_scope {
            continue;
        }
        counts.in_scope += 1;

        // Per stage: time, entries, exits.
        let mut prev_stage: Option<usize> = None;
        let (mut item_active, mut item_wait) = (0i64, 0i64);
        // The handoff into the current stage and the wait after it, until work starts there.
        let mut handoff: Option<(usize, usize, i64)> = None;
        for iv in intervals.iter() {
            let c = cat(iv.2);
            if c == StateCategory::Ignore {
                continue;
            }
            let len = clip(iv.0, iv.1);
            let here = stage_of(iv.2);
            if here.is_none() && is_flow(c) {
                // A Waiting or Active state in no stage: reported by name.
                let k = iv.2 as usize;
                if key_seen[k] != i as u32 && (len > 0 || !during || in_window(iv.0)) {
                    key_seen[k] = i as u32;
                    key_items[k] += 1;
                }
                key_time[k] += len;
            }
            match c {
                StateCategory::Waiting => item_wait += len,
                StateCategory::Active => item_active += len,
                _ => {}
            }
            if here.is_none() && c == StateCategory::Waiting {
                unmapped_wait += len;
            }
            if here != prev_stage {
                if let Some((from, to, wait)) = handoff.take() {
                    handoff_waits[from * n_stages + to].push(stats::to_secs(wait));
                }
                if let (Some(p), Some(h)) = (prev_stage, here) {
                    handoff = Some((p, h, 0));
                }
                if let Some(p) = prev_stage {
                    let t = &mut tally[p];
                    t.exits += 1;
                    t.last_exit = Some(iv.0);
                    let forward = match here {
                        Some(h) => h > p,
                        None => c == StateCategory::Done,
                    };
                    if t.first_exit_forward.is_none() {
                        t.first_exit_forward = Some(forward);
                    }
                    if forward && (!during || in_window(iv.0)) {
                        t.forward_exits_in_window += 1;
                    }
                }
                if let Some(h) = here {
                    let t = &mut tally[h];
                    if t.entries == 0 {
                        touched.push(h);
                    }
                    t.entries += 1;
                    t.last_entry = iv.0;
                    if !during || in_window(iv.0) {
                        t.in_window = true;
                    }
                }
            }
            if let Some((from, to, wait)) = handoff {
                if c == StateCategory::Waiting {
                    handoff = Some((from, to, wait + len));
                } else if c == StateCategory::Active {
                    handoff_waits[from * n_stages + to].push(stats::to_secs(wait));
                    handoff = None;
                }
            }
            if let Some(h) = here {
                let t = &mut tally[h];
                if len > 0 {
                    t.in_window = true;
                }
                match c {
                    StateCategory::Waiting => t.wait += len,
                    _ => t.active += len,
                }
            }
            prev_stage = here;
        }
        if let Some((from, to, wait)) = handoff {
            handoff_waits[from * n_stages + to].push(stats::to_secs(wait));
        }
        for &s in &touched {
            // Fields are read one by one: copying the whole tally at once would load what was
            // just stored field by field, which stalls store forwarding.
            let t = &tally[s];
            let a = &mut acc[s];
            if t.in_window {
                a.entered += 1;
                a.wait.push(stats::to_secs(t.wait));
                a.active.push(stats::to_secs(t.active));
                let time = t.wait + t.active;
                // Ties: the item added first wins, so the list does not depend on transition order.
                let key_rank = -(i as i64);
                if a.slowest.len() < SLOWEST_LISTED {
                    a.slowest.push(Reverse((time, key_rank, i as ItemIx)));
                } else if a
                    .slowest
                    .peek()
                    .is_some_and(|Reverse(min)| (time, key_rank) > (min.0, min.1))
                {
                    a.slowest.pop();
                    a.slowest.push(Reverse((time, key_rank, i as ItemIx)));
                }
                if let Some(exit) = t.last_exit.filter(|x| *x < end) {
                    let back = (end - 1 - exit) / WEEK_MS;
                    if back < TREND_WEEKS {
                        a.trend.push((back as u8, stats::to_secs(time)));
                    }
                }
                if t.entries > 1 {
                    a.reentered += 1;
                }
                if t.exits > 0 {
                    a.left += 1;
                    if t.entries == 1 && t.first_exit_forward == Some(true) {
                        a.left_forward_once += 1;
                    }
                }
            }
            a.wait_total += t.wait;
            a.active_total += t.active;
            a.throughput += t.forward_exits_in_window.min(1) as u64;
            tally[s] = StageTally::EMPTY;
        }
        touched.clear();

        // Flow efficiency: completed items (whole history), or every item's time in the window.
        let counts_for_efficiency = if during {
            item_active + item_wait > 0
        } else {
            completed_in_window
        };
        if let (true, Some(done)) = (completed_in_window, completed_at) {
            if done < end {
                let back = (end - 1 - done) / WEEK_MS;
                if back < TREND_WEEKS {
                    recent.push((
                        back as u8,
                        work_start.map(|ws| done - ws),
                        item_active,
                        item_active + item_wait,
                        ty,
                    ));
                }
            }
        }
        if counts_for_efficiency {
            eff_active += item_active as i128;
            eff_total += (item_active + item_wait) as i128;
            if item_active + item_wait > 0 {
                efficiencies.push(item_active as f64 / (item_active + item_wait) as f64);
            }
        }
    }

    // Assemble.
    let days = span as f64 / DAY_MS as f64;
    let weeks = span as f64 / WEEK_MS as f64;
    let series = |diff: &[i64]| -> Vec<LoadPoint> {
        let mut running = 0i64;
        (0..n_days)
            .map(|d| {
                running += diff[d];
                LoadPoint {
                    at: ts(first_sample + d as i64 * DAY_MS),
                    load: running.max(0) as u64,
                }
            })
            .collect()
    };
    let average = |t: i64| {
        if span > 0 {
            t as f64 / span as f64
        } else {
            0.0
        }
    };
    let all_wait: i64 = acc.iter().map(|a| a.wait_total).sum::<i64>() + unmapped_wait;

    let mut stages: Vec<StageMetrics> = Vec::with_capacity(n_stages);
    for (s, a) in acc.iter_mut().enumerate() {
        let st = &model.stages[s];
        // Time in stage per item = its waiting + active parts (same order in both vectors).
        let mut per_item: Vec<u32> = a
            .wait
            .iter()
            .zip(&a.active)
            .map(|(w, x)| w.saturating_add(*x))
            .collect();
        let histogram = stats::duration_histogram(&per_item);
        let time = stats::durations(&mut per_item);
        drop(per_item);
        let waiting = stats::durations(&mut a.wait);
        let active = stats::durations(&mut a.active);
        let inside_now = a.inside.len() as u64;
        let take = AGING_LISTED.min(a.inside.len());
        if take > 0 && take < a.inside.len() {
            a.inside
                .select_nth_unstable_by(take - 1, |x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        }
        let mut oldest: Vec<_> = a.inside[..take].to_vec();
        oldest.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        let aging = oldest
            .into_iter()
            .map(|(age, item, key, ws)| AgingItem {
                key: data.item_key(item).to_string(),
                title: data.item_title(item).to_string(),
                source: data.item_source(item).to_string(),
                flow_item_type: data.item_type(item),
                state: data.states[key as usize].1.clone(),
                age_in_stage_secs: age as f64 / 1000.0,
                age_since_start_secs: ws.map(|w| (now - w) as f64 / 1000.0),
            })
            .collect();
        let mut slowest: Vec<(i64, i64, ItemIx)> = std::mem::take(&mut a.slowest)
            .into_iter()
            .map(|Reverse(x)| x)
            .collect();
        slowest.sort_by(|x, y| y.cmp(x));
        let slowest = slowest
            .into_iter()
            .map(|(time, _, item)| SlowItem {
                key: data.item_key(item).to_string(),
                title: data.item_title(item).to_string(),
                source: data.item_source(item).to_string(),
                flow_item_type: data.item_type(item),
                time_secs: time as f64 / 1000.0,
            })
            .collect();
        let trend = (0..TREND_WEEKS)
            .rev()
            .map(|back| {
                let mut times: Vec<u32> = a
                    .trend
                    .iter()
                    .filter(|(b, _)| i64::from(*b) == back)
                    .map(|(_, t)| *t)
                    .collect();
                TrendPoint {
                    start: ts(end - (back + 1) * WEEK_MS),
                    time: stats::durations(&mut times),
                }
            })
            // Weeks that overlap the window.
            .filter(|p| p.start.timestamp_millis() + WEEK_MS > origin)
            .collect();
        let measured_ca = (a.left > 0).then(|| a.left_forward_once as f64 / a.left as f64);
        let figure = |measured: Option<f64>, estimate: Option<f64>| match (measured, estimate) {
            (Some(v), _) => Figure {
                value: Some(v),
                source: FigureSource::Measured,
            },
            (None, Some(v)) => Figure {
                value: Some(v),
                source: FigureSource::Estimate,
            },
            (None, None) => Figure {
                value: None,
                source: FigureSource::None,
            },
        };
        let est = &st.estimates;
        stages.push(StageMetrics {
            id: st.id,
            name: st.name.clone(),
            order: s as u32,
            entered: a.entered,
            inside_now,
            aging,
            process_time: figure(active.mean, est.process_time_secs.map(|v| v as f64)),
            lead_time: figure(time.mean, est.lead_time_secs.map(|v| v as f64)),
            complete_accurate_figure: figure(measured_ca, est.complete_accurate),
            time,
            waiting,
            active,
            histogram,
            waiting_total_secs: a.wait_total as f64 / 1000.0,
            active_total_secs: a.active_total as f64 / 1000.0,
            throughput: a.throughput,
            throughput_per_week: if weeks > 0.0 {
                a.throughput as f64 / weeks
            } else {
                0.0
            },
            reentry_rate: (a.entered > 0).then(|| a.reentered as f64 / a.entered as f64),
            complete_accurate: measured_ca,
            bottleneck_score: if all_wait > 0 {
                a.wait_total as f64 / all_wait as f64
            } else {
                0.0
            },
            bottleneck_rank: 0,
            load_current: inside_now,
            load_average: average(a.load_time),
            load_daily: series(&a.load_diff),
            slowest,
            trend,
        });
    }
    let mut ranked: Vec<usize> = (0..stages.len()).collect();
    ranked.sort_by(|x, y| {
        let (a, b) = (&stages[*x], &stages[*y]);
        b.bottleneck_score
            .total_cmp(&a.bottleneck_score)
            .then(b.load_current.cmp(&a.load_current))
            .then(x.cmp(y))
    });
    for (rank, s) in ranked.iter().enumerate() {
        stages[*s].bottleneck_rank = rank as u32 + 1;
    }
    let bottlenecks = ranked.iter().map(|s| stages[*s].id).collect();

    let handoffs: Vec<HandoffWait> = handoff_waits
        .into_iter()
        .enumerate()
        .filter(|(_, waits)| !waits.is_empty())
        .map(|(ix, mut waits)| {
            let (from, to) = (ix / n_stages, ix % n_stages);
            HandoffWait {
                from: model.stages[from].id,
                to: model.stages[to].id,
                rework: to < from,
                wait: stats::durations(&mut waits),
            }
        })
        .collect();
    let cfd = {
        let mut arrived = vec![0i64; acc.len()];
        let mut done = 0i64;
        (0..n_days)
            .map(|d| {
                for (s, a) in acc.iter().enumerate() {
                    arrived[s] += a.arrival_diff[d];
                }
                done += done_diff[d];
                CfdPoint {
                    at: ts(first_sample + d as i64 * DAY_MS),
                    arrived: arrived.iter().map(|n| *n as u64).collect(),
                    done: done as u64,
                }
            })
            .collect()
    };
    let load_series = series(&load_diff);
    let flow_trend = (0..TREND_WEEKS)
        .rev()
        .map(|back| {
            let start = end - (back + 1) * WEEK_MS;
            let mut completed = TypeCounts::default();
            let mut times: Vec<i64> = Vec::new();
            let (mut active, mut total) = (0i128, 0i128);
            for (b, ft, a, t, ty) in &recent {
                if i64::from(*b) == back {
                    add_type(&mut completed, *ty);
                    times.extend(ft);
                    active += *a as i128;
                    total += *t as i128;
                }
            }
            let samples: Vec<u64> = load_series
                .iter()
                .filter(|p| {
                    let at = p.at.timestamp_millis();
                    at >= start && at < start + WEEK_MS
                })
                .map(|p| p.load)
                .collect();
            FlowPeriod {
                start: ts(start),
                completed,
                flow_time: stats::durations(&mut times),
                efficiency: (total > 0).then(|| active as f64 / total as f64),
                load_average: (!samples.is_empty())
                    .then(|| samples.iter().sum::<u64>() as f64 / samples.len() as f64),
            }
        })
        // Weeks that overlap the window.
        .filter(|p| p.start.timestamp_millis() + WEEK_MS > origin)
        .collect();
    let ladder = ladder(model, &stages);
    let flow_time_histogram = stats::duration_histogram(&flow_times);
    let mean_flow_time_days = (!flow_times.is_empty())
        .then(|| flow_time_sum as f64 / flow_times.len() as f64 / DAY_MS as f64);
    let flow_time = stats::durations(&mut flow_times);
    let efficiency_histogram = stats::ratio_histogram(&efficiencies);
    let flow_efficiency = FlowEfficiency {
        aggregate: (eff_total > 0).then(|| eff_active as f64 / eff_total as f64),
        per_item: stats::reals(&mut efficiencies),
        histogram: efficiency_histogram,
    };
    let load_average = average(load_time);
    let throughput_per_day = if days > 0.0 {
        counts.completed as f64 / days
    } else {
        0.0
    };
    let predicted = mean_flow_time_days.map(|w| throughput_per_day * w);
    let littles_law = LittlesLaw {
        average_load: load_average,
        throughput_per_day,
        average_flow_time_days: mean_flow_time_days,
        predicted_load: predicted,
        ratio: predicted.filter(|p| *p > 0.0).map(|p| load_average / p),
    };
    let mut completed_types = TypeCounts::default();
    for (_, t) in &completions {
        add_type(&mut completed_types, *t);
    }
    let unmapped_states = model
        .key_stage
        .iter()
        .enumerate()
        .filter(|(k, s)| **s == NO_STAGE && is_flow(model.key_category[*k]) && key_items[*k] > 0)
        .map(|(k, _)| {
            let (src, name) = &data.states[k];
            UnmappedState {
                source: data.sources[*src as usize].clone(),
                state: name.clone(),
                category: model.key_category[k],
                items: key_items[k],
                time_secs: key_time[k] as f64 / 1000.0,
            }
        })
        .collect();

    Ok(Metrics {
        window: WindowInfo {
            kind: query.window,
            from: query.from.map(ts),
            to: ts(to),
            now: ts(now),
            flow_item_type: query.flow_item_type,
            days,
        },
        items: counts,
        flow_time,
        flow_time_histogram,
        flow_efficiency,
        flow_load: FlowLoad {
            current: in_progress_types.total,
            average: load_average,
            daily: load_series,
        },
        flow_velocity: velocity(&completions),
        flow_distribution: FlowDistribution {
            completed: shares(completed_types),
            in_progress: shares(in_progress_types),
        },
        stages,
        bottlenecks,
        unmapped_waiting_share: if all_wait > 0 {
            unmapped_wait as f64 / all_wait as f64
        } else {
            0.0
        },
        ladder,
        littles_law,
        unmapped_states,
        handoffs,
        cfd,
        flow_time_points: points,
        flow_trend,
    })
}

/// Per item, whether it was in one of the query's `through_stages` (Waiting or Active in it) at
/// some time up to `now`; `None` when the query has no such filter. One pass over the
/// transitions.
fn through_stages(data: &Dataset, model: &StageModel, query: &Query) -> Option<Vec<bool>> {
    let wanted = query.through_stages.as_ref()?;
    let stage_ok: Vec<bool> = model
        .stages
        .iter()
        .map(|s| wanted.contains(&s.id))
        .collect();
    let key_ok: Vec<bool> = (0..model.key_stage.len())
        .map(|k| {
            let s = model.key_stage[k];
            s != NO_STAGE && is_flow(model.key_category[k]) && stage_ok[s as usize]
        })
        .collect();
    let now = query.now;
    Some(
        (0..data.item_count())
            .map(|i| {
                let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
                if a == b || data.at[a] > now {
                    return false;
                }
                let before = data
                    .prior_state(a)
                    .is_some_and(|k| data.item_created[i] < data.at[a] && key_ok[k as usize]);
                before
                    || (a..b)
                        .take_while(|j| data.at[*j] <= now)
                        .any(|j| key_ok[data.to[j] as usize])
            })
            .collect(),
    )
}

/// Totals of every (source, state) pair over all items, intervals closed at `now`.
pub fn state_totals(data: &Dataset, now: i64) -> Vec<StateTotals> {
    let n_keys = data.states.len();
    let mut time = vec![0i64; n_keys];
    let mut items = vec![0u64; n_keys];
    let mut seen = vec![u32::MAX; n_keys];
    for i in 0..data.item_count() {
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        if a < b {
            if let Some(k) = data.prior_state(a) {
                let created = data.item_created[i];
                if created < data.at[a] && data.at[a] <= now {
                    time[k as usize] += data.at[a] - created;
                    if seen[k as usize] != i as u32 {
                        seen[k as usize] = i as u32;
                        items[k as usize] += 1;
                    }
                }
            }
        }
        for j in a..b {
            if data.at[j] > now {
                break;
            }
            let k = data.to[j] as usize;
            let next = if j + 1 < b {
                data.at[j + 1].min(now)
            } else {
                now
            };
            time[k] += next - data.at[j];
            if seen[k] != i as u32 {
                seen[k] = i as u32;
                items[k] += 1;
            }
        }
    }
    data.state_keys()
        .map(|(k, source, state)| StateTotals {
            source: source.to_string(),
            state: state.to_string(),
            items: items[k as usize],
            time_secs: time[k as usize] as f64 / 1000.0,
        })
        .collect()
}

fn midnight(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .expect("the first of a month exists")
}

fn add_type(c: &mut TypeCounts, t: FlowItemType) {
    match t {
        FlowItemType::Feature => c.feature += 1,
        FlowItemType::Defect => c.defect += 1,
        FlowItemType::Risk => c.risk += 1,
        FlowItemType::Debt => c.debt += 1,
    }
    c.total += 1;
}

fn shares(counts: TypeCounts) -> TypeShares {
    let share = |n: u64| {
        if counts.total > 0 {
            n as f64 / counts.total as f64
        } else {
            0.0
        }
    };
    TypeShares {
        feature: share(counts.feature),
        defect: share(counts.defect),
        risk: share(counts.risk),
        debt: share(counts.debt),
        counts,
    }
}

/// A calendar period: its first instant, the next period's, and its label.
type Period = (i64, i64, String);

fn week_of(at: i64) -> Period {
    // 1970-01-05 was a Monday.
    const MONDAY: i64 = 4 * DAY_MS;
    let start = (at - MONDAY).div_euclid(WEEK_MS) * WEEK_MS + MONDAY;
    let w = ts(start).iso_week();
    (
        start,
        start + WEEK_MS,
        format!("{}-W{:02}", w.year(), w.week()),
    )
}

fn month_of(at: i64) -> Period {
    let t = ts(at);
    let start = midnight(t.year(), t.month(), 1);
    let next = if t.month() == 12 {
        midnight(t.year() + 1, 1, 1)
    } else {
        midnight(t.year(), t.month() + 1, 1)
    };
    (
        start.timestamp_millis(),
        next.timestamp_millis(),
        format!("{}-{:02}", t.year(), t.month()),
    )
}

fn quarter_of(at: i64) -> Period {
    let t = ts(at);
    let q = (t.month() - 1) / 3;
    let start = midnight(t.year(), q * 3 + 1, 1);
    let next = if q == 3 {
        midnight(t.year() + 1, 1, 1)
    } else {
        midnight(t.year(), q * 3 + 4, 1)
    };
    (
        start.timestamp_millis(),
        next.timestamp_millis(),
        format!("{}-Q{}", t.year(), q + 1),
    )
}

/// Completions per ISO week (from Monday), calendar month and quarter, in time order. Each
/// completion is placed by comparing with the period last used, so calendar arithmetic runs
/// once per period, not once per item.
fn velocity(completions: &[(i64, FlowItemType)]) -> FlowVelocity {
    let bucket = |period_of: fn(i64) -> Period| -> Vec<PeriodCount> {
        let mut periods: Vec<PeriodCount> = Vec::new();
        let mut index: std::collections::HashMap<i64, usize> = Default::default();
        let mut current: Option<(i64, i64, usize)> = None;
        for (at, t) in completions {
            let ix = match current {
                Some((s, e, ix)) if *at >= s && *at < e => ix,
                _ => {
                    let (s, e, label) = period_of(*at);
                    let ix = *index.entry(s).or_insert_with(|| {
                        periods.push(PeriodCount {
                            start: ts(s),
                            label,
                            completed: TypeCounts::default(),
                        });
                        periods.len() - 1
                    });
                    current = Some((s, e, ix));
                    ix
                }
            };
            add_type(&mut periods[ix].completed, *t);
        }
        periods.sort_by_key(|p| p.start);
        periods
    };
    FlowVelocity {
        weekly: bucket(week_of),
        monthly: bucket(month_of),
        quarterly: bucket(quarter_of),
    }
}

/// The timeline ladder along the critical path, weighted by lead time (measured mean, or the
/// workshop estimate).
fn ladder(model: &StageModel, stages: &[StageMetrics]) -> Ladder {
    let by_id: std::collections::HashMap<_, _> = stages.iter().map(|s| (s.id, s)).collect();
    let path = model.map.critical_path(|st| {
        by_id
            .get(&st.id)
            .and_then(|m| m.lead_time.value)
            .unwrap_or(0.0)
    });
    let mut rungs = Vec::new();
    let (mut pt, mut lt) = (0.0, 0.0);
    let mut rolled: Option<f64> = None;
    let mut missing_ca = 0;
    for id in path {
        let Some(m) = by_id.get(&id) else { continue };
        let est = &model.stages[m.order as usize].estimates;
        pt += m.process_time.value.unwrap_or(0.0);
        lt += m.lead_time.value.unwrap_or(0.0);
        match m.complete_accurate_figure.value {
            Some(ca) => rolled = Some(rolled.unwrap_or(1.0) * ca),
            None => missing_ca += 1,
        }
        rungs.push(LadderRung {
            stage: id,
            name: m.name.clone(),
            process_time: m.process_time.clone(),
            lead_time: m.lead_time.clone(),
            waiting_secs: match (m.lead_time.value, m.process_time.value) {
                (Some(l), Some(p)) => Some((l - p).max(0.0)),
                _ => None,
            },
            complete_accurate: m.complete_accurate_figure.clone(),
            estimate_process_secs: est.process_time_secs.map(|v| v as f64),
            estimate_lead_secs: est.lead_time_secs.map(|v| v as f64),
        });
    }
    Ladder {
        basis: "mean".to_string(),
        rungs,
        total_process_secs: pt,
        total_lead_secs: lt,
        activity_ratio: (lt > 0.0).then(|| pt / lt),
        rolled_complete_accurate: rolled,
        rungs_without_complete_accurate: missing_ca,
    }
}
