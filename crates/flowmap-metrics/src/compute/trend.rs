//! Weekly trends over the window's last 12 weeks: the five flow metrics (`flow_trend`) and each
//! stage's time in stage (`trend`) (`docs/metrics.md`, "Flow trend" and "Per stage").

use super::distribution::add_type;
use super::walk::{Accumulator, Item, ItemTime};
use super::window::{ts, Window, WEEK_MS};
use crate::report::{FlowPeriod, LoadPoint, TrendPoint, TypeCounts};
use crate::stats;
use chrono::{DateTime, Utc};
use flowmap_core::FlowItemType;

/// How many weeks the trends cover.
const TREND_WEEKS: i64 = 12;

/// The trend week of instant `t` (0: the week ending at the window's end), when `t` is before the
/// end and within the last [`TREND_WEEKS`].
#[inline]
pub(crate) fn trend_week(window: &Window, t: i64) -> Option<u8> {
    if t >= window.end {
        return None;
    }
    let back = (window.end - 1 - t) / WEEK_MS;
    (back < TREND_WEEKS).then_some(back as u8)
}

/// The trend's weeks that overlap the window, oldest first: (weeks before the end, first
/// instant in milliseconds and as a date).
fn weeks(window: &Window) -> impl Iterator<Item = (u8, i64, DateTime<Utc>)> + '_ {
    (0..TREND_WEEKS)
        .rev()
        .map(|back| {
            let start = window.end - (back + 1) * WEEK_MS;
            (back as u8, start, ts(start))
        })
        .filter(|(_, _, start)| start.timestamp_millis() + WEEK_MS > window.origin)
}

/// A stage's trend from (week, time in stage) of the items that last left it in each week.
pub(crate) fn stage_trend(window: &Window, samples: &[(u8, u32)]) -> Vec<TrendPoint> {
    weeks(window)
        .map(|(back, _, start)| {
            let mut times: Vec<u32> = samples
                .iter()
                .filter(|(b, _)| *b == back)
                .map(|(_, t)| *t)
                .collect();
            TrendPoint {
                start,
                time: stats::durations(&mut times),
            }
        })
        .collect()
}

/// A completion in the trend's weeks.
struct Recent {
    week: u8,
    /// Milliseconds, when the item has one.
    flow_time: Option<i64>,
    active: i64,
    /// Active + waiting.
    total: i64,
    flow_item_type: FlowItemType,
}

/// The flow metrics per week, from the items completed in the window.
pub(crate) struct FlowTrend {
    window: Window,
    recent: Vec<Recent>,
}

impl FlowTrend {
    pub fn new(window: Window) -> Self {
        FlowTrend {
            window,
            recent: Vec::new(),
        }
    }

    /// `load` is the stream's daily load samples.
    pub fn finish(self, load: &[LoadPoint]) -> Vec<FlowPeriod> {
        weeks(&self.window)
            .map(|(back, from, start)| {
                let mut completed = TypeCounts::default();
                let mut times: Vec<i64> = Vec::new();
                let (mut active, mut total) = (0i128, 0i128);
                for r in self.recent.iter().filter(|r| r.week == back) {
                    add_type(&mut completed, r.flow_item_type);
                    times.extend(r.flow_time);
                    active += r.active as i128;
                    total += r.total as i128;
                }
                let samples: Vec<u64> = load
                    .iter()
                    .filter(|p| {
                        let at = p.at.timestamp_millis();
                        at >= from && at < from + WEEK_MS
                    })
                    .map(|p| p.load)
                    .collect();
                FlowPeriod {
                    start,
                    completed,
                    flow_time: stats::durations(&mut times),
                    efficiency: (total > 0).then(|| active as f64 / total as f64),
                    load_average: (!samples.is_empty())
                        .then(|| samples.iter().sum::<u64>() as f64 / samples.len() as f64),
                }
            })
            .collect()
    }
}

impl Accumulator for FlowTrend {
    #[inline]
    fn item_done(&mut self, item: &Item, time: ItemTime) {
        if !(item.in_scope && item.completed_in_window) {
            return;
        }
        let Some(done) = item.completed_at else {
            return;
        };
        if let Some(week) = trend_week(&self.window, done) {
            self.recent.push(Recent {
                week,
                flow_time: item.work_start.map(|ws| done - ws),
                active: time.active,
                total: time.active + time.waiting,
                flow_item_type: item.flow_item_type,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::query::Query;
    use super::*;

    #[test]
    fn weeks_end_at_the_window_end_and_skip_those_before_it() {
        let mut q = Query::all_time(100 * WEEK_MS);
        q.from = Some(95 * WEEK_MS + 1);
        let w = Window::new(&q, 95 * WEEK_MS + 1);
        assert_eq!(trend_week(&w, 100 * WEEK_MS - 1), Some(0));
        assert_eq!(trend_week(&w, 99 * WEEK_MS), Some(0));
        assert_eq!(trend_week(&w, 99 * WEEK_MS - 1), Some(1));
        assert_eq!(trend_week(&w, 100 * WEEK_MS), None);
        assert_eq!(trend_week(&w, 80 * WEEK_MS), None);
        // Weeks 95…99 overlap the window (week 95 by its last millisecond).
        let listed: Vec<u8> = weeks(&w).map(|(b, _, _)| b).collect();
        assert_eq!(listed, [4, 3, 2, 1, 0]);
    }
}
