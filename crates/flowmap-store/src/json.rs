//! The map and its layout as JSON (no items), for review and diffs.
//!
//! The format is stable: nodes and edges in map order, every node's position in the same
//! order, two-space indentation and a final newline. Exporting a map imported from JSON gives
//! the same bytes.

use crate::error::StoreError;
use flowmap_core::{
    Edge, FutureState, MapDocument, Node, NodeId, Position, StateId, ValueStreamMap,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The value of the `format` field of a map's JSON.
pub const FORMAT: &str = "flowmap-map";
/// The version of the JSON format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapJson {
    format: String,
    version: u32,
    name: String,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    #[serde(default)]
    layout: Vec<PlacedNode>,
    /// Future states of the stream, each a map of its own (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    future_states: Vec<FutureJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FutureJson {
    id: StateId,
    name: String,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    #[serde(default)]
    layout: Vec<PlacedNode>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacedNode {
    node: NodeId,
    x: f64,
    y: f64,
}

fn placed(map: &ValueStreamMap, layout: &HashMap<NodeId, Position>) -> Vec<PlacedNode> {
    map.nodes()
        .filter_map(|n| {
            layout.get(&n.id()).map(|p| PlacedNode {
                node: n.id(),
                x: p.x,
                y: p.y,
            })
        })
        .collect()
}

/// The document as JSON text.
pub fn to_json(doc: &MapDocument) -> String {
    let json = MapJson {
        format: FORMAT.to_string(),
        version: FORMAT_VERSION,
        name: doc.map.name().to_string(),
        nodes: doc.map.nodes().cloned().collect(),
        edges: doc.map.edges().cloned().collect(),
        layout: placed(&doc.map, &doc.layout),
        future_states: doc
            .futures
            .iter()
            .map(|f| FutureJson {
                id: f.id,
                name: f.name.clone(),
                nodes: f.map.nodes().cloned().collect(),
                edges: f.map.edges().cloned().collect(),
                layout: placed(&f.map, &f.layout),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json).expect("maps serialize");
    text.push('\n');
    text
}

/// Reads a document from JSON text; `path` names the text's origin in errors.
pub fn from_json(text: &str, path: &Path) -> Result<MapDocument, StoreError> {
    let json: MapJson = serde_json::from_str(text).map_err(|e| StoreError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: describe_json_error(&e),
    })?;
    if json.format != FORMAT {
        return Err(StoreError::InvalidData {
            path: path.to_path_buf(),
            message: format!(
                "\"format\" is {:?}; a Flowmap map's JSON says {FORMAT:?}",
                json.format
            ),
        });
    }
    if json.version > FORMAT_VERSION {
        return Err(StoreError::InvalidData {
            path: path.to_path_buf(),
            message: format!(
                "written by a newer Flowmap (map JSON version {}; this version reads up to {FORMAT_VERSION})",
                json.version
            ),
        });
    }
    let map = ValueStreamMap::from_parts(json.name.clone(), json.nodes, json.edges).map_err(
        |source| StoreError::InvalidMap {
            path: path.to_path_buf(),
            source,
        },
    )?;
    let layout = read_layout(&map, json.layout, path)?;
    let mut doc = MapDocument::new(map, layout);
    let mut seen = std::collections::HashSet::new();
    for f in json.future_states {
        let invalid = |message: String| StoreError::InvalidData {
            path: path.to_path_buf(),
            message: format!("future state {:?}: {message}", f.name),
        };
        if f.name.trim().is_empty() {
            return Err(invalid("the name is empty".into()));
        }
        if !seen.insert(f.id) {
            return Err(invalid(format!("the id {} is used twice", f.id)));
        }
        let map = ValueStreamMap::from_parts(json.name.clone(), f.nodes, f.edges)
            .map_err(|e| invalid(e.to_string()))?;
        let layout = read_layout(&map, f.layout, path).map_err(|e| invalid(e.to_string()))?;
        doc.futures
            .push(FutureState::new(f.id, f.name.clone(), map, layout));
    }
    Ok(doc)
}

fn read_layout(
    map: &ValueStreamMap,
    placed: Vec<PlacedNode>,
    path: &Path,
) -> Result<HashMap<NodeId, Position>, StoreError> {
    let mut layout = HashMap::new();
    for p in placed {
        if map.node(p.node).is_none() {
            return Err(StoreError::InvalidData {
                path: path.to_path_buf(),
                message: format!("the layout places node {}, which is not on the map", p.node),
            });
        }
        if !(p.x.is_finite() && p.y.is_finite()) {
            return Err(StoreError::InvalidData {
                path: path.to_path_buf(),
                message: format!("the layout places node {} at a non-finite position", p.node),
            });
        }
        if layout.insert(p.node, Position { x: p.x, y: p.y }).is_some() {
            return Err(StoreError::InvalidData {
                path: path.to_path_buf(),
                message: format!("the layout places node {} twice", p.node),
            });
        }
    }
    Ok(layout)
}

fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the caller says where already.
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
