//! Planning commands: forecasts from the open map's own throughput, and flow key results.

use super::declare::commands;
use crate::wire::{
    DoraRequest, DoraView, ForecastRequest, ForecastView, KeyResultDraft, KeyResultView,
    MetricsRequest, WhatIfRequest, WhatIfView,
};
use flowmap_core::KeyResultId;
use flowmap_metrics::capacity::Capacity;

commands! {
    /// How many items will be done in the next days, or when a number of items will be done,
    /// at 50, 85 and 95 % confidence: a seeded Monte Carlo over the completions of the open
    /// file's items in the sampling window (docs/metrics.md, "Forecasts"); with `backtest`, the
    /// same forecast made from past dates against what happened.
    reads fn forecast(cx, request: ForecastRequest) -> ForecastView {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.forecast(&request, clock))
    }

    /// What-if: the open file's items replayed through the current stream and through the
    /// stream as a future state (and the changes typed) would run it — people, WIP limits,
    /// batch sizes, handoffs removed — by a simulation calibrated on each stage's measured
    /// arrivals and work; the baseline's difference from what was measured says how far to
    /// trust it (docs/metrics.md, "What-if").
    reads fn what_if(cx, request: WhatIfRequest) -> WhatIfView {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.reading_for(&request))?.what_if(&request, clock)
    }

    /// Capacity for new work and unplanned work under the flow view's filters: per stage and
    /// team, the load taken by features, defects, risks and debts; rework per team; the share
    /// of the items that arrived in the window that were defects (docs/metrics.md).
    reads fn capacity(cx, request: MetricsRequest) -> Capacity {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.reading())?.capacity(&request, clock)
    }

    /// The delivery metrics (DORA) of the open file's items: deployment frequency, lead time for
    /// changes, change failure rate, time to restore, with the artifact types counted as
    /// deployments and changes (docs/metrics.md, "Delivery metrics (DORA)").
    reads fn dora(cx, request: DoraRequest) -> DoraView {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.reading())?.dora(&request, clock)
    }

    /// The open map's flow key results, each measured week by week from its start up to `now`
    /// (RFC 3339 or a date; the current time when absent) with its status and the reason.
    reads fn key_results(cx, now: Option<String>) -> Vec<KeyResultView> {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.key_results(now.as_deref(), clock))
    }

    /// Adds a key result (no `id`) or changes one read at `version`; the baseline and target
    /// in words of its figure's unit. Written to the file at once (not an undo step); refused
    /// with `record_changed` when another program changed it since. Returns the key results.
    reads fn save_key_result(cx, draft: KeyResultDraft, now: Option<String>) -> Vec<KeyResultView> {
        let clock = cx.shell.now();
        cx.backend.with(|s| {
            s.save_key_result(&draft)?;
            s.key_results(now.as_deref(), clock)
        })
    }

    /// Removes the key result `id` read at `version`; returns the key results left.
    reads fn delete_key_result(cx, id: KeyResultId, version: u32, now: Option<String>) -> Vec<KeyResultView> {
        let clock = cx.shell.now();
        cx.backend.with(|s| {
            s.delete_key_result(id, i64::from(version))?;
            s.key_results(now.as_deref(), clock)
        })
    }
}
