//! Flow metrics of an open map, and the review and editing of its state mapping.

use crate::columns::RowLoader;
use crate::error::{ApiError, ErrorCode};
use crate::open_map::OpenMap;
use crate::wire::{MappingRow, MappingStatus, MetricsRequest};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use flowmap_core::mapping::{resolve, Resolution};
use flowmap_core::{Node, NodeId, StateCategory, StateMapping, ValueStreamMap};
use flowmap_metrics::{
    compute, state_totals, states_of_flow_items, Dataset, Metrics, Query, StageModel, WindowKind,
    SNAPSHOT_FORMAT,
};
use flowmap_store::{Counts, MapFile, SourceRecord, StoreError};
use std::collections::{HashMap, HashSet};

/// Reads an instant given as text: RFC 3339 (`2026-11-21T09:30:00Z`, `…+01:00`), or a date
/// (`2026-11-21`, midnight UTC), or a date and time without a zone (taken as UTC). `name` says
/// what the instant is in the error (the CLI passes its option, e.g. "--now").
pub fn parse_instant(name: &str, text: &str) -> Result<DateTime<Utc>, ApiError> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(d) = DateTime::parse_from_str(t, fmt) {
            return Ok(d.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, fmt) {
            return Ok(Utc.from_utc_datetime(&d));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists")));
    }
    Err(ApiError::invalid_argument(format!(
        "{name}: cannot read {text:?} as a date or time (expected e.g. 2026-11-21, 2026-11-21T09:30:00Z or 2026-11-21T09:30:00+01:00; times without a zone are UTC)"
    )))
}

/// What the instants of a [`MetricsRequest`] are called in errors: words both front ends show
/// (the CLI names its options itself, see `flowmap-cli`'s metrics command).
const NOW: &str = "the time to measure at";
const FROM: &str = "the window's start";
const TO: &str = "the window's end";

impl MetricsRequest {
    /// The engine's query; `clock` is the current time, used when `now` is not given.
    pub fn query(&self, clock: DateTime<Utc>) -> Result<Query, ApiError> {
        let now = match &self.now {
            Some(t) => parse_instant(NOW, t)?,
            None => clock,
        };
        let from = self
            .from
            .as_deref()
            .map(|t| parse_instant(FROM, t))
            .transpose()?;
        let to = self
            .to
            .as_deref()
            .map(|t| parse_instant(TO, t))
            .transpose()?;
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                return Err(ApiError::invalid_argument(format!(
                    "the window's start ({}) must be before its end ({})",
                    f.to_rfc3339(),
                    t.to_rfc3339()
                )));
            }
        }
        Ok(Query {
            now: now.timestamp_millis(),
            from: from.map(|t| t.timestamp_millis()),
            to: to.map(|t| t.timestamp_millis()),
            window: self.window.unwrap_or(WindowKind::Completed),
            flow_item_type: self.flow_item_type,
            sources: self.sources.clone(),
            // A partner is resolved against a map (see `partner_stages`).
            through_stages: None,
            include_points: self.include_points,
        })
    }
}

/// The engine's model of `map` over `data`: its stages joined with the state mapping, and the
/// items of artifact types the map's tools mark as not flow items left out of the flow
/// figures (each source's items in its tool, `docs/metrics.md`, "Flow items").
pub(crate) fn flow_model(
    map: &ValueStreamMap,
    mappings: &[StateMapping],
    sources: &[SourceRecord],
    data: &Dataset,
) -> Result<StageModel, ApiError> {
    let model = StageModel::new(map, mappings, data)
        .map_err(|e| ApiError::new(ErrorCode::InvalidMapping, e.to_string()))?;
    Ok(model.without_non_flow_items(data, source_tool(sources)))
}

/// The tool of the source named so, for [`flowmap_metrics::FlowItems`].
pub(crate) fn source_tool(sources: &[SourceRecord]) -> impl Fn(&str) -> Option<NodeId> + '_ {
    |name| sources.iter().find(|s| s.name == name).and_then(|s| s.tool)
}

fn invalid_data(file: &OpenMap, message: String) -> ApiError {
    ApiError::from(StoreError::InvalidData {
        path: file.path().to_path_buf(),
        message,
    })
}

/// Makes the allocator give each large buffer (128 KiB or more) a mapping of its own, unmapped
/// when it is freed. By default glibc raises that bound to the largest buffer freed so far (up
/// to 32 MiB), so once the engine's columns are read, the buffers of every compute come from
/// the heap, whose freed middle is never given back: a million-item map's open and recomputes
/// then kept 40–60 MiB more resident than they use (`docs/benchmarks.md`, "Issue 12, sorted
/// values"). The engine keeps the buffers it reuses itself (`flowmap-metrics`' `spare`).
fn unmap_freed_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: `mallopt` only sets a parameter of glibc's allocator, under its own lock.
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        });
    }
}

/// The engine's columns from the snapshot stored in `file`, when it has one of this build's
/// format and of the file's current data; `None` when the rows must be read.
pub(crate) fn snapshot_dataset(file: &MapFile) -> Result<Option<Dataset>, ApiError> {
    unmap_freed_buffers();
    let Some(bytes) = file.snapshot(SNAPSHOT_FORMAT)? else {
        return Ok(None);
    };
    // Bytes whose checksum holds but that this build cannot read are rebuilt too.
    Ok(Dataset::decode(&bytes).ok())
}

impl OpenMap {
    /// Every item and transition in the engine's columnar form: from the snapshot stored beside
    /// the rows when it is of this build's format and of the file's current data (checked by
    /// the store: data generation and checksum), else from the rows, storing the snapshot for
    /// the next reader. A snapshot that cannot be stored (a read-only file, another writer
    /// holding the lock) is simply not stored: the rows are the source of truth.
    pub fn dataset(&self) -> Result<Dataset, ApiError> {
        if let Some(data) = snapshot_dataset(&self.file)? {
            return Ok(data);
        }
        let built_from = self.file.data_generation()?;
        let data = self.dataset_from_rows()?;
        let counts = Counts {
            items: data.item_count() as u64,
            transitions: data.transition_count() as u64,
        };
        let _ = self
            .file
            .store_snapshot(SNAPSHOT_FORMAT, built_from, counts, &data.encode());
        Ok(data)
    }

    /// Loads every item and transition from the rows into the engine's columnar form.
    pub fn dataset_from_rows(&self) -> Result<Dataset, ApiError> {
        let counts = self.file.count_rows()?;
        let names: HashMap<i64, String> = self.file.state_names()?.into_iter().collect();
        let name = |id: i64| names.get(&id).map(String::as_str);
        let mut loader = RowLoader::new(counts.items as usize, counts.transitions as usize, name);
        // Item rows are dense from 1; a vector indexed by row maps them to engine indices.
        let mut item_of_row: Vec<u32> = Vec::with_capacity(counts.items as usize + 1);
        let mut failure: Option<String> = None;
        let fail = |message: String, failure: &mut Option<String>| {
            *failure = Some(message.clone());
            StoreError::InvalidData {
                path: self.path().to_path_buf(),
                message,
            }
        };
        self.file.scan_items(|r| {
            let ix = loader
                .item(
                    (r.source, r.artifact_type),
                    r.key,
                    r.title,
                    r.flow_item_type,
                    r.created_ms,
                )
                .map_err(|m| fail(m, &mut failure))?;
            let row = usize::try_from(r.row).unwrap_or(usize::MAX);
            if row >= item_of_row.len() {
                if row > 4 * (counts.items as usize) + 1024 {
                    let m = format!("item {} has an unexpected row number {}", r.key, r.row);
                    return Err(fail(m, &mut failure));
                }
                item_of_row.resize(row + 1, u32::MAX);
            }
            item_of_row[row] = ix;
            Ok(())
        })?;
        self.file.scan_transitions(|t| {
            let ix = usize::try_from(t.item)
                .ok()
                .and_then(|row| item_of_row.get(row).copied())
                .filter(|ix| *ix != u32::MAX)
                .ok_or_else(|| {
                    format!(
                        "a transition at {} ms refers to item row {}, which does not exist",
                        t.at_ms, t.item
                    )
                });
            ix.and_then(|ix| loader.transition(ix, t.at_ms, t.from_state, t.to_state))
                .map_err(|message| StoreError::InvalidData {
                    path: self.path().to_path_buf(),
                    message,
                })
        })?;
        if let Some(f) = failure {
            return Err(invalid_data(self, f));
        }
        loader.finish().map_err(|e| invalid_data(self, e))
    }

    /// The engine's view of the map's stages and the file's state mapping for `data`.
    pub fn stage_model(&self, data: &Dataset) -> Result<StageModel, ApiError> {
        let mappings = self.file.state_mappings()?;
        flow_model(&self.doc.map, &mappings, &self.file.sources()?, data)
    }

    /// Every flow metric for the request; `clock` is the current time.
    pub fn metrics(
        &self,
        request: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<Metrics, ApiError> {
        let mut query = request.query(clock)?;
        query.through_stages =
            crate::flow_view::partner_stages(&self.doc.map, request.partner.as_deref())?;
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        compute(&data, &model, &query).map_err(|e| ApiError::invalid_argument(e.to_string()))
    }

    /// Every state seen in the data or stored in the mapping: where it belongs, whether that
    /// was set or guessed, and how many items and how much time it holds (up to `now`).
    pub fn mapping_review(&self, now: DateTime<Utc>) -> Result<Vec<MappingRow>, ApiError> {
        let data = self.dataset()?;
        let stored = self.file.state_mappings()?;
        Ok(review_rows(
            &self.doc.map,
            (&stored, &self.file.sources()?),
            &data,
            now.timestamp_millis(),
        ))
    }

    /// Sets the category of a source's state and, when `stage` is given, the stage it belongs
    /// to (by name). Without a stage, the stages' state lists decide.
    pub fn set_state_mapping(
        &mut self,
        source: &str,
        state: &str,
        stage: Option<&str>,
        category: StateCategory,
    ) -> Result<(), ApiError> {
        if source.trim().is_empty() || state.trim().is_empty() {
            return Err(ApiError::invalid_argument(
                "the source and the state must not be empty",
            ));
        }
        let stage_id = match stage {
            None => None,
            Some(name) => {
                let found: Vec<_> = self
                    .doc
                    .map
                    .stages()
                    .filter(|s| s.name.eq_ignore_ascii_case(name.trim()))
                    .map(|s| s.id)
                    .collect();
                match found.as_slice() {
                    [id] => Some(*id),
                    [] => {
                        let names: Vec<String> = self
                            .doc
                            .map
                            .stages()
                            .map(|s| format!("{:?}", s.name))
                            .collect();
                        return Err(ApiError::invalid_argument(format!(
                            "no stage is named {name:?} (stages: {})",
                            names.join(", ")
                        )));
                    }
                    _ => {
                        return Err(ApiError::invalid_argument(format!(
                            "{} stages are named {name:?}; rename one first",
                            found.len()
                        )))
                    }
                }
            }
        };
        // A user set it: confirmed, no longer a guess.
        self.file.put_confirmed_state_mappings(&[StateMapping {
            source: source.to_string(),
            state: state.to_string(),
            stage: stage_id,
            category,
        }])?;
        Ok(())
    }

    /// Removes the stored row of a source's state; its category is then guessed from its name.
    pub fn clear_state_mapping(&mut self, source: &str, state: &str) -> Result<(), ApiError> {
        if self.file.clear_state_mapping(source, state)? {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::NotFound,
                format!("no mapping is stored for state {state:?} of source {source:?}"),
            ))
        }
    }
}

/// Every state seen in `data` or stored in `stored`, resolved against `map`: where it belongs,
/// whether a row was stored for it, and how many items and how much time it holds (up to
/// `now_ms`), ordered by source and state.
pub(crate) fn review_rows(
    map: &ValueStreamMap,
    (stored, sources): (&[StateMapping], &[SourceRecord]),
    data: &Dataset,
    now_ms: i64,
) -> Vec<MappingRow> {
    // States only items that are not flow items were in (none when the mapping is in conflict:
    // the rows say so first).
    let traced_only: HashSet<(&str, &str)> = match flow_model(map, stored, sources, data) {
        Ok(model) => {
            let used = states_of_flow_items(data, &model);
            data.state_keys()
                .filter(|(k, _, _)| !used[*k as usize])
                .map(|(_, source, state)| (source, state))
                .collect()
        }
        Err(_) => HashSet::new(),
    };
    let rows: HashMap<(String, String), StateMapping> = stored
        .iter()
        .map(|m| ((m.source.clone(), m.state.clone()), m.clone()))
        .collect();
    let name = |id| {
        map.node(id)
            .map(|n: &Node| n.name().to_string())
            .unwrap_or_default()
    };
    let mut seen: HashMap<(String, String), (u64, f64)> = HashMap::new();
    for t in state_totals(data, now_ms) {
        seen.insert((t.source, t.state), (t.items, t.time_secs));
    }
    for m in stored {
        seen.entry((m.source.clone(), m.state.clone()))
            .or_insert((0, 0.0));
    }
    let mut out: Vec<MappingRow> = seen
        .into_iter()
        .map(|((source, state), (items, time_secs))| {
            let explicit = rows.contains_key(&(source.clone(), state.clone()));
            let r = resolve(map, &rows, &source, &state);
            let (status, stage, conflict) = match &r {
                Resolution::Mapped { stage: Some(s), .. } => {
                    (MappingStatus::Mapped, Some(*s), vec![])
                }
                Resolution::Mapped { stage: None, .. } => {
                    (MappingStatus::NoStageNeeded, None, vec![])
                }
                Resolution::Unmapped { .. }
                    if traced_only.contains(&(source.as_str(), state.as_str())) =>
                {
                    (MappingStatus::NotFlowItems, None, vec![])
                }
                Resolution::Unmapped { .. } => (MappingStatus::Unmapped, None, vec![]),
                Resolution::Conflict { stages, .. } => (
                    MappingStatus::Conflict,
                    None,
                    stages.iter().map(|s| name(*s)).collect(),
                ),
            };
            MappingRow {
                category: r.category(),
                stage: stage.map(name),
                stage_id: stage,
                conflict_stages: conflict,
                status,
                explicit,
                items,
                time_secs,
                source,
                state,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.source, &a.state).cmp(&(&b.source, &b.state)));
    out
}
