//! A stage's workshop estimates set from the words people type ("2d", "90 min", "85 %"), read
//! by the same parser as the window's fields (`flowmap_core::words`), and saved to the file:
//! `flowmap estimate` (docs/workshop.md).

use crate::editing::EditSession;
use crate::wire::Edit;
use crate::ApiError;
use flowmap_core::{parse_duration, parse_share, DurationUnit, Estimates, Node};
use std::path::Path;

/// What to change; `None` leaves a value as it is, an empty text clears it.
#[derive(Clone, Debug, Default)]
pub struct EstimateWords {
    pub process: Option<String>,
    pub lead: Option<String>,
    pub complete_accurate: Option<String>,
    pub queue: Option<String>,
    pub batch: Option<String>,
    pub people: Option<String>,
    pub wip: Option<String>,
}

/// A count typed for `field`: empty clears it; otherwise a whole number.
fn count(field: &str, text: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u32>()
        .map(Some)
        .map_err(|_| format!("{field}: {t:?} is not a whole number (type e.g. 3, or nothing)"))
}

/// Sets the estimates of the stage named `stage` (any case) in the map at `path` and saves it;
/// returns the stage's name and estimates. A bare number counts in hours. Refused, nothing
/// written, when the stage is not on the map, a value cannot be read (the error says what is
/// accepted) or the core refuses the result (lead time shorter than process time).
pub fn set_estimates(
    path: &Path,
    stage: &str,
    words: &EstimateWords,
) -> Result<(String, Estimates), ApiError> {
    let mut session = EditSession::open(path)?;
    let found = session
        .document()
        .map
        .nodes()
        .find_map(|n| match n {
            Node::Stage(s) if s.name.eq_ignore_ascii_case(stage.trim()) => Some(s.clone()),
            _ => None,
        })
        .ok_or_else(|| {
            ApiError::invalid_argument(format!("{}: no stage named {stage:?}", path.display()))
        })?;
    let bad = |field: &str, e: String| ApiError::invalid_argument(format!("{field}: {e}"));
    let mut next = found.clone();
    let e = &mut next.estimates;
    let duration = |field: &str, text: &str| {
        parse_duration(text, DurationUnit::Hours)
            .map(|d| d.map(|d| d.seconds))
            .map_err(|err| bad(field, err))
    };
    if let Some(text) = &words.process {
        e.process_time_secs = duration("--process", text)?;
    }
    if let Some(text) = &words.lead {
        e.lead_time_secs = duration("--lead", text)?;
    }
    if let Some(text) = &words.complete_accurate {
        e.complete_accurate = parse_share(text).map_err(|err| bad("--ca", err))?;
    }
    for (field, text, slot) in [
        ("--queue", &words.queue, &mut e.queue_size),
        ("--batch", &words.batch, &mut e.batch_size),
        ("--people", &words.people, &mut e.people),
        ("--wip", &words.wip, &mut e.wip_limit),
    ] {
        if let Some(text) = text {
            *slot = count(field, text).map_err(ApiError::invalid_argument)?;
        }
    }
    let estimates = next.estimates.clone();
    session.apply(Edit::UpdateNode {
        node: Node::Stage(next),
    })?;
    session.save()?;
    Ok((found.name, estimates))
}
