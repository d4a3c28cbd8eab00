//! The classic VSM timeline ladder along the critical path, weighted by lead time, with its totals,
//! activity ratio and rolled %C&A (`docs/metrics.md`, "Classic VSM").

use crate::model::StageModel;
use crate::report::{Ladder, LadderRung, StageMetrics};
use std::collections::HashMap;

/// The timeline ladder along the critical path, weighted by lead time (measured mean, or the
/// workshop estimate).
pub(crate) fn ladder(model: &StageModel, stages: &[StageMetrics]) -> Ladder {
    let by_id: HashMap<_, _> = stages.iter().map(|s| (s.id, s)).collect();
    let path = model.map.critical_path(|st| {
        by_id
            .get(&st.id)
            .and_then(|m| m.lead_time.value)
            .unwrap_or(0.0)
    });
    let mut rungs = Vec::new();
    let (mut pt, mut lt) = (0.0, 0.0);
    let mut rolled: Option<f64> = None;
    let mut missing_ca = 0;
    for id in path {
        let Some(m) = by_id.get(&id) else { continue };
        let est = &model.stages[m.order as usize].estimates;
        pt += m.process_time.value.unwrap_or(0.0);
        lt += m.lead_time.value.unwrap_or(0.0);
        match m.complete_accurate_figure.value {
            Some(ca) => rolled = Some(rolled.unwrap_or(1.0) * ca),
            None => missing_ca += 1,
        }
        rungs.push(LadderRung {
            stage: id,
            name: m.name.clone(),
            process_time: m.process_time.clone(),
            lead_time: m.lead_time.clone(),
            waiting_secs: match (m.lead_time.value, m.process_time.value) {
                (Some(l), Some(p)) => Some((l - p).max(0.0)),
                _ => None,
            },
            complete_accurate: m.complete_accurate_figure.clone(),
            estimate_process_secs: est.process_time_secs.map(|v| v as f64),
            estimate_lead_secs: est.lead_time_secs.map(|v| v as f64),
        });
    }
    Ladder {
        basis: "mean".to_string(),
        rungs,
        total_process_secs: pt,
        total_lead_secs: lt,
        activity_ratio: (lt > 0.0).then(|| pt / lt),
        rolled_complete_accurate: rolled,
        rungs_without_complete_accurate: missing_ca,
    }
}
