//! The states of the stream: show one, make a future state from the current one, rename or
//! delete it, and compare it with the current state.

use super::declare::commands;
use crate::wire::{EditorState, MetricsRequest, StateComparison};
use flowmap_core::StateId;

commands! {
    /// Shows a state of the stream (`null`: the current state); each keeps its own undo history.
    changes_map fn show_state(cx, state: Option<StateId>) -> EditorState {
        cx.backend.with(|s| {
            s.show_state(state)?;
            Ok(s.state())
        })
    }

    /// Makes a future state, a copy of the current state named `name`, and shows it.
    changes_map fn create_future_state(cx, name: String) -> EditorState {
        cx.backend.with(|s| {
            s.create_future(&name)?;
            Ok(s.state())
        })
    }

    /// Renames a future state.
    changes_map fn rename_future_state(cx, state: StateId, name: String) -> EditorState {
        cx.backend.with(|s| {
            s.rename_future(state, &name)?;
            Ok(s.state())
        })
    }

    /// Deletes a future state (the current state is shown if it was).
    changes_map fn delete_future_state(cx, state: StateId) -> EditorState {
        cx.backend.with(|s| {
            s.delete_future(state)?;
            Ok(s.state())
        })
    }

    /// The current state's ladder totals against the future state's, under `filters`.
    reads fn compare_states(cx, state: StateId, filters: MetricsRequest) -> StateComparison {
        let now = cx.shell.now();
        cx.backend.with(|s| s.compare_states(state, &filters, now))
    }
}
