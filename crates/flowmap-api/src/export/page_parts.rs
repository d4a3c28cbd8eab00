//! The parts an exported page adds around the map: the header (title, as-of instant, window),
//! the legend of every mark, and the timeline ladder with its totals. Shared by the map image
//! and the one-page report.

use super::map_drawing::Shown;
use super::svg::{Font, Svg};
use super::words::{count, duration, heat_colour, maybe_duration, percent};
use crate::wire::{OverlayMode, ScaleKind};
use flowmap_metrics::{FigureSource, Ladder, Metrics, WindowKind};

/// "2026-11-02 14:05 UTC": the instant the figures are as of.
pub(crate) fn as_of(metrics: &Metrics) -> String {
    metrics.window.now.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The window in words: "items completed from 2026-08-10 to 2026-11-02".
pub(crate) fn window_text(metrics: &Metrics) -> String {
    let w = &metrics.window;
    let from = w.from.map_or("the first event".to_string(), |f| {
        f.format("%Y-%m-%d").to_string()
    });
    let span = format!("from {from} to {}", w.to.format("%Y-%m-%d"));
    let mut text = match w.kind {
        WindowKind::Completed => format!("items completed {span}"),
        _ => format!("time spent {span}"),
    };
    if let Some(t) = w.flow_item_type {
        text.push_str(&format!(" · {t:?} items only"));
    }
    text
}

/// The overlay's title: "Waiting time p50", or "No overlay".
pub(crate) fn overlay_title(shown: &Shown<'_>) -> String {
    let Some(o) = shown.overlay else {
        return "No overlay".to_string();
    };
    let name = match o.mode {
        OverlayMode::Waiting => "Waiting time",
        OverlayMode::Time => "Time in stage",
        OverlayMode::Efficiency => "Flow efficiency",
        OverlayMode::Load => "Items in stage now",
        OverlayMode::Bottleneck => "Share of all waiting",
        OverlayMode::Rework => "Re-entry rate",
        OverlayMode::None => "No overlay",
    };
    match o.percentile {
        Some(crate::wire::Percentile::P50) => format!("{name} p50"),
        Some(crate::wire::Percentile::P85) => format!("{name} p85"),
        None => name.to_string(),
    }
}

/// The title and, under it, the as-of instant, the window and the overlay.
pub(crate) fn header(svg: &mut Svg, x: f64, width: f64, name: &str, kind: &str, shown: &Shown<'_>) {
    let title = Font::new(24.0).bold();
    svg.text(x, 38.0, title, name, title.chars_in(width));
    let m = &shown.view.metrics;
    let line = format!(
        "{kind} · as of {} · {} · overlay: {}",
        as_of(m),
        window_text(m),
        overlay_title(shown)
    );
    let small = Font::new(13.0).fill("#475569");
    svg.text(x, 60.0, small, &line, small.chars_in(width));
}

/// The legend: the heat scale with its ends, and every mark the map uses. Returns its height.
pub(crate) fn legend(svg: &mut Svg, x: f64, y: f64, shown: &Shown<'_>) -> f64 {
    let label = Font::new(12.0);
    let note = Font::new(11.0).fill("#475569");
    let mut cx = x;
    if let Some(o) = shown.overlay {
        let title = format!(
            "{}{}",
            overlay_title(shown),
            if o.scale.kind == ScaleKind::Log {
                " (log scale)"
            } else {
                ""
            }
        );
        svg.text(cx, y + 12.0, label.bold(), &title, 48);
        for i in 0..10 {
            let heat = (f64::from(i) + 0.5) / 10.0;
            svg.rect(
                cx + f64::from(i) * 18.0,
                y + 20.0,
                18.0,
                12.0,
                0.0,
                &heat_colour(heat),
                None,
            );
        }
        let (low, high) = scale_ends(shown);
        svg.text(cx, y + 46.0, note, &low, 20);
        svg.text(cx + 180.0, y + 46.0, note.end(), &high, 20);
        let darker = if o.scale.higher_is_better {
            "darker: less efficient"
        } else {
            "darker: more"
        };
        svg.text(
            cx,
            y + 60.0,
            note,
            &format!("{darker} · grey: no items"),
            40,
        );
        cx += 250.0;
    }
    // The marks.
    svg.rect(
        cx,
        y + 4.0,
        28.0,
        18.0,
        4.0,
        "#ffffff",
        Some(("#334155", 1.5)),
    );
    svg.text(cx + 36.0, y + 17.0, label, "stage", 20);
    svg.line((cx, y + 38.0), (cx + 28.0, y + 38.0), "#475569", 2.0);
    svg.text(
        cx + 36.0,
        y + 42.0,
        label,
        "handoff (wait after it: percentile, handoffs)",
        60,
    );
    cx += 330.0;
    svg.path(
        &format!(
            "M {cx:.1} {:.1} L {:.1} {:.1}",
            y + 13.0,
            cx + 28.0,
            y + 13.0
        ),
        "none",
        Some(("#b45309", 2.0)),
        true,
    );
    svg.text(cx + 36.0, y + 17.0, label, "rework loop", 20);
    svg.path(
        &format!(
            "M {cx:.1} {:.1} L {:.1} {:.1}",
            y + 38.0,
            cx + 28.0,
            y + 38.0
        ),
        "none",
        Some(("#94a3b8", 2.0)),
        true,
    );
    svg.text(cx + 36.0, y + 42.0, label, "artifact flow (tools)", 30);
    cx += 190.0;
    if shown.overlay.is_some() {
        svg.rect(
            cx,
            y + 4.0,
            28.0,
            18.0,
            4.0,
            "#ffffff",
            Some(("#dc2626", 3.0)),
        );
        svg.text(cx + 36.0, y + 17.0, label, "bottleneck (most waiting)", 30);
    }
    svg.rect(
        cx,
        y + 29.0,
        28.0,
        16.0,
        4.0,
        "#f8fafc",
        Some(("#94a3b8", 1.5)),
    );
    svg.text(cx + 36.0, y + 42.0, label, "partner", 20);
    66.0
}

fn scale_ends(shown: &Shown<'_>) -> (String, String) {
    let Some(o) = shown.overlay else {
        return (String::new(), String::new());
    };
    let s = &o.scale;
    match o.mode {
        OverlayMode::Waiting | OverlayMode::Time => (duration(s.min), duration(s.max)),
        OverlayMode::Load => (count(s.min as u64), count(s.max as u64)),
        _ if s.higher_is_better => (percent(Some(s.max)), percent(Some(s.min))),
        _ => (percent(Some(s.min)), percent(Some(s.max))),
    }
}

fn source_word(s: FigureSource) -> &'static str {
    match s {
        FigureSource::Measured => "measured",
        FigureSource::Estimate => "estimate",
        _ => "no data",
    }
}

/// The width each rung takes.
pub(crate) const RUNG: f64 = 118.0;

/// The timeline ladder along the path most items take: per rung the wait on the upper step and
/// the process time on the lower, each marked measured or estimate, and the totals. Returns its
/// height.
pub(crate) fn ladder(
    svg: &mut Svg,
    x: f64,
    y: f64,
    width: f64,
    ladder: &Ladder,
    as_of: &str,
) -> f64 {
    let title = Font::new(14.0).bold();
    let note = Font::new(11.0).fill("#475569");
    svg.text(x, y + 14.0, title, "Timeline ladder", 20);
    let path = if ladder.path_basis == "items" {
        "path most items take"
    } else {
        "no item moved: longest lead time"
    };
    let caption = format!("{path} · p50 per stage · totals measured only · as of {as_of}");
    svg.text(
        x + 130.0,
        y + 14.0,
        note,
        &caption,
        note.chars_in(width - 130.0),
    );
    if !ladder
        .rungs
        .iter()
        .any(|r| r.process_time.value.is_some() || r.lead_time.value.is_some())
    {
        svg.text(
            x,
            y + 36.0,
            Font::new(12.0),
            "Nothing measured or estimated yet: no ladder to read.",
            80,
        );
        return 46.0;
    }
    let n = ladder.rungs.len().max(1) as f64;
    let rung = (width / n).min(180.0);
    let top = y + 26.0;
    let (up, down) = (top + 4.0, top + 48.0);
    let font = Font::new(11.0);
    let name = Font::new(12.0).bold();
    let mut d = String::new();
    for (i, r) in ladder.rungs.iter().enumerate() {
        let rx = x + i as f64 * rung;
        // The step: up while waiting, down while processing.
        d.push_str(&format!(
            "{} {rx:.1} {up:.1} L {:.1} {up:.1} L {:.1} {down:.1} L {:.1} {down:.1} ",
            if i == 0 { "M" } else { "L" },
            rx + rung * 0.6,
            rx + rung * 0.6,
            rx + rung
        ));
        let chars = font.chars_in(rung - 6.0);
        svg.text(
            rx + 2.0,
            up - 6.0 + 22.0,
            font,
            &format!("wait {}", maybe_duration(r.waiting_secs)),
            chars,
        );
        svg.text(
            rx + 2.0,
            down + 16.0,
            name,
            &r.name,
            name.chars_in(rung - 6.0),
        );
        let pt = format!(
            "PT {}{}",
            maybe_duration(r.process_time.value),
            est(r.process_time.source, r.estimate_process_secs)
        );
        svg.text(rx + 2.0, down + 30.0, font, &pt, chars);
        let lt = format!(
            "LT {}{}",
            maybe_duration(r.lead_time.value),
            est(r.lead_time.source, r.estimate_lead_secs)
        );
        svg.text(rx + 2.0, down + 43.0, font, &lt, chars);
        let ca = format!(
            "C&A {} · {}",
            percent(r.complete_accurate.value),
            source_word(r.source)
        );
        svg.text(rx + 2.0, down + 56.0, note, &ca, chars);
    }
    svg.path(&d, "none", Some(("#334155", 2.0)), false);
    let totals_y = down + 76.0;
    let mut totals = format!(
        "Σ lead {} · Σ process {} · activity ratio {} · rolled C&A {} over {} of {} stages",
        duration(ladder.total_lead_secs),
        duration(ladder.total_process_secs),
        percent(ladder.activity_ratio),
        percent(ladder.rolled_complete_accurate),
        ladder.rolled_complete_accurate_rungs,
        ladder.rungs.len()
    );
    if let Some(f) = &ladder.with_estimates {
        totals.push_str(&format!(
            " · with estimates: Σ lead {}, rolled C&A {}",
            duration(f.total_lead_secs),
            percent(f.rolled_complete_accurate)
        ));
    }
    let bold = Font::new(12.0).bold();
    svg.text(x, totals_y, bold, &totals, bold.chars_in(width));
    totals_y - y + 8.0
}

/// " (est 2 d)" beside a measured figure that has a workshop estimate; " estimate" when the
/// figure is the estimate.
fn est(source: FigureSource, estimate: Option<f64>) -> String {
    match (source, estimate) {
        (FigureSource::Estimate, _) => " estimate".to_string(),
        (FigureSource::Measured, Some(e)) => format!(" (est {})", duration(e)),
        _ => String::new(),
    }
}
