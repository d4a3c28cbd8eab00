//! The types that cross the IPC boundary between the app's Rust side and its UI, and that the
//! CLI prints as JSON. One module per area; each lists its TypeScript declarations in `decls()`,
//! and [`typescript`] writes them all to `ui/src/generated/wire.ts`.

mod connect;
mod data;
mod discovery;
mod dry_run;
mod editing;
mod flow_view;
mod items;
mod lineage;
mod map;
mod mapping;
mod metrics;
mod plan;
mod sources;
mod states;
mod values;
mod what_if;

pub use connect::*;
pub use data::*;
pub use discovery::*;
pub use dry_run::*;
pub use editing::*;
pub use flow_view::*;
pub use items::*;
pub use lineage::*;
pub use map::*;
pub use mapping::*;
pub use metrics::*;
pub use plan::*;
pub use sources::*;
pub use states::*;
pub use what_if::*;

use crate::error::{ApiError, ErrorCode};
use ts_rs::TS;

/// The TypeScript declarations of every wire type, as written to `ui/src/generated/wire.ts`.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from the Rust wire types (crates/flowmap-api/src/wire/) by\n\
         // `scripts/gen-wire.sh`. Do not edit: a test fails when this file is stale.\n",
    );
    let all = map::decls()
        .into_iter()
        .chain(metrics::decls())
        .chain(mapping::decls())
        .chain(sources::decls())
        .chain(dry_run::decls())
        .chain(connect::decls())
        .chain(discovery::decls())
        .chain(data::decls())
        .chain(editing::decls())
        .chain(flow_view::decls())
        .chain(items::decls())
        .chain(lineage::decls())
        .chain(states::decls())
        .chain(plan::decls())
        .chain(plan::okr_decls())
        .chain(plan::capacity_decls())
        .chain(plan::dora_decls())
        .chain(what_if::decls())
        .chain([ErrorCode::decl(), ApiError::decl()]);
    for decl in all {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&values::typescript());
    out
}
