//! The demo map.

use flowmap_core::{
    ArtifactFlow, ArtifactLink, ArtifactType, Customer, Edge, EdgeId, Estimates, FlowItemType,
    Handoff, MapDocument, Node, NodeId, Partner, Stage, StateCategory, StateMapping, Tool,
    ToolKind, ValueStreamMap,
};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use FlowItemType::{Debt, Defect, Feature, Risk};

/// The source the demo's items come from.
pub const SOURCE_NAME: &str = "jira";

/// One stage of the demo and how the simulation treats it.
#[derive(Clone, Debug)]
pub(crate) struct StageSpec {
    pub name: &'static str,
    pub team: &'static str,
    pub tool: usize,
    pub partnered: bool,
    /// The state an item waits in before work starts.
    pub queue_state: &'static str,
    /// The state while someone works on it.
    pub work_state: &'static str,
    /// Mean hands-on time in hours (log-normal).
    pub work_hours: f64,
    /// Target utilisation of the stage's people; above 1 a queue keeps growing.
    pub utilisation: f64,
    pub estimates: (f64, f64, f64),
}

/// One tool of the demo toolchain.
pub(crate) struct ToolSpec {
    pub name: &'static str,
    pub kind: ToolKind,
    pub partnered: bool,
    pub artifact_types: &'static [(&'static str, FlowItemType, bool)],
}

const fn tool(
    name: &'static str,
    kind: ToolKind,
    partnered: bool,
    artifact_types: &'static [(&'static str, FlowItemType, bool)],
) -> ToolSpec {
    ToolSpec {
        name,
        kind,
        partnered,
        artifact_types,
    }
}

/// A flow item: counted by the flow figures (the stories, bugs, risks and debts that flow
/// through the stages).
const FLOW: bool = false;
/// Not a flow item: the requests, features and epics above the stories and the pull requests
/// and builds below them, traced in the lineage only (`docs/metrics.md`, "Flow items").
const NOT_FLOW: bool = true;

/// The demo's tools, in the order of the tool constants below.
#[rustfmt::skip]
pub(crate) const TOOLS: &[ToolSpec] = &[
    //   name              kind                     partner artifact types, their flow item types, and whether they are flow items
    tool("Salesforce",     ToolKind::Salesforce,    false, &[("Feature Request", Feature, NOT_FLOW)]),
    tool("desk.com",       ToolKind::Deskcom,       false, &[("Support Case", Defect, FLOW)]),
    tool("TargetProcess",  ToolKind::Targetprocess, false, &[("Feature", Feature, NOT_FLOW)]),
    tool("Jira",           ToolKind::Jira,          false, &[("Epic", Feature, NOT_FLOW), ("Story", Feature, FLOW), ("Bug", Defect, FLOW), ("Risk", Risk, FLOW), ("Tech Debt", Debt, FLOW)]),
    tool("Nearshore Jira", ToolKind::Jira,          true,  &[("Story", Feature, FLOW)]),
    tool("GitHub",         ToolKind::Github,        false, &[("Pull Request", Feature, NOT_FLOW)]),
    tool("Jenkins",        ToolKind::Jenkins,       false, &[("Build", Feature, NOT_FLOW)]),
];

pub(crate) const SALESFORCE: usize = 0;
pub(crate) const DESK: usize = 1;
pub(crate) const TARGETPROCESS: usize = 2;
pub(crate) const JIRA: usize = 3;
pub(crate) const PARTNER_JIRA: usize = 4;
pub(crate) const GITHUB: usize = 5;
pub(crate) const JENKINS: usize = 6;

pub(crate) const INTAKE: usize = 0;
pub(crate) const SUPPORT: usize = 1;
pub(crate) const DISCOVERY: usize = 2;
pub(crate) const PLANNING: usize = 3;
pub(crate) const DEVELOPMENT: usize = 4;
pub(crate) const PARTNER_DEV: usize = 5;
pub(crate) const REVIEW: usize = 6;
pub(crate) const TESTING: usize = 7;
pub(crate) const RELEASE: usize = 8;

const H: f64 = 3600.0;
const D: f64 = 24.0 * H;

/// A stage: its name, team, tool and whether the partner works it; its queue and work states;
/// its mean hands-on hours and target utilisation; its estimates (process time and lead time
/// in seconds, %C/A).
const fn stage(
    name: &'static str,
    team: &'static str,
    tool: usize,
    partnered: bool,
    (queue_state, work_state): (&'static str, &'static str),
    (work_hours, utilisation): (f64, f64),
    estimates: (f64, f64, f64),
) -> StageSpec {
    StageSpec {
        name,
        team,
        tool,
        partnered,
        queue_state,
        work_state,
        work_hours,
        utilisation,
        estimates,
    }
}

/// The demo's stages, in the order of the stage constants above.
#[rustfmt::skip]
pub(crate) const STAGES: &[StageSpec] = &[
    //    name                   team                   tool           partner (queue state, work state)                    (hours, util) (process, lead, %C/A)
    stage("Request intake",      "Product",             SALESFORCE,    false, ("New Request", "Under Review"),             (3.0, 0.55),  (2.0 * H, 2.0 * D, 0.9)),
    stage("Support triage",      "Customer Support",    DESK,          false, ("Case Open", "Investigating"),              (2.0, 0.6),   (1.0 * H, 1.0 * D, 0.85)),
    stage("Discovery",           "Product",             TARGETPROCESS, false, ("Proposed", "Analysis"),                    (14.0, 0.7),  (1.0 * D, 14.0 * D, 0.8)),
    stage("Planning",            "Engineering",         JIRA,          false, ("Backlog", "Refinement"),                   (2.5, 0.2),   (2.0 * H, 7.0 * D, 0.95)),
    stage("Development",         "Engineering",         JIRA,          false, ("Selected for Development", "In Progress"), (30.0, 0.8),  (3.0 * D, 7.0 * D, 0.75)),
    stage("Partner development", "Nearshore team",      PARTNER_JIRA,  true,  ("Partner Queue", "Partner In Progress"),    (40.0, 0.75), (4.0 * D, 14.0 * D, 0.7)),
    stage("Code review",         "Engineering",         GITHUB,        false, ("Review Requested", "In Review"),           (2.0, 0.6),   (2.0 * H, 1.0 * D, 0.8)),
    stage("Testing",             "QA",                  JIRA,          false, ("Ready for QA", "In QA"),                   (9.0, 1.05),  (1.0 * D, 3.0 * D, 0.82)),
    stage("Release",             "Release engineering", JENKINS,       false, ("Ready to Deploy", "Deploying"),            (0.8, 0.5),   (0.5 * H, 1.0 * D, 0.98)),
];

/// Extra states of the demo workflow.
pub(crate) const BLOCKED: &str = "Blocked";
pub(crate) const DONE: &str = "Done";
pub(crate) const CANCELED: &str = "Won't Do";

/// The demo map and the ids the simulation needs.
pub struct DemoMap {
    pub document: MapDocument,
    pub stages: Vec<NodeId>,
    pub tools: Vec<NodeId>,
}

/// The demo map; its ids come from `seed`.
pub fn demo_map(seed: u64) -> DemoMap {
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x6d61_7000);
    let mut node_id = || NodeId::from_random_bytes(rng.random());
    let partner = node_id();
    let customer = node_id();
    let tools: Vec<NodeId> = TOOLS.iter().map(|_| node_id()).collect();
    let specs = STAGES;
    let stages: Vec<NodeId> = specs.iter().map(|_| node_id()).collect();
    let mut edge_rng = Pcg64Mcg::seed_from_u64(seed ^ 0x6564_6765);
    let mut edge_id = || EdgeId::from_random_bytes(edge_rng.random());

    let mut nodes = vec![Node::Customer(Customer {
        id: customer,
        name: "Customers".into(),
    })];
    for (i, spec) in specs.iter().enumerate() {
        let mut states = vec![spec.queue_state.to_string(), spec.work_state.to_string()];
        if i == DEVELOPMENT {
            states.push(BLOCKED.to_string());
        }
        nodes.push(Node::Stage(Stage {
            id: stages[i],
            name: spec.name.into(),
            team: Some(spec.team.into()),
            tool: Some(tools[spec.tool]),
            partner: spec.partnered.then_some(partner),
            states,
            estimates: Estimates {
                process_time_secs: Some(spec.estimates.0 as i64),
                lead_time_secs: Some(spec.estimates.1 as i64),
                complete_accurate: Some(spec.estimates.2),
                ..Default::default()
            },
        }));
    }
    for (i, spec) in TOOLS.iter().enumerate() {
        nodes.push(Node::Tool(Tool {
            id: tools[i],
            name: spec.name.into(),
            tool_kind: spec.kind,
            partner: spec.partnered.then_some(partner),
            artifact_types: spec
                .artifact_types
                .iter()
                .map(|(n, t, not_flow_item)| ArtifactType {
                    name: (*n).into(),
                    flow_item_type: *t,
                    not_flow_item: *not_flow_item,
                })
                .collect(),
        }));
    }
    nodes.push(Node::Partner(Partner {
        id: partner,
        name: "Nearshore Partner Ltd".into(),
    }));

    let mut edges = Vec::new();
    let mut handoff = |from: NodeId, to: NodeId, label: Option<&str>| {
        edges.push(Edge::Handoff(Handoff {
            id: edge_id(),
            from,
            to,
            label: label.map(str::to_string),
        }));
    };
    handoff(customer, stages[INTAKE], Some("feature requests"));
    handoff(customer, stages[SUPPORT], Some("support cases"));
    for (a, b) in [
        (INTAKE, DISCOVERY),
        (DISCOVERY, PLANNING),
        (SUPPORT, PLANNING),
        (PLANNING, DEVELOPMENT),
        (PLANNING, PARTNER_DEV),
        (DEVELOPMENT, REVIEW),
        (PARTNER_DEV, REVIEW),
        (REVIEW, TESTING),
        (TESTING, RELEASE),
    ] {
        handoff(stages[a], stages[b], None);
    }
    handoff(
        stages[REVIEW],
        stages[DEVELOPMENT],
        Some("changes requested"),
    );
    handoff(stages[TESTING], stages[DEVELOPMENT], Some("failed QA"));

    let link = |s: &str, t: &str, f| ArtifactLink {
        source_type: s.into(),
        target_type: t.into(),
        flow_item_type: f,
    };
    let flows = [
        (
            SALESFORCE,
            TARGETPROCESS,
            vec![link("Feature Request", "Feature", Feature)],
        ),
        (TARGETPROCESS, JIRA, vec![link("Feature", "Epic", Feature)]),
        (DESK, JIRA, vec![link("Support Case", "Bug", Defect)]),
        (JIRA, PARTNER_JIRA, vec![link("Story", "Story", Feature)]),
        (
            JIRA,
            GITHUB,
            vec![
                link("Story", "Pull Request", Feature),
                link("Bug", "Pull Request", Defect),
            ],
        ),
        (
            PARTNER_JIRA,
            GITHUB,
            vec![link("Story", "Pull Request", Feature)],
        ),
        (
            GITHUB,
            JENKINS,
            vec![link("Pull Request", "Build", Feature)],
        ),
    ];
    for (a, b, links) in flows {
        edges.push(Edge::ArtifactFlow(ArtifactFlow {
            id: edge_id(),
            from: tools[a],
            to: tools[b],
            links,
        }));
    }
    let map = ValueStreamMap::from_parts("Demo: software delivery value stream", nodes, edges)
        .expect("the demo map is valid");
    DemoMap {
        document: MapDocument::laid_out(map),
        stages,
        tools,
    }
}

/// The demo source's state mapping: every queue state (and Blocked) waits, every work state is
/// active, "Done" is done and "Won't Do" canceled. Stages come from the stages' state lists.
pub fn demo_state_mappings() -> Vec<StateMapping> {
    let row = |state: &str, category| StateMapping {
        source: SOURCE_NAME.to_string(),
        state: state.to_string(),
        stage: None,
        category,
    };
    let mut rows = Vec::new();
    for spec in STAGES {
        rows.push(row(spec.queue_state, StateCategory::Waiting));
        rows.push(row(spec.work_state, StateCategory::Active));
    }
    rows.push(row(BLOCKED, StateCategory::Waiting));
    rows.push(row(DONE, StateCategory::Done));
    rows.push(row(CANCELED, StateCategory::Canceled));
    rows
}
