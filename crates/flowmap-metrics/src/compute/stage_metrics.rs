//! Each stage's figures put together: time in stage, waiting and active distributions, counts,
//! rates, efficiency, load, aging, slowest, trend, bottleneck score and the classic VSM figures
//! with the workshop estimate as fallback (`docs/metrics.md`, "Per stage" and "Classic VSM").

use super::aging::StageAging;
use super::bottleneck;
use super::efficiency::stage_efficiency;
use super::load::LoadFigures;
use super::records::StageValues;
use super::spare;
use super::stages::StageTimes;
use super::trend::stage_trend;
use super::window::Window;
use crate::dataset::Dataset;
use crate::model::ModelStage;
use crate::report::{Figure, FigureSource, StageMetrics};
use crate::stats;

/// What one stage's figures are made of.
pub(crate) struct StageParts<'a> {
    pub times: StageTimes,
    pub load: LoadFigures,
    pub aging: StageAging,
    /// The stage's values over every recorded item, sorted, when they are what `times` would
    /// have collected (`records::Sorted`): `times` then holds none.
    pub sorted: Option<&'a StageValues>,
}

/// A classic VSM figure: measured when there is a measurement, else the workshop estimate.
fn figure(measured: Option<f64>, estimate: Option<f64>) -> Figure {
    match (measured, estimate) {
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
    }
}

/// The figures of stage `order` (its flow-order position). `all_wait` is every stage's waiting
/// time plus waiting in no stage (ms). The rank is set later (`bottleneck::rank`).
pub(crate) fn stage_metrics(
    data: &Dataset,
    window: &Window,
    order: usize,
    stage: &ModelStage,
    parts: StageParts<'_>,
    all_wait: i64,
) -> StageMetrics {
    let StageParts {
        times: mut a,
        load,
        aging,
        sorted,
    } = parts;
    let (histogram, time, waiting, active) = match sorted {
        Some(v) => (
            stats::sorted_duration_histogram(&v.time.values),
            stats::sorted_durations(&v.time.values, v.time.sum),
            stats::sorted_durations(&v.wait.values, v.wait.sum),
            stats::sorted_durations(&v.active.values, v.active.sum),
        ),
        None => {
            // Time in stage per item = its waiting + active parts (same order in both vectors).
            let mut per_item = spare::take(a.wait.len());
            per_item.extend(
                a.wait
                    .iter()
                    .zip(&a.active)
                    .map(|(w, x)| w.saturating_add(*x)),
            );
            let histogram = stats::duration_histogram(&per_item);
            let time = stats::durations(&mut per_item);
            spare::give(per_item);
            let waiting = stats::durations(&mut a.wait);
            let active = stats::durations(&mut a.active);
            spare::give(std::mem::take(&mut a.wait));
            spare::give(std::mem::take(&mut a.active));
            (histogram, time, waiting, active)
        }
    };
    let measured_ca = (a.left > 0).then(|| a.left_forward_once as f64 / a.left as f64);
    let weeks = window.weeks();
    let est = &stage.estimates;
    StageMetrics {
        id: stage.id,
        name: stage.name.clone(),
        order: order as u32,
        entered: a.entered,
        inside_now: aging.inside_now,
        aging: aging.oldest,
        process_time: figure(active.mean, est.process_time_secs.map(|v| v as f64)),
        lead_time: figure(time.mean, est.lead_time_secs.map(|v| v as f64)),
        complete_accurate_figure: figure(measured_ca, est.complete_accurate),
        time,
        waiting,
        active,
        histogram,
        waiting_total_secs: a.wait_total as f64 / 1000.0,
        active_total_secs: a.active_total as f64 / 1000.0,
        efficiency: stage_efficiency(a.active_total, a.wait_total),
        waiting_share: stage_efficiency(a.wait_total, a.active_total),
        throughput: a.throughput,
        throughput_per_week: if weeks > 0.0 {
            a.throughput as f64 / weeks
        } else {
            0.0
        },
        reentry_rate: (a.entered > 0).then(|| a.reentered as f64 / a.entered as f64),
        complete_accurate: measured_ca,
        bottleneck_score: bottleneck::share(a.wait_total, all_wait),
        bottleneck_rank: 0,
        load_current: aging.inside_now,
        load_average: load.average,
        load_daily: load.daily,
        slowest: a.slowest.finish(data),
        trend: stage_trend(window, &a.trend),
    }
}
