//! The editor's commands: the map as the editor shows it, edits, undo and redo.

use super::declare::commands;
use crate::wire::{Edit, EditOutcome, EditorState};

commands! {
    /// The open map as the editor shows it.
    reads fn editor_state(cx) -> EditorState {
        cx.backend.with(|s| Ok(s.state()))
    }

    /// Applies one edit to the open map (one undo step); a refused edit changes nothing and
    /// returns the core's reason.
    changes_map fn apply_edit(cx, edit: Edit) -> EditOutcome {
        cx.backend.with(|s| s.apply(edit))
    }

    /// Undoes the last edit (nothing when there is none).
    changes_map fn undo(cx) -> EditorState {
        cx.backend.with(|s| Ok(s.undo()))
    }

    /// Redoes the last undone edit (nothing when there is none).
    changes_map fn redo(cx) -> EditorState {
        cx.backend.with(|s| Ok(s.redo()))
    }
}
