//! Lineage on an open file (`flowmap lineage`, the `lineage_summary` and `item_lineage`
//! commands): the file's items with their work start and end from the engine
//! (`flowmap_metrics::item_facts`, as the Items list), their tools ([`item_tool`]), the
//! file's links, and the map's artifact flows, given to `flowmap_metrics::lineage`. Links made
//! by hand (`link_items`, `unlink_items`) are written at once, like mapping rows.

use crate::error::{ApiError, ErrorCode};
use crate::metrics::parse_instant;
use crate::open_map::OpenMap;
use crate::wire::{
    CrossingRow, EndToEndRow, ItemLineage, LineageNode, LineageRoot, LineageSummaryView,
    LinkOutcome, LinkRequest, RootStatusView, SlowCrossing, TimelineStep, ToolTimeRow,
};
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use flowmap_core::{Edge, Item, LinkOrigin, LinkTarget, NodeId, StateCategory, ValueStreamMap};
use flowmap_metrics::lineage::{
    crossing, root_figures, summarize, LineageGraph, LineageItem, Outcome, RootFigures, RootStatus,
};
use flowmap_metrics::{item_facts_of, item_timeline, Dataset, StageModel};
use flowmap_store::MapFile;
use std::collections::HashMap;

fn time(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn secs(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

/// An item's descendants: its source and title, and each item under it as (source, outcome,
/// whether an open item is under it).
pub(crate) struct Under {
    pub source: String,
    pub title: String,
    pub items: Vec<(String, Outcome, bool)>,
}

/// An item's tool ([`ValueStreamMap::tool_of_item`]): its source's tool, or the one tool of
/// the map that lists its artifact type when the source's does not.
pub(crate) fn item_tool(
    map: &ValueStreamMap,
    source_tool: Option<NodeId>,
    artifact_type: &str,
) -> Option<NodeId> {
    map.tool_of_item(source_tool, artifact_type)
}

/// The engine's index of each of `items` (by source and key), when it has changes: one pass
/// over the engine's items (a search per item would be quadratic).
pub(crate) fn engine_indices(data: &Dataset, items: &[Item]) -> Vec<Option<u32>> {
    let mut ix = vec![None; items.len()];
    if items.is_empty() {
        return ix;
    }
    let at: HashMap<(&str, &str), usize> = items
        .iter()
        .enumerate()
        .map(|(k, it)| ((it.source.as_str(), it.key.as_str()), k))
        .collect();
    for i in 0..data.item_count() as u32 {
        if let Some(&k) = at.get(&(data.item_source(i), data.item_key(i))) {
            ix[k] = Some(i);
        }
    }
    ix
}

/// What lineage is computed from, read once: the items that links start from or name
/// ([`MapFile::linked_items`]), their facts, and the graph.
pub(crate) struct LineageInput<'a> {
    map: &'a ValueStreamMap,
    file: &'a MapFile,
    data: &'a Dataset,
    model: &'a StageModel,
    items: Vec<Item>,
    lineage: Vec<LineageItem>,
    /// Engine index of each item (by position in `items`), when it has changes.
    ix: Vec<Option<u32>>,
    graph: LineageGraph,
    links: usize,
    now: i64,
}

impl<'a> LineageInput<'a> {
    pub(crate) fn read(
        map: &'a ValueStreamMap,
        file: &'a MapFile,
        data: &'a Dataset,
        model: &'a StageModel,
        now: i64,
    ) -> Result<Self, ApiError> {
        let tools: HashMap<String, Option<NodeId>> = file
            .sources()?
            .into_iter()
            .map(|s| (s.name, s.tool))
            .collect();
        // Only the items a link starts from or names can be in a lineage: the others are
        // neither roots (no children) nor reached from one.
        let items = file.linked_items()?;
        let ix = engine_indices(data, &items);
        let facts: HashMap<u32, _> = item_facts_of(data, model, now, ix.iter().flatten().copied())
            .into_iter()
            .map(|f| (f.ix, f))
            .collect();
        let lineage = items
            .iter()
            .zip(&ix)
            .map(|(it, i)| {
                let f = i.and_then(|i| facts.get(&i));
                let outcome = match f.map(|f| (f.ended, f.category)) {
                    Some((Some(_), StateCategory::Canceled)) => Outcome::Canceled,
                    Some((Some(_), _)) => Outcome::Done,
                    _ => Outcome::Open,
                };
                LineageItem {
                    id: it.id,
                    source: it.source.clone(),
                    key: it.key.clone(),
                    tool: item_tool(
                        map,
                        tools.get(&it.source).copied().flatten(),
                        &it.artifact_type,
                    ),
                    artifact_type: it.artifact_type.clone(),
                    flow_item_type: it.flow_item_type,
                    started: f.and_then(|f| f.started),
                    ended: f.and_then(|f| f.ended),
                    outcome,
                }
            })
            .collect::<Vec<_>>();
        let links = file.links()?;
        let graph = LineageGraph::build(map, &lineage, &links);
        Ok(LineageInput {
            map,
            file,
            data,
            model,
            items,
            lineage,
            ix,
            graph,
            links: links.len(),
            now,
        })
    }

    /// Item `key` of `source` among the linked items.
    fn position(&self, source: &str, key: &str) -> Option<u32> {
        self.items
            .iter()
            .position(|i| i.source == source && i.key == key)
            .map(|at| at as u32)
    }

    /// Lineage of a map without a file: nothing.
    pub(crate) fn empty_summary(now: i64) -> LineageSummaryView {
        LineageSummaryView {
            roots: Vec::new(),
            crossings: Vec::new(),
            by_type: Vec::new(),
            links: 0,
            unresolved: 0,
            now: time(now),
        }
    }

    fn tool_name(&self, tool: Option<NodeId>) -> Option<String> {
        tool.and_then(|t| self.map.node(t))
            .map(|n| n.name().to_string())
    }

    fn root_row(&self, r: &RootFigures) -> LineageRoot {
        let it = &self.items[r.root as usize];
        LineageRoot {
            source: it.source.clone(),
            key: it.key.clone(),
            title: it.title.clone(),
            artifact_type: it.artifact_type.clone(),
            flow_item_type: it.flow_item_type,
            tool: self.tool_name(self.lineage[r.root as usize].tool),
            status: match r.status {
                RootStatus::NotStarted => RootStatusView::NotStarted,
                RootStatus::InProgress => RootStatusView::InProgress,
                RootStatus::Finished => RootStatusView::Finished,
                RootStatus::Canceled => RootStatusView::Canceled,
            },
            start: r.start.map(time),
            end: r.end.map(time),
            end_to_end_secs: r.end_to_end_ms.map(secs),
            in_tools: r
                .in_tools
                .iter()
                .map(|t| ToolTimeRow {
                    tool_id: t.tool.map(|id| id.to_string()),
                    tool: self.tool_name(t.tool),
                    secs: secs(t.ms),
                })
                .collect(),
            between_tools_secs: secs(r.between_tools_ms),
            items: r.items as u32,
        }
    }

    /// Every root, the crossings per artifact flow and end-to-end time per flow item type.
    /// The roots that finished by `now`, for end-to-end key results.
    pub(crate) fn finished_roots(&self) -> Vec<flowmap_metrics::okr::FinishedRoot> {
        self.graph
            .roots()
            .into_iter()
            .map(|r| root_figures(&self.graph, &self.lineage, r, self.now))
            .filter(|f| f.status == RootStatus::Finished)
            .filter_map(|f| {
                Some(flowmap_metrics::okr::FinishedRoot {
                    end: f.end?,
                    end_to_end_ms: f.end_to_end_ms?,
                    flow_item_type: self.lineage[f.root as usize].flow_item_type,
                })
            })
            .collect()
    }

    pub(crate) fn summary(&self) -> LineageSummaryView {
        let s = summarize(&self.graph, &self.lineage, self.now);
        let label = |id| match self.map.edge(id) {
            Some(Edge::ArtifactFlow(f)) => f.label(),
            _ => String::new(),
        };
        LineageSummaryView {
            roots: s.roots.iter().map(|r| self.root_row(r)).collect(),
            crossings: s
                .crossings
                .iter()
                .map(|c| CrossingRow {
                    flow: c.flow.to_string(),
                    from_tool: self.tool_name(Some(c.from)).unwrap_or_default(),
                    to_tool: self.tool_name(Some(c.to)).unwrap_or_default(),
                    label: label(c.flow),
                    count: c.count as u32,
                    p50_secs: c.p50_ms.map(secs),
                    p85_secs: c.p85_ms.map(secs),
                    slowest: c
                        .slowest
                        .iter()
                        .map(|&(p, ch, ms)| {
                            let (from, to) = (&self.items[p as usize], &self.items[ch as usize]);
                            SlowCrossing {
                                from_source: from.source.clone(),
                                from_key: from.key.clone(),
                                to_source: to.source.clone(),
                                to_key: to.key.clone(),
                                secs: secs(ms),
                            }
                        })
                        .collect(),
                })
                .collect(),
            by_type: s
                .by_type
                .iter()
                .map(|t| EndToEndRow {
                    flow_item_type: t.flow_item_type,
                    finished: t.finished as u32,
                    in_progress: t.in_progress as u32,
                    p50_secs: t.p50_ms.map(secs),
                    p85_secs: t.p85_ms.map(secs),
                })
                .collect(),
            links: self.links as u32,
            unresolved: self.graph.unresolved as u32,
            now: time(self.now),
        }
    }

    /// The lineage of item `key` of `source`: its own tree when it is a root, else the tree of
    /// the first root (in item order) that reaches it.
    /// The items under `key` (of `source`, or of the one source holding it) along the lineage
    /// — the item's own tree below it.
    pub(crate) fn descendants(&self, source: Option<&str>, key: &str) -> Result<Under, ApiError> {
        let mut found = self.file.items_with_key(key)?;
        found.retain(|i| source.is_none_or(|s| i.source == s));
        let one = match found.as_slice() {
            [_] => found.remove(0),
            [] => {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!(
                        "the map's file has no item {key:?}{}",
                        source
                            .map(|s| format!(" of source {s:?}"))
                            .unwrap_or_default()
                    ),
                ))
            }
            many => {
                let names: Vec<&str> = many.iter().map(|i| i.source.as_str()).collect();
                return Err(ApiError::invalid_argument(format!(
                    "{key:?} is an item of several sources ({}): name one",
                    names.join(", ")
                )));
            }
        };
        // An item in no link has nothing under it.
        let Some(at) = self.position(&one.source, key) else {
            return Ok(Under {
                source: one.source,
                title: one.title,
                items: Vec::new(),
            });
        };
        let item = &self.items[at as usize];
        // The subtree below `at`: its tree walked from `at` as a root of its own.
        let tree = self.graph.tree(at);
        let open = |i: u32| self.lineage[i as usize].outcome == Outcome::Open;
        let open_below: std::collections::HashSet<u32> = tree
            .iter()
            .filter(|n| open(n.item))
            .filter_map(|n| n.parent)
            .collect();
        let under = tree
            .iter()
            .filter(|n| n.item != at)
            .map(|n| {
                let l = &self.lineage[n.item as usize];
                (l.source.clone(), l.outcome, open_below.contains(&n.item))
            })
            .collect();
        Ok(Under {
            source: item.source.clone(),
            title: item.title.clone(),
            items: under,
        })
    }

    pub(crate) fn item(&self, source: &str, key: &str) -> Result<ItemLineage, ApiError> {
        let linked_to_none = || {
            ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "item {key:?} of {source:?} is linked to no other item along the map's artifact flows"
                ),
            )
        };
        let at = match self.position(source, key) {
            Some(at) => at,
            None if self.file.has_item(source, key)? => return Err(linked_to_none()),
            None => {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("the map's file has no item {key:?} of source {source:?}"),
                ))
            }
        };
        let roots = self.graph.roots();
        let root = roots
            .iter()
            .copied()
            .find(|r| *r == at || self.graph.tree(*r).iter().any(|n| n.item == at))
            .ok_or_else(linked_to_none)?;
        let figures = root_figures(&self.graph, &self.lineage, root, self.now);
        let items = self
            .graph
            .tree(root)
            .into_iter()
            .map(|n| {
                let l = &self.lineage[n.item as usize];
                let it = &self.items[n.item as usize];
                LineageNode {
                    source: it.source.clone(),
                    key: it.key.clone(),
                    title: it.title.clone(),
                    artifact_type: it.artifact_type.clone(),
                    tool: self.tool_name(l.tool),
                    parent: n.parent.map(|p| self.items[p as usize].key.clone()),
                    depth: n.depth,
                    crossing_secs: n
                        .flow
                        .and(n.parent)
                        .and_then(|p| crossing(&self.lineage[p as usize], l))
                        .map(secs),
                    started: l.started.map(time),
                    ended: l.ended.map(time),
                    steps: self.steps(n.item),
                }
            })
            .collect();
        Ok(ItemLineage {
            root: self.root_row(&figures),
            items,
        })
    }

    fn steps(&self, item: u32) -> Vec<TimelineStep> {
        let Some(ix) = self.ix[item as usize] else {
            return Vec::new();
        };
        item_timeline(self.data, self.model, ix, self.now)
            .into_iter()
            .map(|s| {
                let end = s.end.unwrap_or(self.now.max(s.start));
                TimelineStep {
                    state: self.data.state_name(s.state).to_string(),
                    at: time(s.start),
                    at_ms: s.start,
                    duration_secs: (end - s.start) as f64 / 1000.0,
                    current: s.end.is_none(),
                    stage: s.stage.map(|k| self.model.stages()[k].name.clone()),
                    category: s.category,
                }
            })
            .collect()
    }
}

pub(crate) fn now_ms(now: Option<&str>, clock: DateTime<Utc>) -> Result<i64, ApiError> {
    Ok(match now {
        Some(t) => parse_instant("now", t)?,
        None => clock,
    }
    .timestamp_millis())
}

/// Makes or removes a hand link in `file`; the item linked from must be in the file.
fn hand_link(file: &mut MapFile, r: &LinkRequest, add: bool) -> Result<LinkOutcome, ApiError> {
    if r.target_key.trim().is_empty() {
        return Err(ApiError::invalid_argument(
            "a link needs the target item's key",
        ));
    }
    if add && !file.has_item(&r.source, &r.key)? {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!(
                "the map's file has no item {:?} of source {:?}",
                r.key, r.source
            ),
        ));
    }
    let target = LinkTarget {
        source: r.target_source.clone().filter(|s| !s.trim().is_empty()),
        key: r.target_key.trim().to_string(),
    };
    let changed = if add {
        file.link_items((&r.source, &r.key), &target, r.kind)?
    } else {
        file.unlink_items((&r.source, &r.key), &target, r.kind)?
    };
    Ok(LinkOutcome { changed })
}

impl OpenMap {
    /// Lineage over the file at `now` (the current time when absent).
    pub fn lineage_summary(
        &self,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<LineageSummaryView, ApiError> {
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        let now = now_ms(now, clock)?;
        Ok(LineageInput::read(&self.doc.map, &self.file, &data, &model, now)?.summary())
    }

    /// One root's lineage (see [`LineageInput::item`]).
    pub fn item_lineage(
        &self,
        source: &str,
        key: &str,
        now: Option<&str>,
        clock: DateTime<Utc>,
    ) -> Result<ItemLineage, ApiError> {
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        let now = now_ms(now, clock)?;
        LineageInput::read(&self.doc.map, &self.file, &data, &model, now)?.item(source, key)
    }

    /// The sources holding an item with key `key`.
    pub fn sources_of_key(&self, key: &str) -> Result<Vec<String>, ApiError> {
        Ok(self
            .file
            .items_with_key(key)?
            .into_iter()
            .map(|i| i.source)
            .collect())
    }

    /// The links made by hand from item `key` of `source`, in the file's order.
    pub fn hand_links(&self, source: &str, key: &str) -> Result<Vec<LinkRequest>, ApiError> {
        Ok(self
            .file
            .links_from(source, key)?
            .into_iter()
            .filter(|l| l.origin == LinkOrigin::Hand)
            .map(|l| LinkRequest {
                source: source.to_string(),
                key: key.to_string(),
                target_source: l.target.source,
                target_key: l.target.key,
                kind: l.kind,
            })
            .collect())
    }

    /// Links two items by hand (or removes such a link, `add` false).
    pub fn hand_link(&mut self, r: &LinkRequest, add: bool) -> Result<LinkOutcome, ApiError> {
        hand_link(&mut self.file, r, add)
    }
}
