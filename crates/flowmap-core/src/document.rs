//! A map together with where its nodes are drawn: what a `.flowmap` file holds besides data.

use crate::id::NodeId;
use crate::layout::{self, Position};
use crate::map::ValueStreamMap;
use std::collections::HashMap;

/// A map and its layout. Nodes without a stored position are placed by
/// [`layout::left_to_right`] when the document is made.
#[derive(Clone, Debug)]
pub struct MapDocument {
    pub map: ValueStreamMap,
    pub layout: HashMap<NodeId, Position>,
}

impl MapDocument {
    /// A document whose missing positions are filled in by the left-to-right layout.
    pub fn new(map: ValueStreamMap, mut layout: HashMap<NodeId, Position>) -> Self {
        let needs_layout = map
            .nodes()
            .any(|n| !layout.contains_key(&n.id()) && map.owned_by(n.id()).next().is_none());
        if needs_layout {
            for (id, p) in layout::left_to_right(&map) {
                layout.entry(id).or_insert(p);
            }
        }
        layout.retain(|id, _| map.node(*id).is_some());
        MapDocument { map, layout }
    }

    /// The document laid out afresh, stored positions ignored.
    pub fn laid_out(map: ValueStreamMap) -> Self {
        let layout = layout::left_to_right(&map);
        MapDocument { map, layout }
    }
}
