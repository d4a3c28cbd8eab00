//! Flowmap's use cases, shared by the desktop app (`src-tauri`) and the `flowmap` CLI, and the
//! wire types they return.
//!
//! - [`OpenMap`]: a `.flowmap` file opened for use; [`OpenMap::view`] is what the app draws,
//!   [`OpenMap::info`] what `flowmap info` prints.
//! - [`create_demo`], [`export_json`], [`import_json`]: whole-file use cases.
//! - Metrics: [`OpenMap::metrics`] runs the engine (`flowmap-metrics`) on the file's items;
//!   [`OpenMap::mapping_review`] and friends show and edit the state mapping.
//! - [`wire`]: every type that crosses the app's IPC boundary. The TypeScript declarations the UI
//!   uses are generated from them ([`wire::typescript`]); a test fails when
//!   `ui/src/generated/wire.ts` is stale.
//! - [`ApiError`]: an error with a [`ErrorCode`] the UI can branch on and a message for people.

mod error;
mod metrics;
mod open_map;
pub mod wire;

pub use error::{ApiError, ErrorCode};
pub use metrics::parse_instant;
pub use open_map::{create_demo, export_json, import_json, OpenMap};
