//! Wire types of the map editor: the edits the UI sends and the state it gets back.

use super::map::MapView;
use flowmap_core::{Edge, EdgeId, Node, NodeId, StateId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One change to the open map, applied through the core's checked methods. Every edit that
/// succeeds is one step of undo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edit {
    /// Adds a node (with the id the UI chose) at a position on the canvas.
    AddNode {
        node: Node,
        x: f64,
        y: f64,
    },
    /// Replaces the node with the same id (its name, team, tool, partner, estimates…).
    UpdateNode {
        node: Node,
    },
    /// Removes edges, then nodes with every edge attached to them.
    Remove {
        nodes: Vec<NodeId>,
        edges: Vec<EdgeId>,
    },
    /// Moves nodes (top-left corners on the canvas).
    MoveNodes {
        moves: Vec<NodePosition>,
    },
    AddEdge {
        edge: Edge,
    },
    /// Replaces the edge with the same id (its label, its artifact links, its ends).
    UpdateEdge {
        edge: Edge,
    },
    /// Adds copies of nodes and of the edges between them, with fresh ids. A copied stage keeps
    /// its tool and partner when they are copied too (then it refers to the copies) or still on
    /// the map; otherwise it loses them.
    Paste {
        nodes: Vec<PlacedNode>,
        edges: Vec<Edge>,
    },
    RenameMap {
        name: String,
    },
    /// Places nodes where a layout (the UI's auto-layout, an alignment) put them.
    ApplyLayout {
        positions: Vec<NodePosition>,
    },
    /// Several edits as one step of undo (a stage added and joined to the one before it, a
    /// node dropped into a partner's frame). All are applied, or none.
    Batch {
        edits: Vec<Edit>,
    },
}

/// Where a node goes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct NodePosition {
    pub node: NodeId,
    pub x: f64,
    pub y: f64,
}

/// A node and where it goes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct PlacedNode {
    pub node: Node,
    pub x: f64,
    pub y: f64,
}

/// The open map as the editor shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct EditorState {
    pub view: MapView,
    /// The `.flowmap` file the map is saved to; absent for a new map not saved yet.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The map has changes that are not saved.
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// "Flowmap — <map name>", with " •" when there are unsaved changes.
    pub title: String,
    /// The states of the stream and which one is shown (the map above is the shown one's).
    pub states: StatesView,
}

/// The states of the stream: the current state first, then the future states in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StatesView {
    /// The state shown; `null` for the current state.
    pub shown: Option<StateId>,
    pub states: Vec<StateView>,
}

/// One state of the stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct StateView {
    /// `null` for the current state.
    pub id: Option<StateId>,
    pub name: String,
}

/// What an edit did: the editor's new state and the ids of what it created (a paste's copies),
/// for the UI to select.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct EditOutcome {
    pub state: EditorState,
    pub created_nodes: Vec<NodeId>,
    pub created_edges: Vec<EdgeId>,
}

/// A recovery copy the app found at start: unsaved work of a session that did not end
/// cleanly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct RecoveryInfo {
    pub map_name: String,
    /// The file the work belonged to, if it had been saved before.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// When the copy was written (RFC 3339).
    pub saved_at: String,
}

/// How the open map's file stands against other writers (another window, the CLI, a sync),
/// asked about every second while the window is visible.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FileChanges {
    /// Moves whenever another writer commits to the file; the window reloads the editor state
    /// and the figures when it moves. 0 for a map without a file.
    #[ts(type = "number")]
    pub data_version: i64,
    /// The stored map's version (`meta.map_version`); 0 for a map without a file.
    #[ts(type = "number")]
    pub map_version: i64,
    /// Another writer changed the map itself while this session holds unsaved edits: Save will
    /// be refused (`map_changed`); Save As keeps this version.
    pub map_changed: bool,
}

pub(super) fn decls() -> Vec<String> {
    vec![
        NodePosition::decl(),
        PlacedNode::decl(),
        Edit::decl(),
        StateView::decl(),
        StatesView::decl(),
        EditorState::decl(),
        EditOutcome::decl(),
        RecoveryInfo::decl(),
        FileChanges::decl(),
    ]
}
