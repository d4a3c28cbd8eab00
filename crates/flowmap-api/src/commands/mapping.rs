//! The Data view's state mapping commands: the table of every (source, state) with its items,
//! time, stage, category and guess, and setting or confirming several rows at once. Mapping
//! rows are written to the open map's file at once, like the flow view's filters (not an undo
//! step); a map without a file is refused with `unsaved`.

use super::declare::commands;
use crate::wire::{MappingTable, StageChoice, StateRef};
use flowmap_core::StateCategory;

commands! {
    /// Every (source, state) of the open map's file: the items and the time it holds, its stage
    /// and category, whether the category is an unconfirmed guess and why; unmapped states and
    /// states two stages claim are counted with their time.
    reads fn mapping_table(cx) -> MappingTable {
        let now = cx.shell.now();
        cx.backend.with(|s| s.mapping_table(now))
    }

    /// Sets the stage and/or the category of several rows at once (what is not given stays)
    /// and confirms them; written to the file at once (not an undo step). Returns the table.
    reads fn set_mapping(
        cx,
        rows: Vec<StateRef>,
        stage: Option<StageChoice>,
        category: Option<StateCategory>,
    ) -> MappingTable {
        let now = cx.shell.now();
        cx.backend
            .with(|s| s.set_mapping(&rows, stage.as_ref(), category, now))
    }

    /// Confirms the rows as they are: their guessed categories become the user's.
    reads fn confirm_mapping(cx, rows: Vec<StateRef>) -> MappingTable {
        let now = cx.shell.now();
        cx.backend.with(|s| s.confirm_mapping(&rows, now))
    }
}
