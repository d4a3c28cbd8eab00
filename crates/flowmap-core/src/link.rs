//! Links between work items: a Jira story's epic, a pull request that fixes an issue, the
//! build that contained a commit, an OCEL object-to-object relation. A link names its target by
//! key (and, when known, the source holding it), so a link to an item of another tool — or to
//! one not synced yet — is kept and resolves once both items are in the file
//! (`docs/metrics.md`, "Lineage").

use crate::id::ItemId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// What a link says about its two items. Directions read "this item *kind* the target".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// The target is this item's parent (a story's epic, a feature's request).
    Parent,
    /// The target is this item's child.
    Child,
    Relates,
    Blocks,
    /// This item fixes or closes the target (a pull request "fixes #12").
    Fixes,
    /// This item's text mentions the target's key.
    Mentions,
    /// This item was built by the target (a commit or pull request by a build).
    BuiltBy,
    /// An OCEL object-to-object relation; its qualifier says what it means.
    Object,
}

impl LinkKind {
    pub const ALL: [LinkKind; 8] = [
        LinkKind::Parent,
        LinkKind::Child,
        LinkKind::Relates,
        LinkKind::Blocks,
        LinkKind::Fixes,
        LinkKind::Mentions,
        LinkKind::BuiltBy,
        LinkKind::Object,
    ];

    /// The name a file stores and the command line takes.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Parent => "parent",
            LinkKind::Child => "child",
            LinkKind::Relates => "relates",
            LinkKind::Blocks => "blocks",
            LinkKind::Fixes => "fixes",
            LinkKind::Mentions => "mentions",
            LinkKind::BuiltBy => "built-by",
            LinkKind::Object => "object",
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given is not a link kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown link kind {0:?}: expected parent, child, relates, blocks, fixes, mentions, built-by or object"
)]
pub struct UnknownLinkKind(pub String);

impl FromStr for LinkKind {
    type Err = UnknownLinkKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = s.trim().to_ascii_lowercase().replace('_', "-");
        let n = match n.as_str() {
            "closes" | "fixed-by" => "fixes",
            "builds" | "built" => "built-by",
            "relates-to" | "related" => "relates",
            other => other,
        };
        LinkKind::ALL
            .into_iter()
            .find(|k| k.as_str() == n)
            .ok_or_else(|| UnknownLinkKind(s.to_string()))
    }
}

/// The item a link points at: its key, and the source holding it when the link says (`None`:
/// any source's item with that key, e.g. a Jira key mentioned in a GitHub pull request).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct LinkTarget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<String>,
    pub key: String,
}

/// Who said two items are linked: a source (re-syncing it replaces its links) or a person.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "by", content = "source", rename_all = "camelCase")]
pub enum LinkOrigin {
    Source(String),
    Hand,
}

/// A link from an item to a target, with its kind and origin.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Link {
    pub from: ItemId,
    pub target: LinkTarget,
    pub kind: LinkKind,
    /// What an OCEL relation or a tool's own link type calls it ("" when nothing).
    pub qualifier: String,
    pub origin: LinkOrigin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_their_names_and_a_few_synonyms_and_refuse_others() {
        for k in LinkKind::ALL {
            assert_eq!(k.as_str().parse::<LinkKind>().unwrap(), k);
        }
        assert_eq!("Closes".parse::<LinkKind>().unwrap(), LinkKind::Fixes);
        assert_eq!("built_by".parse::<LinkKind>().unwrap(), LinkKind::BuiltBy);
        let e = "duplicates".parse::<LinkKind>().unwrap_err();
        assert!(e.to_string().contains("\"duplicates\""), "{e}");
    }
}
