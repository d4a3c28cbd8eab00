//! Flowmap's use cases, shared by the desktop app (`src-tauri`) and the `flowmap` CLI, and the
//! wire types they return.
//!
//! - [`OpenMap`]: a `.flowmap` file opened for use; [`OpenMap::view`] is what the app draws,
//!   [`OpenMap::info`] what `flowmap info` prints.
//! - [`create_demo`], [`export_json`], [`import_json`]: whole-file use cases.
//! - [`EditSession`]: the map editor over the open map — checked edits ([`wire::Edit`]),
//!   unbounded undo/redo, Save, Save As (items copied), New, JSON import/export, and the
//!   recovery copy of unsaved work ([`recovery_info`], [`EditSession::restore`]).
//! - Metrics: [`OpenMap::metrics`] runs the engine (`flowmap-metrics`) on the file's items;
//!   [`OpenMap::mapping_review`] and friends show and edit the state mapping.
//! - The flow view ([`EditSession::flow_view`]): the figures of the map being edited (heat,
//!   stage panel, ladder, dashboard), its items loaded once per file version, and the filters
//!   saved with the map ([`EditSession::flow_filters`], [`EditSession::save_flow_filters`]).
//!   The heat overlay's figure and heat per stage and mode are computed here too (`overlay.rs`,
//!   [`wire::Overlay`]); the UI only words and colours them.
//! - Sources: [`add_source`], [`list_sources`], [`sync`] (all
//!   network sources fetched first, then written in one transaction), [`import_log`] (CSV,
//!   ActionableAgile, XES, streamed), [`discover`] (stages and handoffs from the data).
//! - Discovery in the window ([`EditSession::discover_preview`],
//!   [`EditSession::apply_discovery`]): the same proposal against the working map, previewed,
//!   and the user's choices applied as one undo step.
//! - States of the stream: an [`EditSession`] holds the current state and future states, each
//!   with its own undo history (`editing/states.rs`); `compare.rs` sets their ladders' totals
//!   side by side ([`EditSession::compare_states`]).
//! - [`wire`]: every type that crosses the app's IPC boundary. The TypeScript declarations the UI
//!   uses are generated from them ([`wire::typescript`]); a test fails when
//!   `ui/src/generated/wire.ts` is stale.
//! - [`words`]: figures written for people (durations, counts), shared by the exports, the
//!   Sources tab's messages and the CLI.
//! - [`commands`]: every command the window invokes, declared once; the Tauri shell and the
//!   HTTP test backend dispatch to it, and the UI's typed calls are generated from it.
//! - [`ApiError`]: an error with a [`ErrorCode`] the UI can branch on and a message for people.

mod capacity;
mod columns;
pub mod commands;
mod compare;
mod discovery;
mod dora;
mod editing;
mod error;
mod estimates;
mod export;
mod flow_view;
mod forecast;
mod interchange;
mod items;
mod jobs;
mod lineage;
mod mapping_table;
mod metrics;
mod okr;
mod open_map;
mod overlay;
mod preload;
mod reading;
mod sources;
mod what_if;
pub mod wire;
pub mod words;

pub use editing::{recovery_info, EditSession, RecoveryCopy, CURRENT_STATE_NAME, NEW_MAP_NAME};
pub use error::{ApiError, ErrorCode};
pub use estimates::{set_estimates, EstimateWords};
pub use export::map_svg;
pub use flow_view::{check_link, item_link};
pub use interchange::{export_ocel, export_ocel_sqlite, export_xes, is_sqlite_name, ocel_log};
pub use metrics::parse_instant;
pub use open_map::{create_demo, create_demo_with, create_map, export_json, import_json, OpenMap};
pub use reading::Reading;
pub use sources::{
    add_source, add_source_with_token, discover, dry_run, import_log, list_sources, store_token,
    sync, CancellationToken, HttpOptions, OnProgress, RetryPolicy, SyncOptions,
};
