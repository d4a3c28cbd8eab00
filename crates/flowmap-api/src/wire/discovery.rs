//! Wire types of discovery: the stages and handoffs proposed from how items move (`flowmap
//! discover` and the window's preview), and what the user chose to apply.

use flowmap_core::{NodeId, StateCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stage proposed from the data: one state, or the states mapped to one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ProposedStage {
    pub name: String,
    pub states: Vec<String>,
    pub category: StateCategory,
    /// Items that entered it.
    #[ts(type = "number")]
    pub items: u64,
    /// The map's stage that already claims these states (or is named like one), if any.
    pub existing: Option<NodeId>,
    /// How it matches the map: a new stage, a stage of the map by the states it holds, or a
    /// stage of the map by its name (then `new_states` are added to that stage's list).
    pub matched: StageMatch,
    /// States matched to the existing stage by its name alone: applying adds them to its list.
    pub new_states: Vec<String>,
}

/// How a proposed stage matches the map's stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StageMatch {
    /// No stage of the map: a new stage.
    New,
    /// A stage of the map already holds its states (the mapping or the stage's list).
    States,
    /// A stage of the map has its name; the states are not mapped to it yet.
    Name,
}

/// A handoff proposed from the directly-follows counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ProposedHandoff {
    pub from: String,
    pub to: String,
    /// How often an item went directly from one to the other.
    #[ts(type = "number")]
    pub count: u64,
    /// `count` as a share of every move out of `from` (rare ones included).
    pub share: f64,
    /// The map already has this handoff.
    pub existing: bool,
    /// It goes back against the proposed order: a rework loop.
    pub rework: bool,
}

/// The map proposed from how items actually move.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DiscoveryProposal {
    pub sources: Vec<String>,
    #[ts(type = "number")]
    pub items: u64,
    /// The tool new stages go in: the source's tool (the one source's, when not chosen).
    pub tool: Option<NodeId>,
    /// Stages in the proposed flow order.
    pub stages: Vec<ProposedStage>,
    pub handoffs: Vec<ProposedHandoff>,
    /// Handoffs left out as rare (fewer than `min_count` moves).
    #[ts(type = "number")]
    pub rare_handoffs: u64,
    #[ts(type = "number")]
    pub min_count: u64,
    /// States left out of the flow (New, Done, Canceled and Ignore states).
    pub left_out: Vec<String>,
    /// Whether the proposal was written into the map.
    pub applied: bool,
    #[ts(type = "number")]
    pub stages_added: u64,
    #[ts(type = "number")]
    pub handoffs_added: u64,
    /// How the order was found: "exact" (the fewest backward moves of every order, up to 22
    /// stages) or "greedy_local_search" (above: the greedy order improved by local search).
    pub order_method: String,
    /// Item moves between two different proposed stages (the directly-follows counts).
    #[ts(type = "number")]
    pub moves_between: u64,
    /// Of those, the moves that go backward against the proposed flow order (every move, the
    /// rare ones too), and their share of `moves_between`.
    #[ts(type = "number")]
    pub moves_backward: u64,
    pub backward_share: Option<f64>,
    /// The moves the greedy order (Eades, Lin and Smyth) would have left backward, to compare.
    #[ts(type = "number")]
    pub greedy_moves_backward: u64,
}

/// The window's preview of a proposal: the proposal for the working map and where each new
/// stage would be drawn (below the map's drawing, in the proposed order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DiscoveryPreview {
    pub proposal: DiscoveryProposal,
    /// One per proposed stage, in the same order; `None` for a stage already on the map.
    pub places: Vec<Option<GhostPlace>>,
}

/// Where a proposed stage is drawn, and where Apply puts it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct GhostPlace {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// What to do with one proposed stage (named as proposed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StageAction {
    /// Add it (or, for a stage of the map, take what the proposal adds to it).
    Keep,
    /// Keep it under another name.
    Rename { to: String },
    /// Its states go to another proposed stage (by proposed name).
    MergeIntoProposed { name: String },
    /// Its states go to this stage of the map.
    MergeIntoStage { id: NodeId },
    /// Leave it out: its states stay as they are.
    Drop,
}

/// A choice about one proposed stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StageDecision {
    pub name: String,
    pub action: StageAction,
}

/// A choice about one proposed handoff (by the proposed names of its ends).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HandoffDecision {
    pub from: String,
    pub to: String,
    pub keep: bool,
}

/// What the user chose in the preview. The proposal is computed again from the same source and
/// threshold; stages and handoffs not named are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiscoveryChoices {
    pub source: Option<String>,
    #[ts(type = "number | null")]
    pub min_count: Option<u64>,
    pub stages: Vec<StageDecision>,
    pub handoffs: Vec<HandoffDecision>,
}

pub(super) fn decls() -> Vec<String> {
    vec![
        ProposedStage::decl(),
        StageMatch::decl(),
        ProposedHandoff::decl(),
        DiscoveryProposal::decl(),
        GhostPlace::decl(),
        DiscoveryPreview::decl(),
        StageAction::decl(),
        StageDecision::decl(),
        HandoffDecision::decl(),
        DiscoveryChoices::decl(),
    ]
}
