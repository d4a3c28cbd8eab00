//! Wire types of the Data view's state mapping table.

use super::MappingStatus;
use flowmap_core::{NodeId, StateCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A source's state, as the mapping commands name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct StateRef {
    pub source: String,
    pub state: String,
}

/// Which stage rows are set to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StageChoice {
    /// This stage of the map (by id).
    Stage { id: NodeId },
    /// No stage of its own: the stages' state lists decide.
    ByStateLists,
}

/// One (source, state) of the state mapping table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MappingTableRow {
    pub source: String,
    pub state: String,
    /// Items that entered the state.
    #[ts(type = "number")]
    pub items: u64,
    /// Time all items spent in the state (up to now).
    pub time_secs: f64,
    pub category: StateCategory,
    pub status: MappingStatus,
    /// The stage the state is in (none when unmapped, in conflict or needing none).
    pub stage: Option<String>,
    pub stage_id: Option<NodeId>,
    /// Whether the row names its stage itself (otherwise the stages' state lists decide).
    pub stage_set: bool,
    /// The stages that claim the state, when two or more do.
    pub conflict_stages: Vec<String>,
    /// Whether the category is a guess no one has confirmed yet.
    pub guess: bool,
    /// Why the category is what it is, e.g. "‘Wait’ in the name → Waiting".
    pub reason: String,
}

/// How many states a flag concerns and the time they hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MappingFlag {
    pub states: u32,
    pub time_secs: f64,
}

/// A stage a state can be put in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StageOption {
    pub id: NodeId,
    pub name: String,
}

/// The state mapping table of the open map: every state of every source, and what is flagged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MappingTable {
    pub rows: Vec<MappingTableRow>,
    /// The working map's stages, in flow order.
    pub stages: Vec<StageOption>,
    /// Waiting or Active states that no stage claims: their time is on no stage.
    pub unmapped: MappingFlag,
    /// States that two or more stages claim.
    pub conflicts: MappingFlag,
    /// Rows whose category is a guess.
    pub guesses: u32,
}

pub(super) fn decls() -> Vec<String> {
    vec![
        StateRef::decl(),
        StageChoice::decl(),
        MappingTableRow::decl(),
        MappingFlag::decl(),
        StageOption::decl(),
        MappingTable::decl(),
    ]
}
