//! The flow view's commands: the open map's measured flow under filters, and the filters and
//! the overlay saved with the map.

use super::declare::commands;
use crate::wire::{FlowView, MetricsRequest, OverlayChoice};

commands! {
    /// The open map's flow under `filters` (the working map, unsaved stages included).
    reads fn flow_view(cx, filters: MetricsRequest) -> FlowView {
        let now = cx.shell.now();
        cx.backend.with(|s| s.flow_view(&filters, now))
    }

    /// The open map's flow under the filters saved with it (those `flow_filters` gives), in one
    /// call: what a window asks for as it opens a map, so the figures are computed while it
    /// draws. `filters` in the answer are the saved ones (`include_points` as asked).
    reads fn saved_flow_view(cx, include_points: bool) -> FlowView {
        let now = cx.shell.now();
        cx.backend.with(|s| s.saved_flow_view(include_points, now))
    }

    /// The filters saved with the open map (the defaults when it has none).
    reads fn flow_filters(cx) -> MetricsRequest {
        cx.backend.with(|s| s.flow_filters())
    }

    /// Saves the filters with the open map (at once; not part of undo).
    reads fn save_flow_filters(cx, filters: MetricsRequest) -> () {
        let now = cx.shell.now();
        cx.backend.with(|s| s.save_flow_filters(&filters, now))
    }

    /// The overlay saved with the open map (mode and percentile; none when it has none).
    reads fn flow_overlay(cx) -> OverlayChoice {
        cx.backend.with(|s| s.flow_overlay())
    }

    /// Saves the overlay with the open map (at once; not part of undo).
    reads fn save_flow_overlay(cx, overlay: OverlayChoice) -> () {
        cx.backend.with(|s| s.save_flow_overlay(overlay))
    }
}
