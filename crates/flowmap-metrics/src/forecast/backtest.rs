//! Back-testing: forecasts made from past dates with only the history before them, compared
//! with what happened after (`docs/metrics.md`, "Forecasts": how often the 50, 85 and 95 %
//! answers held).

use super::{daily_throughput, forecast, Question, Sampling, CONFIDENCES, DAY_MS};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One past forecast and what happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct BacktestPoint {
    /// The instant the forecast was made at (milliseconds since the epoch).
    #[ts(type = "number")]
    pub at_ms: i64,
    /// Items forecast at 50, 85 and 95 %.
    pub forecast: Vec<u32>,
    /// Items completed in the horizon after `at`.
    pub actual: u32,
}

/// How often each confidence level's answer held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Backtest {
    pub horizon_days: u32,
    pub sampling: Sampling,
    pub points: Vec<BacktestPoint>,
    /// Per confidence (50, 85, 95): the share of points whose actual count was at least the
    /// forecast.
    pub hit_rates: Vec<f64>,
}

/// Forecasts "how many in `horizon_days`" from `count` past dates `step_days` apart, the latest
/// `horizon_days` before `now`, each with the `sampling.window_days` before it; dates whose
/// window has no completion or lies before the first completion are left out.
pub fn backtest(
    completions: &[i64],
    now: i64,
    horizon_days: u32,
    step_days: u32,
    count: u32,
    sampling: Sampling,
) -> Backtest {
    let first = completions.iter().copied().min();
    let mut points = Vec::new();
    for j in 0..i64::from(count) {
        let at = now - i64::from(horizon_days) * DAY_MS - j * i64::from(step_days) * DAY_MS;
        if first.is_none_or(|f| at - i64::from(sampling.window_days) * DAY_MS < f) {
            break;
        }
        let daily = daily_throughput(completions, at, sampling.window_days);
        let Ok(f) = forecast(&daily, Question::HowMany { days: horizon_days }, sampling) else {
            continue;
        };
        let end = at + i64::from(horizon_days) * DAY_MS;
        let actual = completions.iter().filter(|&&c| c >= at && c < end).count() as u32;
        points.push(BacktestPoint {
            at_ms: at,
            forecast: f.likelihoods.iter().map(|l| l.value).collect(),
            actual,
        });
    }
    let hit_rates = (0..CONFIDENCES.len())
        .map(|k| {
            let hits = points.iter().filter(|p| p.actual >= p.forecast[k]).count();
            if points.is_empty() {
                0.0
            } else {
                hits as f64 / points.len() as f64
            }
        })
        .collect();
    Backtest {
        horizon_days,
        sampling,
        points,
        hit_rates,
    }
}
