//! Wire types of the flow view: the open map's measured flow (heat on the stages, the stage
//! panel, the timeline ladder, the dashboard) under the filters saved with the map.

use super::metrics::MetricsRequest;
use flowmap_core::NodeId;
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
    /// The heat overlay of every mode but [`OverlayMode::None`], in [`OverlayMode::ALL`] order,
    /// once per [`Percentile`] for the modes that read one (`docs/metrics.md`, "Heat overlay").
    pub overlays: Vec<Overlay>,
    /// The stage the overlay marks as the bottleneck: ranked first by bottleneck score, when
    /// any waiting time was measured.
    pub bottleneck: Option<NodeId>,
}

/// What the heat overlay shows on each stage of the map (`docs/metrics.md`, "Heat overlay").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OverlayMode {
    /// No overlay: the map as drawn.
    None,
    /// Waiting time per item in the stage, at a percentile.
    Waiting,
    /// Time in stage per item, at a percentile.
    Time,
    /// The stage's flow efficiency (less efficient is hotter).
    Efficiency,
    /// Items in the stage at `now`.
    Load,
    /// The stage's share of all waiting time.
    Bottleneck,
    /// The stage's re-entry rate.
    Rework,
}

impl OverlayMode {
    /// Every mode, in the order the flow view offers them.
    pub const ALL: [OverlayMode; 7] = [
        OverlayMode::None,
        OverlayMode::Waiting,
        OverlayMode::Time,
        OverlayMode::Efficiency,
        OverlayMode::Load,
        OverlayMode::Bottleneck,
        OverlayMode::Rework,
    ];

    /// Whether the mode's figure is a percentile of a distribution, to be chosen.
    pub fn has_percentile(self) -> bool {
        matches!(self, OverlayMode::Waiting | OverlayMode::Time)
    }
}

/// The percentile an overlay reads (nearest rank, `docs/metrics.md`, "Per stage").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Percentile {
    P50,
    P85,
}

impl Percentile {
    /// Every percentile the overlay offers.
    pub const ALL: [Percentile; 2] = [Percentile::P50, Percentile::P85];
}

/// The overlay a map opens with: the mode and the percentile it was saved with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OverlayChoice {
    pub mode: OverlayMode,
    pub percentile: Percentile,
}

impl Default for OverlayChoice {
    fn default() -> Self {
        OverlayChoice {
            mode: OverlayMode::None,
            percentile: Percentile::P50,
        }
    }
}

/// How an overlay's values turn into heat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScaleKind {
    /// By logarithm, from `min` to `max` (durations).
    Log,
    /// In proportion, from `min` to `max`.
    Linear,
}

/// An overlay's scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct OverlayScale {
    pub kind: ScaleKind,
    pub min: f64,
    pub max: f64,
    /// Whether more of the figure is better (efficiency): the heat then runs the other way.
    pub higher_is_better: bool,
}

/// One stage's figure on an overlay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct OverlayFigure {
    pub stage: NodeId,
    /// The figure (seconds for durations, a share in [0, 1], or a count); `None` when it counts
    /// no items.
    pub value: Option<f64>,
    /// How many items the figure counts.
    #[ts(type = "number")]
    pub items: u64,
    /// Where the value sits on the scale: 0 the least heat, 1 the most; `None` without a value.
    pub heat: Option<f64>,
}

/// The heat overlay of one mode (and percentile): each stage's figure and heat, in flow order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Overlay {
    pub mode: OverlayMode,
    /// The percentile read, for the modes that have one.
    pub percentile: Option<Percentile>,
    pub scale: OverlayScale,
    pub stages: Vec<OverlayFigure>,
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

/// What an export draws: the figures under `filters`, the map coloured by `overlay` (at
/// `percentile` for the modes that read one), as the window shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportRequest {
    pub filters: MetricsRequest,
    pub overlay: OverlayMode,
    pub percentile: Percentile,
}

pub(super) fn decls() -> Vec<String> {
    vec![
        FlowView::decl(),
        ExportRequest::decl(),
        ItemLink::decl(),
        OverlayMode::decl(),
        Percentile::decl(),
        OverlayChoice::decl(),
        ScaleKind::decl(),
        OverlayScale::decl(),
        OverlayFigure::decl(),
        Overlay::decl(),
    ]
}
