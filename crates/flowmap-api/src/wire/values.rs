//! The value lists of the enumerations the UI lists (tool kinds in the palette, flow item types
//! in the inspector and the filters, state categories, error codes, overlay modes,
//! percentiles, source kinds and the network ones), generated into
//! `ui/src/generated/wire.ts` beside their types, so the UI never hand-copies a list.
//!
//! Each list is the enum's `ALL` constant written as serde writes each value; generating fails
//! when a list misses a value of the type ts-rs declares, so a variant added in Rust without
//! its place in `ALL` is caught by the freshness test.

use crate::wire::{OverlayMode, Percentile};
use crate::ErrorCode;
use flowmap_core::{BurstStatus, DurationUnit, FlowItemType, SourceKind, StateCategory, ToolKind};
use serde::Serialize;
use ts_rs::TS;

impl ErrorCode {
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::NotFound,
        ErrorCode::NotAFlowmapFile,
        ErrorCode::NewerVersion,
        ErrorCode::Corrupt,
        ErrorCode::InvalidMap,
        ErrorCode::InvalidMapping,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidArgument,
        ErrorCode::Io,
        ErrorCode::Internal,
        ErrorCode::InvalidLog,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::MissingCredential,
        ErrorCode::Unreachable,
        ErrorCode::RateLimited,
        ErrorCode::SourceFailed,
        ErrorCode::Cancelled,
        ErrorCode::Busy,
        ErrorCode::MapChanged,
        ErrorCode::Unsaved,
        ErrorCode::RecordChanged,
    ];
}

/// `export const NAME: readonly Type[] = [...]` for `all`, checked against the type's
/// declaration.
fn list<T: Serialize + TS>(name: &str, all: &[T]) -> Result<String, String> {
    let values: Vec<String> = all
        .iter()
        .map(|v| serde_json::to_string(v).map_err(|e| format!("{name}: {e}")))
        .collect::<Result<_, _>>()?;
    let inline = T::inline();
    let declared: Vec<&str> = inline
        .split('|')
        .map(str::trim)
        .filter(|v| v.starts_with('"'))
        .collect();
    let mut sorted_values: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut sorted_declared = declared.clone();
    sorted_values.sort_unstable();
    sorted_declared.sort_unstable();
    if sorted_values != sorted_declared {
        return Err(format!(
            "{name} lists {sorted_values:?} but {} has {sorted_declared:?}: update its ALL",
            T::name()
        ));
    }
    Ok(format!(
        "/** Every {ty}, in the order Rust lists them. */\nexport const {name}: readonly {ty}[] = [{}];\n",
        values.join(", "),
        ty = T::name(),
    ))
}

/// `export const NAME: readonly Type[] = [...]` for `some` of a type's values (no completeness
/// check: a subset such as the network source kinds).
fn subset<T: Serialize + TS>(name: &str, what: &str, some: &[T]) -> Result<String, String> {
    let values: Vec<String> = some
        .iter()
        .map(|v| serde_json::to_string(v).map_err(|e| format!("{name}: {e}")))
        .collect::<Result<_, _>>()?;
    Ok(format!(
        "/** {what}, in the order Rust lists them. */\nexport const {name}: readonly {ty}[] = [{}];\n",
        values.join(", "),
        ty = T::name(),
    ))
}

/// The exported declarations of every value list.
pub(super) fn typescript() -> String {
    let lists = [
        list("TOOL_KINDS", &ToolKind::ALL),
        list("FLOW_ITEM_TYPES", &FlowItemType::ALL),
        list("STATE_CATEGORIES", &StateCategory::ALL),
        list("ERROR_CODES", &ErrorCode::ALL),
        list("OVERLAY_MODES", &OverlayMode::ALL),
        list("PERCENTILES", &Percentile::ALL),
        list("DURATION_UNITS", &DurationUnit::ALL),
        list("SOURCE_KINDS", &SourceKind::ALL),
        list("BURST_STATUSES", &BurstStatus::ALL),
        subset(
            "NETWORK_SOURCE_KINDS",
            "The kinds of source a sync fetches over the network",
            &SourceKind::NETWORK,
        ),
    ];
    lists
        .into_iter()
        .map(|l| l.unwrap_or_else(|e| panic!("a value list is incomplete: {e}")))
        .fold(String::new(), |out, list| out + "\n" + &list)
}
