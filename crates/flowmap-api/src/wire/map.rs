//! Wire types of a map: what the app draws and what `flowmap info` tells.

use flowmap_core::words::{DurationUnit, TypedDuration};
use flowmap_core::{
    ArtifactFlow, ArtifactLink, ArtifactType, Burst, BurstStatus, BurstTarget, Customer, Edge,
    EdgeId, Estimates, FlowItemType, Handoff, Node, NodeId, Note, Partner, SourceKind, Stage,
    StateId, Tool, ToolKind,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A map as the app draws it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MapView {
    /// The `.flowmap` file shown.
    pub path: String,
    pub name: String,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
    /// Stages in flow order (rework loops set aside).
    pub flow_order: Vec<NodeId>,
    /// The stages of the critical path, first to last.
    pub critical_path: Vec<NodeId>,
    #[ts(type = "number")]
    pub items: u64,
    #[ts(type = "number")]
    pub transitions: u64,
}

/// A node and where it is drawn. A partner's box is the frame around what it owns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct NodeView {
    pub node: Node,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// An edge with the label drawn on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct EdgeView {
    pub edge: Edge,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A handoff that goes back against the flow.
    pub rework: bool,
}

/// What `flowmap info` tells about a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MapInfo {
    pub path: String,
    pub name: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Stages in flow order.
    pub stages: Vec<StageInfo>,
    pub tools: Vec<ToolInfo>,
    pub partners: Vec<PartnerInfo>,
    pub customers: Vec<String>,
    pub handoffs: Vec<HandoffInfo>,
    pub artifact_flows: Vec<ArtifactFlowInfo>,
    /// Stage names along the critical path.
    pub critical_path: Vec<String>,
    pub sources: Vec<SourceInfo>,
    #[ts(type = "number")]
    pub items: u64,
    #[ts(type = "number")]
    pub transitions: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StageInfo {
    pub id: NodeId,
    pub name: String,
    pub team: Option<String>,
    pub tool: Option<String>,
    pub partner: Option<String>,
    pub states: Vec<String>,
    pub estimates: Estimates,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ToolInfo {
    pub id: NodeId,
    pub name: String,
    pub tool_kind: ToolKind,
    pub partner: Option<String>,
    pub artifact_types: Vec<ArtifactType>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct PartnerInfo {
    pub id: NodeId,
    pub name: String,
    /// Names of the stages and tools the partner owns.
    pub owns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct HandoffInfo {
    pub from: String,
    pub to: String,
    pub rework: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ArtifactFlowInfo {
    pub from: String,
    pub to: String,
    pub links: Vec<ArtifactLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceInfo {
    pub name: String,
    pub kind: SourceKind,
    pub tool: Option<String>,
    pub url: Option<String>,
    pub query: Option<String>,
}

/// TypeScript declarations of the core types a map is made of and of this module's types.
pub(super) fn decls() -> Vec<String> {
    vec![
        NodeId::decl(),
        EdgeId::decl(),
        StateId::decl(),
        FlowItemType::decl(),
        ToolKind::decl(),
        SourceKind::decl(),
        Estimates::decl(),
        DurationUnit::decl(),
        TypedDuration::decl(),
        ArtifactType::decl(),
        ArtifactLink::decl(),
        Stage::decl(),
        Tool::decl(),
        Partner::decl(),
        Customer::decl(),
        Note::decl(),
        BurstStatus::decl(),
        BurstTarget::decl(),
        Burst::decl(),
        Node::decl(),
        Handoff::decl(),
        ArtifactFlow::decl(),
        Edge::decl(),
        NodeView::decl(),
        EdgeView::decl(),
        MapView::decl(),
        StageInfo::decl(),
        ToolInfo::decl(),
        PartnerInfo::decl(),
        HandoffInfo::decl(),
        ArtifactFlowInfo::decl(),
        SourceInfo::decl(),
        MapInfo::decl(),
    ]
}
