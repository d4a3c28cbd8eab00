//! The classic VSM timeline ladder along the path most items take (`ladder_path`): per-stage
//! p50s, each rung marked measured, estimate or none with the reason a figure is 0 or missing,
//! measured-only totals, and the estimate-filled totals apart (`docs/metrics.md`, "Classic VSM").

use super::ladder_path::ladder_path;
use crate::model::StageModel;
use crate::report::{
    Figure, FigureSource, HandoffWait, Ladder, LadderRung, LadderTotals, StageMetrics,
};
use std::collections::HashMap;

/// Sums of a set of rungs.
#[derive(Default)]
struct Sums {
    process: f64,
    lead: f64,
    rolled: Option<f64>,
    ca_rungs: u32,
}

impl Sums {
    fn add(&mut self, process: Option<f64>, lead: Option<f64>, ca: Option<f64>) {
        self.process += process.unwrap_or(0.0);
        self.lead += lead.unwrap_or(0.0);
        if let Some(ca) = ca {
            self.rolled = Some(self.rolled.unwrap_or(1.0) * ca);
            self.ca_rungs += 1;
        }
    }

    fn totals(&self) -> LadderTotals {
        LadderTotals {
            total_process_secs: self.process,
            total_lead_secs: self.lead,
            activity_ratio: (self.lead > 0.0).then(|| self.process / self.lead),
            rolled_complete_accurate: self.rolled,
        }
    }
}

fn measured(value: Option<f64>) -> Figure {
    Figure {
        value,
        source: if value.is_some() {
            FigureSource::Measured
        } else {
            FigureSource::None
        },
    }
}

fn estimate(value: Option<f64>) -> Figure {
    Figure {
        value,
        source: if value.is_some() {
            FigureSource::Estimate
        } else {
            FigureSource::None
        },
    }
}

/// One rung from a stage's figures: its p50s when items were in it, else its estimates.
fn rung(m: &StageMetrics, model: &StageModel, moves_in: Option<u64>) -> LadderRung {
    let est = &model.stages[m.order as usize].estimates;
    let est_process = est.process_time_secs.map(|v| v as f64);
    let est_lead = est.lead_time_secs.map(|v| v as f64);
    let items = m.time.count;
    let (process_time, lead_time) = if items > 0 {
        (measured(m.active.p50), measured(m.time.p50))
    } else {
        (estimate(est_process), estimate(est_lead))
    };
    let complete_accurate = match m.complete_accurate {
        Some(ca) => measured(Some(ca)),
        None => estimate(est.complete_accurate),
    };
    let mut reasons = Vec::new();
    if items == 0 {
        reasons.push(match lead_time.source {
            FigureSource::Estimate => "no items in this window: workshop estimates shown",
            _ => "no items in this window and no workshop estimate",
        });
    } else if process_time.value == Some(0.0) {
        reasons.push("process time 0: most items had no Active time in the stage");
    }
    if items > 0 && m.complete_accurate.is_none() {
        reasons.push(match complete_accurate.source {
            FigureSource::Estimate => {
                "no %C&A data: no item left the stage in this window (workshop estimate shown)"
            }
            _ => "no %C&A data: no item left the stage in this window",
        });
    } else if m.complete_accurate == Some(0.0) {
        reasons.push("%C&A 0 %: no item that left the stage went on forward without coming back");
    }
    LadderRung {
        stage: m.id,
        name: m.name.clone(),
        source: if items > 0 {
            FigureSource::Measured
        } else {
            lead_time.source
        },
        items,
        moves_in,
        waiting_secs: match (lead_time.value, process_time.value) {
            (Some(l), Some(p)) => Some((l - p).max(0.0)),
            _ => None,
        },
        process_time,
        lead_time,
        complete_accurate,
        estimate_process_secs: est_process,
        estimate_lead_secs: est_lead,
        reason: (!reasons.is_empty()).then(|| reasons.join("; ")),
    }
}

/// The timeline ladder along the path most items take (`handoffs`: the moves items made).
pub(crate) fn ladder(
    model: &StageModel,
    stages: &[StageMetrics],
    handoffs: &[HandoffWait],
) -> Ladder {
    let by_id: HashMap<_, _> = stages.iter().map(|s| (s.id, s)).collect();
    let path = ladder_path(model, handoffs, |id| {
        by_id.get(&id).map_or(0.0, |m| {
            if m.time.count > 0 {
                m.time.p50.unwrap_or(0.0)
            } else {
                model.stages[m.order as usize]
                    .estimates
                    .lead_time_secs
                    .unwrap_or(0) as f64
            }
        })
    });
    let mut rungs = Vec::new();
    let (mut only_measured, mut filled) = (Sums::default(), Sums::default());
    let mut uses_estimate = false;
    for (id, moves_in) in path.stages {
        let Some(m) = by_id.get(&id) else { continue };
        let r = rung(m, model, moves_in);
        let is = |f: &Figure, s: FigureSource| f.source == s;
        let pick = |f: &Figure, s: FigureSource| if is(f, s) { f.value } else { None };
        only_measured.add(
            pick(&r.process_time, FigureSource::Measured),
            pick(&r.lead_time, FigureSource::Measured),
            pick(&r.complete_accurate, FigureSource::Measured),
        );
        filled.add(
            r.process_time.value,
            r.lead_time.value,
            r.complete_accurate.value,
        );
        uses_estimate |= [&r.process_time, &r.lead_time, &r.complete_accurate]
            .iter()
            .any(|f| is(f, FigureSource::Estimate));
        rungs.push(r);
    }
    let totals = only_measured.totals();
    Ladder {
        basis: "p50".to_string(),
        path_basis: if path.by_items { "items" } else { "lead_time" }.to_string(),
        measured_rungs: rungs
            .iter()
            .filter(|r| r.source == FigureSource::Measured)
            .count() as u32,
        rungs_without_complete_accurate: rungs.len() as u32 - only_measured.ca_rungs,
        rolled_complete_accurate_rungs: only_measured.ca_rungs,
        rungs,
        total_process_secs: totals.total_process_secs,
        total_lead_secs: totals.total_lead_secs,
        activity_ratio: totals.activity_ratio,
        rolled_complete_accurate: totals.rolled_complete_accurate,
        with_estimates: uses_estimate.then(|| filled.totals()),
    }
}
