//! The current state and a future state side by side: each state's timeline ladder (the same
//! `flowmap_metrics::compute` and its `ladder_path` the flow view uses, never a copy) and its
//! totals compared, before → after (`docs/metrics.md`, "Current and future state").
//!
//! The current state's ladder reads the file's items under the flow view's filters, workshop
//! estimates filling the rungs without data; a future state has no data of its own, so its
//! ladder is its estimates alone.

use crate::editing::EditSession;
use crate::error::ApiError;
use crate::wire::{ComparisonRow, MetricsRequest, StateComparison};
use chrono::{DateTime, Utc};
use flowmap_core::{StateId, StateMapping, ValueStreamMap};
use flowmap_metrics::{compute, Dataset, Ladder, LadderTotals, Query};
use flowmap_store::SourceRecord;

/// The ladder of `map` over `data`, whose items come from `sources`.
fn ladder_of(
    map: &ValueStreamMap,
    (mappings, sources): (&[StateMapping], &[SourceRecord]),
    data: &Dataset,
    query: &Query,
) -> Result<Ladder, ApiError> {
    let model = crate::metrics::flow_model(map, mappings, sources, data)?;
    let metrics =
        compute(data, &model, query).map_err(|e| ApiError::invalid_argument(e.to_string()))?;
    Ok(metrics.ladder)
}

/// A ladder's totals with estimates filling the rungs that have no measurement.
fn filled(ladder: &Ladder) -> LadderTotals {
    ladder.with_estimates.clone().unwrap_or(LadderTotals {
        total_process_secs: ladder.total_process_secs,
        total_lead_secs: ladder.total_lead_secs,
        activity_ratio: ladder.activity_ratio,
        rolled_complete_accurate: ladder.rolled_complete_accurate,
    })
}

fn row(
    figure: &str,
    unit: &str,
    before: Option<f64>,
    after: Option<f64>,
    formula: &str,
) -> ComparisonRow {
    ComparisonRow {
        figure: figure.to_string(),
        unit: unit.to_string(),
        before,
        after,
        difference: before.zip(after).map(|(b, a)| a - b),
        formula: formula.to_string(),
    }
}

/// The four totals compared, in the order the window shows them.
pub(crate) fn compare_totals(before: &LadderTotals, after: &LadderTotals) -> Vec<ComparisonRow> {
    vec![
        row(
            "Lead time",
            "secs",
            Some(before.total_lead_secs),
            Some(after.total_lead_secs),
            "Σ lead time of the ladder's rungs (each stage's p50 time in stage, or its estimate)",
        ),
        row(
            "Process time",
            "secs",
            Some(before.total_process_secs),
            Some(after.total_process_secs),
            "Σ process time of the ladder's rungs (each stage's p50 active time, or its estimate)",
        ),
        row(
            "Activity ratio",
            "share",
            before.activity_ratio,
            after.activity_ratio,
            "Σ process time ÷ Σ lead time",
        ),
        row(
            "Rolled %C&A",
            "share",
            before.rolled_complete_accurate,
            after.rolled_complete_accurate,
            "Π %C&A of the rungs that have one",
        ),
    ]
}

impl EditSession {
    /// The current state's ladder totals against those of the future state `future`, under the
    /// flow view's filters (`request`; the partner filter does not apply: a future state may
    /// have dropped the partner's stages).
    pub fn compare_states(
        &mut self,
        future: StateId,
        request: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<StateComparison, ApiError> {
        let query = request.query(clock)?;
        let (data, _) = self.current_dataset()?;
        let (mappings, sources) = match self.saved() {
            Some(open) => (open.file.state_mappings()?, open.file.sources()?),
            None => (Vec::new(), Vec::new()),
        };
        let current = &self.current_document().map;
        let before = ladder_of(current, (&mappings, &sources), &data, &query)?;
        let future_map = &self.future_document(future)?.map;
        let after = ladder_of(future_map, (&[], &[]), &Dataset::default(), &query)?;
        let future_name = self
            .states_view()
            .states
            .into_iter()
            .find(|s| s.id == Some(future))
            .map(|s| s.name)
            .unwrap_or_default();
        let names = |l: &Ladder| l.rungs.iter().map(|r| r.name.clone()).collect();
        let (before_totals, after_totals) = (filled(&before), filled(&after));
        Ok(StateComparison {
            future,
            future_name,
            rows: compare_totals(&before_totals, &after_totals),
            before_stages: names(&before),
            after_stages: names(&after),
            before_measured_rungs: before.measured_rungs,
            before: before_totals,
            after: after_totals,
        })
    }
}
