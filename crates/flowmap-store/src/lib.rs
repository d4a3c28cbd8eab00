//! The `.flowmap` file: one SQLite database (bundled SQLite, no server) holding a value stream
//! map, its layout, its sources and state mappings, and the work items with their transitions.
//!
//! - [`MapFile`] opens an existing file after checking that it is one (see [`MapFile::open`]),
//!   or creates one atomically ([`MapFile::create`]): the new database is written beside the
//!   target and renamed over it only when complete.
//! - Every write is one SQLite transaction, so a crash or an error mid-way leaves the file as it
//!   was before.
//! - [`json`]: the map and its layout (no items) as JSON, for review and diffs.
//! - [`schema`]: the schema version and the embedded migrations.
//! - View settings ([`MapFile::view_setting`]): how the map is read (the flow view's filters),
//!   kept in the file beside the map; [`MapFile::data_version`] tells a reader that another
//!   connection changed the file.
//!
//! Modules by concern: `lifecycle` (open, create, save, Save As) with `header` (the checks made
//! before SQLite opens a file), `map` (the map and its layout), `data` (items and transitions,
//! and the bulk `DataWriter`), `scan` (streaming reads for the metrics engine), `settings`
//! (sources, state mappings, view settings).
//!
//! This is the only crate that knows SQL.

mod data;
mod error;
mod header;
pub mod json;
mod lifecycle;
mod map;
mod scan;
pub mod schema;
mod settings;

pub use data::{ArtifactTypeCount, Counts, DataWriter, SourceState};
pub use error::StoreError;
pub use lifecycle::MapFile;
pub use scan::{ItemRow, TransitionRow};
pub use settings::SourceRecord;
