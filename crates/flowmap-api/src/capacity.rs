//! Capacity for new work and unplanned work of an open map under the flow view's filters
//! (`flowmap_metrics::capacity`; `docs/metrics.md`, "Capacity and unplanned work"), with each
//! stage's team from the working map.

use crate::editing::EditSession;
use crate::error::ApiError;
use crate::open_map::OpenMap;
use crate::wire::MetricsRequest;
use chrono::{DateTime, Utc};
use flowmap_core::{Node, NodeId, ValueStreamMap};
use flowmap_metrics::capacity::{capacity, Capacity};
use flowmap_metrics::{Dataset, StageModel};
use std::collections::HashMap;

fn teams(map: &ValueStreamMap) -> HashMap<NodeId, String> {
    map.nodes()
        .filter_map(|n| match n {
            Node::Stage(s) => s
                .team
                .as_ref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| (s.id, t.trim().to_string())),
            _ => None,
        })
        .collect()
}

pub(crate) fn run(
    map: &ValueStreamMap,
    data: &Dataset,
    model: &StageModel,
    request: &MetricsRequest,
    clock: DateTime<Utc>,
) -> Result<Capacity, ApiError> {
    let mut query = request.query(clock)?;
    query.through_stages = crate::flow_view::partner_stages(map, request.partner.as_deref())?;
    capacity(data, model, &teams(map), &query)
        .map_err(|e| ApiError::invalid_argument(e.to_string()))
}

impl OpenMap {
    /// Capacity and unplanned work under `request`, for `flowmap capacity`.
    pub fn capacity(
        &self,
        request: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<Capacity, ApiError> {
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        run(&self.doc.map, &data, &model, request, clock)
    }
}

impl EditSession {
    /// The same on the working map and the file's items (the current state's).
    pub fn capacity(
        &mut self,
        request: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<Capacity, ApiError> {
        self.reading()?.capacity(request, clock)
    }
}
