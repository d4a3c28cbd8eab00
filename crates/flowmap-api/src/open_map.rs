//! A `.flowmap` file opened for use ([`OpenMap`]: what the app draws, what `flowmap info` tells)
//! and the whole-file use cases: the demo map, JSON export and import.

use crate::error::ApiError;
use crate::wire::{
    ArtifactFlowInfo, EdgeView, HandoffInfo, MapInfo, MapView, NodeView, PartnerInfo, SourceInfo,
    StageInfo, ToolInfo,
};
use flowmap_core::layout::node_bounds;
use flowmap_core::{Edge, MapDocument, Node, NodeId, SourceKind, Stage, ValueStreamMap};
use flowmap_demo::{
    demo_map, demo_state_mappings, generate, lineage_state_mappings, DemoOptions, LineageBuilder,
    LINEAGE_SOURCES, SOURCE_NAME,
};
use flowmap_store::{json, Counts, MapFile, SourceRecord, StoreError};
use std::collections::HashSet;
use std::path::Path;

/// A `.flowmap` file opened for use, with its map read.
pub struct OpenMap {
    pub(crate) file: MapFile,
    pub(crate) doc: MapDocument,
    /// The map's version in the file when `doc` was read or last saved: Save refuses when the
    /// file's map has moved on (another program changed it).
    pub(crate) map_version: i64,
}

impl OpenMap {
    /// Opens a file and reads its map (see [`MapFile::open`] for what is checked).
    pub fn open(path: &Path) -> Result<Self, ApiError> {
        Self::from_file(MapFile::open(path)?)
    }

    /// Reads the map of a file already open.
    pub(crate) fn from_file(file: MapFile) -> Result<Self, ApiError> {
        let (doc, map_version) = file.load_versioned()?;
        Ok(OpenMap {
            file,
            doc,
            map_version,
        })
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    pub fn document(&self) -> &MapDocument {
        &self.doc
    }

    /// The map as the app draws it: every node with its bounds, every edge with its label.
    pub fn view(&self) -> Result<MapView, ApiError> {
        let counts = self.file.counts()?;
        Ok(map_view(
            &self.doc,
            &self.path().display().to_string(),
            counts,
        ))
    }

    /// A summary of the file: its stages in flow order, tools, partners, flows and data.
    pub fn info(&self) -> Result<MapInfo, ApiError> {
        let map = &self.doc.map;
        let name_of =
            |id: Option<NodeId>| id.and_then(|id| map.node(id)).map(|n| n.name().to_string());
        let order = map.flow_order();
        let rework: HashSet<_> = order.rework.iter().copied().collect();
        let stages = order
            .stages
            .iter()
            .filter_map(|id| map.stage(*id))
            .map(|s| StageInfo {
                id: s.id,
                name: s.name.clone(),
                team: s.team.clone(),
                tool: name_of(s.tool),
                partner: name_of(s.partner),
                states: s.states.clone(),
                estimates: s.estimates.clone(),
            })
            .collect();
        let mut tools = Vec::new();
        let mut partners = Vec::new();
        let mut customers = Vec::new();
        for node in map.nodes() {
            match node {
                Node::Tool(t) => tools.push(ToolInfo {
                    id: t.id,
                    name: t.name.clone(),
                    tool_kind: t.tool_kind,
                    partner: name_of(t.partner),
                    artifact_types: t.artifact_types.clone(),
                }),
                Node::Partner(p) => partners.push(PartnerInfo {
                    id: p.id,
                    name: p.name.clone(),
                    owns: map.owned_by(p.id).map(|n| n.name().to_string()).collect(),
                }),
                Node::Customer(c) => customers.push(c.name.clone()),
                Node::Stage(_) | Node::Note(_) | Node::Burst(_) => {}
            }
        }
        let mut handoffs = Vec::new();
        let mut artifact_flows = Vec::new();
        for edge in map.edges() {
            let (from, to) = edge.endpoints();
            let (from, to) = (
                name_of(Some(from)).unwrap_or_default(),
                name_of(Some(to)).unwrap_or_default(),
            );
            match edge {
                Edge::Handoff(h) => handoffs.push(HandoffInfo {
                    from,
                    to,
                    rework: rework.contains(&h.id),
                }),
                Edge::ArtifactFlow(f) => artifact_flows.push(ArtifactFlowInfo {
                    from,
                    to,
                    links: f.links.clone(),
                }),
            }
        }
        let sources = self
            .file
            .sources()?
            .into_iter()
            .map(|s| SourceInfo {
                tool: name_of(s.tool),
                name: s.name,
                kind: s.kind,
                url: s.url,
                query: s.query,
            })
            .collect();
        let counts = self.file.counts()?;
        Ok(MapInfo {
            path: self.path().display().to_string(),
            name: map.name().to_string(),
            schema_version: self.file.schema_version()?,
            stages,
            tools,
            partners,
            customers,
            handoffs,
            artifact_flows,
            critical_path: critical_path(map)
                .into_iter()
                .filter_map(|id| name_of(Some(id)))
                .collect(),
            sources,
            items: counts.items,
            transitions: counts.transitions,
        })
    }
}

/// The map of `doc` as the app draws it: every node with its bounds, every edge with its label.
/// `path` names the file shown and `counts` what it holds.
pub(crate) fn map_view(doc: &MapDocument, path: &str, counts: Counts) -> MapView {
    let map = &doc.map;
    let order = map.flow_order();
    let rework: HashSet<_> = order.rework.iter().copied().collect();
    let nodes = map
        .nodes()
        .filter_map(|n| {
            node_bounds(map, &doc.layout, n.id()).map(|(p, s)| NodeView {
                node: n.clone(),
                x: p.x,
                y: p.y,
                width: s.width,
                height: s.height,
            })
        })
        .collect();
    let edges = map
        .edges()
        .map(|e| EdgeView {
            label: match e {
                Edge::Handoff(h) => h.label.clone(),
                Edge::ArtifactFlow(f) => Some(f.label()).filter(|l| !l.is_empty()),
            },
            rework: rework.contains(&e.id()),
            edge: e.clone(),
        })
        .collect();
    MapView {
        path: path.to_string(),
        name: map.name().to_string(),
        nodes,
        edges,
        flow_order: order.stages,
        critical_path: critical_path(map),
        items: counts.items,
        transitions: counts.transitions,
    }
}

/// The critical path weighted by the workshop's lead time estimates; when no stage has one,
/// every stage weighs the same and the path with the most stages wins. (The metrics engine
/// weighs by measured lead times instead.)
fn critical_path(map: &ValueStreamMap) -> Vec<NodeId> {
    let estimated = map.stages().any(|s| s.estimates.lead_time_secs.is_some());
    map.critical_path(|s: &Stage| {
        if estimated {
            s.estimates.lead_time_secs.unwrap_or(0) as f64
        } else {
            1.0
        }
    })
}

/// Writes the demo map with `items` simulated items (seeded by `seed`) to `path`, replacing any
/// file there only once the new one is complete.
pub fn create_demo(path: &Path, items: u64, seed: u64) -> Result<OpenMap, ApiError> {
    create_demo_with(path, items, seed, false)
}

/// [`create_demo`], and with `lineage` the other tools' items derived from the stories and
/// linked to them (`flowmap_demo::LineageBuilder`): requests, features, epics, pull requests,
/// builds, each in its tool's source.
pub fn create_demo_with(
    path: &Path,
    items: u64,
    seed: u64,
    lineage: bool,
) -> Result<OpenMap, ApiError> {
    let demo = demo_map(seed);
    let options = DemoOptions::new(items, seed);
    let jira = demo.tools[3];
    let file = MapFile::create(path, &demo.document, |writer| {
        writer.put_source(&SourceRecord {
            name: SOURCE_NAME.to_string(),
            kind: SourceKind::Jira,
            tool: Some(jira),
            url: Some(flowmap_core::DEMO_SOURCE_URL.to_string()),
            query: Some("project = FLOW".to_string()),
            cursor: None,
        })?;
        for mapping in demo_state_mappings() {
            writer.put_state_mapping(&mapping)?;
        }
        let mut builder = lineage.then(LineageBuilder::default);
        generate(&options, |item, transitions| {
            if let Some(b) = builder.as_mut() {
                b.item(&item, &transitions);
            }
            writer.add(&item, &transitions)
        })?;
        match builder {
            Some(b) => write_lineage(writer, &demo.tools, b),
            None => Ok(()),
        }
    })?;
    OpenMap::from_file(file)
}

/// Writes the demo's derived items, their sources, mapping rows and links.
fn write_lineage(
    writer: &mut flowmap_store::DataWriter<'_>,
    tools: &[NodeId],
    builder: LineageBuilder,
) -> Result<(), StoreError> {
    for (name, tool) in LINEAGE_SOURCES {
        writer.put_source(&SourceRecord {
            name: name.to_string(),
            kind: SourceKind::Csv,
            tool: Some(tools[tool]),
            url: None,
            query: Some("simulated by flowmap demo, linked to the Jira stories".to_string()),
            cursor: None,
        })?;
    }
    for mapping in lineage_state_mappings() {
        writer.put_state_mapping(&mapping)?;
    }
    let (derived, story_links) = builder.finish();
    for d in &derived {
        writer.add(&d.item, &d.transitions)?;
    }
    for d in &derived {
        let links: Vec<_> = d
            .links
            .iter()
            .map(|(k, t)| (*k, t.clone(), String::new()))
            .collect();
        writer.put_links(&d.item.source, &d.item.key, true, &links)?;
    }
    for (key, (kind, target)) in story_links {
        writer.put_links(SOURCE_NAME, &key, false, &[(kind, target, String::new())])?;
    }
    Ok(())
}

/// The map of a file (without items) as JSON.
pub fn export_json(path: &Path) -> Result<String, ApiError> {
    let open = OpenMap::open(path)?;
    Ok(json::to_json(&open.doc))
}

/// Creates a `.flowmap` file at `out` from a map's JSON at `json_path`. Nothing is written when
/// the JSON is invalid.
/// Creates an empty map file at `path` named `name` (default: the file's stem). An existing
/// file is never replaced: the error says so (`invalid_argument`).
pub fn create_map(path: &Path, name: Option<&str>) -> Result<OpenMap, ApiError> {
    if path.exists() {
        return Err(ApiError::invalid_argument(format!(
            "{} already exists: open it, or choose another name",
            path.display()
        )));
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let name = name.map(str::to_string).or(stem).unwrap_or_default();
    let map = ValueStreamMap::new(name.trim())?;
    let doc = MapDocument::new(map, Default::default());
    OpenMap::from_file(MapFile::create(path, &doc, |_| Ok(()))?)
}

pub fn import_json(json_path: &Path, out: &Path) -> Result<OpenMap, ApiError> {
    let text = std::fs::read_to_string(json_path).map_err(|e| {
        ApiError::from(if e.kind() == std::io::ErrorKind::NotFound {
            StoreError::NotFound {
                path: json_path.to_path_buf(),
            }
        } else {
            StoreError::Io {
                path: json_path.to_path_buf(),
                source: e,
            }
        })
    })?;
    let doc = json::from_json(&text, json_path)?;
    let file = MapFile::create(out, &doc, |_| Ok(()))?;
    OpenMap::from_file(file)
}
