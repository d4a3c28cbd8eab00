//! Flow time: completed − work start, per item completed in the window; its distribution,
//! histogram, mean and the scatterplot's points (`docs/metrics.md`, "Per item" and "Flow
//! metrics").

use super::walk::{Accumulator, Item};
use super::window::{ts, DAY_MS};
use crate::dataset::Dataset;
use crate::report::{Distribution, FlowTimePoint, HistogramBin};
use crate::stats;

pub(crate) struct FlowTimes<'a> {
    data: &'a Dataset,
    /// Milliseconds, in item order.
    times: Vec<i64>,
    sum: i128,
    /// Whether to list every item's point.
    include_points: bool,
    points: Vec<FlowTimePoint>,
}

/// The flow time figures.
pub(crate) struct FlowTimeFigures {
    pub distribution: Distribution,
    pub histogram: Vec<HistogramBin>,
    pub mean_days: Option<f64>,
    pub points: Vec<FlowTimePoint>,
}

impl<'a> FlowTimes<'a> {
    pub fn new(data: &'a Dataset, include_points: bool) -> Self {
        FlowTimes {
            data,
            // The last compute's buffer, its pages mapped already (`spare`).
            times: super::spare::take(0),
            sum: 0,
            include_points,
            points: Vec::new(),
        }
    }

    pub fn finish(mut self) -> FlowTimeFigures {
        let histogram = stats::duration_histogram(&self.times);
        let mean_days = (!self.times.is_empty())
            .then(|| self.sum as f64 / self.times.len() as f64 / DAY_MS as f64);
        let distribution = stats::durations(&mut self.times);
        super::spare::give(self.times);
        FlowTimeFigures {
            distribution,
            histogram,
            mean_days,
            points: self.points,
        }
    }
}

impl Accumulator for FlowTimes<'_> {
    #[inline]
    fn item(&mut self, item: &Item) {
        if !item.completed_in_window {
            return;
        }
        let Some(ws) = item.work_start else { return };
        let done = item.completed_at.unwrap_or_default();
        let ft = done - ws;
        self.times.push(ft);
        self.sum += ft as i128;
        if self.include_points {
            self.points.push(FlowTimePoint {
                key: self.data.item_key(item.ix).to_string(),
                flow_item_type: item.flow_item_type,
                completed_at: ts(done),
                flow_time_secs: ft as f64 / 1000.0,
            });
        }
    }
}
