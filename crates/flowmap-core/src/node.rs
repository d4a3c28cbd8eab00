//! The things drawn on a map: nodes (stages, tools, partners, customers) and edges (handoffs,
//! artifact flows).

pub use crate::annotation::{Burst, BurstStatus, BurstTarget, Note};
use crate::error::MapError;
use crate::id::{EdgeId, NodeId};
use crate::item::FlowItemType;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A node of the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Node {
    Stage(Stage),
    Tool(Tool),
    Partner(Partner),
    Customer(Customer),
    /// A sticky note on the canvas.
    Note(Note),
    /// A kaizen burst: an improvement idea, attached to a stage or a handoff.
    Burst(Burst),
}

/// A step work passes through, e.g. "Code review".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Stage {
    pub id: NodeId,
    pub name: String,
    /// The team that owns the stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub team: Option<String>,
    /// The tool (a [`Tool`] node) the stage lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tool: Option<NodeId>,
    /// The partner (a [`Partner`] node) that owns the stage, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub partner: Option<NodeId>,
    /// The source workflow states that belong to this stage, e.g. "Ready for QA", "In QA".
    #[serde(default)]
    pub states: Vec<String>,
    /// Figures the workshop estimated before any data was connected.
    #[serde(default)]
    pub estimates: Estimates,
}

/// Workshop estimates of a stage (classic VSM figures: the data box). All optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Estimates {
    /// Process time (hands-on work) in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub process_time_secs: Option<i64>,
    /// Lead time (from arrival to leaving the stage) in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub lead_time_secs: Option<i64>,
    /// Percent complete and accurate, as a fraction in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub complete_accurate: Option<f64>,
    /// Work items waiting in front of the stage, as counted in the workshop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub queue_size: Option<u32>,
    /// Items the stage takes on or passes on at once (at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub batch_size: Option<u32>,
    /// People who work in the stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub people: Option<u32>,
    /// The most items the stage may hold at once (its WIP limit), at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub wip_limit: Option<u32>,
}

impl Estimates {
    /// Checks that the estimates of `stage` are consistent: no negative time, lead time at
    /// least process time, %C&A in [0, 1].
    pub fn check(&self, stage: &str) -> Result<(), MapError> {
        let bad = |reason: String| MapError::InvalidEstimate {
            stage: stage.to_string(),
            reason,
        };
        if let Some(p) = self.process_time_secs {
            if p < 0 {
                return Err(bad(format!("process time is negative ({p} s)")));
            }
        }
        if let Some(l) = self.lead_time_secs {
            if l < 0 {
                return Err(bad(format!("lead time is negative ({l} s)")));
            }
        }
        if let (Some(p), Some(l)) = (self.process_time_secs, self.lead_time_secs) {
            if l < p {
                return Err(bad(format!(
                    "lead time ({l} s) is shorter than process time ({p} s)"
                )));
            }
        }
        if let Some(ca) = self.complete_accurate {
            if !(0.0..=1.0).contains(&ca) || ca.is_nan() {
                return Err(bad(format!(
                    "%C&A must be between 0 and 1 (0% and 100%), not {ca}"
                )));
            }
        }
        if self.batch_size == Some(0) {
            return Err(bad("batch size must be at least 1".to_string()));
        }
        if self.wip_limit == Some(0) {
            return Err(bad("a WIP limit must be at least 1".to_string()));
        }
        Ok(())
    }
}

/// The kind of a tool of the toolchain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ToolKind {
    Jira,
    Github,
    Gitlab,
    AzureDevops,
    Jenkins,
    Salesforce,
    Servicenow,
    Targetprocess,
    Deskcom,
    Slack,
    Other,
}

impl ToolKind {
    pub const ALL: [ToolKind; 11] = [
        ToolKind::Jira,
        ToolKind::Github,
        ToolKind::Gitlab,
        ToolKind::AzureDevops,
        ToolKind::Jenkins,
        ToolKind::Salesforce,
        ToolKind::Servicenow,
        ToolKind::Targetprocess,
        ToolKind::Deskcom,
        ToolKind::Slack,
        ToolKind::Other,
    ];

    /// The name used in files and on the command line, e.g. `azure-devops`.
    pub fn as_str(self) -> &'static str {
        match self {
            ToolKind::Jira => "jira",
            ToolKind::Github => "github",
            ToolKind::Gitlab => "gitlab",
            ToolKind::AzureDevops => "azure-devops",
            ToolKind::Jenkins => "jenkins",
            ToolKind::Salesforce => "salesforce",
            ToolKind::Servicenow => "servicenow",
            ToolKind::Targetprocess => "targetprocess",
            ToolKind::Deskcom => "deskcom",
            ToolKind::Slack => "slack",
            ToolKind::Other => "other",
        }
    }
}

/// A system of the toolchain, e.g. Jira or Jenkins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Tool {
    pub id: NodeId,
    pub name: String,
    pub tool_kind: ToolKind,
    /// The partner (a [`Partner`] node) that owns the tool, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub partner: Option<NodeId>,
    /// The artifact types this tool holds, each tagged with its flow item type.
    #[serde(default)]
    pub artifact_types: Vec<ArtifactType>,
}

/// An artifact type of a tool, e.g. Jira "Bug", and the flow item type it counts as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArtifactType {
    pub name: String,
    pub flow_item_type: FlowItemType,
    /// Not a flow item: its items are traced in the lineage (and DORA reads builds and
    /// deployments) but no flow figure counts them — a pull request, a build, or a portfolio
    /// level above the items that flow through the stages (`docs/metrics.md`, "Flow items").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub not_flow_item: bool,
}

/// An external organisation that owns some of the tools and stages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Partner {
    pub id: NodeId,
    pub name: String,
}

/// Where the stream starts and ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Customer {
    pub id: NodeId,
    pub name: String,
}

impl Node {
    pub fn id(&self) -> NodeId {
        match self {
            Node::Stage(s) => s.id,
            Node::Tool(t) => t.id,
            Node::Partner(p) => p.id,
            Node::Customer(c) => c.id,
            Node::Note(n) => n.id,
            Node::Burst(b) => b.id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Node::Stage(s) => &s.name,
            Node::Tool(t) => &t.name,
            Node::Partner(p) => &p.name,
            Node::Customer(c) => &c.name,
            Node::Note(n) => &n.name,
            Node::Burst(b) => &b.name,
        }
    }

    /// "stage", "tool", "partner", "customer", "note" or "kaizen burst": the word used in
    /// messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Node::Stage(_) => "stage",
            Node::Tool(_) => "tool",
            Node::Partner(_) => "partner",
            Node::Customer(_) => "customer",
            Node::Note(_) => "note",
            Node::Burst(_) => "kaizen burst",
        }
    }

    /// The partner that owns this node, for stages and tools.
    pub fn partner(&self) -> Option<NodeId> {
        match self {
            Node::Stage(s) => s.partner,
            Node::Tool(t) => t.partner,
            Node::Partner(_) | Node::Customer(_) | Node::Note(_) | Node::Burst(_) => None,
        }
    }

    pub fn as_stage(&self) -> Option<&Stage> {
        match self {
            Node::Stage(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_tool(&self) -> Option<&Tool> {
        match self {
            Node::Tool(t) => Some(t),
            _ => None,
        }
    }
}

/// An edge of the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edge {
    Handoff(Handoff),
    ArtifactFlow(ArtifactFlow),
}

/// Work passing from one stage to the next. It may also join a customer to the stage where the
/// stream starts, or the last stage to the customer. A handoff that goes against the flow order
/// closes a rework loop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Handoff {
    pub id: EdgeId,
    pub from: NodeId,
    pub to: NodeId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub label: Option<String>,
}

/// Artifacts passing from one tool to another, e.g. Salesforce "Feature Request" becomes a
/// Jira "Epic".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ArtifactFlow {
    pub id: EdgeId,
    pub from: NodeId,
    pub to: NodeId,
    pub links: Vec<ArtifactLink>,
}

/// One artifact type of the source tool becoming one of the target tool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArtifactLink {
    pub source_type: String,
    pub target_type: String,
    pub flow_item_type: FlowItemType,
}

impl ArtifactFlow {
    /// The label drawn on the edge, e.g. "Feature Request → Epic".
    pub fn label(&self) -> String {
        self.links
            .iter()
            .map(|l| format!("{} → {}", l.source_type, l.target_type))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Edge {
    pub fn id(&self) -> EdgeId {
        match self {
            Edge::Handoff(h) => h.id,
            Edge::ArtifactFlow(a) => a.id,
        }
    }

    pub fn endpoints(&self) -> (NodeId, NodeId) {
        match self {
            Edge::Handoff(h) => (h.from, h.to),
            Edge::ArtifactFlow(a) => (a.from, a.to),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Edge::Handoff(_) => "handoff",
            Edge::ArtifactFlow(_) => "artifact flow",
        }
    }
}
