// Generated from the Rust wire types (crates/flowmap-api/src/wire/) by
// `scripts/gen-wire.sh`. Do not edit: a test fails when this file is stale.

export type NodeId = string;

export type EdgeId = string;

export type FlowItemType = "Feature" | "Defect" | "Risk" | "Debt";

export type ToolKind = "jira" | "github" | "gitlab" | "azure-devops" | "jenkins" | "salesforce" | "servicenow" | "targetprocess" | "deskcom" | "slack" | "other";

export type Estimates = { 
/**
 * Process time (hands-on work) in seconds.
 */
process_time_secs?: number, 
/**
 * Lead time (from arrival to leaving the stage) in seconds.
 */
lead_time_secs?: number, 
/**
 * Percent complete and accurate, as a fraction in [0, 1].
 */
complete_accurate?: number, };

export type ArtifactType = { name: string, flow_item_type: FlowItemType, };

export type ArtifactLink = { source_type: string, target_type: string, flow_item_type: FlowItemType, };

export type Stage = { id: NodeId, name: string, 
/**
 * The team that owns the stage.
 */
team?: string, 
/**
 * The tool (a [`Tool`] node) the stage lives in.
 */
tool?: NodeId, 
/**
 * The partner (a [`Partner`] node) that owns the stage, if any.
 */
partner?: NodeId, 
/**
 * The source workflow states that belong to this stage, e.g. "Ready for QA", "In QA".
 */
states: Array<string>, 
/**
 * Figures the workshop estimated before any data was connected.
 */
estimates: Estimates, };

export type Tool = { id: NodeId, name: string, tool_kind: ToolKind, 
/**
 * The partner (a [`Partner`] node) that owns the tool, if any.
 */
partner?: NodeId, 
/**
 * The artifact types this tool holds, each tagged with its flow item type.
 */
artifact_types: Array<ArtifactType>, };

export type Partner = { id: NodeId, name: string, };

export type Customer = { id: NodeId, name: string, };

export type Node = { "kind": "stage" } & Stage | { "kind": "tool" } & Tool | { "kind": "partner" } & Partner | { "kind": "customer" } & Customer;

export type Handoff = { id: EdgeId, from: NodeId, to: NodeId, label?: string, };

export type ArtifactFlow = { id: EdgeId, from: NodeId, to: NodeId, links: Array<ArtifactLink>, };

export type Edge = { "kind": "handoff" } & Handoff | { "kind": "artifact_flow" } & ArtifactFlow;

export type NodeView = { node: Node, x: number, y: number, width: number, height: number, };

export type EdgeView = { edge: Edge, label?: string, 
/**
 * A handoff that goes back against the flow.
 */
rework: boolean, };

export type MapView = { 
/**
 * The `.flowmap` file shown.
 */
path: string, name: string, nodes: Array<NodeView>, edges: Array<EdgeView>, 
/**
 * Stages in flow order (rework loops set aside).
 */
flow_order: Array<NodeId>, 
/**
 * The stages of the critical path, first to last.
 */
critical_path: Array<NodeId>, items: number, transitions: number, };

export type StageInfo = { id: NodeId, name: string, team: string | null, tool: string | null, partner: string | null, states: Array<string>, estimates: Estimates, };

export type ToolInfo = { id: NodeId, name: string, tool_kind: ToolKind, partner: string | null, artifact_types: Array<ArtifactType>, };

export type PartnerInfo = { id: NodeId, name: string, 
/**
 * Names of the stages and tools the partner owns.
 */
owns: Array<string>, };

export type HandoffInfo = { from: string, to: string, rework: boolean, };

export type ArtifactFlowInfo = { from: string, to: string, links: Array<ArtifactLink>, };

export type SourceInfo = { name: string, kind: string, tool: string | null, url: string | null, query: string | null, };

export type MapInfo = { path: string, name: string, schema_version: number, 
/**
 * Stages in flow order.
 */
stages: Array<StageInfo>, tools: Array<ToolInfo>, partners: Array<PartnerInfo>, customers: Array<string>, handoffs: Array<HandoffInfo>, artifact_flows: Array<ArtifactFlowInfo>, 
/**
 * Stage names along the critical path.
 */
critical_path: Array<string>, sources: Array<SourceInfo>, items: number, transitions: number, };

export type ErrorCode = "not_found" | "not_a_flowmap_file" | "newer_version" | "corrupt" | "invalid_map" | "invalid_json" | "invalid_argument" | "io" | "internal";

export type ApiError = { code: ErrorCode, message: string, };
