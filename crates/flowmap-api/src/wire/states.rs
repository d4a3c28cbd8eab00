//! Wire types of the states of the stream compared side by side: the ladder's totals of the
//! current state and of a future state (`docs/metrics.md`, "Current and future state").

use flowmap_core::StateId;
use flowmap_metrics::LadderTotals;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The current state's ladder totals against a future state's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StateComparison {
    pub future: StateId,
    pub future_name: String,
    /// The current state's totals: measured rungs, workshop estimates filling the rest.
    pub before: LadderTotals,
    /// The future state's totals: its workshop estimates (a future state has no data).
    pub after: LadderTotals,
    /// The stages of each ladder, first to last.
    pub before_stages: Vec<String>,
    pub after_stages: Vec<String>,
    /// How many of the current ladder's rungs are measured (the rest are estimates).
    pub before_measured_rungs: u32,
    /// Lead time, process time, activity ratio and rolled %C&A: before → after.
    pub rows: Vec<ComparisonRow>,
}

/// One total compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ComparisonRow {
    /// "Lead time", "Process time", "Activity ratio", "Rolled %C&A".
    pub figure: String,
    /// `secs` for durations, `share` for a fraction in [0, 1].
    pub unit: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// After − before; `None` when either is missing.
    pub difference: Option<f64>,
    /// How the total is computed from the ladder's rungs.
    pub formula: String,
}

pub(super) fn decls() -> Vec<String> {
    vec![ComparisonRow::decl(), StateComparison::decl()]
}
