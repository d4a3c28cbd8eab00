//! Flow velocity: items completed in the window per ISO week, calendar month and quarter, by flow
//! item type (`docs/metrics.md`, "Flow metrics").

use super::distribution::add_type;
use super::walk::{Accumulator, Item};
use super::window::{ts, DAY_MS, WEEK_MS};
use crate::report::{FlowVelocity, PeriodCount, TypeCounts};
use chrono::{DateTime, Datelike, TimeZone, Utc};
use flowmap_core::FlowItemType;
use std::collections::HashMap;

/// The items completed in the window: when, and their type, in item order.
#[derive(Default)]
pub(crate) struct Completions(Vec<(i64, FlowItemType)>);

impl Accumulator for Completions {
    #[inline]
    fn item(&mut self, item: &Item) {
        if item.completed_in_window {
            self.0
                .push((item.completed_at.unwrap_or_default(), item.flow_item_type));
        }
    }
}

impl Completions {
    /// Velocity, and the completed items' counts by type (for the flow distribution).
    pub fn finish(self) -> (FlowVelocity, TypeCounts) {
        let mut types = TypeCounts::default();
        for (_, t) in &self.0 {
            add_type(&mut types, *t);
        }
        (velocity(&self.0), types)
    }
}

/// A calendar period: its first instant, the next period's, and its label.
type Period = (i64, i64, String);

fn midnight(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .expect("the first of a month exists")
}

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
        let mut index: HashMap<i64, usize> = Default::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_on_monday_the_first_of_the_month_and_of_the_quarter() {
        // 2026-01-01T12:00Z, a Thursday.
        let at = 1_767_268_800_000;
        let (start, end, label) = week_of(at);
        assert_eq!(ts(start).to_rfc3339(), "2025-12-29T00:00:00+00:00");
        assert_eq!((end - start, label.as_str()), (WEEK_MS, "2026-W01"));
        assert_eq!(month_of(at).2, "2026-01");
        let (q_start, q_end, q) = quarter_of(at);
        assert_eq!(q, "2026-Q1");
        assert_eq!(ts(q_end).to_rfc3339(), "2026-04-01T00:00:00+00:00");
        assert_eq!(ts(q_start).to_rfc3339(), "2026-01-01T00:00:00+00:00");
    }

    #[test]
    fn completions_fall_into_periods_in_time_order() {
        let day = |d: i64| 1_767_225_600_000 + d * DAY_MS;
        let v = velocity(&[
            (day(40), FlowItemType::Defect),
            (day(0), FlowItemType::Feature),
            (day(1), FlowItemType::Feature),
        ]);
        assert_eq!(v.monthly.len(), 2);
        assert_eq!(v.monthly[0].label, "2026-01");
        assert_eq!(v.monthly[0].completed.feature, 2);
        assert_eq!(v.monthly[1].completed.defect, 1);
        assert_eq!(v.quarterly.len(), 1);
        assert_eq!(v.quarterly[0].completed.total, 3);
    }
}
