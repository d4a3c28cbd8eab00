//! Lineage on the edit session, computed outside the session's lock: what it needs (the
//! current state's map, the loaded items, the stage model, the file's path) is taken under
//! the lock, then the file's links and linked items are read on a connection of its own. A
//! lineage of a large linked file takes seconds; meanwhile the window's other calls (a filter
//! change, the map's edits) go on.
//!
//! The links read may be newer than the items loaded when another process commits in
//! between; the window asks again when it sees the file change (`file_changes`).

use crate::editing::EditSession;
use crate::error::{ApiError, ErrorCode};
use crate::lineage::{now_ms, LineageInput};
use crate::wire::{ItemLineage, LineageSummaryView, LinkOutcome, LinkRequest};
use chrono::{DateTime, Utc};
use flowmap_core::ValueStreamMap;
use flowmap_metrics::{Dataset, StageModel};
use flowmap_store::MapFile;
use std::path::PathBuf;
use std::sync::Arc;

fn unsaved() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidArgument,
        "the map has no file yet: save it and add items first",
    )
}

/// What a lineage query needs, taken from the session (see the module's doc).
pub struct LineageJob {
    map: ValueStreamMap,
    /// The map's file; none for a map not saved yet.
    path: Option<PathBuf>,
    data: Arc<Dataset>,
    model: StageModel,
    now: i64,
}

impl LineageJob {
    fn file(&self) -> Result<Option<MapFile>, ApiError> {
        Ok(match &self.path {
            Some(path) => Some(MapFile::open(path)?),
            None => None,
        })
    }

    /// Every root, the crossings per artifact flow and end-to-end time per flow item type.
    pub fn summary(self) -> Result<LineageSummaryView, ApiError> {
        let Some(file) = self.file()? else {
            return Ok(LineageInput::empty_summary(self.now));
        };
        Ok(LineageInput::read(&self.map, &file, &self.data, &self.model, self.now)?.summary())
    }

    /// One root's lineage (see [`LineageInput::item`]).
    pub fn item(self, source: &str, key: &str) -> Result<ItemLineage, ApiError> {
        let file = self.file()?.ok_or_else(unsaved)?;
        LineageInput::read(&self.map, &file, &self.data, &self.model, self.now)?.item(source, key)
    }
}

impl EditSession {
    /// What lineage against the current state's map and the file's items needs, at `now`
    /// (the clock's time when absent).
    pub fn lineage_job(
        &mut self,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<LineageJob, ApiError> {
        let now = now_ms(now, clock)?;
        let (data, _) = self.current_dataset()?;
        let (model, _) = self.current_stage_model(&data)?;
        Ok(LineageJob {
            map: self.current_document().map.clone(),
            path: self.path().map(PathBuf::from),
            data,
            model,
            now,
        })
    }

    /// Lineage against the current state's map and the file's items.
    pub fn lineage_summary(
        &mut self,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<LineageSummaryView, ApiError> {
        self.lineage_job(now, clock)?.summary()
    }

    /// One root's lineage against the current state's map.
    pub fn item_lineage(
        &mut self,
        source: &str,
        key: &str,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<ItemLineage, ApiError> {
        self.lineage_job(now, clock)?.item(source, key)
    }

    /// The links made by hand from an item (none before the map has a file).
    pub fn hand_links(&self, source: &str, key: &str) -> Result<Vec<LinkRequest>, ApiError> {
        match self.file.as_ref() {
            Some(open) => open.hand_links(source, key),
            None => Ok(Vec::new()),
        }
    }

    /// Links two items by hand, written to the file at once (not an undo step).
    pub fn link_items(&mut self, r: &LinkRequest, add: bool) -> Result<LinkOutcome, ApiError> {
        let open = self.file.as_mut().ok_or_else(unsaved)?;
        open.hand_link(r, add)
    }
}
