//! Forecasts by Monte Carlo simulation from the map's own throughput history
//! (`docs/metrics.md`, "Forecasts"): *how many* items will be done in the next days, and *when*
//! a number of items will be done, at 50, 85 and 95 % confidence.
//!
//! The history is the number of items completed (Done, not canceled) on each day of a sampling
//! window that ends at `now`; day k of the window is [now − (k+1)·24 h, now − k·24 h), so days
//! are whole 24-hour spans counted back from `now`, whatever the zone. A trial draws one day of
//! the window at random (uniformly, with replacement) for each future day and adds up its
//! completions. Seeded ([`rng::SplitMix64`]): the same history, question, trials and seed give
//! the same forecast everywhere. [`exact`] computes the same distributions without sampling, by
//! convolution, which the tests use to bound the simulation's sampling error; [`backtest`]
//! forecasts from past dates and checks what happened.

pub mod backtest;
pub mod exact;
mod history;
pub mod rng;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use backtest::{Backtest, BacktestPoint};
pub use history::{completions, daily_throughput};

const DAY_MS: i64 = 86_400_000;

/// The confidence levels every forecast reports, in percent.
pub const CONFIDENCES: [u32; 3] = [50, 85, 95];

/// The longest a "when" trial runs before it counts as not finishing (ten years of days).
pub const MAX_DAYS: u32 = 3_650;

/// What is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Question {
    /// How many items will be completed in the next `days` days.
    HowMany { days: u32 },
    /// In how many days `items` more items will have been completed.
    When { items: u32 },
}

/// How a forecast samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Sampling {
    /// Days of history drawn from, ending at `now`.
    pub window_days: u32,
    pub trials: u32,
    #[ts(type = "number")]
    pub seed: u64,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling {
            window_days: 90,
            trials: 10_000,
            seed: 1,
        }
    }
}

/// One confidence level's answer: items (how many: at least this many, in `confidence` % of
/// trials) or days (when: done within this many days in `confidence` % of trials).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Likelihood {
    pub confidence: u32,
    pub value: u32,
}

/// How often each outcome came out of the trials.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Outcome {
    pub value: u32,
    pub trials: u32,
}

/// A forecast and what it was computed from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Forecast {
    pub question: Question,
    pub sampling: Sampling,
    /// Completions in the sampling window, and on how many of its days any item was completed.
    #[ts(type = "number")]
    pub window_completions: u64,
    pub days_with_completions: u32,
    /// Mean completions per day in the window.
    pub daily_mean: f64,
    /// At 50, 85 and 95 % confidence.
    pub likelihoods: Vec<Likelihood>,
    /// Every outcome with its number of trials, in order of value.
    pub outcomes: Vec<Outcome>,
    /// "When" trials that had not finished after [`MAX_DAYS`] days.
    pub unfinished_trials: u32,
}

/// Why a forecast cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ForecastError {
    #[error("the sampling window must be at least one day")]
    EmptyWindow,
    #[error("a forecast needs at least one trial")]
    NoTrials,
    #[error("no item was completed in the {0} days of the sampling window: there is no throughput to forecast from (choose a longer window)")]
    NoThroughput(u32),
}

/// Forecasts `question` from `daily`, the completions of each day of the sampling window (the
/// order of days does not matter: days are drawn at random).
pub fn forecast(
    daily: &[u32],
    question: Question,
    sampling: Sampling,
) -> Result<Forecast, ForecastError> {
    if daily.is_empty() || sampling.window_days == 0 {
        return Err(ForecastError::EmptyWindow);
    }
    if sampling.trials == 0 {
        return Err(ForecastError::NoTrials);
    }
    let total: u64 = daily.iter().map(|&d| u64::from(d)).sum();
    let when = matches!(question, Question::When { items } if items > 0);
    if total == 0 && when {
        return Err(ForecastError::NoThroughput(sampling.window_days));
    }
    let mut rng = rng::SplitMix64::new(sampling.seed);
    let mut values: Vec<u32> = Vec::with_capacity(sampling.trials as usize);
    let mut unfinished = 0;
    for _ in 0..sampling.trials {
        match question {
            Question::HowMany { days } => {
                let done: u64 = (0..days)
                    .map(|_| u64::from(daily[rng.below(daily.len())]))
                    .sum();
                values.push(done.min(u64::from(u32::MAX)) as u32);
            }
            Question::When { items } => {
                let mut done = 0u64;
                let mut day = 0;
                while done < u64::from(items) && day < MAX_DAYS {
                    done += u64::from(daily[rng.below(daily.len())]);
                    day += 1;
                }
                if done < u64::from(items) {
                    unfinished += 1;
                }
                values.push(day);
            }
        }
    }
    values.sort_unstable();
    let likelihoods = CONFIDENCES
        .iter()
        .map(|&c| Likelihood {
            confidence: c,
            value: at_confidence(&values, question, c),
        })
        .collect();
    Ok(Forecast {
        question,
        sampling,
        window_completions: total,
        days_with_completions: daily.iter().filter(|&&d| d > 0).count() as u32,
        daily_mean: total as f64 / daily.len() as f64,
        likelihoods,
        outcomes: outcomes(&values),
        unfinished_trials: unfinished,
    })
}

/// The answer at `confidence` % from sorted trial outcomes. How many: the largest count that at
/// least `confidence` % of trials reached (rank ⌈(1 − c)·n⌉ from the bottom, at least 1). When:
/// the fewest days within which at least `confidence` % of trials finished (nearest rank
/// ⌈c·n⌉).
pub fn at_confidence(sorted: &[u32], question: Question, confidence: u32) -> u32 {
    let n = sorted.len();
    let rank = match question {
        // Trials at or above the value must be ≥ c·n: the value at rank n − ⌈c·n⌉ + 1.
        Question::HowMany { .. } => n + 1 - ceil_share(n, confidence),
        Question::When { .. } => ceil_share(n, confidence),
    };
    sorted[rank.clamp(1, n) - 1]
}

/// ⌈c·n / 100⌉ in integers.
fn ceil_share(n: usize, confidence: u32) -> usize {
    (n * confidence as usize).div_ceil(100)
}

fn outcomes(sorted: &[u32]) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = Vec::new();
    for &v in sorted {
        match out.last_mut() {
            Some(o) if o.value == v => o.trials += 1,
            _ => out.push(Outcome {
                value: v,
                trials: 1,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests;
