//! The session following its file after another writer (an import job) committed to it: the
//! item counts, and the nodes that writer added to the stored map (the tool an import adds),
//! which join the working map and every undo and redo step, so a later Save keeps them. When
//! those nodes are all that writer changed in the map, the session takes the file's map version
//! as seen, so its own Save is not refused as a lost update.

use super::EditSession;
use crate::error::ApiError;
use flowmap_core::MapDocument;

impl EditSession {
    /// Reads the file's counts and stored map again; nodes stored there that the session has
    /// never seen are added to the working map without an undo step (they are already saved).
    pub(crate) fn follow_file(&mut self) -> Result<(), ApiError> {
        let Some(open) = self.file.as_mut() else {
            return Ok(());
        };
        self.counts = open.file.counts()?;
        let (stored, version) = open.file.load_versioned()?;
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
        add(&mut self.doc);
        for (doc, _) in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            add(doc);
        }
        Ok(())
    }
}
