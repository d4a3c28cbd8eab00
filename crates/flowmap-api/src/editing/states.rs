//! States of the stream: the current state and future states, each edited with its own undo
//! history.
//!
//! The session's own fields (`doc`, `revision`, `saved_revision`, `undo`, `redo`) always hold the
//! state shown; the others wait in [`States::slots`] (index 0 is the current state, futures
//! follow in order). Switching swaps the shown state's fields with its slot, so every edit, undo
//! and redo works on the state shown and never reaches into another. What is saved and exported
//! is [`EditSession::assembled`]: the current state's document with the futures inside it.

use super::{EditSession, History};
use crate::error::ApiError;
use crate::wire::{StateView, StatesView};
use flowmap_core::{FutureState, MapDocument, StateId};

/// One state of the stream while it is not shown.
pub(crate) struct Slot {
    /// `None` for the current state.
    pub(crate) id: Option<StateId>,
    pub(crate) name: String,
    pub(crate) doc: MapDocument,
    pub(crate) history: History,
}

/// Every state of the stream and which one is shown.
pub(crate) struct States {
    pub(crate) slots: Vec<Slot>,
    pub(crate) shown: usize,
    /// A future state was made, renamed or deleted since the last save.
    pub(crate) changed: bool,
}

/// The name the current state is shown with.
pub const CURRENT_STATE_NAME: &str = "Current state";

impl States {
    /// The states of `doc` (its futures taken out of it), the current one shown.
    pub(crate) fn split(doc: &mut MapDocument, clean: bool) -> States {
        let futures = std::mem::take(&mut doc.futures);
        let mut slots = vec![Slot {
            id: None,
            name: CURRENT_STATE_NAME.to_string(),
            doc: doc.clone(),
            history: History::fresh(clean),
        }];
        for f in futures {
            let mut d = MapDocument::new(f.map, f.layout);
            d.futures.clear();
            slots.push(Slot {
                id: Some(f.id),
                name: f.name,
                doc: d,
                history: History::fresh(clean),
            });
        }
        States {
            slots,
            shown: 0,
            changed: false,
        }
    }

    fn index_of(&self, id: Option<StateId>) -> Result<usize, ApiError> {
        self.slots.iter().position(|s| s.id == id).ok_or_else(|| {
            ApiError::invalid_argument(format!(
                "no future state has the id {}",
                id.map(|i| i.to_string()).unwrap_or_default()
            ))
        })
    }
}

fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid_argument(
            "a future state needs a name (it is empty)",
        ));
    }
    Ok(name.to_string())
}

impl EditSession {
    /// The state shown: `None` for the current state.
    pub fn shown_state(&self) -> Option<StateId> {
        self.states.slots[self.states.shown].id
    }

    /// Whether the state shown is a future state (its figures are estimates only).
    pub fn shows_future(&self) -> bool {
        self.states.shown != 0
    }

    /// The states of the stream, for the window's selector.
    pub fn states_view(&self) -> StatesView {
        StatesView {
            shown: self.shown_state(),
            states: self
                .states
                .slots
                .iter()
                .map(|s| StateView {
                    id: s.id,
                    name: s.name.clone(),
                })
                .collect(),
        }
    }

    /// The document of the state at `index`, the shown one from the session's own fields.
    fn doc_of(&self, index: usize) -> &MapDocument {
        if index == self.states.shown {
            &self.doc
        } else {
            &self.states.slots[index].doc
        }
    }

    /// The current state's map and layout: what measured data belongs to.
    pub fn current_document(&self) -> &MapDocument {
        self.doc_of(0)
    }

    /// A future state's map and layout.
    pub fn future_document(&self, id: StateId) -> Result<&MapDocument, ApiError> {
        let index = self.states.index_of(Some(id))?;
        Ok(self.doc_of(index))
    }

    /// What is saved and exported: the current state with every future state inside it.
    pub fn assembled(&self) -> MapDocument {
        let mut doc = self.current_document().clone();
        doc.futures = (1..self.states.slots.len())
            .map(|i| {
                let d = self.doc_of(i);
                let slot = &self.states.slots[i];
                FutureState::new(
                    slot.id.expect("futures have ids"),
                    slot.name.clone(),
                    d.map.clone(),
                    d.layout.clone(),
                )
            })
            .collect();
        doc
    }

    /// Whether a state other than the one shown, or the list of states, has unsaved changes.
    pub(crate) fn others_dirty(&self) -> bool {
        self.states.changed
            || self
                .states
                .slots
                .iter()
                .enumerate()
                .any(|(i, s)| i != self.states.shown && s.history.is_dirty())
    }

    /// Marks every state saved as it is now.
    pub(crate) fn mark_all_saved(&mut self) {
        self.history.saved = Some(self.history.revision);
        for s in &mut self.states.slots {
            s.history.saved = Some(s.history.revision);
        }
        self.states.changed = false;
    }

    /// Shows another state (`None`: the current state). Each keeps its own undo history.
    pub fn show_state(&mut self, id: Option<StateId>) -> Result<(), ApiError> {
        let to = self.states.index_of(id)?;
        let from = self.states.shown;
        if to == from {
            return Ok(());
        }
        let slot = &mut self.states.slots[from];
        std::mem::swap(&mut slot.doc, &mut self.doc);
        std::mem::swap(&mut slot.history, &mut self.history);
        let slot = &mut self.states.slots[to];
        std::mem::swap(&mut slot.doc, &mut self.doc);
        std::mem::swap(&mut slot.history, &mut self.history);
        self.states.shown = to;
        Ok(())
    }

    /// Makes a future state, a copy of the current state's map and layout named `name`, and
    /// shows it.
    pub fn create_future(&mut self, name: &str) -> Result<StateId, ApiError> {
        let name = check_name(name)?;
        let id = StateId::from(uuid::Uuid::new_v4());
        let current = self.current_document();
        let doc = MapDocument::new(current.map.clone(), current.layout.clone());
        let revision = self.next_revision();
        self.states.slots.push(Slot {
            id: Some(id),
            name,
            doc,
            history: History {
                revision,
                saved: None,
                undo: Vec::new(),
                redo: Vec::new(),
            },
        });
        self.states.changed = true;
        self.show_state(Some(id))?;
        Ok(id)
    }

    /// Renames a future state.
    pub fn rename_future(&mut self, id: StateId, name: &str) -> Result<(), ApiError> {
        let name = check_name(name)?;
        let index = self.states.index_of(Some(id))?;
        self.states.slots[index].name = name;
        self.states.changed = true;
        Ok(())
    }

    /// Deletes a future state (the current state is shown if it was).
    pub fn delete_future(&mut self, id: StateId) -> Result<(), ApiError> {
        let index = self.states.index_of(Some(id))?;
        if self.states.shown == index {
            self.show_state(None)?;
        }
        self.states.slots.remove(index);
        self.states.changed = true;
        Ok(())
    }
}
