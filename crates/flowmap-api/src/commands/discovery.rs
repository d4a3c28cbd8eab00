//! Discovery in the window: the proposal previewed on the canvas, and the user's choices
//! applied as one undo step (see `discovery.rs`).

use super::declare::commands;
use crate::wire::{DiscoveryChoices, DiscoveryPreview, EditOutcome};

commands! {
    /// The stages and handoffs proposed from how the items of the open file move (the same
    /// counts as `flowmap discover`), matched against the working map, and where each new stage
    /// would be drawn. Nothing changes.
    reads fn discover_preview(
        cx,
        source: Option<String>,
        min_count: Option<u32>,
    ) -> DiscoveryPreview {
        cx.backend
            .with(|s| s.discover_preview(source.as_deref(), min_count.map(u64::from)))
    }

    /// Applies the choices about the proposal (keep, rename, merge, drop; handoffs kept or
    /// dropped): the stages, handoffs and state lists as one edit, which one Undo takes back.
    changes_map fn apply_discovery(cx, choices: DiscoveryChoices) -> EditOutcome {
        cx.backend.with(|s| s.apply_discovery(&choices))
    }
}
