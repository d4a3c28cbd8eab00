//! Planning commands: forecasts from the open map's own throughput.

use super::declare::commands;
use crate::wire::{ForecastRequest, ForecastView};

commands! {
    /// How many items will be done in the next days, or when a number of items will be done,
    /// at 50, 85 and 95 % confidence: a seeded Monte Carlo over the completions of the open
    /// file's items in the sampling window (docs/metrics.md, "Forecasts"); with `backtest`, the
    /// same forecast made from past dates against what happened.
    reads fn forecast(cx, request: ForecastRequest) -> ForecastView {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.forecast(&request, clock))
    }
}
