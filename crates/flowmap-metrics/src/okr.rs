//! Flow key results measured (`docs/metrics.md`, "Flow key results"): a key result's figure at
//! each week from its start, the straight path from its baseline to its target, and whether it
//! is on track.
//!
//! Each point is the figure of the 28 days before it (items completed in them, as the flow
//! metrics count them; flow load at the instant itself), so one week's noise does not swing a
//! quarter's key result. Progress is how far the figure has moved from the baseline towards the
//! target: (current − baseline) ÷ (target − baseline), so 0 at the baseline and 1 at the target
//! whichever way the target lies. Expected progress is the share of the time from start to due
//! that has passed. Before the due date: **on track** when progress ≥ expected, **at risk** when
//! progress ≥ expected − 0.25 (at most a quarter of the way behind the path), **off track**
//! otherwise. From the due date on: **achieved** when progress ≥ 1, else **missed**.

use crate::compute::{compute, Query};
use crate::dataset::Dataset;
use crate::model::StageModel;
use crate::report::{Metrics, WindowKind};
use chrono::{DateTime, Utc};
use flowmap_core::{FlowItemType, KeyResult, KrFigure};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const DAY_MS: i64 = 86_400_000;
/// Days of history behind each point.
pub const MEASURE_DAYS: i64 = 28;
/// How far behind the path "at risk" reaches, as a share of the whole way.
pub const AT_RISK_BEHIND: f64 = 0.25;

/// A key result's standing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KrStatus {
    OnTrack,
    AtRisk,
    OffTrack,
    Achieved,
    Missed,
    /// Its start is after the instant measured.
    NotStarted,
    /// No item gave the figure a value at the latest point.
    NoData,
    /// Its stage is no longer on the map.
    StageMissing,
}

/// The figure at one instant, and where the straight path from baseline to target is then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct KrPoint {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub value: Option<f64>,
    pub path: f64,
}

/// A key result measured at `now`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct KrProgress {
    pub points: Vec<KrPoint>,
    /// The latest point's value.
    pub current: Option<f64>,
    /// (current − baseline) ÷ (target − baseline).
    pub progress: Option<f64>,
    /// The share of start → due that has passed (0–1).
    pub expected: f64,
    pub status: KrStatus,
    /// The status in words, with the numbers that decided it.
    pub reason: String,
}

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The key result's figure from the metrics of one point.
pub fn figure_value(kr: &KeyResult, m: &Metrics) -> Option<f64> {
    let stage = || {
        m.stages
            .iter()
            .find(|s| Some(s.id) == kr.stage)
            .filter(|s| s.waiting.count > 0)
    };
    match kr.figure {
        KrFigure::FlowTimeP50 => m.flow_time.p50,
        KrFigure::FlowTimeP85 => m.flow_time.p85,
        KrFigure::FlowEfficiency => m.flow_efficiency.aggregate,
        KrFigure::FlowLoad => Some(m.flow_load.current as f64),
        KrFigure::FlowVelocity => Some(m.items.completed as f64 * 7.0 / MEASURE_DAYS as f64),
        KrFigure::DistributionShare => {
            let c = &m.flow_distribution.completed.counts;
            let n = match kr.flow_item_type? {
                FlowItemType::Feature => c.feature,
                FlowItemType::Defect => c.defect,
                FlowItemType::Risk => c.risk,
                FlowItemType::Debt => c.debt,
            };
            (c.total > 0).then(|| n as f64 / c.total as f64)
        }
        KrFigure::StageWaitingP50 => stage().and_then(|s| s.waiting.p50),
        KrFigure::StageWaitingP85 => stage().and_then(|s| s.waiting.p85),
        // Measured over the lineage's roots, not the flow metrics (`measure_with`).
        KrFigure::EndToEndP50 | KrFigure::EndToEndP85 => None,
    }
}

/// The instants measured: every 7 days from the start while before both `now` and the due
/// date, and the earlier of those two.
pub fn instants(kr: &KeyResult, now: i64) -> Vec<i64> {
    let (start, end) = (
        kr.start.timestamp_millis(),
        kr.due.timestamp_millis().min(now),
    );
    let mut out: Vec<i64> = (0..)
        .map(|k| start + k * 7 * DAY_MS)
        .take_while(|&t| t < end)
        .collect();
    if end >= start {
        out.push(end);
    }
    out
}

/// A lineage root that finished (`lineage`): when, its end-to-end flow time, its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FinishedRoot {
    pub end: i64,
    pub end_to_end_ms: i64,
    pub flow_item_type: FlowItemType,
}

/// An end-to-end figure at `t`: p50 or p85 (nearest rank) of the end-to-end flow time of the
/// roots (of the key result's type, when it has one) that finished in the 28 days before `t`.
fn end_to_end_at(kr: &KeyResult, roots: &[FinishedRoot], t: i64) -> Option<f64> {
    let mut v: Vec<i64> = roots
        .iter()
        .filter(|r| r.end > t - MEASURE_DAYS * DAY_MS && r.end <= t)
        .filter(|r| kr.flow_item_type.is_none_or(|ty| r.flow_item_type == ty))
        .map(|r| r.end_to_end_ms)
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let pct = if kr.figure == KrFigure::EndToEndP50 {
        50
    } else {
        85
    };
    Some(v[crate::stats::rank_index(pct, v.len())] as f64 / 1000.0)
}

/// Measures `kr` at `now` over `data` (an end-to-end figure has no roots to measure: see
/// [`measure_with`]).
pub fn measure(data: &Dataset, model: &StageModel, kr: &KeyResult, now: i64) -> KrProgress {
    measure_with(data, model, kr, now, &[])
}

/// Measures `kr` at `now` over `data`, an end-to-end figure over the finished lineage `roots`.
pub fn measure_with(
    data: &Dataset,
    model: &StageModel,
    kr: &KeyResult,
    now: i64,
    roots: &[FinishedRoot],
) -> KrProgress {
    let (start, due) = (kr.start.timestamp_millis(), kr.due.timestamp_millis());
    let span = (due - start).max(1) as f64;
    let path = |t: i64| {
        kr.baseline + (kr.target - kr.baseline) * ((t - start) as f64 / span).clamp(0.0, 1.0)
    };
    let expected = ((now - start) as f64 / span).clamp(0.0, 1.0);
    let empty = |status, reason: String| KrProgress {
        points: Vec::new(),
        current: None,
        progress: None,
        expected,
        status,
        reason,
    };
    if let Some(stage) = kr.stage {
        if kr.figure.needs_stage() && !model.stages().iter().any(|s| s.id == stage) {
            return empty(
                KrStatus::StageMissing,
                "its stage is no longer on the map: choose another stage or remove it".into(),
            );
        }
    }
    if now < start {
        return empty(
            KrStatus::NotStarted,
            format!("it starts on {}", kr.start.format("%Y-%m-%d")),
        );
    }
    let points: Vec<KrPoint> = instants(kr, now)
        .into_iter()
        .map(|t| {
            let query = Query {
                from: Some(t - MEASURE_DAYS * DAY_MS),
                to: Some(t),
                window: WindowKind::Completed,
                flow_item_type: match kr.figure {
                    KrFigure::DistributionShare => None,
                    _ => kr.flow_item_type,
                },
                ..Query::all_time(t)
            };
            let value = if kr.figure.needs_lineage() {
                end_to_end_at(kr, roots, t)
            } else {
                compute(data, model, &query)
                    .ok()
                    .and_then(|m| figure_value(kr, &m))
            };
            KrPoint {
                at: instant(t),
                value,
                path: path(t),
            }
        })
        .collect();
    let current = points.last().and_then(|p| p.value);
    let progress = current.map(|c| progress_of(kr, c));
    let (status, reason) = status(kr, progress, expected, now >= due);
    KrProgress {
        points,
        current,
        progress,
        expected,
        status,
        reason,
    }
}

/// (current − baseline) ÷ (target − baseline). A key result that holds a figure (its target is
/// its baseline) counts 1 while the figure is at the target or better (lower for durations and
/// load, higher for the others), else 0.
pub fn progress_of(kr: &KeyResult, current: f64) -> f64 {
    let way = kr.target - kr.baseline;
    if way == 0.0 {
        let better = if kr.figure.lower_is_better() {
            current <= kr.target
        } else {
            current >= kr.target
        };
        return if better { 1.0 } else { 0.0 };
    }
    (current - kr.baseline) / way
}

/// The status rule (see the module's documentation), with the numbers in words.
pub fn status(
    kr: &KeyResult,
    progress: Option<f64>,
    expected: f64,
    due: bool,
) -> (KrStatus, String) {
    let Some(p) = progress else {
        return (
            KrStatus::NoData,
            format!(
                "no item gave its {} a value in the {MEASURE_DAYS} days before the latest point",
                kr.figure.label()
            ),
        );
    };
    // Whole percentages; a value that rounds to zero is "0 %", never "-0 %".
    let pc = |x: f64| format!("{:.0} %", (x * 100.0).round() + 0.0);
    if due {
        return if p >= 1.0 {
            (
                KrStatus::Achieved,
                format!("reached: {} of the way at the due date", pc(p)),
            )
        } else {
            (
                KrStatus::Missed,
                format!("missed: {} of the way at the due date", pc(p)),
            )
        };
    }
    let words = format!("{} of the way, {} of the time gone", pc(p), pc(expected));
    if p >= expected {
        (KrStatus::OnTrack, format!("on track: {words}"))
    } else if p >= expected - AT_RISK_BEHIND {
        (
            KrStatus::AtRisk,
            format!("at risk: {words} (at most 25 points behind)"),
        )
    } else {
        (
            KrStatus::OffTrack,
            format!("off track: {words} (more than 25 points behind)"),
        )
    }
}

#[cfg(test)]
mod tests;
