//! Work items and their state history, as they come from a source tool.

use crate::id::ItemId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// The four kinds of flow item of the Flow Framework (Kersten, *Project to Product*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum FlowItemType {
    Feature,
    Defect,
    Risk,
    Debt,
}

impl FlowItemType {
    pub const ALL: [FlowItemType; 4] = [
        FlowItemType::Feature,
        FlowItemType::Defect,
        FlowItemType::Risk,
        FlowItemType::Debt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlowItemType::Feature => "Feature",
            FlowItemType::Defect => "Defect",
            FlowItemType::Risk => "Risk",
            FlowItemType::Debt => "Debt",
        }
    }
}

impl fmt::Display for FlowItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given was not one of Feature, Defect, Risk, Debt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown flow item type {0:?}: expected Feature, Defect, Risk or Debt")]
pub struct UnknownFlowItemType(pub String);

impl FromStr for FlowItemType {
    type Err = UnknownFlowItemType;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FlowItemType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFlowItemType(s.to_string()))
    }
}

/// A work item of a source tool: a Jira issue, a GitHub pull request, a Jenkins build…
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Item {
    pub id: ItemId,
    /// The name of the source (a connected tool) the item comes from.
    pub source: String,
    /// The item's key in its source, e.g. "FLOW-123".
    pub key: String,
    pub title: String,
    /// The source's type of the item, e.g. "Story" or "Bug".
    pub artifact_type: String,
    pub flow_item_type: FlowItemType,
    #[ts(type = "string")]
    pub created: DateTime<Utc>,
}

impl Item {
    /// An item whose id is derived from its source and key.
    pub fn new(
        source: impl Into<String>,
        key: impl Into<String>,
        title: impl Into<String>,
        artifact_type: impl Into<String>,
        flow_item_type: FlowItemType,
        created: DateTime<Utc>,
    ) -> Self {
        let source = source.into();
        let key = key.into();
        Item {
            id: ItemId::for_source_key(&source, &key),
            source,
            key,
            title: title.into(),
            artifact_type: artifact_type.into(),
            flow_item_type,
            created,
        }
    }
}

/// A change of an item's workflow state at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Transition {
    pub item: ItemId,
    /// The state left, when the source tells it (absent for the first state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from_state: Option<String>,
    pub to_state: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_item_types_parse_case_insensitively_and_reject_others() {
        assert_eq!(
            "defect".parse::<FlowItemType>().unwrap(),
            FlowItemType::Defect
        );
        assert_eq!(
            " Debt ".parse::<FlowItemType>().unwrap(),
            FlowItemType::Debt
        );
        let err = "Bug".parse::<FlowItemType>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown flow item type \"Bug\": expected Feature, Defect, Risk or Debt"
        );
    }
}
