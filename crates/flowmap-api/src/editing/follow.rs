//! The session following its file after another writer (an import job, the CLI, a sync,
//! another window) committed to it: the item counts, and the map. A clean session takes the
//! stored map whole. A session with unsaved edits takes only the nodes that writer added to the
//! stored map (the tool an import adds), which join the working map and every undo and redo
//! step, so a later Save keeps them; when those nodes are all that writer changed in the map,
//! the session takes the file's map version as seen, so its own Save is not refused as a lost
//! update. Any other change to the map leaves Save refused (`map_changed`).

use super::states::States;
use super::{pin_partners, EditSession, History};
use crate::error::ApiError;
use crate::wire::FileChanges;
use flowmap_core::MapDocument;

impl EditSession {
    /// How the file stands against other writers, and whether the session followed it just
    /// now: it does when another writer committed to the file since the session last looked
    /// (or changed the map of a clean session). Cheap when nothing moved: a pragma and one
    /// read of `meta`.
    pub fn file_changes(&mut self) -> Result<(FileChanges, bool), ApiError> {
        let Some(open) = self.file.as_ref() else {
            let none = FileChanges {
                data_version: 0,
                map_version: 0,
                map_changed: false,
            };
            return Ok((none, false));
        };
        let data_version = open.file.data_version()?;
        let clean = !self.is_dirty();
        let stale = clean && open.file.map_version()? != open.map_version;
        let follows = self.followed != Some(data_version) || stale;
        if follows {
            self.follow_file()?;
            self.followed = Some(data_version);
        }
        let open = self.file.as_ref().expect("the session has a file");
        let map_version = open.file.map_version()?;
        let changes = FileChanges {
            data_version,
            map_version,
            map_changed: map_version != open.map_version,
        };
        Ok((changes, follows))
    }

    /// Reads the file's counts and stored map again. A clean session takes the stored map;
    /// otherwise nodes stored there that the session has never seen are added to the working
    /// map without an undo step (they are already saved).
    pub(crate) fn follow_file(&mut self) -> Result<(), ApiError> {
        let dirty = self.is_dirty();
        let Some(open) = self.file.as_mut() else {
            return Ok(());
        };
        self.counts = open.file.counts()?;
        let (stored, version) = open.file.load_versioned()?;
        if version == open.map_version {
            return Ok(());
        }
        if !dirty {
            let mut doc = stored.clone();
            pin_partners(&mut doc);
            open.doc = stored;
            open.map_version = version;
            let shown = self.shown_state();
            self.states = States::split(&mut doc, true);
            self.doc = doc;
            self.history = History::fresh(true);
            // The state shown stays shown when the stored map still has it.
            let _ = self.show_state(shown);
            return Ok(());
        }
        let new: Vec<_> = stored
            .map
            .nodes()
            .filter(|n| open.doc.map.node(n.id()).is_none())
            .cloned()
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        let add = |doc: &mut MapDocument| {
            for node in &new {
                if doc.map.node(node.id()).is_none() && doc.map.add_node(node.clone()).is_ok() {
                    if let Some(p) = stored.layout.get(&node.id()) {
                        doc.layout.insert(node.id(), *p);
                    }
                }
            }
        };
        add(&mut open.doc);
        // When the added nodes are all the other writer changed, the session has seen the
        // stored map whole: Save may write over it. Otherwise Save still refuses.
        if flowmap_store::json::to_json(&open.doc) == flowmap_store::json::to_json(&stored) {
            open.map_version = version;
        }
        // What another writer adds to the map (an import's tool) joins the current state.
        let (doc, history) = if self.states.shown == 0 {
            (&mut self.doc, &mut self.history)
        } else {
            let slot = &mut self.states.slots[0];
            (&mut slot.doc, &mut slot.history)
        };
        add(doc);
        for (doc, _) in history.undo.iter_mut().chain(history.redo.iter_mut()) {
            add(doc);
        }
        Ok(())
    }
}
