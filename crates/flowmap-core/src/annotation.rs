//! What a workshop writes on a map besides the flow: sticky notes and kaizen bursts.
//!
//! Both are nodes of the map (so they are drawn, moved, copied, undone and saved like the rest)
//! but take no part in the flow: flow order, rework loops, the critical path and every metric
//! see only stages and handoffs. A burst may be attached to a stage or a handoff; when that
//! stage or handoff is removed the burst stays on the canvas, attached to nothing.

use crate::error::MapError;
use crate::id::{EdgeId, NodeId};
use crate::map::ValueStreamMap;
use crate::node::{Edge, Node};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A sticky note: free text on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Note {
    pub id: NodeId,
    /// The note's text (called `name` like every node's, so lists and messages show it).
    pub name: String,
}

/// A kaizen burst: an improvement idea with its owner, the effect expected and how far it got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Burst {
    pub id: NodeId,
    /// The idea's title.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub owner: Option<String>,
    /// The effect expected, in the workshop's words ("review wait −2 d").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub effect: Option<String>,
    #[serde(default)]
    pub status: BurstStatus,
    /// The stage or handoff the idea improves; none for an idea about the whole stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub target: Option<BurstTarget>,
}

/// How far a kaizen burst got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BurstStatus {
    #[default]
    Idea,
    Planned,
    Doing,
    Done,
    Dropped,
}

impl BurstStatus {
    pub const ALL: [BurstStatus; 5] = [
        BurstStatus::Idea,
        BurstStatus::Planned,
        BurstStatus::Doing,
        BurstStatus::Done,
        BurstStatus::Dropped,
    ];
}

/// What a kaizen burst is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BurstTarget {
    Stage { id: NodeId },
    Handoff { id: EdgeId },
}

/// Checks a burst's attachment: its stage is a stage of the map, its handoff a handoff.
pub(crate) fn check_burst(map: &ValueStreamMap, burst: &Burst) -> Result<(), MapError> {
    let refused = |what: String| MapError::BurstTarget {
        burst: burst.name.clone(),
        what,
    };
    match burst.target {
        None => Ok(()),
        Some(BurstTarget::Stage { id }) => match map.node(id) {
            Some(Node::Stage(_)) => Ok(()),
            Some(other) => Err(refused(format!(
                "{:?}, which is a {}, not a stage",
                other.name(),
                other.kind_name()
            ))),
            None => Err(refused(format!("stage {id}, which is not on the map"))),
        },
        Some(BurstTarget::Handoff { id }) => match map.edge(id) {
            Some(Edge::Handoff(_)) => Ok(()),
            Some(other) => Err(refused(format!(
                "{} {id}, which is not a handoff",
                other.kind_name()
            ))),
            None => Err(refused(format!("handoff {id}, which is not on the map"))),
        },
    }
}

/// Refuses to turn a handoff that kaizen bursts are attached to into another kind of edge.
pub(crate) fn check_edge_change(map: &ValueStreamMap, edge: &Edge) -> Result<(), MapError> {
    let id = edge.id();
    match (edge, map.bursts_on(BurstTarget::Handoff { id }).next()) {
        (Edge::ArtifactFlow(_), Some(b)) => Err(MapError::BurstTarget {
            burst: b.name.clone(),
            what: format!("handoff {id}, which would no longer be a handoff"),
        }),
        _ => Ok(()),
    }
}

impl ValueStreamMap {
    /// The kaizen bursts attached to `target`, in node order.
    pub fn bursts_on(&self, target: BurstTarget) -> impl Iterator<Item = &Burst> + '_ {
        self.nodes().filter_map(move |n| match n {
            Node::Burst(b) if b.target == Some(target) => Some(b),
            _ => None,
        })
    }
}
