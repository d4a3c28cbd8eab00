//! The Items list's commands: one page of the map's items, filtered and sorted here, and one
//! item's timeline.

use super::declare::commands;
use crate::wire::{ItemTimeline, ItemsPage, ItemsQuery};

commands! {
    /// One page of the open map's items under `query`: search (key, title), filters (type,
    /// source, state, stage, in flight / done), a sort column and direction, `offset` and
    /// `limit` (at most 1,000); with how many match and how many there are.
    reads fn items(cx, query: ItemsQuery) -> ItemsPage {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.items(&query, clock))
    }

    /// Item `key` of `source` and its history, state by state: entry time, duration, stage and
    /// category; measured at `now` (RFC 3339 or a date) or the current time.
    reads fn item_timeline(cx, source: String, key: String, now: Option<String>) -> ItemTimeline {
        let clock = cx.shell.now();
        cx.backend.with(|s| s.item_timeline(&source, &key, now.as_deref(), clock))
    }
}
