//! Lineage's commands: every root with its end-to-end figures, one root's tree with each item's
//! states, and links made or removed by hand (`docs/metrics.md`, "Lineage and end-to-end
//! figures").

use super::declare::commands;
use crate::wire::{ItemLineage, LineageSummaryView, LinkOutcome, LinkRequest};

commands! {
    /// Every root item (linked to descendants along the map's artifact flows) with its status,
    /// end-to-end flow time, time in each tool and between tools; crossing times (p50/p85) per
    /// artifact flow; end-to-end time per flow item type. Measured at `now` (RFC 3339 or a
    /// date) or the current time.
    reads fn lineage_summary(cx, now: Option<String>) -> LineageSummaryView {
        let clock = cx.shell.now();
        // Computed outside the session's lock (`reading.rs`): the window's other calls go on.
        cx.backend.with(|s| s.reading())?.lineage_summary(now.as_deref(), clock)
    }

    /// The lineage of item `key` of `source`: its root's figures and tree, each item with the
    /// item it came from, its crossing time and its states (for the lineage timeline).
    reads fn item_lineage(cx, source: String, key: String, now: Option<String>) -> ItemLineage {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.reading())?.item_lineage(&source, &key, now.as_deref(), clock)
    }

    /// Links two items by hand (kept through re-syncs; written to the file at once, not an undo
    /// step). `changed` is false when the link was already there.
    reads fn link_items(cx, link: LinkRequest) -> LinkOutcome {
        cx.backend.with(|s| s.link_items(&link, true))
    }

    /// The links made by hand from item `key` of `source` (each as the request that removes it).
    reads fn hand_links(cx, source: String, key: String) -> Vec<LinkRequest> {
        cx.backend.with(|s| s.hand_links(&source, &key))
    }

    /// Removes a link made by hand (a source's own links come back with its next sync, so they
    /// are not removed). `changed` is false when there was no such link.
    reads fn unlink_items(cx, link: LinkRequest) -> LinkOutcome {
        cx.backend.with(|s| s.link_items(&link, false))
    }
}
