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
pub(crate) struct Completions(Vec<(i64, FlowItemType)>);

impl Default for Completions {
    fn default() -> Self {
        // The last compute's buffer, its pages mapped already (`spare`).
        Completions(super::spare::take(0))
    }
}

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
        let velocity = velocity(&self.0);
        super::spare::give(self.0);
        (velocity, types)
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
/// completion is counted in a bucket found by integer arithmetic (its day's index into a table of
/// months, its week by division); labels and calendar arithmetic run once per period shown.
fn velocity(completions: &[(i64, FlowItemType)]) -> FlowVelocity {
    let lo = completions.iter().map(|c| c.0).min();
    let hi = completions.iter().map(|c| c.0).max();
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo >= -DENSE_LIMIT_MS && hi <= DENSE_LIMIT_MS => {
            let (day_lo, day_hi) = (lo.div_euclid(DAY_MS), hi.div_euclid(DAY_MS));
            if day_hi - day_lo <= DENSE_MAX_DAYS {
                return velocity_by_index(completions, day_lo, day_hi);
            }
            velocity_by_lookup(completions)
        }
        _ => velocity_by_lookup(completions),
    }
}

/// Instants within this many milliseconds of 1970 (about 3,000 years) take the table path.
const DENSE_LIMIT_MS: i64 = 100_000_000_000_000;
/// At most this many days (about 360 years) between the first and the last completion.
const DENSE_MAX_DAYS: i64 = 1 << 17;

/// The month of a day counted from 1970-01-01 as `year * 12 + month - 1` (proleptic Gregorian;
/// H. Hinnant's `civil_from_days`).
fn month_index(day: i64) -> i64 {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year * 12 + month - 1
}

/// One period's counts and an instant inside it (which names the period).
#[derive(Clone, Default)]
struct Bucket {
    counts: TypeCounts,
    at: Option<i64>,
}

fn velocity_by_index(
    completions: &[(i64, FlowItemType)],
    day_lo: i64,
    day_hi: i64,
) -> FlowVelocity {
    // 1970-01-05 was a Monday: weeks are counted from there.
    let week = |day: i64| (day - 4).div_euclid(7);
    let month_of_day: Vec<i64> = (day_lo..=day_hi).map(month_index).collect();
    let (week_lo, month_lo) = (week(day_lo), month_of_day[0]);
    let quarter_lo = month_lo.div_euclid(3);
    let mut weeks = vec![Bucket::default(); (week(day_hi) - week_lo + 1) as usize];
    let month_hi = *month_of_day.last().expect("at least one day");
    let mut months = vec![Bucket::default(); (month_hi - month_lo + 1) as usize];
    let mut quarters = vec![Bucket::default(); (month_hi.div_euclid(3) - quarter_lo + 1) as usize];
    for &(at, t) in completions {
        let day = at.div_euclid(DAY_MS);
        let month = month_of_day[(day - day_lo) as usize];
        for b in [
            &mut weeks[(week(day) - week_lo) as usize],
            &mut months[(month - month_lo) as usize],
            &mut quarters[(month.div_euclid(3) - quarter_lo) as usize],
        ] {
            add_type(&mut b.counts, t);
            b.at.get_or_insert(at);
        }
    }
    let shown = |buckets: Vec<Bucket>, period_of: fn(i64) -> Period| -> Vec<PeriodCount> {
        buckets
            .into_iter()
            .filter_map(|b| {
                let (start, _, label) = period_of(b.at?);
                Some(PeriodCount {
                    start: ts(start),
                    label,
                    completed: b.counts,
                })
            })
            .collect()
    };
    FlowVelocity {
        weekly: shown(weeks, week_of),
        monthly: shown(months, month_of),
        quarterly: shown(quarters, quarter_of),
    }
}

/// The same counts for instants far from today: each completion is placed by comparing with the
/// period last used, calendar arithmetic otherwise.
fn velocity_by_lookup(completions: &[(i64, FlowItemType)]) -> FlowVelocity {
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

    #[test]
    fn counting_by_index_gives_what_the_calendar_gives_in_any_order() {
        // Instants over six years around month, quarter and year ends, shuffled by a step
        // coprime with their count; and instants before 1970.
        let types = [
            FlowItemType::Feature,
            FlowItemType::Defect,
            FlowItemType::Risk,
        ];
        for base in [1_704_067_200_000_i64, -86_400_000 * 400] {
            let n = 5_000_i64;
            let completions: Vec<(i64, FlowItemType)> = (0..n)
                .map(|i| {
                    let k = (i * 7_919) % n;
                    (base + k * 37_987_654 - 3_600_000, types[(k % 3) as usize])
                })
                .collect();
            let (lo, hi) = (
                completions.iter().map(|c| c.0).min().unwrap(),
                completions.iter().map(|c| c.0).max().unwrap(),
            );
            let by_index =
                velocity_by_index(&completions, lo.div_euclid(DAY_MS), hi.div_euclid(DAY_MS));
            let by_lookup = velocity_by_lookup(&completions);
            assert!(by_index.monthly.len() > 60, "{}", by_index.monthly.len());
            assert_eq!(by_index, by_lookup);
            assert_eq!(velocity(&completions), by_lookup);
        }
        assert_eq!(velocity(&[]), velocity_by_lookup(&[]));
    }

    #[test]
    fn month_index_follows_the_calendar() {
        for day in -800_000..800_000_i64 {
            if day % 997 != 0 && !(-40..40).contains(&day) {
                continue;
            }
            let t = ts(day * DAY_MS);
            let want = i64::from(t.year()) * 12 + i64::from(t.month()) - 1;
            assert_eq!(month_index(day), want, "day {day}");
        }
    }
}
