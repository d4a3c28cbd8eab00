//! The map editor's use cases: an edit session over the open map, with unbounded undo and redo,
//! saving, and the recovery copy of unsaved work.
//!
//! The session holds the working [`MapDocument`]; the file on disk (with the document as last
//! saved) is an [`OpenMap`] beside it, absent for a new map until it is saved. Every edit is
//! applied to a copy of the working document through [`ValueStreamMap`]'s checked methods; a
//! refused edit leaves the session as it was and returns the core's reason (code
//! `invalid_map`). History entries are whole documents: maps are small, and a snapshot cannot
//! be undone wrongly.

use crate::error::{ApiError, ErrorCode};
use crate::open_map::{map_view, OpenMap};
use crate::wire::{Edit, EditOutcome, EditorState, MapView, NodePosition, RecoveryInfo};
use flowmap_core::layout::node_bounds;
use flowmap_core::{EdgeId, MapDocument, Node, NodeId, Position, ValueStreamMap};
use flowmap_store::{json, Counts, MapFile, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod follow;
mod paste;
mod states;

use paste::paste;
pub use states::CURRENT_STATE_NAME;

/// The name a new map gets.
pub const NEW_MAP_NAME: &str = "Untitled map";

/// One state's undo history. Each version of the map has a revision; the saved one is kept:
/// undoing back to it makes the state clean.
pub(crate) struct History {
    revision: u64,
    saved: Option<u64>,
    undo: Vec<(MapDocument, u64)>,
    redo: Vec<(MapDocument, u64)>,
}

impl History {
    fn fresh(clean: bool) -> Self {
        History {
            revision: 0,
            saved: clean.then_some(0),
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    fn is_dirty(&self) -> bool {
        self.saved != Some(self.revision)
    }
}

/// A map open for editing.
pub struct EditSession {
    pub(crate) file: Option<OpenMap>,
    counts: Counts,
    /// The document of the state of the stream shown (see `editing/states.rs`).
    doc: MapDocument,
    /// The shown state's undo history.
    history: History,
    next_revision: u64,
    /// The other states of the stream, and which one is shown.
    states: states::States,
    /// The file's data version when the session last followed it (see `editing/follow.rs`).
    followed: Option<i64>,
    /// The flow view's loaded items and unsaved filters (see `flow_view.rs`).
    pub(crate) flow: crate::flow_view::FlowCache,
}

impl EditSession {
    /// Edits the map of a file already open.
    pub fn from_open(open: OpenMap) -> Result<Self, ApiError> {
        let counts = open.file.counts()?;
        let doc = open.doc.clone();
        Ok(Self::with(Some(open), counts, doc, true))
    }

    /// Opens a `.flowmap` file for editing.
    pub fn open(path: &Path) -> Result<Self, ApiError> {
        Self::from_open(OpenMap::open(path)?)
    }

    /// A new, empty map that belongs to no file until it is saved with [`Self::save_as`].
    pub fn new_map() -> Self {
        let map = ValueStreamMap::new(NEW_MAP_NAME).expect("the new map's name is not empty");
        Self::with(
            None,
            Counts::default(),
            MapDocument::new(map, HashMap::new()),
            true,
        )
    }

    /// A new map, unsaved, holding the map of a JSON file (see [`flowmap_store::json`]).
    pub fn import_json(json_path: &Path) -> Result<Self, ApiError> {
        let text = read_text(json_path)?;
        let doc = json::from_json(&text, json_path)?;
        Ok(Self::with(None, Counts::default(), doc, false))
    }

    fn with(file: Option<OpenMap>, counts: Counts, mut doc: MapDocument, clean: bool) -> Self {
        pin_partners(&mut doc);
        let states = states::States::split(&mut doc, clean);
        EditSession {
            file,
            counts,
            doc,
            history: History::fresh(clean),
            next_revision: 1,
            states,
            followed: None,
            flow: Default::default(),
        }
    }

    fn next_revision(&mut self) -> u64 {
        self.next_revision += 1;
        self.next_revision - 1
    }

    /// The working document: the map and layout of the state of the stream shown.
    pub fn document(&self) -> &MapDocument {
        &self.doc
    }

    /// The file the map is saved to and its document as last saved; `None` for a new map.
    pub fn saved(&self) -> Option<&OpenMap> {
        self.file.as_ref()
    }

    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(OpenMap::path)
    }

    /// Whether the map has changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty() || self.others_dirty()
    }

    /// "Flowmap — <map name>", with " •" when there are unsaved changes.
    pub fn title(&self) -> String {
        let marker = if self.is_dirty() { " •" } else { "" };
        format!("Flowmap — {}{marker}", self.doc.map.name())
    }

    /// What the canvas draws.
    pub fn view(&self) -> MapView {
        let path = self
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        // Measured data belongs to the current state: a future state counts no items.
        let counts = if self.shows_future() {
            Counts::default()
        } else {
            self.counts
        };
        map_view(&self.doc, &path, counts)
    }

    pub fn state(&self) -> EditorState {
        EditorState {
            view: self.view(),
            file: self.path().map(|p| p.display().to_string()),
            dirty: self.is_dirty(),
            can_undo: !self.history.undo.is_empty(),
            can_redo: !self.history.redo.is_empty(),
            title: self.title(),
            states: self.states_view(),
        }
    }

    /// Applies one edit. When the core refuses it, the map stays as it was and the error says
    /// why (code `invalid_map`; `invalid_argument` for a position that is not a number).
    pub fn apply(&mut self, edit: Edit) -> Result<EditOutcome, ApiError> {
        let mut doc = self.doc.clone();
        let (created_nodes, created_edges) = apply_to(&mut doc, edit)?;
        pin_partners(&mut doc);
        let previous = std::mem::replace(&mut self.doc, doc);
        self.history.undo.push((previous, self.history.revision));
        self.history.redo.clear();
        self.history.revision = self.next_revision();
        Ok(EditOutcome {
            state: self.state(),
            created_nodes,
            created_edges,
        })
    }

    /// Takes back the last edit; nothing happens when there is none.
    pub fn undo(&mut self) -> EditorState {
        let h = &mut self.history;
        if let Some((doc, revision)) = h.undo.pop() {
            let current = std::mem::replace(&mut self.doc, doc);
            h.redo.push((current, h.revision));
            h.revision = revision;
        }
        self.state()
    }

    /// Does again the last edit taken back; nothing happens when there is none.
    pub fn redo(&mut self) -> EditorState {
        let h = &mut self.history;
        if let Some((doc, revision)) = h.redo.pop() {
            let current = std::mem::replace(&mut self.doc, doc);
            h.undo.push((current, h.revision));
            h.revision = revision;
        }
        self.state()
    }

    /// Saves the map to its file in one transaction (items are kept). A new map has no file
    /// yet: it needs [`Self::save_as`].
    /// Only the map is written (others' sources, mappings and items stay); if another program
    /// changed the map since it was opened or saved here, nothing is written and the code is
    /// [`ErrorCode::MapChanged`] (the maps are not merged; Save As keeps this version).
    pub fn save(&mut self) -> Result<EditorState, ApiError> {
        let doc = self.assembled();
        let Some(open) = self.file.as_mut() else {
            return Err(ApiError::new(
                ErrorCode::InvalidArgument,
                "this map has not been saved to a file yet: use Save As",
            ));
        };
        open.map_version = open.file.save_over(&doc, open.map_version)?;
        open.doc = doc;
        self.mark_all_saved();
        Ok(self.state())
    }

    /// Saves the map to a new file at `path` and edits that file from now on. The items,
    /// sources and state mappings of the current file are copied with it. The new file is
    /// written beside `path` and renamed into place, so a failure leaves `path` as it was.
    pub fn save_as(&mut self, path: &Path) -> Result<EditorState, ApiError> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let doc = self.assembled();
        let file = match &self.file {
            Some(open) => open.file.save_as(&path, &doc)?,
            None => MapFile::create(&path, &doc, |_| Ok(()))?,
        };
        self.counts = file.counts()?;
        let map_version = file.map_version()?;
        self.file = Some(OpenMap {
            file,
            doc,
            map_version,
        });
        self.mark_all_saved();
        Ok(self.state())
    }

    /// The working map as JSON (see [`flowmap_store::json`]).
    pub fn export_json(&self) -> String {
        json::to_json(&self.assembled())
    }

    /// Writes the working map's JSON to `path` (replacing the file there whole).
    pub fn write_json(&self, path: &Path) -> Result<(), ApiError> {
        write_atomically(path, self.export_json().as_bytes())
    }

    /// The recovery copy of the working map: the map's JSON and the file it belongs to.
    /// `saved_at` is when it is written (RFC 3339).
    pub fn recovery_json(&self, saved_at: &str) -> String {
        let recovery = RecoveryFile {
            format: RECOVERY_FORMAT.to_string(),
            file: self.path().map(|p| p.display().to_string()),
            saved_at: saved_at.to_string(),
            map: json::to_json(&self.assembled()),
        };
        serde_json::to_string(&recovery).expect("recovery copies serialize")
    }

    /// The session a recovery copy holds: the map as it was, with unsaved changes, editing the
    /// file it belonged to when that file can still be opened (a new map otherwise).
    pub fn restore(recovery_path: &Path) -> Result<Self, ApiError> {
        let recovery = read_recovery(recovery_path)?;
        let doc = json::from_json(&recovery.map, recovery_path)?;
        let open = recovery
            .file
            .as_deref()
            .map(PathBuf::from)
            .filter(|p| p.exists())
            .map(|p| OpenMap::open(&p))
            .transpose()?;
        let counts = match &open {
            Some(open) => open.file.counts()?,
            None => Counts::default(),
        };
        Ok(Self::with(open, counts, doc, false))
    }
}

const RECOVERY_FORMAT: &str = "flowmap-recovery";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecoveryFile {
    format: String,
    file: Option<String>,
    saved_at: String,
    /// The map's JSON text, as [`json::to_json`] writes it.
    map: String,
}

fn read_recovery(path: &Path) -> Result<RecoveryFile, ApiError> {
    let text = read_text(path)?;
    let recovery: RecoveryFile = serde_json::from_str(&text).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidJson,
            format!("{}: not a Flowmap recovery copy: {e}", path.display()),
        )
    })?;
    if recovery.format != RECOVERY_FORMAT {
        return Err(ApiError::new(
            ErrorCode::InvalidJson,
            format!("{}: not a Flowmap recovery copy", path.display()),
        ));
    }
    Ok(recovery)
}

/// What the recovery copy at `path` holds, without restoring it; `None` when there is none.
pub fn recovery_info(path: &Path) -> Result<Option<RecoveryInfo>, ApiError> {
    if !path.exists() {
        return Ok(None);
    }
    let recovery = read_recovery(path)?;
    let doc = json::from_json(&recovery.map, path)?;
    Ok(Some(RecoveryInfo {
        map_name: doc.map.name().to_string(),
        file: recovery.file,
        saved_at: recovery.saved_at,
    }))
}

fn read_text(path: &Path) -> Result<String, ApiError> {
    std::fs::read_to_string(path).map_err(|e| {
        ApiError::from(if e.kind() == std::io::ErrorKind::NotFound {
            StoreError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::Io {
                path: path.to_path_buf(),
                source: e,
            }
        })
    })
}

/// A partner that owns something is drawn as the frame around it and has no position of its
/// own; give it the frame's corner, so it stays where it was when it no longer owns anything.
fn pin_partners(doc: &mut MapDocument) {
    let unpinned: Vec<NodeId> = doc
        .map
        .nodes()
        .filter(|n| matches!(n, Node::Partner(_)) && !doc.layout.contains_key(&n.id()))
        .map(Node::id)
        .collect();
    for id in unpinned {
        let corner = node_bounds(&doc.map, &doc.layout, id)
            .map(|(p, _)| p)
            .unwrap_or(Position { x: 0.0, y: 0.0 });
        doc.layout.insert(id, corner);
    }
}

fn position(node: NodeId, x: f64, y: f64) -> Result<Position, ApiError> {
    if x.is_finite() && y.is_finite() {
        Ok(Position { x, y })
    } else {
        Err(ApiError::invalid_argument(format!(
            "node {node} cannot be placed at ({x}, {y}): not a position on the canvas"
        )))
    }
}

fn place(doc: &mut MapDocument, moves: &[NodePosition]) -> Result<(), ApiError> {
    for m in moves {
        if doc.map.node(m.node).is_none() {
            return Err(flowmap_core::MapError::UnknownNode(m.node).into());
        }
        let p = position(m.node, m.x, m.y)?;
        doc.layout.insert(m.node, p);
    }
    Ok(())
}

/// Applies `edit` to `doc`; returns the ids of the nodes and edges it created by copying.
fn apply_to(doc: &mut MapDocument, edit: Edit) -> Result<(Vec<NodeId>, Vec<EdgeId>), ApiError> {
    match edit {
        Edit::AddNode { node, x, y } => {
            let id = node.id();
            let p = position(id, x, y)?;
            doc.map.add_node(node)?;
            doc.layout.insert(id, p);
        }
        Edit::UpdateNode { node } => doc.map.update_node(node)?,
        Edit::Remove { nodes, edges } => {
            for id in edges {
                // An edge may already be gone with a node removed before; ask the map first.
                if doc.map.edge(id).is_some() {
                    doc.map.remove_edge(id)?;
                } else {
                    return Err(flowmap_core::MapError::UnknownEdge(id).into());
                }
            }
            for id in nodes {
                doc.map.remove_node(id)?;
                doc.layout.remove(&id);
            }
        }
        Edit::MoveNodes { moves } | Edit::ApplyLayout { positions: moves } => place(doc, &moves)?,
        Edit::AddEdge { edge } => doc.map.add_edge(edge)?,
        Edit::UpdateEdge { edge } => doc.map.update_edge(edge)?,
        Edit::RenameMap { name } => doc.map.set_name(name)?,
        Edit::Paste { nodes, edges } => return paste(doc, nodes, edges),
        Edit::Batch { edits } => {
            let (mut nodes, mut edges) = (Vec::new(), Vec::new());
            for edit in edits {
                let (n, e) = apply_to(doc, edit)?;
                nodes.extend(n);
                edges.extend(e);
            }
            return Ok((nodes, edges));
        }
    }
    Ok((Vec::new(), Vec::new()))
}

/// Where unsaved work is copied while the app runs, so that it survives a crash.
pub struct RecoveryCopy {
    path: PathBuf,
}

impl RecoveryCopy {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        RecoveryCopy { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies the session's work when it has unsaved changes, and removes the copy when it has
    /// none. The copy is written beside its place and renamed, so it is never half-written.
    pub fn update(&self, session: &EditSession) -> Result<(), ApiError> {
        if !session.is_dirty() {
            return self.remove();
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        write_atomically(&self.path, session.recovery_json(&now).as_bytes())
    }

    /// Removes the copy (a save or a clean close); a copy that is not there is fine.
    pub fn remove(&self) -> Result<(), ApiError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(&self.path, e)),
            _ => Ok(()),
        }
    }

    /// What the copy holds, if there is one.
    pub fn info(&self) -> Result<Option<RecoveryInfo>, ApiError> {
        recovery_info(&self.path)
    }

    /// The session the copy holds (see [`EditSession::restore`]).
    pub fn restore(&self) -> Result<EditSession, ApiError> {
        EditSession::restore(&self.path)
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`; temporary files
/// that killed writers left beside `path` are removed first.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    flowmap_store::remove_stale_temps(path);
    let tmp = flowmap_store::temp_path_beside(path);
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error(path, e));
    }
    Ok(())
}

fn io_error(path: &Path, source: std::io::Error) -> ApiError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
    .into()
}
