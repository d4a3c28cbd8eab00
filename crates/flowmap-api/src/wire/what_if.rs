//! Wire types of the what-if on a future state (`docs/metrics.md`, "What-if").

use flowmap_core::{FlowItemType, StateId};
use flowmap_metrics::whatif::WhatIf;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A change to a stage named by its name (any case), as typed on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StageChangeRequest {
    pub stage: String,
    /// People after the change (the stage's people estimate, or its effective people
    /// measured, before it).
    pub people: Option<u32>,
    pub wip_limit: Option<u32>,
    pub batch_size: Option<u32>,
    /// Remove the handoff into the stage: the stage before it goes on with its work.
    #[serde(default)]
    pub remove_handoff_into: bool,
}

/// What to simulate: a future state's changes and any more, over which items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WhatIfRequest {
    /// The future state whose changes to the current one are simulated.
    pub state: Option<StateId>,
    /// More changes, applied after the future state's.
    #[serde(default)]
    pub changes: Vec<StageChangeRequest>,
    pub flow_item_type: Option<FlowItemType>,
    /// Only items of these sources; empty: all.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The instant simulated up to (RFC 3339 or a date); when not given, the last state
    /// change in the data (or the current time, when that is earlier).
    pub now: Option<String>,
    /// Days before `now` whose completed items are compared (default 90).
    pub window_days: Option<u32>,
}

/// The simulation's answer, with the changes in words and the instants it speaks of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct WhatIfView {
    pub what_if: WhatIf,
    /// The future state simulated, when one was.
    pub state_name: Option<String>,
    /// Each change simulated, in words ("Testing: 3 → 4 people").
    pub changes: Vec<String>,
    pub now: String,
    pub window_from: String,
}

pub(crate) fn decls() -> Vec<String> {
    use flowmap_metrics::whatif::{Compared, Figures, Reproduction, StageWhatIf};
    vec![
        Figures::decl(),
        Compared::decl(),
        StageWhatIf::decl(),
        Reproduction::decl(),
        WhatIf::decl(),
        StageChangeRequest::decl(),
        WhatIfRequest::decl(),
        WhatIfView::decl(),
    ]
}
