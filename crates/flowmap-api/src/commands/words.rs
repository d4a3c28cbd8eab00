//! Estimates as people type them ("2d", "90 min", "85 %"), read by `flowmap-core`'s one parser
//! so the window accepts the same words as every other front end (`docs/workshop.md`).

use super::declare::commands;
use crate::ApiError;
use flowmap_core::{DurationUnit, TypedDuration};

commands! {
    /// Reads a typed duration ("2d", "3 days", "90 min", "1.5 h", "2 wk", "1h30"); a bare
    /// number counts in `unit`. `null` for empty text; refused (`invalid_argument`) saying what
    /// is accepted.
    reads fn read_duration(_cx, text: String, unit: DurationUnit) -> Option<TypedDuration> {
        flowmap_core::parse_duration(&text, unit).map_err(ApiError::invalid_argument)
    }

    /// Reads a typed %C&A ("85 %", "85", "0.85") as a fraction in [0, 1]. `null` for empty
    /// text; refused (`invalid_argument`) saying what is accepted.
    reads fn read_share(_cx, text: String) -> Option<f64> {
        flowmap_core::parse_share(&text).map_err(ApiError::invalid_argument)
    }
}
