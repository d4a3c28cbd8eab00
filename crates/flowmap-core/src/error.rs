//! Typed errors for every broken invariant of a map.

use crate::id::{EdgeId, NodeId};

/// A change to a map was refused because it would break one of the map's invariants.
/// Messages name the node or edge concerned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MapError {
    #[error("two nodes have the id {0}")]
    DuplicateNodeId(NodeId),
    #[error("two edges have the id {0}")]
    DuplicateEdgeId(EdgeId),
    #[error("no node has the id {0}")]
    UnknownNode(NodeId),
    #[error("no edge has the id {0}")]
    UnknownEdge(EdgeId),
    #[error("{kind} {id} has an empty name")]
    EmptyName { kind: &'static str, id: NodeId },
    #[error("the map has an empty name")]
    EmptyMapName,
    #[error("{edge_kind} {edge} ends at {node}, which is not on the map")]
    DanglingEdge {
        edge_kind: &'static str,
        edge: EdgeId,
        node: NodeId,
    },
    #[error("handoff {edge} must join stages (or a customer to a stage), but {node_name:?} is a {node_kind}")]
    HandoffEndpoint {
        edge: EdgeId,
        node_name: String,
        node_kind: &'static str,
    },
    #[error("handoff {edge} joins two customers; a handoff needs at least one stage")]
    HandoffBetweenCustomers { edge: EdgeId },
    #[error("artifact flow {edge} must join tools, but {node_name:?} is a {node_kind}")]
    ArtifactFlowEndpoint {
        edge: EdgeId,
        node_name: String,
        node_kind: &'static str,
    },
    #[error("{edge_kind} {edge} starts and ends at {node_name:?}")]
    SelfLoop {
        edge_kind: &'static str,
        edge: EdgeId,
        node_name: String,
    },
    #[error("there is already a {edge_kind} from {from_name:?} to {to_name:?}")]
    ParallelEdge {
        edge_kind: &'static str,
        from_name: String,
        to_name: String,
    },
    #[error("{kind} {name:?} belongs to partner {partner}, which is not on the map")]
    UnknownPartner {
        kind: &'static str,
        name: String,
        partner: NodeId,
    },
    #[error("{kind} {name:?} belongs to {owner_name:?}, which is a {owner_kind}, not a partner")]
    NotAPartner {
        kind: &'static str,
        name: String,
        owner_name: String,
        owner_kind: &'static str,
    },
    #[error("stage {stage:?} lives in tool {tool}, which is not on the map")]
    UnknownTool { stage: String, tool: NodeId },
    #[error("stage {stage:?} lives in {tool_name:?}, which is a {tool_kind}, not a tool")]
    NotATool {
        stage: String,
        tool_name: String,
        tool_kind: &'static str,
    },
    #[error("stage {stage:?}: {reason}")]
    InvalidEstimate { stage: String, reason: String },
    #[error("kaizen burst {burst:?} is attached to {what}")]
    BurstTarget { burst: String, what: String },
}
