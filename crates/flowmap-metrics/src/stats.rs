//! Order statistics and histograms, by selection rather than full sorts.

use crate::report::{Distribution, HistogramBin};

const HOUR: u32 = 3600;
const DAY: u32 = 24 * HOUR;

/// Lower bounds (whole seconds) and labels of the duration histogram.
const DURATION_BINS: [(u32, &str); 8] = [
    (0, "< 1 h"),
    (HOUR, "1–4 h"),
    (4 * HOUR, "4 h–1 d"),
    (DAY, "1–2 d"),
    (2 * DAY, "2–7 d"),
    (7 * DAY, "1–2 wk"),
    (14 * DAY, "2–4 wk"),
    (28 * DAY, "≥ 4 wk"),
];

/// Zero-based index of the nearest-rank `pct`-th percentile among `n` values: rank ⌈pct·n/100⌉.
pub(crate) fn rank_index(pct: u64, n: usize) -> usize {
    let n = n as u64;
    (((pct * n).div_ceil(100)).max(1) - 1) as usize
}

/// A duration as kept for order statistics: milliseconds (`i64`) where exactness to the
/// millisecond matters (flow time), whole seconds (`u32`, half the memory) for the many
/// per-stage values.
pub(crate) trait DurationValue: Copy + Ord {
    fn secs(self) -> f64;
    fn wide(self) -> i128;
    /// Units per second.
    const PER_SEC: f64;

    /// Its bin in the duration histogram: the last whose lower bound it reaches.
    #[inline]
    fn bin(self) -> usize {
        let s = self.secs();
        DURATION_BINS
            .iter()
            .rposition(|(lower, _)| s >= f64::from(*lower))
            .unwrap_or(0)
    }
}

impl DurationValue for i64 {
    fn secs(self) -> f64 {
        self as f64 / 1000.0
    }
    fn wide(self) -> i128 {
        self as i128
    }
    const PER_SEC: f64 = 1000.0;
}

impl DurationValue for u32 {
    fn secs(self) -> f64 {
        self as f64
    }
    fn wide(self) -> i128 {
        self as i128
    }
    const PER_SEC: f64 = 1.0;

    /// Whole seconds against the bins' bounds, which are whole seconds too: the same bin as
    /// comparing as reals, by counting the bounds reached (no branch).
    #[inline]
    fn bin(self) -> usize {
        DURATION_BINS[1..]
            .iter()
            .map(|(lower, _)| (self >= *lower) as usize)
            .sum()
    }
}

/// Milliseconds to whole seconds, rounded to the nearest, for per-stage distributions.
pub(crate) fn to_secs(ms: i64) -> u32 {
    ((ms.max(0) + 500) / 1000).min(u32::MAX as i64) as u32
}

/// Distribution of durations, reported in seconds. Reorders `values`.
pub(crate) fn durations<T: DurationValue>(values: &mut [T]) -> Distribution {
    if values.is_empty() {
        return Distribution::default();
    }
    let n = values.len();
    let (i50, i85, i95) = (rank_index(50, n), rank_index(85, n), rank_index(95, n));
    values.select_nth_unstable(i50);
    let p50 = values[i50];
    values[i50..].select_nth_unstable(i85 - i50);
    let p85 = values[i85];
    values[i85..].select_nth_unstable(i95 - i85);
    let p95 = values[i95];
    let mut sum: i128 = 0;
    let mut max = values[0];
    for v in values.iter() {
        sum += v.wide();
        max = max.max(*v);
    }
    Distribution {
        count: n as u64,
        p50: Some(p50.secs()),
        p85: Some(p85.secs()),
        p95: Some(p95.secs()),
        mean: Some(sum as f64 / n as f64 / T::PER_SEC),
        max: Some(max.secs()),
    }
}

/// [`durations`] of whole seconds already in ascending order, whose sum is `sum`: lookups,
/// not selections.
pub(crate) fn sorted_durations(sorted: &[u32], sum: i128) -> Distribution {
    let Some(max) = sorted.last() else {
        return Distribution::default();
    };
    let n = sorted.len();
    let at = |pct| Some(sorted[rank_index(pct, n)].secs());
    Distribution {
        count: n as u64,
        p50: at(50),
        p85: at(85),
        p95: at(95),
        mean: Some(sum as f64 / n as f64 / u32::PER_SEC),
        max: Some(max.secs()),
    }
}

/// Distribution of ratios or other real values. Reorders `values`.
pub(crate) fn reals(values: &mut [f64]) -> Distribution {
    if values.is_empty() {
        return Distribution::default();
    }
    let n = values.len();
    let (i50, i85, i95) = (rank_index(50, n), rank_index(85, n), rank_index(95, n));
    values.select_nth_unstable_by(i50, f64::total_cmp);
    let p50 = values[i50];
    values[i50..].select_nth_unstable_by(i85 - i50, f64::total_cmp);
    let p85 = values[i85];
    values[i85..].select_nth_unstable_by(i95 - i85, f64::total_cmp);
    let p95 = values[i95];
    let sum: f64 = values.iter().sum();
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Distribution {
        count: n as u64,
        p50: Some(p50),
        p85: Some(p85),
        p95: Some(p95),
        mean: Some(sum / n as f64),
        max: Some(max),
    }
}

/// Histogram of durations over the fixed bins (< 1 h … ≥ 4 wk).
pub(crate) fn duration_histogram<T: DurationValue>(values: &[T]) -> Vec<HistogramBin> {
    let mut counts = [0u64; DURATION_BINS.len()];
    for v in values {
        counts[v.bin()] += 1;
    }
    bins(|i| counts[i])
}

/// The duration histogram's bins with bin `i` counting `count(i)`.
fn bins(count: impl Fn(usize) -> u64) -> Vec<HistogramBin> {
    DURATION_BINS
        .iter()
        .enumerate()
        .map(|(i, (lower, label))| HistogramBin {
            lower: f64::from(*lower),
            upper: DURATION_BINS.get(i + 1).map(|(u, _)| f64::from(*u)),
            label: (*label).to_string(),
            count: count(i),
        })
        .collect()
}

/// [`duration_histogram`] of whole seconds already in ascending order: each bin's count from
/// where its bounds fall.
pub(crate) fn sorted_duration_histogram(sorted: &[u32]) -> Vec<HistogramBin> {
    let starts: Vec<usize> = DURATION_BINS
        .iter()
        .map(|(lower, _)| sorted.partition_point(|v| v < lower))
        .chain([sorted.len()])
        .collect();
    bins(|i| (starts[i + 1] - starts[i]) as u64)
}

/// Histogram of ratios in [0, 1] in ten bins of 0.1 (the last includes 1).
pub(crate) fn ratio_histogram(values: &[f64]) -> Vec<HistogramBin> {
    let mut counts = [0u64; 10];
    for v in values {
        let bin = ((v * 10.0).floor() as usize).min(9);
        counts[bin] += 1;
    }
    (0..10)
        .map(|i| HistogramBin {
            lower: i as f64 / 10.0,
            upper: Some((i + 1) as f64 / 10.0),
            label: format!("{}–{}%", i * 10, (i + 1) * 10),
            count: counts[i],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=20 seconds: p50 = 10th value, p85 = 17th, p95 = 19th.
        let mut v: Vec<i64> = (1..=20).rev().map(|s| s * 1000).collect();
        let d = durations(&mut v);
        assert_eq!(d.count, 20);
        assert_eq!(d.p50, Some(10.0));
        assert_eq!(d.p85, Some(17.0));
        assert_eq!(d.p95, Some(19.0));
        assert_eq!(d.mean, Some(10.5));
        assert_eq!(d.max, Some(20.0));
        let d = durations(&mut [5000i64]);
        assert_eq!((d.p50, d.p95), (Some(5.0), Some(5.0)));
        assert_eq!(durations::<i64>(&mut []), Distribution::default());
        let d = durations(&mut [7u32, 3, 5]);
        assert_eq!((d.p50, d.max, d.mean), (Some(5.0), Some(7.0), Some(5.0)));
    }

    #[test]
    fn whole_seconds_fall_in_the_bins_reals_give() {
        for s in [
            0u32,
            1,
            3599,
            3600,
            14_399,
            14_400,
            86_399,
            86_400,
            2_419_200,
            u32::MAX,
        ] {
            let as_real = DURATION_BINS
                .iter()
                .rposition(|(lower, _)| f64::from(s) >= f64::from(*lower))
                .unwrap_or(0);
            assert_eq!(s.bin(), as_real, "{s}");
        }
    }

    #[test]
    fn histograms_put_values_in_their_bins() {
        let h = duration_histogram(&[0i64, 3_599_999, 3_600_000, 30 * 86_400_000]);
        assert_eq!(h[0].count, 2);
        assert_eq!(h[1].count, 1);
        assert_eq!(h[7].count, 1);
        assert_eq!(h[7].upper, None);
        let r = ratio_histogram(&[0.0, 0.05, 0.5, 1.0]);
        assert_eq!(r[0].count, 2);
        assert_eq!(r[5].count, 1);
        assert_eq!(r[9].count, 1);
    }
}
