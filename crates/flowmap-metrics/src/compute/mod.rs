//! The engine: one walk over every selected item's intervals ([`walk`]) feeds one accumulator
//! per figure; each figure's module then turns its accumulator into what `Metrics` reports.
//! Order statistics by selection (`stats`). Every figure is defined in `docs/metrics.md`.
//!
//! Where each figure is computed:
//!
//! | module | figures |
//! |---|---|
//! | `query` | the query, and the checks it passes |
//! | `select` | which items count (type, sources, stages filters) |
//! | `window` | the span measured, daily samples, clipping |
//! | `walk` | the interval walk and what every figure shares of an item |
//! | `items` | item counts |
//! | `flow_time` | flow time, its histogram, mean, scatterplot points |
//! | `efficiency` | flow efficiency |
//! | `load` | flow load of the stream and of each stage |
//! | `velocity`, `distribution` | flow velocity, flow distribution |
//! | `stages`, `slowest`, `aging`, `stage_metrics` | the per-stage figures |
//! | `bottleneck` | bottleneck score and ranking |
//! | `handoffs` | waits after handoffs |
//! | `cfd` | cumulative flow diagram |
//! | `trend` | the weekly flow trend and stage trends |
//! | `unmapped` | states in no stage |
//! | `ladder` | timeline ladder |
//! | `ladder_path` | the ladder's path: the chain of handoffs with the most item moves |
//! | `little` | Little's law check |
//! | `histories` | each item on its own: the Items list's facts and an item's timeline |
//! | `spare` | per-stage value buffers kept from one compute to the next (no fresh pages) |
//! | `records` | per-item records of what a `completed` window counts, kept per (data, model) |
//! | `totals` | per-state totals for the mapping review (a pass of its own) |

mod aging;
mod bottleneck;
mod cfd;
mod distribution;
mod efficiency;
mod flow_time;
mod handoffs;
mod histories;
mod items;
mod ladder;
mod ladder_path;
mod little;
mod load;
mod query;
mod records;
mod select;
mod slowest;
mod spare;
mod stage_metrics;
mod stages;
mod totals;
mod trend;
mod unmapped;
mod velocity;
mod walk;
mod window;

pub use histories::{item_facts, item_facts_of, item_timeline, ItemFacts, TimelineStep};
pub use query::{Query, QueryError};
pub(crate) use records::RecordCache;
pub use totals::{state_totals, states_of_flow_items};

use crate::dataset::Dataset;
use crate::model::StageModel;
use crate::report::*;
use flowmap_core::StateCategory;
use stage_metrics::{stage_metrics, StageParts};
use stages::Tally;
use walk::{Accumulator, Item, ItemTime, Places, Progress, Step};
use window::{ts, Window};

/// Whether a state counts as being in flow: Waiting or Active.
#[inline]
pub(crate) fn is_flow(c: StateCategory) -> bool {
    matches!(c, StateCategory::Waiting | StateCategory::Active)
}

/// Whether a state ends an item: Done or Canceled.
#[inline]
pub(crate) fn is_end(c: StateCategory) -> bool {
    matches!(c, StateCategory::Done | StateCategory::Canceled)
}

/// Computes every figure for `query`. Pure: the same data, model and query give the same result.
/// In a `completed` window, items that ended by `now` come from their records (`records`),
/// built on the first such compute for the model and kept with `data`.
pub fn compute(data: &Dataset, model: &StageModel, query: &Query) -> Result<Metrics, QueryError> {
    compute_with(data, model, query, true)
}

/// [`compute`], with the items' records or walking every item's intervals.
fn compute_with(
    data: &Dataset,
    model: &StageModel,
    query: &Query,
    use_records: bool,
) -> Result<Metrics, QueryError> {
    query::validate(query)?;
    let selection = select::Selection::new(data, model, query);
    let places = Places::new(model);
    let records = (use_records && query.window != WindowKind::During)
        .then(|| records::records_for(data, &places, model.stages.len(), &model.flow_items))
        .flatten();
    let to = query.to.unwrap_or(query.now);
    let origin = query.from.unwrap_or_else(|| {
        if selection.selects_all() {
            // Every item: the earliest event is kept with the data, no pass over the items.
            RecordCache::earliest_event(data).unwrap_or(to).min(to)
        } else {
            selection.earliest_event(to)
        }
    });
    let window = Window::new(query, origin);
    // Every recorded flow item in scope and no other item: the per-stage values and handoff
    // waits are the records' own, kept sorted.
    let sorted = records.as_deref().and_then(|r| {
        r.sorted_for(
            &window,
            selection.selects_every_flow_item(),
            &model.flow_items,
        )
    });
    let mut figures = Figures::new(data, model, query, window, sorted.is_none());
    if let (Some(r), None) = (&records, sorted) {
        figures.handoffs.reserve(r.handoff_counts());
    }
    walk::walk(
        data,
        &places,
        &selection,
        &window,
        &mut figures,
        records.as_deref(),
    );
    Ok(figures.finish(data, model, query, sorted))
}

/// Every figure's accumulator, fed by one walk.
struct Figures<'a> {
    window: Window,
    items: items::Items,
    completions: velocity::Completions,
    flow_time: flow_time::FlowTimes<'a>,
    efficiency: efficiency::Efficiency,
    load: load::Load,
    cfd: cfd::Cfd,
    aging: aging::Aging,
    stages: stages::Stages,
    handoffs: handoffs::Handoffs,
    unmapped: unmapped::Unmapped,
    trend: trend::FlowTrend,
    /// Whether the per-stage values and handoff waits are collected (else they are the
    /// records' sorted ones).
    collect: bool,
}

impl<'a> Figures<'a> {
    fn new(
        data: &'a Dataset,
        model: &StageModel,
        query: &Query,
        window: Window,
        collect: bool,
    ) -> Self {
        let n_stages = model.stages.len();
        Figures {
            window,
            items: items::Items::default(),
            completions: velocity::Completions::default(),
            flow_time: flow_time::FlowTimes::new(data, query.include_points),
            efficiency: efficiency::Efficiency::new(window.during),
            load: load::Load::new(window, n_stages),
            cfd: cfd::Cfd::new(window, n_stages),
            aging: aging::Aging::new(window.now, n_stages),
            stages: stages::Stages::new(window, n_stages, data.item_count(), collect),
            handoffs: handoffs::Handoffs::new(n_stages),
            unmapped: unmapped::Unmapped::new(model.key_stage.len()),
            trend: trend::FlowTrend::new(window),
            collect,
        }
    }

    /// Turns the accumulators into the figures.
    fn finish(
        self,
        data: &Dataset,
        model: &StageModel,
        query: &Query,
        sorted: Option<&records::Sorted>,
    ) -> Metrics {
        let window = self.window;
        let (items, in_progress) = self.items.finish();
        let completed_items = items.completed;
        let (flow_velocity, completed) = self.completions.finish();
        let flow_time = self.flow_time.finish();
        let (stream_load, stage_loads) = self.load.finish();
        let times = self.stages.finish();
        let (unmapped_states, unmapped_wait) = self.unmapped.finish(data, model);
        let all_wait: i64 = times.iter().map(|a| a.wait_total).sum::<i64>() + unmapped_wait;
        let parts = times
            .into_iter()
            .zip(stage_loads)
            .zip(self.aging.finish(data))
            .enumerate()
            .map(|(s, ((times, load), aging))| StageParts {
                times,
                load,
                aging,
                sorted: sorted.map(|v| &v.stages[s]),
            });
        let mut stages: Vec<StageMetrics> = parts
            .enumerate()
            .map(|(s, p)| stage_metrics(data, &window, s, &model.stages[s], p, all_wait))
            .collect();
        let bottlenecks = bottleneck::rank(&mut stages);
        let flow_trend = self.trend.finish(&stream_load.daily);
        let handoffs = self.handoffs.finish(model, sorted.map(|v| &v.handoffs[..]));
        Metrics {
            window: WindowInfo {
                kind: query.window,
                from: query.from.map(ts),
                to: ts(window.to),
                now: ts(window.now),
                flow_item_type: query.flow_item_type,
                days: window.days(),
            },
            items,
            flow_time: flow_time.distribution,
            flow_time_histogram: flow_time.histogram,
            flow_efficiency: self.efficiency.finish(),
            flow_load: FlowLoad {
                current: in_progress.total,
                average: stream_load.average,
                daily: stream_load.daily,
            },
            flow_velocity,
            flow_distribution: FlowDistribution {
                completed: distribution::shares(completed),
                in_progress: distribution::shares(in_progress),
            },
            ladder: ladder::ladder(model, &stages, &handoffs),
            stages,
            bottlenecks,
            unmapped_waiting_share: bottleneck::share(unmapped_wait, all_wait),
            littles_law: little::littles_law(
                stream_load.average,
                completed_items,
                window.days(),
                flow_time.mean_days,
            ),
            unmapped_states,
            handoffs,
            cfd: self.cfd.finish(),
            flow_time_points: flow_time.points,
            flow_trend,
        }
    }
}

/// Feeds the walk to every figure's accumulator, in a fixed order.
impl Accumulator for Figures<'_> {
    #[inline(always)]
    fn item(&mut self, item: &Item) {
        self.items.item(item);
        self.completions.item(item);
        self.flow_time.item(item);
        self.cfd.item(item);
        self.aging.item(item);
    }

    #[inline(always)]
    fn in_progress(&mut self, item: &Item, interval: &Progress) {
        self.load.in_progress(item, interval);
        self.cfd.in_progress(item, interval);
    }

    #[inline(always)]
    fn interval(&mut self, item: &Item, step: &Step) {
        self.unmapped.interval(item, step);
        self.handoffs.interval(item, step);
        self.stages.interval(item, step);
    }

    #[inline(always)]
    fn stage_run(&mut self, item: &Item, run: &Progress) {
        self.load.stage_run(run);
        self.cfd.in_progress(item, run);
    }

    #[inline(always)]
    fn stream_run(&mut self, _item: &Item, from: i64, to: i64) {
        self.load.stream_run(from, to);
    }

    #[inline(always)]
    fn stage_tally(&mut self, item: &Item, stage: usize, tally: &Tally) {
        self.stages.recorded(item.ix, stage, tally);
    }

    #[inline(always)]
    fn handoff_wait(&mut self, from: usize, to: usize, secs: u32) {
        if self.collect {
            self.handoffs.push(from, to, secs);
        }
    }

    #[inline(always)]
    fn unmapped_time(&mut self, item: &Item, key: usize, ms: i64, waiting: bool) {
        self.unmapped.recorded(item.ix, key, ms, waiting);
    }

    #[inline(always)]
    fn item_done(&mut self, item: &Item, time: ItemTime) {
        self.stages.item_done(item, time);
        self.handoffs.item_done(item, time);
        self.efficiency.item_done(item, time);
        self.trend.item_done(item, time);
        self.cfd.item_done(item, time);
    }
}
