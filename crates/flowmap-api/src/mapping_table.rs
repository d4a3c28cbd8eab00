//! The Data view's state mapping table on the edit session: every (source, state) of the open
//! file against the *working* map, with its guesses and their reasons, and the edits that set
//! several rows at once or confirm them. The rows are written to the file at once, like the
//! flow view's filters: they are how the data is read, not part of the map, so they take no
//! undo step. The flow view reads them on every call, so its figures follow at once.

use crate::editing::EditSession;
use crate::error::{ApiError, ErrorCode};
use crate::metrics::review_rows;
use crate::wire::{
    MappingFlag, MappingRow, MappingStatus, MappingTable, MappingTableRow, StageChoice,
    StageOption, StateRef,
};
use chrono::{DateTime, Utc};
use flowmap_core::{guess_category, StateCategory, StateMapping};
use std::collections::{HashMap, HashSet};

fn unsaved() -> ApiError {
    ApiError::new(
        ErrorCode::Unsaved,
        "save the map to a file first: the state mapping is kept in the map's file with its items",
    )
}

/// What the table says of a row: whether its category is a guess, and why it is what it is.
fn why(row: &MappingRow, stored: Option<&StateMapping>, confirmed: bool) -> (bool, String) {
    let guess = guess_category(&row.state);
    match stored {
        Some(_) if confirmed => (false, "confirmed".to_string()),
        Some(m) if m.category != guess.category => (
            true,
            format!(
                "proposed with the data (the tool's category) → {}",
                m.category
            ),
        ),
        _ => (true, guess.reason),
    }
}

impl EditSession {
    /// The state mapping table of the open file (`unsaved` for a map without a file), with
    /// items and time up to `now`.
    pub fn mapping_table(&mut self, now: DateTime<Utc>) -> Result<MappingTable, ApiError> {
        if self.saved().is_none() {
            return Err(unsaved());
        }
        // The file's items and their mapping belong to the current state, whichever is shown.
        let (data, _) = self.current_dataset()?;
        let open = self.saved().ok_or_else(unsaved)?;
        let stored = open.file.state_mappings()?;
        let confirmed = open.file.confirmed_state_mappings()?;
        let map = &self.current_document().map;
        let by_key: HashMap<(&str, &str), &StateMapping> = stored
            .iter()
            .map(|m| ((m.source.as_str(), m.state.as_str()), m))
            .collect();
        let mut table = MappingTable {
            rows: Vec::new(),
            stages: map
                .flow_order()
                .stages
                .iter()
                .filter_map(|id| map.stage(*id))
                .map(|s| StageOption {
                    id: s.id,
                    name: s.name.clone(),
                })
                .collect(),
            unmapped: MappingFlag::default(),
            conflicts: MappingFlag::default(),
            guesses: 0,
        };
        let sources = open.file.sources()?;
        for row in review_rows(map, (&stored, &sources), &data, now.timestamp_millis()) {
            let m = by_key
                .get(&(row.source.as_str(), row.state.as_str()))
                .copied();
            let is_confirmed = confirmed.contains(&(row.source.clone(), row.state.clone()));
            let (guess, reason) = why(&row, m, is_confirmed);
            let flag = match row.status {
                MappingStatus::Unmapped => Some(&mut table.unmapped),
                MappingStatus::Conflict => Some(&mut table.conflicts),
                _ => None,
            };
            if let Some(f) = flag {
                f.states += 1;
                f.time_secs += row.time_secs;
            }
            table.guesses += u32::from(guess);
            table.rows.push(MappingTableRow {
                stage_set: m.is_some_and(|m| m.stage.is_some_and(|s| map.stage(s).is_some())),
                source: row.source,
                state: row.state,
                items: row.items,
                time_secs: row.time_secs,
                category: row.category,
                status: row.status,
                stage: row.stage,
                stage_id: row.stage_id,
                conflict_stages: row.conflict_stages,
                guess,
                reason,
            });
        }
        Ok(table)
    }

    /// Sets the stage and/or the category of several rows at once (what is not given stays),
    /// confirmed, in one transaction; returns the table as it is now. Refused, and nothing
    /// written, when a row is not in the table or the stage is not on the map.
    pub fn set_mapping(
        &mut self,
        rows: &[StateRef],
        stage: Option<&StageChoice>,
        category: Option<StateCategory>,
        now: DateTime<Utc>,
    ) -> Result<MappingTable, ApiError> {
        if let Some(StageChoice::Stage { id }) = stage {
            if self.current_document().map.stage(*id).is_none() {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("there is no stage {id} on the map"),
                ));
            }
        }
        let table = self.mapping_table(now)?;
        let stored: HashMap<(String, String), StateMapping> = self
            .saved()
            .ok_or_else(unsaved)?
            .file
            .state_mappings()?
            .into_iter()
            .map(|m| ((m.source.clone(), m.state.clone()), m))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        let mut done = HashSet::new();
        for r in rows {
            if !done.insert(r) {
                continue;
            }
            let current = table
                .rows
                .iter()
                .find(|t| t.source == r.source && t.state == r.state)
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::NotFound,
                        format!("source {:?} has no state {:?}", r.source, r.state),
                    )
                })?;
            let key = (r.source.clone(), r.state.clone());
            out.push(StateMapping {
                source: r.source.clone(),
                state: r.state.clone(),
                stage: match stage {
                    Some(StageChoice::Stage { id }) => Some(*id),
                    Some(StageChoice::ByStateLists) => None,
                    None => stored.get(&key).and_then(|m| m.stage),
                },
                category: category.unwrap_or(current.category),
            });
        }
        let open = self.file.as_mut().ok_or_else(unsaved)?;
        open.file.put_confirmed_state_mappings(&out)?;
        self.mapping_table(now)
    }

    /// Confirms the rows as they are (their guessed category becomes the user's); returns the
    /// table as it is now.
    pub fn confirm_mapping(
        &mut self,
        rows: &[StateRef],
        now: DateTime<Utc>,
    ) -> Result<MappingTable, ApiError> {
        self.set_mapping(rows, None, None, now)
    }
}
