//! Stable identifiers. These, not petgraph indices, are what is stored and sent.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps 16 bytes (for example from a seeded random generator) as an id.
            /// The bytes are marked as a version-4 UUID so ids look alike wherever they come from.
            pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
                Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
            }

            /// The id stored as 16 bytes (see [`Self::as_bytes`]).
            pub fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(Uuid::from_bytes(bytes))
            }

            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// Identifies a node (stage, tool, partner, customer) of a map.
    NodeId
);
uuid_id!(
    /// Identifies an edge (handoff, artifact flow) of a map.
    EdgeId
);
uuid_id!(
    /// Identifies a future state of the stream (a copy of the map to be edited freely).
    StateId
);
uuid_id!(
    /// Identifies a flow key result of a map.
    KeyResultId
);
uuid_id!(
    /// Identifies a work item. Derived from its source and key, so that importing the same item
    /// twice yields the same id.
    ItemId
);

/// Namespace for [`ItemId::for_source_key`] (a fixed random UUID, never change it).
const ITEM_NAMESPACE: Uuid = Uuid::from_u128(0x5d0c_2b4e_8f7a_4c61_9a3e_1f0b_6d2c_7e90);

impl ItemId {
    /// The id of the item with `key` in `source`: a name-based (v5) UUID, stable across imports.
    pub fn for_source_key(source: &str, key: &str) -> Self {
        let mut name = Vec::with_capacity(source.len() + key.len() + 1);
        name.extend_from_slice(source.as_bytes());
        name.push(0);
        name.extend_from_slice(key.as_bytes());
        Self(Uuid::new_v5(&ITEM_NAMESPACE, &name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_stable_and_distinguish_source_from_key() {
        let a = ItemId::for_source_key("jira", "FLOW-1");
        assert_eq!(a, ItemId::for_source_key("jira", "FLOW-1"));
        assert_ne!(a, ItemId::for_source_key("jira", "FLOW-2"));
        // "ab" + "c" must not collide with "a" + "bc".
        assert_ne!(
            ItemId::for_source_key("ab", "c"),
            ItemId::for_source_key("a", "bc")
        );
    }

    #[test]
    fn ids_round_trip_through_text() {
        let id = NodeId::from_random_bytes([7; 16]);
        let parsed: NodeId = id.to_string().parse().unwrap();
        assert_eq!(id, parsed);
        assert_eq!(id.as_uuid().get_version_num(), 4);
    }
}
