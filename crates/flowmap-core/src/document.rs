//! A map together with where its nodes are drawn and its future states: what a `.flowmap` file
//! holds besides data.

use crate::id::{NodeId, StateId};
use crate::layout::{self, Position};
use crate::map::ValueStreamMap;
use std::collections::HashMap;

/// A map and its layout (the current state of the stream), with its future states. Nodes
/// without a stored position are placed by [`layout::left_to_right`] when the document is made.
#[derive(Clone, Debug)]
pub struct MapDocument {
    pub map: ValueStreamMap,
    pub layout: HashMap<NodeId, Position>,
    /// Future states of the stream, in the order they were made.
    pub futures: Vec<FutureState>,
}

/// A future state of the stream: a copy of the map, edited freely (stages merged or removed,
/// estimates changed). Measured data belongs to the current state only.
#[derive(Clone, Debug)]
pub struct FutureState {
    pub id: StateId,
    pub name: String,
    pub map: ValueStreamMap,
    pub layout: HashMap<NodeId, Position>,
}

impl FutureState {
    /// A future state holding `map`; missing positions filled in as for a document.
    pub fn new(
        id: StateId,
        name: impl Into<String>,
        map: ValueStreamMap,
        layout: HashMap<NodeId, Position>,
    ) -> Self {
        let doc = MapDocument::new(map, layout);
        FutureState {
            id,
            name: name.into(),
            map: doc.map,
            layout: doc.layout,
        }
    }
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
        MapDocument {
            map,
            layout,
            futures: Vec::new(),
        }
    }

    /// The document laid out afresh, stored positions ignored.
    pub fn laid_out(map: ValueStreamMap) -> Self {
        let layout = layout::left_to_right(&map);
        MapDocument {
            map,
            layout,
            futures: Vec::new(),
        }
    }
}
