//! Wire types of the flow view: the open map's measured flow (heat on the stages, the stage
//! panel, the timeline ladder, the dashboard) under the filters saved with the map.

use super::metrics::MetricsRequest;
use flowmap_metrics::Metrics;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The flow of the open map under a set of filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FlowView {
    /// Every figure (`docs/metrics.md`), computed against the map being edited (unsaved stages
    /// included) and the file's items. A map without a file has no items: empty figures.
    pub metrics: Metrics,
    /// The filters the figures were computed with (`now`: the "as of" instant, absent: the
    /// current time, which `metrics.window.now` gives).
    pub filters: MetricsRequest,
    /// Items completed in the window with a flow time. `metrics.flow_time_points` holds at most
    /// [`MAX_FLOW_TIME_POINTS`] of them (evenly by completion, the slowest always kept) when the
    /// points were asked for; the percentile lines come from all of them (`metrics.flow_time`).
    #[ts(type = "number")]
    pub points_total: u64,
    /// The sources of the file's items, for the source filter.
    pub sources: Vec<String>,
    /// Where the items listed (aging, slowest) can be opened in their source tool.
    pub links: Vec<ItemLink>,
    /// Milliseconds spent loading the file's items (0 when they were already loaded) and
    /// computing the figures.
    pub load_ms: f64,
    pub compute_ms: f64,
}

/// The most flow-time points a [`FlowView`] carries for the scatterplot.
pub const MAX_FLOW_TIME_POINTS: usize = 2000;

/// An item's page in the tool it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemLink {
    pub source: String,
    pub key: String,
    pub url: String,
}

pub(super) fn decls() -> Vec<String> {
    vec![FlowView::decl(), ItemLink::decl()]
}
