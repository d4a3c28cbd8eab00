//! The map drawn as SVG shapes in canvas coordinates, as the window draws it: partner frames,
//! handoffs (rework loops arcing below), artifact flows, stage cards with the overlay's heat and
//! figure, tools and customers. A handoff's wait label sits in the gap between the two stages
//! when it fits there, and under the two cards when it does not, so it never hides under a card
//! nor covers a partner's name (frames name their partner above the cards).

use super::svg::{Font, Svg};
use super::words::{count, duration, percent, text_on_heat, NO_DATA_FILL, NO_DATA_TEXT};
use crate::wire::{FlowView, Overlay, OverlayMode, Percentile};
use flowmap_core::layout::{node_bounds, Position, Size};
use flowmap_core::{Edge, MapDocument, Node, NodeId};
use std::collections::{HashMap, HashSet};

/// How far below the lowest card a rework loop's arc reaches.
const ARC_DEPTH: f64 = 64.0;
/// How much deeper every other rework loop reaches.
const STAGGER: f64 = 20.0;
/// Room kept around the drawing for labels under the cards and arcs.
pub(crate) const MARGIN: f64 = 24.0;

/// What the overlay draws on one stage.
pub(crate) struct StageHeat {
    pub fill: String,
    pub text: &'static str,
    /// "waits 4.2 d (p50)", or "no items".
    pub figure: String,
}

/// The overlay chosen for an export: the mode, its figures and the waits on handoffs.
pub(crate) struct Shown<'a> {
    pub view: &'a FlowView,
    pub overlay: Option<&'a Overlay>,
    pub percentile: Percentile,
}

impl Shown<'_> {
    pub fn new(view: &FlowView, mode: OverlayMode, percentile: Percentile) -> Shown<'_> {
        let overlay = view
            .overlays
            .iter()
            .find(|o| o.mode == mode && o.percentile.is_none_or(|p| p == percentile));
        Shown {
            view,
            overlay,
            percentile,
        }
    }

    /// Each stage's heat, fill and figure under the overlay.
    pub fn stage_heat(&self) -> HashMap<NodeId, StageHeat> {
        let Some(o) = self.overlay else {
            return HashMap::new();
        };
        let pct = match o.percentile.unwrap_or(self.percentile) {
            Percentile::P50 => "p50",
            Percentile::P85 => "p85",
        };
        o.stages
            .iter()
            .map(|f| {
                let heat = f.heat.zip(f.value);
                let figure = match f.value {
                    None => "no items".to_string(),
                    Some(v) => match o.mode {
                        OverlayMode::Waiting => format!("waits {} ({pct})", duration(v)),
                        OverlayMode::Time => format!("in stage {} ({pct})", duration(v)),
                        OverlayMode::Efficiency => format!("efficiency {}", percent(Some(v))),
                        OverlayMode::Load => format!("WIP {} now", count(v.round() as u64)),
                        OverlayMode::Bottleneck => format!("{} of waiting", percent(Some(v))),
                        OverlayMode::Rework => format!("rework {}", percent(Some(v))),
                        OverlayMode::None => String::new(),
                    },
                };
                let (fill, text) = match heat {
                    Some((h, _)) => (super::words::heat_colour(h), text_on_heat(h)),
                    None => (NO_DATA_FILL.to_string(), NO_DATA_TEXT),
                };
                (f.stage, StageHeat { fill, text, figure })
            })
            .collect()
    }

    /// The wait written on each handoff ("waits 2.1 d (p50, 812)"), by (from, to); none
    /// without an overlay, as in the window.
    pub fn handoff_waits(&self) -> HashMap<(NodeId, NodeId), String> {
        let Some(o) = self.overlay else {
            return HashMap::new();
        };
        let p = if o.percentile.is_some() {
            self.percentile
        } else {
            Percentile::P50
        };
        self.view
            .metrics
            .handoffs
            .iter()
            .filter_map(|h| {
                let v = match p {
                    Percentile::P50 => h.wait.p50,
                    Percentile::P85 => h.wait.p85,
                }?;
                (h.wait.count > 0).then(|| {
                    let pct = if p == Percentile::P50 { "p50" } else { "p85" };
                    let label = format!("waits {} ({pct}, {})", duration(v), count(h.wait.count));
                    ((h.from, h.to), label)
                })
            })
            .collect()
    }
}

/// A box on the canvas.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Box2 {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Box2 {
    fn of((p, s): (Position, Size)) -> Self {
        Box2 {
            x: p.x,
            y: p.y,
            w: s.width,
            h: s.height,
        }
    }
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn mid_y(&self) -> f64 {
        self.y + self.h / 2.0
    }
    fn mid_x(&self) -> f64 {
        self.x + self.w / 2.0
    }
}

/// Where each node is drawn (partners as frames around what they own).
pub(crate) fn boxes(doc: &MapDocument) -> HashMap<NodeId, Box2> {
    doc.map
        .nodes()
        .filter_map(|n| node_bounds(&doc.map, &doc.layout, n.id()).map(|b| (n.id(), Box2::of(b))))
        .collect()
}

/// The drawing's extent on the canvas: every node, the rework arcs and labels under them.
pub(crate) fn extent(doc: &MapDocument) -> Option<Box2> {
    let boxes = boxes(doc);
    let mut it = boxes.values();
    let first = *it.next()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.right(), first.bottom());
    for b in it {
        x0 = x0.min(b.x);
        y0 = y0.min(b.y);
        x1 = x1.max(b.right());
        y1 = y1.max(b.bottom());
    }
    // Room for the rework loops' arcs and their labels, or for wait labels under the cards.
    let below = if !doc.map.flow_order().rework.is_empty() {
        ARC_DEPTH + STAGGER + 22.0
    } else if doc.map.edges().next().is_some() {
        24.0
    } else {
        0.0
    };
    Some(Box2 {
        x: x0 - MARGIN,
        y: y0 - MARGIN,
        w: x1 - x0 + 2.0 * MARGIN,
        h: y1 - y0 + 2.0 * MARGIN + below,
    })
}

/// Draws the map in canvas coordinates.
pub(crate) fn draw_map(svg: &mut Svg, doc: &MapDocument, shown: &Shown<'_>) {
    let boxes = boxes(doc);
    let heat = shown.stage_heat();
    let waits = shown.handoff_waits();
    for node in doc.map.nodes() {
        if let (Node::Partner(_), Some(b)) = (node, boxes.get(&node.id())) {
            svg.rect(b.x, b.y, b.w, b.h, 10.0, "#f8fafc", Some(("#94a3b8", 1.5)));
        }
    }
    let rework: HashSet<_> = doc.map.flow_order().rework.into_iter().collect();
    let mut loops = 0usize;
    for edge in doc.map.edges() {
        let (from, to) = edge.endpoints();
        let (Some(a), Some(b)) = (boxes.get(&from), boxes.get(&to)) else {
            continue;
        };
        match edge {
            Edge::Handoff(h) if rework.contains(&h.id) => {
                let label = join(h.label.as_deref(), waits.get(&(from, to)));
                // Every other loop reaches deeper, so neighbouring loops' labels stand apart.
                let depth = ARC_DEPTH + STAGGER * (loops % 2) as f64;
                loops += 1;
                draw_rework(svg, a, b, label.as_deref(), depth);
            }
            Edge::Handoff(h) => {
                let label = join(h.label.as_deref(), waits.get(&(from, to)));
                draw_forward(svg, a, b, label.as_deref(), "#475569", false);
            }
            Edge::ArtifactFlow(f) => {
                let label = f.label();
                let label = (!label.is_empty()).then_some(label);
                draw_forward(svg, a, b, label.as_deref(), "#94a3b8", true);
            }
        }
    }
    for node in doc.map.nodes() {
        let Some(b) = boxes.get(&node.id()) else {
            continue;
        };
        match node {
            Node::Stage(s) => {
                let tool = s.tool.and_then(|t| doc.map.node(t)).map(Node::name);
                let bottleneck = shown.view.bottleneck == Some(s.id) && shown.overlay.is_some();
                draw_stage(svg, b, &s.name, tool, heat.get(&s.id), bottleneck);
            }
            Node::Tool(t) => {
                svg.rect(b.x, b.y, b.w, b.h, 6.0, "#f1f5f9", Some(("#64748b", 1.0)));
                let font = Font::new(13.0).bold();
                svg.text(
                    b.x + 10.0,
                    b.y + 22.0,
                    font,
                    &t.name,
                    font.chars_in(b.w - 20.0),
                );
                let small = Font::new(11.0).fill("#475569");
                svg.text(
                    b.x + 10.0,
                    b.y + 40.0,
                    small,
                    t.tool_kind.as_str(),
                    small.chars_in(b.w - 20.0),
                );
            }
            Node::Customer(c) => {
                svg.rect(b.x, b.y, b.w, b.h, 30.0, "#ffffff", Some(("#94a3b8", 1.5)));
                let font = Font::new(13.0).bold().middle();
                svg.text(
                    b.mid_x(),
                    b.mid_y() + 5.0,
                    font,
                    &c.name,
                    font.chars_in(b.w - 24.0),
                );
            }
            Node::Note(n) => {
                svg.rect(b.x, b.y, b.w, b.h, 2.0, "#fef9c3", Some(("#ca8a04", 1.0)));
                let font = Font::new(12.0);
                svg.text(
                    b.x + 8.0,
                    b.y + 20.0,
                    font,
                    &n.name,
                    font.chars_in(b.w - 16.0),
                );
            }
            Node::Burst(k) => {
                // The kaizen burst: a warm plate with the idea, its owner below.
                svg.rect(b.x, b.y, b.w, b.h, 14.0, "#fde68a", Some(("#dc2626", 2.0)));
                let font = Font::new(12.0).bold();
                svg.text(
                    b.x + 10.0,
                    b.y + 20.0,
                    font,
                    &k.name,
                    font.chars_in(b.w - 20.0),
                );
                if let Some(owner) = k.owner.as_deref() {
                    let small = Font::new(11.0).fill("#7f1d1d");
                    svg.text(
                        b.x + 10.0,
                        b.y + 36.0,
                        small,
                        owner,
                        small.chars_in(b.w - 20.0),
                    );
                }
            }
            Node::Partner(_) => {}
        }
    }
    // Partners' names last, on a plate: no line or label covers them.
    for node in doc.map.nodes() {
        if let (Node::Partner(p), Some(b)) = (node, boxes.get(&node.id())) {
            let font = Font::new(13.0).bold().fill("#475569");
            plate(
                svg,
                b.x + 10.0,
                b.y + 21.0,
                font,
                &p.name,
                font.chars_in(b.w - 20.0),
            );
        }
    }
}

fn join(label: Option<&str>, wait: Option<&String>) -> Option<String> {
    match (label.filter(|l| !l.trim().is_empty()), wait) {
        (Some(l), Some(w)) => Some(format!("{l} · {w}")),
        (Some(l), None) => Some(l.to_string()),
        (None, Some(w)) => Some(w.clone()),
        (None, None) => None,
    }
}

fn draw_stage(
    svg: &mut Svg,
    b: &Box2,
    name: &str,
    tool: Option<&str>,
    heat: Option<&StageHeat>,
    bottleneck: bool,
) {
    let (fill, text) = heat.map_or(("#ffffff", "#1f2937"), |h| (h.fill.as_str(), h.text));
    let stroke = if bottleneck {
        ("#dc2626", 3.0)
    } else {
        ("#334155", 1.5)
    };
    svg.rect(b.x, b.y, b.w, b.h, 8.0, fill, Some(stroke));
    let font = Font::new(14.0).bold();
    svg.text_on(
        b.x + 10.0,
        b.y + 24.0,
        font,
        text,
        name,
        font.chars_in(b.w - 20.0),
    );
    let small = Font::new(11.0);
    if let Some(tool) = tool {
        svg.text_on(
            b.x + 10.0,
            b.y + 42.0,
            small,
            text,
            &format!("in {tool}"),
            small.chars_in(b.w - 20.0),
        );
    }
    if let Some(h) = heat {
        let figure = Font::new(13.0).bold();
        svg.text_on(
            b.x + 10.0,
            b.y + 66.0,
            figure,
            text,
            &h.figure,
            figure.chars_in(b.w - 20.0),
        );
    }
    if bottleneck {
        let tag = Font::new(10.0).bold().fill("#ffffff");
        svg.rect(
            b.right() - 78.0,
            b.y - 9.0,
            72.0,
            17.0,
            8.0,
            "#dc2626",
            None,
        );
        svg.text(b.right() - 42.0, b.y + 3.5, tag.middle(), "bottleneck", 12);
    }
}

/// A handoff or artifact flow between two nodes side by side (about the same height): from the
/// facing sides, the label in the gap when it fits there and under both cards when it does
/// not; between nodes one above the other: from the bottom of the upper to the top of the lower.
fn draw_forward(
    svg: &mut Svg,
    a: &Box2,
    b: &Box2,
    label: Option<&str>,
    colour: &str,
    dashed: bool,
) {
    let label_font = Font::new(11.0).fill("#1f2937").middle();
    let (dx, dy) = (b.mid_x() - a.mid_x(), b.mid_y() - a.mid_y());
    if dx.abs() > dy.abs() {
        let dir = dx.signum();
        let (x0, x1) = if dir > 0.0 {
            (a.right(), b.x)
        } else {
            (a.x, b.right())
        };
        let (y0, y1) = (a.mid_y(), b.mid_y());
        let mx = (x0 + x1) / 2.0;
        let end = x1 - 8.0 * dir;
        let d = format!("M {x0:.1} {y0:.1} C {mx:.1} {y0:.1} {mx:.1} {y1:.1} {end:.1} {y1:.1}");
        svg.path(&d, "none", Some((colour, 2.0)), dashed);
        arrow(svg, x1, y1, dir, 0.0, colour);
        if let Some(label) = label {
            let gap = (x1 - x0).abs();
            let width = label_font.width_of(label.chars().count());
            if width + 8.0 <= gap {
                plate(
                    svg,
                    mx,
                    (y0 + y1) / 2.0 - 7.0,
                    label_font,
                    label,
                    usize::MAX,
                );
            } else {
                // Under the two cards, centred on the gap: never under a card.
                let y = a.bottom().max(b.bottom()) + 16.0;
                let room = a.right().max(b.right()) - a.x.min(b.x);
                plate(svg, mx, y, label_font, label, label_font.chars_in(room));
            }
        }
    } else {
        let dir = dy.signum();
        let (y0, y1) = if dir > 0.0 {
            (a.bottom(), b.y)
        } else {
            (a.y, b.bottom())
        };
        let (x0, x1) = (a.mid_x(), b.mid_x());
        let my = (y0 + y1) / 2.0;
        let end = y1 - 8.0 * dir;
        let d = format!("M {x0:.1} {y0:.1} C {x0:.1} {my:.1} {x1:.1} {my:.1} {x1:.1} {end:.1}");
        svg.path(&d, "none", Some((colour, 2.0)), dashed);
        arrow(svg, x1, y1, 0.0, dir, colour);
        if let Some(label) = label {
            let start = Font {
                anchor: super::svg::Anchor::Start,
                ..label_font
            };
            plate(svg, (x0 + x1) / 2.0 + 8.0, my + 4.0, start, label, 40);
        }
    }
}

/// A rework loop: an arc under the cards from `a`'s bottom back to `b`'s, dashed, labelled at
/// its lowest point.
fn draw_rework(svg: &mut Svg, a: &Box2, b: &Box2, label: Option<&str>, depth: f64) {
    let colour = "#b45309";
    let (x0, y0, x1, y1) = (a.mid_x(), a.bottom(), b.mid_x(), b.bottom());
    let low = y0.max(y1) + depth;
    let control = low + depth / 3.0;
    let d = format!(
        "M {x0:.1} {y0:.1} C {x0:.1} {control:.1} {x1:.1} {control:.1} {x1:.1} {:.1}",
        y1 + 8.0
    );
    svg.path(&d, "none", Some((colour, 2.0)), true);
    arrow(svg, x1, y1, 0.0, -1.0, colour);
    let font = Font::new(11.0).fill("#92400e").middle();
    let text = match label {
        Some(l) => format!("rework · {l}"),
        None => "rework".to_string(),
    };
    plate(
        svg,
        (x0 + x1) / 2.0,
        low + 6.0,
        font,
        &text,
        font.chars_in(((x0 - x1).abs() - 30.0).max(120.0)),
    );
}

/// An arrowhead with its tip at (x, y), pointing along (dx, dy).
fn arrow(svg: &mut Svg, x: f64, y: f64, dx: f64, dy: f64, colour: &str) {
    let (bx, by) = (x - dx * 9.0, y - dy * 9.0);
    let (px, py) = (-dy * 5.0, dx * 5.0);
    let d = format!(
        "M {x:.1} {y:.1} L {:.1} {:.1} L {:.1} {:.1} Z",
        bx + px,
        by + py,
        bx - px,
        by - py
    );
    svg.path(&d, colour, None, false);
}

/// A label on a white plate, so lines under it do not cross the letters.
fn plate(svg: &mut Svg, x: f64, y: f64, font: Font, text: &str, max: usize) {
    let shown = super::svg::fit(text, max);
    let w = font.width_of(shown.chars().count()) + 8.0;
    let left = match font.anchor {
        super::svg::Anchor::Start => x - 4.0,
        super::svg::Anchor::Middle => x - w / 2.0,
        super::svg::Anchor::End => x - w + 4.0,
    };
    svg.rect(
        left,
        y - font.size,
        w,
        font.size + 5.0,
        3.0,
        "#ffffff",
        None,
    );
    svg.text(x, y, font, text, max);
}
