//! The forecasts' distributions computed exactly, by convolving the daily throughput's
//! distribution with itself, instead of sampling. Slower for long horizons; the tests use it
//! to bound the Monte Carlo's sampling error, and `docs/metrics.md` quotes it.

/// The distribution of one day's completions: P(k) for k = 0..=max.
pub fn daily_pmf(daily: &[u32]) -> Vec<f64> {
    let max = daily.iter().copied().max().unwrap_or(0) as usize;
    let mut pmf = vec![0.0; max + 1];
    for &d in daily {
        pmf[d as usize] += 1.0 / daily.len() as f64;
    }
    pmf
}

/// The distribution of completions in `days` days: P(S = s).
pub fn how_many_pmf(daily: &[u32], days: u32) -> Vec<f64> {
    let day = daily_pmf(daily);
    let mut sum = vec![1.0];
    for _ in 0..days {
        let mut next = vec![0.0; sum.len() + day.len() - 1];
        for (s, &p) in sum.iter().enumerate().filter(|(_, p)| **p > 0.0) {
            for (k, &q) in day.iter().enumerate().filter(|(_, q)| **q > 0.0) {
                next[s + k] += p * q;
            }
        }
        sum = next;
    }
    sum
}

/// P(T ≤ d) for d = 0..=max_days, T being the days until `items` completions.
pub fn when_cdf(daily: &[u32], items: u32, max_days: u32) -> Vec<f64> {
    let day = daily_pmf(daily);
    let n = items as usize;
    // state[s]: P(s completions so far and not yet finished), s < n.
    let mut state = vec![0.0; n.max(1)];
    let mut finished = if n == 0 { 1.0 } else { 0.0 };
    if n > 0 {
        state[0] = 1.0;
    }
    let mut cdf = vec![finished];
    for _ in 0..max_days {
        let mut next = vec![0.0; state.len()];
        for (s, &p) in state.iter().enumerate().filter(|(_, p)| **p > 0.0) {
            for (k, &q) in day.iter().enumerate().filter(|(_, q)| **q > 0.0) {
                if s + k >= n {
                    finished += p * q;
                } else {
                    next[s + k] += p * q;
                }
            }
        }
        state = next;
        cdf.push(finished);
        if finished >= 1.0 - 1e-12 {
            break;
        }
    }
    cdf
}

/// The largest count reached with probability at least `c` (0..1): max x with P(S ≥ x) ≥ c.
pub fn how_many_at(pmf: &[f64], c: f64) -> u32 {
    let mut tail = 0.0;
    for x in (0..pmf.len()).rev() {
        tail += pmf[x];
        if tail >= c - 1e-12 {
            return x as u32;
        }
    }
    0
}

/// The fewest days within which the items are done with probability at least `c`.
pub fn when_at(cdf: &[f64], c: f64) -> Option<u32> {
    cdf.iter().position(|&p| p >= c - 1e-12).map(|d| d as u32)
}

/// P(S ≥ x) from a distribution.
pub fn tail(pmf: &[f64], x: u32) -> f64 {
    pmf.iter().skip(x as usize).sum()
}
