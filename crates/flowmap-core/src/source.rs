//! The kinds of source a map's items come from: the tools of the toolchain, read over the
//! network, and event logs, imported from files.

use crate::node::ToolKind;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// The Jira site of the demo map's source: its items are simulated (see `flowmap-demo`), so
/// there is nothing to sync, but their links still point there.
pub const DEMO_SOURCE_URL: &str = "https://demo.atlassian.net";

/// The kind of a connected source. Its name ([`SourceKind::as_str`]) is what a `.flowmap` file
/// stores, what crosses the wire and what the command line takes. Reading a name accepts a few
/// spellings (any case, `_` for `-`, `azure`, `ado`, `aa`…) and refuses others with an error
/// naming the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// An event log as CSV: one row per state change.
    Csv,
    /// ActionableAgile's CSV: one row per item, one date column per workflow stage.
    ActionableAgile,
    /// An event log in XES (IEEE 1849).
    Xes,
    /// An object-centric event log in OCEL 2.0 JSON: objects are items, events their states.
    Ocel,
    Jira,
    Github,
    Gitlab,
    AzureDevops,
    Jenkins,
}

impl SourceKind {
    pub const ALL: [SourceKind; 9] = [
        SourceKind::Csv,
        SourceKind::ActionableAgile,
        SourceKind::Xes,
        SourceKind::Ocel,
        SourceKind::Jira,
        SourceKind::Github,
        SourceKind::Gitlab,
        SourceKind::AzureDevops,
        SourceKind::Jenkins,
    ];

    /// The kinds a sync fetches over the network.
    pub const NETWORK: [SourceKind; 5] = [
        SourceKind::Jira,
        SourceKind::Github,
        SourceKind::Gitlab,
        SourceKind::AzureDevops,
        SourceKind::Jenkins,
    ];

    /// The name stored in the file and used on the command line, e.g. `azure-devops`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Csv => "csv",
            SourceKind::ActionableAgile => "actionable-agile",
            SourceKind::Xes => "xes",
            SourceKind::Ocel => "ocel",
            SourceKind::Jira => "jira",
            SourceKind::Github => "github",
            SourceKind::Gitlab => "gitlab",
            SourceKind::AzureDevops => "azure-devops",
            SourceKind::Jenkins => "jenkins",
        }
    }

    /// Whether a sync fetches it over the network (otherwise it is an event log, imported).
    pub fn is_network(self) -> bool {
        SourceKind::NETWORK.contains(&self)
    }

    /// The kind of the tool node a source of this kind belongs to.
    pub fn tool_kind(self) -> ToolKind {
        match self {
            SourceKind::Jira => ToolKind::Jira,
            SourceKind::Github => ToolKind::Github,
            SourceKind::Gitlab => ToolKind::Gitlab,
            SourceKind::AzureDevops => ToolKind::AzureDevops,
            SourceKind::Jenkins => ToolKind::Jenkins,
            SourceKind::Csv | SourceKind::ActionableAgile | SourceKind::Xes | SourceKind::Ocel => {
                ToolKind::Other
            }
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that names no kind of source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source kind {0:?}: expected jira, github, gitlab, azure-devops, jenkins, csv, actionable-agile, xes or ocel")]
pub struct UnknownSourceKind(pub String);

impl FromStr for SourceKind {
    type Err = UnknownSourceKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace('_', "-");
        let t = match t.as_str() {
            "azure" | "ado" | "azuredevops" => "azure-devops",
            "actionableagile" | "aa" => "actionable-agile",
            "ocel2" | "ocel-2" | "jsonocel" => "ocel",
            other => other,
        };
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| UnknownSourceKind(s.to_string()))
    }
}

/// Read as [`FromStr`] reads it, so the wire takes what the command line takes and an unknown
/// kind is refused with the same message.
impl<'de> Deserialize<'de> for SourceKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_the_wire() {
        for kind in SourceKind::ALL {
            assert_eq!(kind.as_str().parse::<SourceKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<SourceKind>(&json).unwrap(), kind);
        }
    }

    #[test]
    fn other_spellings_are_read_and_unknown_names_refused_by_name() {
        assert_eq!("Azure_DevOps".parse(), Ok(SourceKind::AzureDevops));
        assert_eq!(" aa ".parse(), Ok(SourceKind::ActionableAgile));
        let err = "trello".parse::<SourceKind>().unwrap_err();
        assert!(err.to_string().contains("\"trello\""), "{err}");
        let err = serde_json::from_str::<SourceKind>("\"trello\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown source kind \"trello\""),
            "{err}"
        );
    }

    #[test]
    fn network_kinds_belong_to_tools_of_their_kind() {
        assert!(SourceKind::Jira.is_network());
        assert!(!SourceKind::Xes.is_network());
        assert_eq!(SourceKind::AzureDevops.tool_kind(), ToolKind::AzureDevops);
        assert_eq!(SourceKind::Csv.tool_kind(), ToolKind::Other);
    }
}
