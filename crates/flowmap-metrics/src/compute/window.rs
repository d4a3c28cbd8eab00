//! The window a query measures: its span, the daily samples in it, and how an interval's time is
//! counted in it (`docs/metrics.md`, "Windows").

use super::query::Query;
use crate::report::{LoadPoint, WindowKind};
use chrono::{DateTime, TimeZone, Utc};

pub(crate) const DAY_MS: i64 = 86_400_000;
pub(crate) const WEEK_MS: i64 = 7 * DAY_MS;

/// An instant in Unix milliseconds as a UTC date and time (the epoch when out of range; the query
/// is checked before, so that never happens to its instants).
pub(crate) fn ts(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// The window of one query, in Unix milliseconds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    /// The instant at which open intervals are closed.
    pub now: i64,
    /// The end of the window (exclusive): `to`, or `now`.
    pub to: i64,
    /// Whether each interval is clipped to the window (`during`) or the items completed in it
    /// count with their whole history (`completed`).
    pub during: bool,
    /// The start of the window, or the earliest event of the items the query selects.
    pub origin: i64,
    /// `to`, at most `now`, at least `origin`: the end of the span measured.
    pub end: i64,
    /// The first daily sample (00:00 UTC) at or after `origin`.
    pub first_sample: i64,
    /// Daily samples in [origin, end).
    pub n_days: usize,
    /// The window's start, `i64::MIN` without one.
    from: i64,
}

impl Window {
    /// The window of `query`, starting at `origin` (the query's `from`, or the earliest event of
    /// the items it selects).
    pub fn new(query: &Query, origin: i64) -> Self {
        let now = query.now;
        let to = query.to.unwrap_or(now);
        let end = to.min(now).max(origin);
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
        Window {
            now,
            to,
            during: query.window == WindowKind::During,
            origin,
            end,
            first_sample,
            n_days,
            from: query.from.unwrap_or(i64::MIN),
        }
    }

    /// A `completed` window over all time, for walking an item's whole history once
    /// (`records`): intervals count whole and every one starts in it. It has no daily samples.
    pub fn whole_history() -> Self {
        Window {
            now: i64::MAX,
            to: i64::MAX,
            during: false,
            origin: i64::MIN,
            end: i64::MAX,
            first_sample: i64::MIN,
            n_days: 0,
            from: i64::MIN,
        }
    }

    /// Length of the span measured, in milliseconds.
    pub fn span(&self) -> i64 {
        self.end - self.origin
    }

    pub fn days(&self) -> f64 {
        self.span() as f64 / DAY_MS as f64
    }

    pub fn weeks(&self) -> f64 {
        self.span() as f64 / WEEK_MS as f64
    }

    /// Whether `t` falls in [from, to).
    #[inline]
    pub fn contains(&self, t: i64) -> bool {
        t >= self.from && t < self.to
    }

    /// Whether the interval [s, e) overlaps [from, to).
    #[inline]
    pub fn overlaps(&self, s: i64, e: i64) -> bool {
        e > self.from && s < self.to
    }

    /// The time of [s, e) that the window counts: all of it, or in `during` the part in the
    /// window.
    #[inline]
    pub fn clip(&self, s: i64, e: i64) -> i64 {
        if self.during {
            (e.min(self.to) - s.max(self.from)).max(0)
        } else {
            e - s
        }
    }

    /// Index of the first daily sample at or after `t`.
    #[inline]
    pub fn sample_ix(&self, t: i64) -> usize {
        if t <= self.first_sample {
            0
        } else {
            (((t - self.first_sample) + DAY_MS - 1) / DAY_MS).min(self.n_days as i64) as usize
        }
    }

    /// The instant of daily sample `d`.
    pub fn sample_at(&self, d: usize) -> DateTime<Utc> {
        ts(self.first_sample + d as i64 * DAY_MS)
    }

    /// The daily samples of a count kept as differences (+1 where an interval starts, −1 where
    /// it ends, per sample index).
    pub fn series(&self, diff: &[i64]) -> Vec<LoadPoint> {
        let mut running = 0i64;
        (0..self.n_days)
            .map(|d| {
                running += diff[d];
                LoadPoint {
                    at: self.sample_at(d),
                    load: running.max(0) as u64,
                }
            })
            .collect()
    }

    /// The time-average of a count over the span, from its total time.
    pub fn average(&self, time: i64) -> f64 {
        let span = self.span();
        if span > 0 {
            time as f64 / span as f64
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_fall_at_midnight_from_the_origin_on() {
        let mut q = Query::all_time(10 * DAY_MS);
        q.from = Some(2 * DAY_MS + 1);
        let w = Window::new(&q, 2 * DAY_MS + 1);
        assert_eq!(w.first_sample, 3 * DAY_MS);
        // Days 3 … 9 at 00:00.
        assert_eq!(w.n_days, 7);
        assert_eq!(w.sample_ix(0), 0);
        assert_eq!(w.sample_ix(3 * DAY_MS + 1), 1);
        assert_eq!(w.sample_ix(100 * DAY_MS), 7);
        assert_eq!(w.series(&[1, 0, 0, -1, 0, 0, 0, 0])[2].load, 1);
        assert_eq!(w.series(&[1, 0, 0, -1, 0, 0, 0, 0])[3].load, 0);
    }

    #[test]
    fn during_clips_and_completed_counts_whole_intervals() {
        let mut q = Query::all_time(100);
        q.from = Some(10);
        q.to = Some(20);
        let completed = Window::new(&q, 10);
        assert_eq!(completed.clip(0, 30), 30);
        q.window = WindowKind::During;
        let during = Window::new(&q, 10);
        assert_eq!(during.clip(0, 30), 10);
        assert_eq!(during.clip(25, 30), 0);
        assert!(during.contains(10) && !during.contains(20));
    }
}
