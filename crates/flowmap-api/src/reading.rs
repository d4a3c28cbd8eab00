//! Long reads of the edit session, computed outside the session's lock: what they need (the
//! current state's map, the loaded items, the stage model, the file's path) is taken under the
//! lock ([`EditSession::reading`]), then they run on it, reading the file on a connection of
//! their own. Lineage, delivery metrics, capacity and what-if take seconds on a million items;
//! meanwhile the window's other calls (a filter change, the map's edits) go on.
//!
//! What such a read takes from the file (links, items) may be newer than the items loaded when
//! another process commits in between; the window asks again when it sees the file change
//! (`file_changes`).

use crate::editing::EditSession;
use crate::error::{ApiError, ErrorCode};
use crate::lineage::{now_ms, LineageInput};
use crate::wire::{
    DoraRequest, DoraView, ItemLineage, LineageSummaryView, LinkOutcome, LinkRequest,
    MetricsRequest, WhatIfRequest, WhatIfView,
};
use chrono::{DateTime, Utc};
use flowmap_core::ValueStreamMap;
use flowmap_metrics::capacity::Capacity;
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

/// What a long read of the session needs, taken from it (see the module's doc).
pub struct Reading {
    map: ValueStreamMap,
    /// The map's file; none for a map not saved yet.
    path: Option<PathBuf>,
    data: Arc<Dataset>,
    model: StageModel,
    /// For a what-if of a future state: its map and name.
    future: Option<(ValueStreamMap, String)>,
}

impl Reading {
    fn file(&self) -> Result<Option<MapFile>, ApiError> {
        Ok(match &self.path {
            Some(path) => Some(MapFile::open(path)?),
            None => None,
        })
    }

    /// Every root, the crossings per artifact flow and end-to-end time per flow item type, at
    /// `now` (the clock's time when absent).
    pub fn lineage_summary(
        &self,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<LineageSummaryView, ApiError> {
        let now = now_ms(now, clock)?;
        let Some(file) = self.file()? else {
            return Ok(LineageInput::empty_summary(now));
        };
        Ok(LineageInput::read(&self.map, &file, &self.data, &self.model, now)?.summary())
    }

    /// One root's lineage (see [`LineageInput::item`]).
    pub fn item_lineage(
        &self,
        source: &str,
        key: &str,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<ItemLineage, ApiError> {
        let now = now_ms(now, clock)?;
        let file = self.file()?.ok_or_else(unsaved)?;
        LineageInput::read(&self.map, &file, &self.data, &self.model, now)?.item(source, key)
    }

    /// Delivery metrics (DORA) of the file's items.
    pub fn dora(&self, request: &DoraRequest, clock: DateTime<Utc>) -> Result<DoraView, ApiError> {
        match self.file()? {
            Some(file) => crate::dora::run(&file, &self.data, &self.model, request, clock),
            None => Ok(DoraView::empty()),
        }
    }

    /// Capacity and unplanned work under `request`.
    pub fn capacity(
        &self,
        request: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<Capacity, ApiError> {
        crate::capacity::run(&self.map, &self.data, &self.model, request, clock)
    }

    /// The what-if of `request` (its future state taken by [`EditSession::reading_for`]).
    pub fn what_if(
        &self,
        request: &WhatIfRequest,
        clock: DateTime<Utc>,
    ) -> Result<WhatIfView, ApiError> {
        let future = self.future.as_ref().map(|(map, name)| (map, name.clone()));
        crate::what_if::run(&self.data, &self.model, &self.map, future, request, clock)
    }
}

impl EditSession {
    /// What a long read against the current state's map and the file's items needs.
    pub fn reading(&mut self) -> Result<Reading, ApiError> {
        let (data, _) = self.current_dataset()?;
        let (model, _) = self.current_stage_model(&data)?;
        Ok(Reading {
            map: self.current_document().map.clone(),
            path: self.path().map(PathBuf::from),
            data,
            model,
            future: None,
        })
    }

    /// The same with the future state a what-if `request` names.
    pub fn reading_for(&mut self, request: &WhatIfRequest) -> Result<Reading, ApiError> {
        let mut reading = self.reading()?;
        reading.future = match request.state {
            Some(id) => Some(self.future_state(id)?),
            None => None,
        };
        Ok(reading)
    }

    /// Lineage against the current state's map and the file's items.
    pub fn lineage_summary(
        &mut self,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<LineageSummaryView, ApiError> {
        self.reading()?.lineage_summary(now, clock)
    }

    /// One root's lineage against the current state's map.
    pub fn item_lineage(
        &mut self,
        source: &str,
        key: &str,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<ItemLineage, ApiError> {
        self.reading()?.item_lineage(source, key, now, clock)
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
