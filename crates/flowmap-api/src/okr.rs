//! Flow key results of an open map (`docs/metrics.md`, "Flow key results"): read from the
//! file, measured by `flowmap_metrics::okr` against the working map's stages and the file's
//! items, and written as typed (baseline and target in words of the figure's unit) with the
//! version they were read at, so no writer overwrites another's change.

use crate::editing::EditSession;
use crate::error::{ApiError, ErrorCode};
use crate::lineage::LineageInput;
use crate::metrics::parse_instant;
use crate::open_map::OpenMap;
use crate::wire::{KeyResultDraft, KeyResultView};
use chrono::{DateTime, Utc};
use flowmap_core::{
    parse_duration, parse_share, DurationUnit, KeyResult, KeyResultId, KrUnit, ValueStreamMap,
};
use flowmap_metrics::okr::{measure_with, FinishedRoot};
use flowmap_metrics::{Dataset, StageModel};
use flowmap_store::{MapFile, StoredKeyResult};

fn unsaved() -> ApiError {
    ApiError::new(
        ErrorCode::Unsaved,
        "save the map to a file first: key results are kept in the map's file",
    )
}

/// Reads a baseline or target typed in words of `unit`.
pub fn read_value(field: &str, text: &str, unit: KrUnit) -> Result<f64, ApiError> {
    let bad = |why: String| ApiError::invalid_argument(format!("the {field}: {why}"));
    let empty = || bad("give a value".into());
    match unit {
        KrUnit::Seconds => parse_duration(text, DurationUnit::Days)
            .map_err(bad)?
            .map(|d| d.seconds as f64)
            .ok_or_else(empty),
        KrUnit::Share => parse_share(text)
            .map_err(|e| bad(e.replace("%C&A is", "a share is")))?
            .ok_or_else(empty),
        KrUnit::Items | KrUnit::PerWeek => {
            let t = text.trim();
            if t.is_empty() {
                return Err(empty());
            }
            t.replace(',', "")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| bad(format!("{t:?} is not a number of items of at least 0")))
        }
    }
}

/// The key result a draft describes (a new id when it has none), checked.
pub fn key_result_of(draft: &KeyResultDraft, map: &ValueStreamMap) -> Result<KeyResult, ApiError> {
    let unit = draft.figure.unit();
    let kr = KeyResult {
        id: draft
            .id
            .unwrap_or_else(|| KeyResultId::from(uuid::Uuid::new_v4())),
        objective: draft.objective.trim().to_string(),
        name: draft.name.trim().to_string(),
        figure: draft.figure,
        flow_item_type: draft.flow_item_type,
        stage: if draft.figure.needs_stage() {
            draft.stage
        } else {
            None
        },
        baseline: read_value("baseline", &draft.baseline, unit)?,
        target: read_value("target", &draft.target, unit)?,
        start: parse_instant("the start", &draft.start)?,
        due: parse_instant("the due date", &draft.due)?,
        owner: draft.owner.trim().to_string(),
    };
    kr.check().map_err(ApiError::invalid_argument)?;
    if let Some(stage) = kr.stage {
        if map.stage(stage).is_none() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("there is no stage {stage} on the map"),
            ));
        }
    }
    Ok(kr)
}

/// The lineage's finished roots, when a key result measures end-to-end flow time.
fn roots_for(
    stored: &[StoredKeyResult],
    map: &ValueStreamMap,
    file: &MapFile,
    data: &Dataset,
    model: &StageModel,
    now: DateTime<Utc>,
) -> Result<Vec<FinishedRoot>, ApiError> {
    if !stored.iter().any(|s| s.key_result.figure.needs_lineage()) {
        return Ok(Vec::new());
    }
    let input = LineageInput::read(map, file, data, model, now.timestamp_millis())?;
    Ok(input.finished_roots())
}

fn views(
    stored: Vec<StoredKeyResult>,
    data: &Dataset,
    model: &StageModel,
    now: DateTime<Utc>,
    roots: &[FinishedRoot],
) -> Vec<KeyResultView> {
    stored
        .into_iter()
        .map(|s| {
            let kr = s.key_result;
            let stage_name = kr.stage.and_then(|id| {
                model
                    .stages()
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| m.name.clone())
            });
            let figure_label = match &stage_name {
                Some(stage) => format!(
                    "{} in {stage}",
                    kr.figure.label().trim_end_matches(" in a stage")
                ),
                None => kr.figure.label().to_string(),
            };
            KeyResultView {
                progress: measure_with(data, model, &kr, now.timestamp_millis(), roots),
                version: s.version,
                unit: kr.figure.unit(),
                figure_label,
                stage_name,
                key_result: kr,
            }
        })
        .collect()
}

fn instant(now: Option<&str>, clock: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
    now.map(|t| parse_instant("the time to measure at", t))
        .transpose()
        .map(|t| t.unwrap_or(clock))
}

fn save(file: &mut MapFile, kr: &KeyResult, version: Option<i64>) -> Result<(), ApiError> {
    file.save_key_result(kr, version)?;
    Ok(())
}

impl OpenMap {
    /// The file's key results measured at `now` (or `clock`).
    pub fn key_results(
        &self,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<Vec<KeyResultView>, ApiError> {
        let now = instant(now, clock)?;
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        let stored = self.file.key_results()?;
        let roots = roots_for(&stored, &self.doc.map, &self.file, &data, &model, now)?;
        Ok(views(stored, &data, &model, now, &roots))
    }

    /// Adds or changes a key result as typed; returns it as stored.
    pub fn save_key_result(&mut self, draft: &KeyResultDraft) -> Result<KeyResult, ApiError> {
        let kr = key_result_of(draft, &self.doc.map)?;
        save(&mut self.file, &kr, draft.version)?;
        Ok(kr)
    }

    /// Removes the key result `id` (any version: the command line reads it just before).
    pub fn delete_key_result(&mut self, id: KeyResultId) -> Result<String, ApiError> {
        let stored = self
            .file
            .key_results()?
            .into_iter()
            .find(|s| s.key_result.id == id)
            .ok_or_else(|| {
                ApiError::new(ErrorCode::NotFound, format!("there is no key result {id}"))
            })?;
        self.file.delete_key_result(id, stored.version)?;
        Ok(stored.key_result.name)
    }
}

impl EditSession {
    /// The open file's key results measured at `now` against the working map's stages (the
    /// current state's).
    pub fn key_results(
        &mut self,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<Vec<KeyResultView>, ApiError> {
        let now = instant(now, clock)?;
        let (data, _) = self.current_dataset()?;
        let (model, _) = self.current_stage_model(&data)?;
        let open = self.saved().ok_or_else(unsaved)?;
        let stored = open.file.key_results()?;
        let map = &self.current_document().map;
        let roots = roots_for(&stored, map, &open.file, &data, &model, now)?;
        Ok(views(stored, &data, &model, now, &roots))
    }

    /// Adds or changes a key result (written at once, not an undo step; refused with
    /// `record_changed` when another writer changed it since `draft.version`).
    pub fn save_key_result(&mut self, draft: &KeyResultDraft) -> Result<(), ApiError> {
        let kr = key_result_of(draft, &self.current_document().map)?;
        let open = self.file.as_mut().ok_or_else(unsaved)?;
        save(&mut open.file, &kr, draft.version)
    }

    /// Removes a key result read at `version`.
    pub fn delete_key_result(&mut self, id: KeyResultId, version: i64) -> Result<(), ApiError> {
        let open = self.file.as_mut().ok_or_else(unsaved)?;
        open.file.delete_key_result(id, version)?;
        Ok(())
    }
}

impl OpenMap {
    /// The id of the stage named `name` (any case), for the command line.
    pub fn stage_named(&self, name: &str) -> Result<flowmap_core::NodeId, ApiError> {
        self.doc
            .map
            .nodes()
            .find_map(|n| match n {
                flowmap_core::Node::Stage(s) if s.name.eq_ignore_ascii_case(name.trim()) => {
                    Some(s.id)
                }
                _ => None,
            })
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("there is no stage named {name:?} on the map"),
                )
            })
    }
}
