//! The one-page report a facilitator sends after the workshop (A4 landscape): the map with its
//! heat and legend, the timeline ladder with its totals, the five flow metrics with their
//! 12-week trend, the bottleneck stage's figures, and the kaizen bursts.

use super::map_drawing::{draw_map, extent, Shown};
use super::page_parts::{self, as_of};
use super::svg::{Font, Svg};
use super::words::{count, decimal, duration, maybe_duration, percent};
use crate::wire::{ExportRequest, FlowView};
use flowmap_core::{BurstStatus, BurstTarget, MapDocument, Node};
use flowmap_metrics::{Metrics, StageMetrics};

/// A4 landscape at 96 px per inch.
const WIDTH: f64 = 1123.0;
const HEIGHT: f64 = 794.0;
const PAD: f64 = 28.0;
/// The map's box on the page.
const MAP_TOP: f64 = 76.0;
const MAP_HEIGHT: f64 = 250.0;

/// An improvement idea on the map: what the report lists under "Kaizen bursts".
pub(crate) struct KaizenBurst {
    pub title: String,
    pub owner: Option<String>,
    pub effect: Option<String>,
    /// The stage or handoff it is attached to, by name.
    pub attached_to: Option<String>,
}

/// The map's kaizen bursts (dropped ideas left out), each with the stage or handoff it
/// improves by name ("Build → Test" for a handoff).
pub(crate) fn kaizen_bursts(doc: &MapDocument) -> Vec<KaizenBurst> {
    let name = |id| doc.map.node(id).map(Node::name).unwrap_or("?").to_string();
    doc.map
        .nodes()
        .filter_map(|n| match n {
            Node::Burst(b) if b.status != BurstStatus::Dropped => Some(b),
            _ => None,
        })
        .map(|b| KaizenBurst {
            title: b.name.clone(),
            owner: b.owner.clone(),
            effect: b.effect.clone(),
            attached_to: b.target.as_ref().and_then(|t| match t {
                BurstTarget::Stage { id } => Some(name(*id)),
                BurstTarget::Handoff { id } => doc.map.edge(*id).map(|e| {
                    let (from, to) = e.endpoints();
                    format!("{} → {}", name(from), name(to))
                }),
            }),
        })
        .collect()
}

/// The report as an SVG page.
pub(crate) fn report_svg(doc: &MapDocument, view: &FlowView, request: &ExportRequest) -> String {
    let shown = Shown::new(view, request.overlay, request.percentile);
    let inner = WIDTH - 2.0 * PAD;
    let mut svg = Svg::new();
    page_parts::header(
        &mut svg,
        PAD,
        inner,
        doc.map.name(),
        "Value stream report",
        &shown,
    );
    match extent(doc) {
        Some(e) => {
            let scale = (inner / e.w).min(MAP_HEIGHT / e.h).min(1.0);
            let dx = PAD + (inner - e.w * scale) / 2.0;
            svg.group("map", dx - e.x * scale, MAP_TOP - e.y * scale, scale);
            draw_map(&mut svg, doc, &shown);
            svg.close();
        }
        None => svg.text(
            PAD,
            MAP_TOP + 20.0,
            Font::new(14.0),
            "The map is empty.",
            40,
        ),
    }
    let mut y = MAP_TOP + MAP_HEIGHT + 8.0;
    y += page_parts::legend(&mut svg, PAD, y, &shown) + 6.0;
    rule(&mut svg, y);
    y += page_parts::ladder(
        &mut svg,
        PAD,
        y + 4.0,
        inner,
        &view.metrics.ladder,
        &as_of(&view.metrics),
    ) + 8.0;
    rule(&mut svg, y);
    let column = inner / 3.0;
    flow_metrics(&mut svg, PAD, y + 8.0, column - 16.0, &view.metrics);
    bottleneck(&mut svg, PAD + column, y + 8.0, column - 16.0, view);
    bursts(
        &mut svg,
        PAD + 2.0 * column,
        y + 8.0,
        column,
        &kaizen_bursts(doc),
    );
    let foot = Font::new(10.0).fill("#64748b");
    let note =
        "Figures: calendar time, nearest-rank percentiles (docs/metrics.md). Made with Flowmap.";
    svg.text(PAD, HEIGHT - 12.0, foot, note, 140);
    svg.finish(WIDTH, HEIGHT, doc.map.name())
}

fn rule(svg: &mut Svg, y: f64) {
    svg.line((PAD, y), (WIDTH - PAD, y), "#e2e8f0", 1.0);
}

/// A line of values drawn small (a sparkline), oldest left; gaps where a week has none.
fn sparkline(svg: &mut Svg, x: f64, y: f64, w: f64, h: f64, values: &[Option<f64>]) {
    svg.rect(x, y, w, h, 0.0, "#f8fafc", None);
    let max = values.iter().flatten().cloned().fold(0.0_f64, f64::max);
    if values.len() < 2 || max <= 0.0 {
        return;
    }
    let step = w / (values.len() - 1) as f64;
    let mut d = String::new();
    let mut pen_up = true;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let px = x + i as f64 * step;
                let py = y + h - v / max * (h - 2.0) - 1.0;
                d.push_str(&format!(
                    "{} {px:.1} {py:.1} ",
                    if pen_up { "M" } else { "L" }
                ));
                pen_up = false;
            }
            None => pen_up = true,
        }
    }
    svg.path(&d, "none", Some(("#2563eb", 1.5)), false);
}

/// The five flow metrics: the window's figure and the trend over its last 12 weeks.
fn flow_metrics(svg: &mut Svg, x: f64, y: f64, w: f64, m: &Metrics) {
    svg.text(x, y + 12.0, Font::new(14.0).bold(), "Flow metrics", 20);
    let note = Font::new(10.0).fill("#475569");
    svg.text(
        x + 110.0,
        y + 12.0,
        note,
        "trend: last 12 weeks, oldest left",
        40,
    );
    let t = &m.flow_trend;
    let weeks = m.window.days / 7.0;
    let rows: [(&str, String, Vec<Option<f64>>); 5] = [
        (
            "Velocity",
            format!(
                "{} completed ({} / week)",
                count(m.items.completed),
                decimal(m.items.completed as f64 / weeks.max(1.0))
            ),
            t.iter().map(|p| Some(p.completed.total as f64)).collect(),
        ),
        (
            "Flow time",
            format!(
                "p50 {} · p85 {}",
                maybe_duration(m.flow_time.p50),
                maybe_duration(m.flow_time.p85)
            ),
            t.iter().map(|p| p.flow_time.p50).collect(),
        ),
        (
            "Efficiency",
            format!(
                "{} active of flow time",
                percent(m.flow_efficiency.aggregate)
            ),
            t.iter().map(|p| p.efficiency).collect(),
        ),
        (
            "Load",
            format!(
                "{} now · {} average",
                count(m.flow_load.current),
                decimal(m.flow_load.average)
            ),
            t.iter().map(|p| p.load_average).collect(),
        ),
        (
            "Distribution",
            {
                let d = &m.flow_distribution.completed;
                format!(
                    "F {} D {} R {} Debt {}",
                    percent(Some(d.feature)),
                    percent(Some(d.defect)),
                    percent(Some(d.risk)),
                    percent(Some(d.debt))
                )
            },
            t.iter()
                .map(|p| {
                    (p.completed.total > 0)
                        .then(|| p.completed.feature as f64 / p.completed.total as f64)
                })
                .collect(),
        ),
    ];
    let label = Font::new(11.0).bold();
    let value = Font::new(11.0);
    for (i, (name, figure, trend)) in rows.iter().enumerate() {
        let ry = y + 32.0 + i as f64 * 26.0;
        svg.text(x, ry, label, name, 14);
        svg.text(x + 78.0, ry, value, figure, value.chars_in(w - 78.0 - 76.0));
        sparkline(svg, x + w - 70.0, ry - 12.0, 70.0, 16.0, trend);
    }
    let trend_note = "Distribution's trend: the Feature share per week.";
    svg.text(
        x,
        y + 32.0 + 5.0 * 26.0 - 6.0,
        note,
        trend_note,
        note.chars_in(w),
    );
}

/// The bottleneck stage's panel figures, or why there is none.
fn bottleneck(svg: &mut Svg, x: f64, y: f64, w: f64, view: &FlowView) {
    svg.text(x, y + 12.0, Font::new(14.0).bold(), "Bottleneck", 20);
    let stage: Option<&StageMetrics> = view
        .bottleneck
        .and_then(|id| view.metrics.stages.iter().find(|s| s.id == id));
    let Some(s) = stage else {
        svg.text(
            x,
            y + 32.0,
            Font::new(11.0),
            "No waiting time measured: no bottleneck to name.",
            60,
        );
        return;
    };
    let name = Font::new(13.0).bold();
    svg.text(x + 90.0, y + 12.0, name, &s.name, name.chars_in(w - 90.0));
    let lines = [
        format!(
            "{} of all waiting time (rank {}) · waits {} of its time",
            percent(Some(s.bottleneck_score)),
            s.bottleneck_rank,
            percent(s.waiting_share)
        ),
        format!(
            "waiting p50 {} · p85 {}",
            maybe_duration(s.waiting.p50),
            maybe_duration(s.waiting.p85)
        ),
        format!(
            "time in stage p50 {} · p85 {}",
            maybe_duration(s.time.p50),
            maybe_duration(s.time.p85)
        ),
        format!(
            "efficiency {} · re-entry {}",
            percent(s.efficiency),
            percent(s.reentry_rate)
        ),
        format!(
            "WIP {} now · {} average",
            count(s.load_current),
            decimal(s.load_average)
        ),
        format!(
            "throughput {} ({} / week) · %C&A {}",
            count(s.throughput),
            decimal(s.throughput_per_week),
            percent(s.complete_accurate)
        ),
    ];
    let font = Font::new(11.0);
    for (i, line) in lines.iter().enumerate() {
        svg.text(x, y + 32.0 + i as f64 * 16.0, font, line, font.chars_in(w));
    }
    let oldest: Vec<String> = s
        .aging
        .iter()
        .take(2)
        .map(|a| {
            format!(
                "{} {} ({} in stage)",
                a.key,
                a.title,
                duration(a.age_in_stage_secs)
            )
        })
        .collect();
    let note = Font::new(10.0).fill("#475569");
    for (i, line) in oldest.iter().enumerate() {
        let prefix = if i == 0 { "oldest: " } else { "        " };
        svg.text(
            x,
            y + 32.0 + (6 + i) as f64 * 16.0,
            note,
            &format!("{prefix}{line}"),
            note.chars_in(w),
        );
    }
}

fn bursts(svg: &mut Svg, x: f64, y: f64, w: f64, bursts: &[KaizenBurst]) {
    svg.text(x, y + 12.0, Font::new(14.0).bold(), "Kaizen bursts", 20);
    let font = Font::new(11.0);
    if bursts.is_empty() {
        svg.text(x, y + 32.0, font, "No kaizen bursts on this map.", 60);
        return;
    }
    let note = Font::new(10.0).fill("#475569");
    for (i, b) in bursts.iter().take(6).enumerate() {
        let by = y + 32.0 + i as f64 * 28.0;
        let head = match &b.attached_to {
            Some(at) => format!("{} — {at}", b.title),
            None => b.title.clone(),
        };
        svg.text(x, by, font.bold(), &head, font.bold().chars_in(w));
        let detail = [
            b.owner.as_ref().map(|o| format!("owner {o}")),
            b.effect.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        svg.text(x, by + 12.0, note, &detail, note.chars_in(w));
    }
    if bursts.len() > 6 {
        svg.text(
            x,
            y + 32.0 + 6.0 * 28.0,
            note,
            &format!("and {} more", bursts.len() - 6),
            30,
        );
    }
}
