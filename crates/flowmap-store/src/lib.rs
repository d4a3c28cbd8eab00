//! The `.flowmap` file: one SQLite database (bundled SQLite, no server) holding a value stream
//! map, its layout, its sources and state mappings, and the work items with their transitions.
//!
//! - [`MapFile`] opens an existing file after checking that it is one (see [`MapFile::open`]),
//!   or creates one atomically ([`MapFile::create`]): the new database is written beside the
//!   target and renamed over it only when complete.
//! - Every write is one SQLite transaction, so a crash or an error mid-way leaves the file as it
//!   was before. Write transactions take the file's lock before they read (`BEGIN IMMEDIATE`,
//!   waiting up to [`BUSY_WAIT`] for another writer), so no writer overwrites what another
//!   wrote; the map carries a version ([`MapFile::map_version`]) that [`MapFile::save_over`]
//!   checks. A killed writer's hot journal is rolled back before a file's header is checked;
//!   its temporary files are removed (`leftovers`).
//! - [`json`]: the map and its layout (no items) as JSON, for review and diffs.
//! - [`schema`]: the schema version and the embedded migrations.
//! - View settings ([`MapFile::view_setting`]): how the map is read (the flow view's filters),
//!   kept in the file beside the map; [`MapFile::data_version`] tells a reader that another
//!   connection changed the file.
//!
//! Modules by concern: `lifecycle` (open, create, save, Save As) with `header` (the checks made
//! on a file's header) and `leftovers` (what killed writers leave beside a file), `map` (the map and its layout), `data` (items and transitions,
//! and the bulk `DataWriter`), `scan` (streaming reads for the metrics engine), `settings`
//! (sources, state mappings, view settings), `links` (links between items, by a source or by
//! hand), `snapshot` (the engine's columns stored beside the
//! rows, checked by format, data generation and CRC-32 before they are handed out).
//!
//! This is the only crate that knows SQL.

mod data;
mod error;
mod header;
pub mod json;
mod leftovers;
mod lifecycle;
mod links;
mod map;
mod okr;
mod scan;
pub mod schema;
mod settings;
mod snapshot;

pub use data::{
    number_changes, ArtifactTypeCount, Counts, DataWriter, NewItem, SourceRemoved, SourceState,
    SourceUpdate, Written, WrittenItem,
};
pub use error::StoreError;
pub use leftovers::{remove_stale_temps, temp_path_beside};
pub use lifecycle::{MapFile, BUSY_WAIT};
pub use okr::StoredKeyResult;
pub use scan::{ItemRow, TransitionRow};
pub use settings::SourceRecord;
pub use snapshot::PART_BYTES;
