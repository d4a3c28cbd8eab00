//! The flow view of the map being edited: the figures the heat overlay, the stage panel, the
//! timeline ladder and the dashboard show, computed against the *working* map (a stage just
//! added or renamed shows at once) and the file's items, under filters saved with the map.
//!
//! Loading a large file's items takes far longer than computing (about 300 ms against 60 ms
//! for 100,000 items), so the session keeps the loaded [`Dataset`] and loads it again only
//! when the file changes: another file, or another connection (a sync, an import in another
//! process) committing to it ([`flowmap_store::MapFile::data_version`]).

use crate::editing::EditSession;
use crate::error::ApiError;
use crate::wire::{FlowView, ItemLink, MetricsRequest, OverlayChoice, MAX_FLOW_TIME_POINTS};
use chrono::{DateTime, Utc};
use flowmap_core::{NodeId, ValueStreamMap};
use flowmap_metrics::{compute, Dataset, FlowTimePoint, Metrics, StageModel};
use flowmap_store::SourceRecord;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Where the flow view's filters are kept in the file (`meta`, as JSON).
const FILTERS_KEY: &str = "view_filters";
/// Where the overlay the map opens with is kept (`meta`, as JSON).
const OVERLAY_KEY: &str = "view_overlay";

/// What the session keeps for its flow view.
#[derive(Default)]
pub(crate) struct FlowCache {
    /// The file's items as loaded, with the file and its data version at the time.
    pub(crate) data: Option<(PathBuf, i64, Arc<Dataset>)>,
    /// The items being read since the window opened the map (`preload.rs`).
    pub(crate) preload: Option<crate::preload::Preload>,
    /// Filters set while the map had no file: written to the file once it has one.
    pending_filters: Option<MetricsRequest>,
    /// The overlay chosen while the map had no file: written to the file once it has one.
    pending_overlay: Option<OverlayChoice>,
}

/// The stages `partner` (a partner's id or name on `map`) owns; `None` without a partner.
pub(crate) fn partner_stages(
    map: &ValueStreamMap,
    partner: Option<&str>,
) -> Result<Option<Vec<NodeId>>, ApiError> {
    let Some(wanted) = partner.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let by_id = wanted.parse::<NodeId>().ok();
    let partners: Vec<_> = map
        .nodes()
        .filter_map(|n| match n {
            flowmap_core::Node::Partner(p) => Some(p),
            _ => None,
        })
        .collect();
    let found = partners
        .iter()
        .find(|p| Some(p.id) == by_id)
        .or_else(|| {
            partners
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(wanted))
        })
        .ok_or_else(|| {
            let names: Vec<String> = partners.iter().map(|p| format!("{:?}", p.name)).collect();
            ApiError::invalid_argument(format!(
                "--partner: no partner is named {wanted:?} (partners: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
        })?;
    Ok(Some(
        map.stages()
            .filter(|s| s.partner == Some(found.id))
            .map(|s| s.id)
            .collect(),
    ))
}

/// The page of item `key` in its source, when the source's kind has item pages Flowmap knows.
pub fn item_link(source: &SourceRecord, key: &str) -> Option<String> {
    use flowmap_core::SourceKind;
    let url = source.url.as_deref()?.trim_end_matches('/');
    let number = |prefix: char| {
        key.strip_prefix(prefix)
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let path = |query: &str| {
        query
            .split('?')
            .next()
            .unwrap_or_default()
            .trim_matches('/')
            .to_string()
    };
    let safe_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    match source.kind {
        SourceKind::Jira if safe_key => Some(format!("{url}/browse/{key}")),
        SourceKind::Github => {
            let repo = path(source.query.as_deref()?);
            let web = if url == "https://api.github.com" {
                "https://github.com".to_string()
            } else {
                // GitHub Enterprise: https://host/api/v3 → https://host
                url.trim_end_matches("/api/v3").to_string()
            };
            Some(format!("{web}/{repo}/issues/{}", number('#')?))
        }
        SourceKind::Gitlab => {
            let project = path(source.query.as_deref()?);
            if project.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            match number('#') {
                Some(n) => Some(format!("{url}/{project}/-/issues/{n}")),
                None => Some(format!("{url}/{project}/-/merge_requests/{}", number('!')?)),
            }
        }
        SourceKind::AzureDevops if key.bytes().all(|b| b.is_ascii_digit()) && !key.is_empty() => {
            Some(format!("{url}/_workitems/edit/{key}"))
        }
        SourceKind::Jenkins => Some(format!("{url}/{}/", number('#')?)),
        SourceKind::Jira
        | SourceKind::AzureDevops
        | SourceKind::Csv
        | SourceKind::ActionableAgile
        | SourceKind::Xes
        | SourceKind::Ocel => None,
    }
}

/// Refuses anything but an http or https URL (an item's page is opened in the browser).
pub fn check_link(url: &str) -> Result<(), ApiError> {
    let ok = ["https://", "http://"].iter().any(|scheme| {
        url.len() > scheme.len()
            && url
                .get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    }) && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_argument(format!(
            "{url:?} is not a web address (http or https) that can be opened"
        )))
    }
}

/// At most `max` points, evenly spread over completion time; the slowest item is always kept.
fn thin_points(mut points: Vec<FlowTimePoint>, max: usize) -> Vec<FlowTimePoint> {
    points.sort_by(|a, b| a.completed_at.cmp(&b.completed_at).then(a.key.cmp(&b.key)));
    let n = points.len();
    if n <= max || max == 0 {
        return points;
    }
    let slowest = points
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.flow_time_secs.total_cmp(&b.1.flow_time_secs))
        .map(|(i, _)| i);
    let mut keep: Vec<usize> = (0..max - 1).map(|k| k * n / (max - 1)).collect();
    if let Some(s) = slowest {
        if !keep.contains(&s) {
            keep.push(s);
            keep.sort_unstable();
        }
    }
    keep.into_iter().map(|i| points[i].clone()).collect()
}

impl EditSession {
    /// The file's items in the engine's columns, loaded once per file and data version.
    /// Returns the time spent loading (zero when they were kept). Measured data belongs to the
    /// current state: a future state shown has none (its figures are its estimates).
    pub(crate) fn flow_dataset(&mut self) -> Result<(Arc<Dataset>, f64), ApiError> {
        if self.shows_future() {
            return Ok((Arc::new(Dataset::default()), 0.0));
        }
        self.current_dataset()
    }

    /// The file's items, whichever state is shown (see [`Self::flow_dataset`]).
    pub(crate) fn current_dataset(&mut self) -> Result<(Arc<Dataset>, f64), ApiError> {
        let Some(open) = self.saved() else {
            return Ok((Arc::new(Dataset::default()), 0.0));
        };
        let path = open.path().to_path_buf();
        let version = open.file.data_version()?;
        if let Some((p, v, data)) = &self.flow.data {
            if *p == path && *v == version {
                return Ok((Arc::clone(data), 0.0));
            }
        }
        let started = Instant::now();
        let preloaded = self
            .flow
            .preload
            .take()
            .and_then(|p| p.take(&path, version));
        let data = Arc::new(match preloaded {
            Some(data) => data,
            None => self
                .saved()
                .map(crate::open_map::OpenMap::dataset)
                .transpose()?
                .unwrap_or_default(),
        });
        let load_ms = started.elapsed().as_secs_f64() * 1000.0;
        self.flow.data = Some((path, version, Arc::clone(&data)));
        Ok((data, load_ms))
    }

    /// The file's items in the engine's columns without keeping them: the flow view's when they
    /// are of the file's current data, else loaded (from the snapshot when it is current).
    pub(crate) fn loaded_dataset(&self) -> Result<Arc<Dataset>, ApiError> {
        let Some(open) = self.saved() else {
            return Ok(Arc::new(Dataset::default()));
        };
        let version = open.file.data_version()?;
        if let Some((p, v, data)) = &self.flow.data {
            if p.as_path() == open.path() && *v == version {
                return Ok(Arc::clone(data));
            }
        }
        Ok(Arc::new(open.dataset()?))
    }

    /// The working map's stages joined with the file's state mapping over `data`, and the
    /// file's sources (none for a map without a file).
    pub(crate) fn stage_model(
        &mut self,
        data: &Dataset,
    ) -> Result<(StageModel, Vec<SourceRecord>), ApiError> {
        self.stage_model_of(false, data)
    }

    /// The same for the current state's map, whichever state is shown: the file's items and
    /// their mapping belong to it (the Items list, the State mapping table).
    pub(crate) fn current_stage_model(
        &mut self,
        data: &Dataset,
    ) -> Result<(StageModel, Vec<SourceRecord>), ApiError> {
        self.stage_model_of(true, data)
    }

    fn stage_model_of(
        &mut self,
        current: bool,
        data: &Dataset,
    ) -> Result<(StageModel, Vec<SourceRecord>), ApiError> {
        let (mappings, sources) = match self.saved() {
            Some(open) => (open.file.state_mappings()?, open.file.sources()?),
            None => (Vec::new(), Vec::new()),
        };
        let map = if current {
            &self.current_document().map
        } else {
            &self.document().map
        };
        let model = crate::metrics::flow_model(map, &mappings, &sources, data)?;
        Ok((model, sources))
    }

    /// Every flow metric for `request`, against the working map and the file's items (none for
    /// a map without a file: empty figures, not an error). `clock` is the current time, used
    /// when the request has no `now`.
    pub fn flow_metrics(
        &mut self,
        request: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<Metrics, ApiError> {
        self.flow_view(request, clock).map(|v| v.metrics)
    }

    /// What the flow view shows for `request` (see [`FlowView`]).
    pub fn flow_view(
        &mut self,
        request: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<FlowView, ApiError> {
        let mut query = request.query(clock)?;
        query.through_stages = partner_stages(&self.document().map, request.partner.as_deref())?;
        let (data, load_ms) = self.flow_dataset()?;
        let started = Instant::now();
        let (model, sources) = self.stage_model(&data)?;
        let mut metrics = compute(&data, &model, &query)
            .map_err(|e| ApiError::invalid_argument(e.to_string()))?;
        let points_total = metrics.flow_time.count;
        if request.include_points {
            let points = std::mem::take(&mut metrics.flow_time_points);
            metrics.flow_time_points = thin_points(points, MAX_FLOW_TIME_POINTS);
        }
        let overlays = crate::overlay::overlays(&metrics);
        let bottleneck = crate::overlay::bottleneck(&metrics);
        let compute_ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut links = Vec::new();
        let mut seen = HashSet::new();
        for stage in &metrics.stages {
            let listed = stage
                .aging
                .iter()
                .map(|a| (&a.source, &a.key))
                .chain(stage.slowest.iter().map(|s| (&s.source, &s.key)));
            for (source, key) in listed {
                if !seen.insert((source.clone(), key.clone())) {
                    continue;
                }
                let Some(record) = sources.iter().find(|s| &s.name == source) else {
                    continue;
                };
                if let Some(url) = item_link(record, key) {
                    links.push(ItemLink {
                        source: source.clone(),
                        key: key.clone(),
                        url,
                    });
                }
            }
        }
        Ok(FlowView {
            metrics,
            filters: request.clone(),
            points_total,
            sources: data.sources().to_vec(),
            links,
            load_ms,
            compute_ms,
            overlays,
            bottleneck,
        })
    }

    /// [`Self::flow_view`] under the filters saved with the map ([`Self::flow_filters`]).
    pub fn saved_flow_view(
        &mut self,
        include_points: bool,
        clock: DateTime<Utc>,
    ) -> Result<FlowView, ApiError> {
        let filters = MetricsRequest {
            include_points,
            ..self.flow_filters()?
        };
        self.flow_view(&filters, clock)
    }

    /// The flow view's filters saved with the map; the defaults (all time, items completed in
    /// it, as of now) when there are none. A partner no longer on the map is dropped, and
    /// filters that cannot be read are replaced by the defaults.
    pub fn flow_filters(&mut self) -> Result<MetricsRequest, ApiError> {
        if let (Some(pending), Some(open)) = (&self.flow.pending_filters, self.saved()) {
            open.file
                .set_view_setting(FILTERS_KEY, &filters_json(pending))?;
            self.flow.pending_filters = None;
        }
        let stored = match self.saved() {
            Some(open) => open
                .file
                .view_setting(FILTERS_KEY)?
                .and_then(|text| serde_json::from_str::<MetricsRequest>(&text).ok()),
            None => self.flow.pending_filters.clone(),
        };
        let mut filters = stored.unwrap_or_default();
        if partner_stages(&self.document().map, filters.partner.as_deref()).is_err() {
            filters.partner = None;
        }
        filters.include_points = false;
        Ok(filters)
    }

    /// Saves the flow view's filters with the map (at once: they are how the map is read, not
    /// part of it, so they neither mark the map unsaved nor take an undo step). A map without a
    /// file keeps them until it is saved to one. Refused, and nothing saved, when a date cannot
    /// be read or the partner is not on the map. `clock` is the current time, which a filter
    /// without `now` is read against.
    pub fn save_flow_filters(
        &mut self,
        filters: &MetricsRequest,
        clock: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        filters.query(clock)?;
        partner_stages(&self.document().map, filters.partner.as_deref())?;
        let mut filters = filters.clone();
        filters.include_points = false;
        match self.saved() {
            Some(open) => {
                open.file
                    .set_view_setting(FILTERS_KEY, &filters_json(&filters))?;
                self.flow.pending_filters = None;
            }
            None => self.flow.pending_filters = Some(filters),
        }
        Ok(())
    }
}

impl EditSession {
    /// The overlay saved with the map (mode and percentile), which the map opens with; no
    /// overlay when none was saved or what was saved cannot be read.
    pub fn flow_overlay(&mut self) -> Result<OverlayChoice, ApiError> {
        if let (Some(pending), Some(open)) = (self.flow.pending_overlay, self.saved()) {
            open.file
                .set_view_setting(OVERLAY_KEY, &overlay_json(&pending))?;
            self.flow.pending_overlay = None;
        }
        let stored = match self.saved() {
            Some(open) => open
                .file
                .view_setting(OVERLAY_KEY)?
                .and_then(|text| serde_json::from_str::<OverlayChoice>(&text).ok()),
            None => self.flow.pending_overlay,
        };
        Ok(stored.unwrap_or_default())
    }

    /// Saves the overlay with the map, like the filters: at once, not marking the map unsaved,
    /// no undo step; a map without a file keeps it until it is saved to one.
    pub fn save_flow_overlay(&mut self, overlay: OverlayChoice) -> Result<(), ApiError> {
        match self.saved() {
            Some(open) => {
                open.file
                    .set_view_setting(OVERLAY_KEY, &overlay_json(&overlay))?;
                self.flow.pending_overlay = None;
            }
            None => self.flow.pending_overlay = Some(overlay),
        }
        Ok(())
    }
}

fn overlay_json(overlay: &OverlayChoice) -> String {
    serde_json::to_string(overlay).expect("an overlay serializes")
}

fn filters_json(filters: &MetricsRequest) -> String {
    serde_json::to_string(filters).expect("filters serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(kind: &str, url: &str, query: Option<&str>) -> SourceRecord {
        SourceRecord {
            name: "s".into(),
            kind: kind.parse().expect("a source kind"),
            tool: None,
            url: Some(url.into()),
            query: query.map(str::to_string),
            cursor: None,
        }
    }

    #[test]
    fn items_link_to_their_page_in_the_source() {
        let jira = source("jira", "https://acme.atlassian.net/", None);
        assert_eq!(
            item_link(&jira, "FLOW-12").as_deref(),
            Some("https://acme.atlassian.net/browse/FLOW-12")
        );
        assert_eq!(item_link(&jira, "a b"), None);
        let github = source(
            "github",
            "https://api.github.com",
            Some("acme/app?labels=x"),
        );
        assert_eq!(
            item_link(&github, "#42").as_deref(),
            Some("https://github.com/acme/app/issues/42")
        );
        assert_eq!(item_link(&github, "run 7"), None);
        let ghe = source("github", "https://git.acme.com/api/v3", Some("acme/app"));
        assert_eq!(
            item_link(&ghe, "#1").as_deref(),
            Some("https://git.acme.com/acme/app/issues/1")
        );
        let gitlab = source("gitlab", "https://gitlab.com", Some("group/app"));
        assert_eq!(
            item_link(&gitlab, "!5").as_deref(),
            Some("https://gitlab.com/group/app/-/merge_requests/5")
        );
        assert_eq!(
            item_link(&gitlab, "#6").as_deref(),
            Some("https://gitlab.com/group/app/-/issues/6")
        );
        let ado = source("azure-devops", "https://dev.azure.com/acme/app", None);
        assert_eq!(
            item_link(&ado, "314").as_deref(),
            Some("https://dev.azure.com/acme/app/_workitems/edit/314")
        );
        assert_eq!(item_link(&source("csv", "file.csv", None), "X-1"), None);
    }

    #[test]
    fn only_web_addresses_are_opened() {
        assert!(check_link("https://acme.atlassian.net/browse/A-1").is_ok());
        assert!(check_link("HTTP://host/x").is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "https://a b",
            "-x",
            "ééééééééé",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn thinned_points_spread_over_time_and_keep_the_slowest() {
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let points: Vec<FlowTimePoint> = (0..1000)
            .map(|i| FlowTimePoint {
                key: format!("K-{i}"),
                flow_item_type: flowmap_core::FlowItemType::Feature,
                completed_at: t0 + chrono::Duration::hours(i),
                flow_time_secs: if i == 501 { 1e9 } else { i as f64 },
            })
            .rev()
            .collect();
        let thin = thin_points(points.clone(), 100);
        assert_eq!(thin.len(), 100);
        assert_eq!(thin[0].key, "K-0");
        assert!(thin
            .windows(2)
            .all(|w| w[0].completed_at < w[1].completed_at));
        assert!(thin.iter().any(|p| p.key == "K-501"));
        assert_eq!(thin_points(points, 5000).len(), 1000);
    }
}
