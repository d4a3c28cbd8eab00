//! Which stage and which category each workflow state of a source belongs to.
//!
//! A stage lists the source states that belong to it ([`Stage::states`](crate::Stage)); a
//! [`StateMapping`] row, stored per source and state, says the state's [`StateCategory`] and
//! may assign it to a stage explicitly. [`resolve`] combines both: an explicit stage wins;
//! otherwise the one stage whose list names the state; a state that no stage claims is
//! *unmapped*, and a state that two stages claim is a *conflict*. Both are reported by name,
//! never silently dropped.

use crate::id::NodeId;
use crate::map::ValueStreamMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// What a workflow state means for flow, as in the Flow Framework tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum StateCategory {
    /// Not yet committed to (a backlog of ideas).
    New,
    /// Queued, blocked, awaiting someone: time that adds no value.
    Waiting,
    /// Being worked on.
    Active,
    Done,
    Canceled,
    /// Not part of the flow at all; intervals in it are left out.
    Ignore,
}

impl StateCategory {
    pub const ALL: [StateCategory; 6] = [
        StateCategory::New,
        StateCategory::Waiting,
        StateCategory::Active,
        StateCategory::Done,
        StateCategory::Canceled,
        StateCategory::Ignore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StateCategory::New => "New",
            StateCategory::Waiting => "Waiting",
            StateCategory::Active => "Active",
            StateCategory::Done => "Done",
            StateCategory::Canceled => "Canceled",
            StateCategory::Ignore => "Ignore",
        }
    }

    /// The category a state's name suggests, for a first proposal the user then corrects
    /// ([`crate::guess::guess_category`] says why).
    pub fn guess_from_name(name: &str) -> StateCategory {
        crate::guess::guess_category(name).category
    }
}

impl fmt::Display for StateCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given was not a state category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown state category {0:?}: expected New, Waiting, Active, Done, Canceled or Ignore")]
pub struct UnknownStateCategory(pub String);

impl FromStr for StateCategory {
    type Err = UnknownStateCategory;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StateCategory::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownStateCategory(s.to_string()))
    }
}

/// One stored row of the state mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StateMapping {
    pub source: String,
    pub state: String,
    /// The stage the state belongs to; `None` leaves it to the stages' state lists.
    pub stage: Option<NodeId>,
    pub category: StateCategory,
}

/// Where a (source, state) pair ends up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// In one stage (or in none, for New/Done/Canceled/Ignore states that need no stage).
    Mapped {
        stage: Option<NodeId>,
        category: StateCategory,
    },
    /// A Waiting or Active state that no stage claims: its time belongs nowhere on the map.
    Unmapped { category: StateCategory },
    /// Claimed by two or more stages (in node order).
    Conflict {
        stages: Vec<NodeId>,
        category: StateCategory,
    },
}

impl Resolution {
    pub fn category(&self) -> StateCategory {
        match self {
            Resolution::Mapped { category, .. }
            | Resolution::Unmapped { category }
            | Resolution::Conflict { category, .. } => *category,
        }
    }
}

/// Resolves where `state` of `source` belongs, given the stored rows (as a lookup keyed by
/// source and state) and the map's stages. A state without a row gets the category its name
/// suggests ([`StateCategory::guess_from_name`]).
pub fn resolve(
    map: &ValueStreamMap,
    rows: &HashMap<(String, String), StateMapping>,
    source: &str,
    state: &str,
) -> Resolution {
    let row = rows.get(&(source.to_string(), state.to_string()));
    let category = row
        .map(|r| r.category)
        .unwrap_or_else(|| StateCategory::guess_from_name(state));
    if let Some(stage) = row
        .and_then(|r| r.stage)
        .filter(|s| map.stage(*s).is_some())
    {
        return Resolution::Mapped {
            stage: Some(stage),
            category,
        };
    }
    let claimed: Vec<NodeId> = map
        .stages()
        .filter(|s| s.states.iter().any(|n| n == state))
        .map(|s| s.id)
        .collect();
    match claimed.len() {
        0 if matches!(category, StateCategory::Waiting | StateCategory::Active) => {
            Resolution::Unmapped { category }
        }
        0 => Resolution::Mapped {
            stage: None,
            category,
        },
        1 => Resolution::Mapped {
            stage: Some(claimed[0]),
            category,
        },
        _ => Resolution::Conflict {
            stages: claimed,
            category,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_suggest_categories() {
        use StateCategory::*;
        for (name, want) in [
            ("Waiting for customer", Waiting),
            ("Blocked", Waiting),
            ("Ready for QA", Waiting),
            ("To Do", Waiting),
            ("Review requested", Waiting),
            ("In Progress", Active),
            ("In Review", Active),
            ("Done", Done),
            ("Closed", Done),
            ("Won't Do", Canceled),
            ("Cancelled", Canceled),
            ("Open", New),
            ("Reopened", Active),
            ("Pending openICPSR changes", Waiting),
            ("Assess openICPSR changes", Active),
            ("Pre-Approved", Waiting),
            ("Cancelled", Canceled),
            ("Completed", Done),
            ("Backlog", Waiting),
            ("In Progress", Active),
        ] {
            assert_eq!(StateCategory::guess_from_name(name), want, "{name}");
        }
    }

    #[test]
    fn categories_parse_case_insensitively() {
        assert_eq!(
            "waiting".parse::<StateCategory>().unwrap(),
            StateCategory::Waiting
        );
        assert!("Queued".parse::<StateCategory>().is_err());
    }
}
