//! The map and its layout as JSON (no items), for review and diffs.
//!
//! The format is stable: nodes and edges in map order, every node's position in the same
//! order, two-space indentation and a final newline. Exporting a map imported from JSON gives
//! the same bytes.

use crate::error::StoreError;
use flowmap_core::{Edge, MapDocument, Node, NodeId, Position, ValueStreamMap};
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
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacedNode {
    node: NodeId,
    x: f64,
    y: f64,
}

/// The document as JSON text.
pub fn to_json(doc: &MapDocument) -> String {
    let json = MapJson {
        format: FORMAT.to_string(),
        version: FORMAT_VERSION,
        name: doc.map.name().to_string(),
        nodes: doc.map.nodes().cloned().collect(),
        edges: doc.map.edges().cloned().collect(),
        layout: doc
            .map
            .nodes()
            .filter_map(|n| {
                doc.layout.get(&n.id()).map(|p| PlacedNode {
                    node: n.id(),
                    x: p.x,
                    y: p.y,
                })
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
    let map = ValueStreamMap::from_parts(json.name, json.nodes, json.edges).map_err(|source| {
        StoreError::InvalidMap {
            path: path.to_path_buf(),
            source,
        }
    })?;
    let mut layout = HashMap::new();
    for p in json.layout {
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
    Ok(MapDocument::new(map, layout))
}

fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the caller says where already.
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
