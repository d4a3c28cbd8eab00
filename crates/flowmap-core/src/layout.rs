//! A deterministic left-to-right layout, used when a map has no stored positions (a new demo, an
//! imported map). The flow lane holds customers and stages in columns by flow rank; the
//! toolchain lane below holds each tool under the stages that live in it. A partner's stages go
//! last in their column and its tools sit under them, so a partner's frame stays compact.

use crate::id::NodeId;
use crate::map::ValueStreamMap;
use crate::node::{Edge, Node};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Top-left corner of a node on the canvas, in canvas pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

/// Width and height of a node on the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

pub const COLUMN_WIDTH: f64 = 260.0;
pub const ROW_HEIGHT: f64 = 160.0;
pub const LANE_GAP: f64 = 140.0;
pub const TOOL_SPACING: f64 = 200.0;
pub const CUSTOMER_GAP: f64 = 80.0;

/// The size a node is drawn at.
pub fn node_size(node: &Node) -> Size {
    match node {
        Node::Stage(_) => Size {
            width: 190.0,
            height: 84.0,
        },
        Node::Tool(_) => Size {
            width: 160.0,
            height: 56.0,
        },
        Node::Customer(_) => Size {
            width: 150.0,
            height: 60.0,
        },
        Node::Partner(_) => Size {
            width: 220.0,
            height: 140.0,
        },
        Node::Note(_) => Size {
            width: 170.0,
            height: 110.0,
        },
        Node::Burst(_) => Size {
            width: 150.0,
            height: 100.0,
        },
    }
}

/// Positions for every stage, tool and customer of the map (partners are drawn as frames around
/// what they own; a partner that owns nothing gets a position of its own).
pub fn left_to_right(map: &ValueStreamMap) -> HashMap<NodeId, Position> {
    let order = map.flow_order();
    let rework: std::collections::HashSet<_> = order.rework.iter().copied().collect();

    // Column of each stage: longest path from a stage nothing hands off to, customers at 0.
    let has_customer_intake = map.nodes().any(|n| matches!(n, Node::Customer(_)));
    let first_column = usize::from(has_customer_intake);
    let mut column: HashMap<NodeId, usize> =
        order.stages.iter().map(|id| (*id, first_column)).collect();
    for id in &order.stages {
        let c = column[id];
        for e in map.edges() {
            if let Edge::Handoff(h) = e {
                if h.from == *id && !rework.contains(&h.id) && column.contains_key(&h.to) {
                    let next = column[&h.to].max(c + 1);
                    column.insert(h.to, next);
                }
            }
        }
    }

    let mut positions = HashMap::new();
    let mut rows_in_column: HashMap<usize, usize> = HashMap::new();
    // Own stages first, then partners' stages, each in flow order.
    let (own, partnered): (Vec<NodeId>, Vec<NodeId>) = order
        .stages
        .iter()
        .partition(|id| map.stage(**id).is_some_and(|s| s.partner.is_none()));
    for id in own.iter().chain(partnered.iter()) {
        let c = column[id];
        let row = rows_in_column.entry(c).or_insert(0);
        positions.insert(
            *id,
            Position {
                x: c as f64 * COLUMN_WIDTH,
                y: *row as f64 * ROW_HEIGHT,
            },
        );
        *row += 1;
    }
    let customers: Vec<NodeId> = map
        .nodes()
        .filter(|n| matches!(n, Node::Customer(_)))
        .map(Node::id)
        .collect();
    // Customers stand left of the first column, with room for the labels of their handoffs.
    for (i, id) in customers.iter().enumerate() {
        positions.insert(
            *id,
            Position {
                x: -CUSTOMER_GAP,
                y: i as f64 * ROW_HEIGHT,
            },
        );
    }
    let flow_rows = rows_in_column
        .values()
        .copied()
        .max()
        .unwrap_or(0)
        .max(customers.len());
    let tool_lane_y = flow_rows.max(1) as f64 * ROW_HEIGHT + LANE_GAP;

    // Tools under the mean x of their stages; tools without stages after the rest.
    let mut tools: Vec<(f64, usize, NodeId)> = Vec::new();
    let mut last_x = 0f64;
    for (i, node) in map.nodes().enumerate() {
        if let Node::Tool(t) = node {
            let xs: Vec<f64> = map
                .stages_in_tool(t.id)
                .filter_map(|s| positions.get(&s.id).map(|p| p.x))
                .collect();
            let want = if xs.is_empty() {
                f64::INFINITY
            } else {
                xs.iter().sum::<f64>() / xs.len() as f64
            };
            if want.is_finite() {
                last_x = last_x.max(want);
            }
            tools.push((want, i, t.id));
        }
    }
    tools.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut next_free = f64::NEG_INFINITY;
    for (want, _, id) in tools {
        let want = if want.is_finite() {
            want
        } else {
            last_x + TOOL_SPACING
        };
        let x = want.max(next_free);
        positions.insert(id, Position { x, y: tool_lane_y });
        next_free = x + TOOL_SPACING;
        last_x = last_x.max(x);
    }

    // Partners that own nothing stand after the toolchain lane.
    let mut lone = 0usize;
    for node in map.nodes() {
        if let Node::Partner(p) = node {
            if map.owned_by(p.id).next().is_none() {
                positions.insert(
                    p.id,
                    Position {
                        x: lone as f64 * COLUMN_WIDTH,
                        y: tool_lane_y + LANE_GAP + ROW_HEIGHT,
                    },
                );
                lone += 1;
            }
        }
    }
    place_annotations(map, &mut positions);
    positions
}

/// Kaizen bursts above what they are attached to; notes and free bursts in a row above the flow.
fn place_annotations(map: &ValueStreamMap, positions: &mut HashMap<NodeId, Position>) {
    let above = |p: Position, stacked: usize| Position {
        x: p.x + 20.0,
        y: p.y - 120.0 - stacked as f64 * 110.0,
    };
    let mut stacked: HashMap<NodeId, usize> = HashMap::new();
    let mut free = 0usize;
    for node in map.nodes() {
        let anchor = match node {
            Node::Burst(b) => match b.target {
                Some(crate::annotation::BurstTarget::Stage { id }) => {
                    positions.get(&id).map(|p| (id, *p))
                }
                Some(crate::annotation::BurstTarget::Handoff { id }) => {
                    map.edge(id).and_then(|e| {
                        let (a, b) = e.endpoints();
                        let (pa, pb) = (positions.get(&a)?, positions.get(&b)?);
                        let mid = Position {
                            x: (pa.x + pb.x) / 2.0 + COLUMN_WIDTH / 2.0 - 20.0,
                            y: pa.y.min(pb.y),
                        };
                        Some((a, mid))
                    })
                }
                None => None,
            },
            Node::Note(_) => None,
            _ => continue,
        };
        let p = match anchor {
            Some((key, p)) => {
                let n = stacked.entry(key).or_insert(0);
                *n += 1;
                above(p, *n - 1)
            }
            None => {
                free += 1;
                Position {
                    x: (free - 1) as f64 * 200.0,
                    y: -360.0,
                }
            }
        };
        positions.insert(node.id(), p);
    }
}

/// Room between a partner's frame and what it holds; the top leaves space for its name.
pub const FRAME_PADDING: f64 = 24.0;
pub const FRAME_TITLE: f64 = 32.0;

/// Where a node is drawn and how big: stages, tools and customers at their position and size; a
/// partner as a frame around everything it owns (or at its own position when it owns nothing).
/// `None` for a node that is not on the map or has no position.
pub fn node_bounds(
    map: &ValueStreamMap,
    layout: &HashMap<NodeId, Position>,
    id: NodeId,
) -> Option<(Position, Size)> {
    let node = map.node(id)?;
    if let Node::Partner(_) = node {
        let mut min = (f64::INFINITY, f64::INFINITY);
        let mut max = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for member in map.owned_by(id) {
            if let Some(p) = layout.get(&member.id()) {
                let s = node_size(member);
                min = (min.0.min(p.x), min.1.min(p.y));
                max = (max.0.max(p.x + s.width), max.1.max(p.y + s.height));
            }
        }
        if min.0.is_finite() {
            return Some((
                Position {
                    x: min.0 - FRAME_PADDING,
                    y: min.1 - FRAME_PADDING - FRAME_TITLE,
                },
                Size {
                    width: max.0 - min.0 + 2.0 * FRAME_PADDING,
                    height: max.1 - min.1 + 2.0 * FRAME_PADDING + FRAME_TITLE,
                },
            ));
        }
    }
    layout.get(&id).map(|p| (*p, node_size(node)))
}
