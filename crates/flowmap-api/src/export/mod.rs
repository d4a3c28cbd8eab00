//! Exports people put in slides and send after a workshop, drawn here from the working map,
//! its layout and the flow view's figures (no browser involved, so the CLI exports the same):
//! - the map as **SVG**: real vector (`<rect>`, `<path>`, `<text>`, no `foreignObject`), with
//!   the title, the as-of instant, the heat overlay and its figures, the legend and the
//!   timeline ladder with its totals;
//! - the same picture as **PNG** (rendered by resvg at twice its size);
//! - the one-page **report** as PDF (`report.rs`): the map with heat, the ladder, the five flow
//!   metrics with their trend, the bottleneck's figures and the kaizen bursts.

mod map_drawing;
mod page_parts;
mod render;
mod report;
mod svg;
mod words;

use crate::editing::{write_atomically, EditSession};
use crate::error::ApiError;
use crate::wire::{ExportRequest, FlowView};
use chrono::{DateTime, Utc};
use flowmap_core::MapDocument;
use map_drawing::{draw_map, extent, Shown};
use std::path::Path;
use svg::Svg;

/// Page margin of the map image.
const PAD: f64 = 28.0;
/// The narrowest map image: room for the header and the legend.
const MIN_WIDTH: f64 = 1000.0;

/// The map as an SVG document: header, map with the overlay, legend, ladder.
pub fn map_svg(doc: &MapDocument, view: &FlowView, request: &ExportRequest) -> String {
    let shown = Shown::new(view, request.overlay, request.percentile);
    let ext = extent(doc);
    let rungs = view.metrics.ladder.rungs.len() as f64;
    let map_w = ext.map_or(0.0, |e| e.w);
    let width = map_w.max(MIN_WIDTH).max(rungs * page_parts::RUNG) + 2.0 * PAD;
    let inner = width - 2.0 * PAD;
    let mut svg = Svg::new();
    page_parts::header(
        &mut svg,
        PAD,
        inner,
        doc.map.name(),
        "Value stream map",
        &shown,
    );
    let mut y = 80.0;
    match ext {
        Some(e) => {
            svg.group("map", PAD - e.x, y - e.y, 1.0);
            draw_map(&mut svg, doc, &shown);
            svg.close();
            y += e.h + 12.0;
        }
        None => {
            svg.text(PAD, y + 20.0, svg::Font::new(14.0), "The map is empty.", 40);
            y += 40.0;
        }
    }
    y += page_parts::legend(&mut svg, PAD, y, &shown) + 16.0;
    svg.line((PAD, y - 8.0), (width - PAD, y - 8.0), "#e2e8f0", 1.0);
    let as_of = page_parts::as_of(&view.metrics);
    y += page_parts::ladder(&mut svg, PAD, y, inner, &view.metrics.ladder, &as_of) + PAD;
    svg.finish(width, y, doc.map.name())
}

/// What an export's file name asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Svg,
    Png,
    Pdf,
}

fn kind_of(path: &Path, allowed: &[Kind]) -> Result<Kind, ApiError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "svg" => Some(Kind::Svg),
        "png" => Some(Kind::Png),
        "pdf" => Some(Kind::Pdf),
        _ => None,
    }
    .filter(|k| allowed.contains(k));
    let names: Vec<String> = allowed
        .iter()
        .map(|k| format!(".{}", format!("{k:?}").to_lowercase()))
        .collect();
    kind.ok_or_else(|| {
        ApiError::invalid_argument(format!(
            "{}: cannot export as .{ext} (use {})",
            path.display(),
            names.join(" or ")
        ))
    })
}

impl EditSession {
    /// Writes the map (title, overlay, legend, ladder, as-of) to `path`: SVG or PNG by its
    /// extension, under the filters and overlay of `request`.
    pub fn export_map(
        &mut self,
        path: &Path,
        request: &ExportRequest,
        clock: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let kind = kind_of(path, &[Kind::Svg, Kind::Png])?;
        let view = self.flow_view(&request.filters, clock)?;
        let svg = map_svg(self.document(), &view, request);
        let bytes = match kind {
            Kind::Png => render::png(&svg, 2.0)?,
            _ => svg.into_bytes(),
        };
        write_atomically(path, &bytes)
    }

    /// Writes the one-page report to `path` (PDF; SVG when the name ends in `.svg`).
    pub fn export_report(
        &mut self,
        path: &Path,
        request: &ExportRequest,
        clock: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let kind = kind_of(path, &[Kind::Pdf, Kind::Svg])?;
        let view = self.flow_view(&request.filters, clock)?;
        let svg = report::report_svg(self.document(), &view, request);
        let bytes = match kind {
            Kind::Pdf => render::pdf(&svg)?,
            _ => svg.into_bytes(),
        };
        write_atomically(path, &bytes)
    }
}
