//! Discovery in the window: the proposal for the *working* map (the same counts as `flowmap
//! discover` on the same file), where its new stages would be drawn, and the user's choices
//! (keep, rename, merge, drop) applied as **one** edit of the session — one undo step.
//!
//! The state → stage mapping a proposal brings is written into the stages' state lists, which
//! are part of the map, not as mapping rows in the file (those are written at once and take no
//! undo step). So one Undo takes back the stages, the handoffs and the mapping together, and
//! Redo brings them back; a state whose row names a stage itself keeps it (the row wins).

use crate::editing::EditSession;
use crate::error::{ApiError, ErrorCode};
use crate::sources::discovery_preview;
use crate::wire::{
    DiscoveryChoices, DiscoveryPreview, DiscoveryProposal, Edit, EditOutcome, GhostPlace, MapView,
    StageAction, StageMatch,
};
use flowmap_core::{Edge, EdgeId, Handoff, Node, NodeId, Stage, ValueStreamMap};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The size a new stage is drawn at (`flowmap_core::layout::node_size` of a stage).
const STAGE_WIDTH: f64 = 190.0;
const STAGE_HEIGHT: f64 = 84.0;
/// The space between the map's drawing and the proposed stages below it.
const GAP_BELOW: f64 = 90.0;
/// From one proposed stage to the next: wider than the layout's columns (260), so a handoff's
/// moves and share fit between two stages.
const GHOST_COLUMN: f64 = 320.0;

fn unsaved() -> ApiError {
    ApiError::new(
        ErrorCode::Unsaved,
        "save the map to a file first: discovery reads the items kept in the map's file",
    )
}

impl EditSession {
    /// The stages and handoffs proposed from the items of the open file, for the working map,
    /// and where each new stage would be drawn: in a row below everything drawn, in order.
    pub fn discover_preview(
        &self,
        source: Option<&str>,
        min_count: Option<u64>,
    ) -> Result<DiscoveryPreview, ApiError> {
        let open = self.file.as_ref().ok_or_else(unsaved)?;
        if self.shows_future() {
            return Err(ApiError::invalid_argument(
                "discovery proposes stages from the items, which belong to the current state: \
                 show the current state first",
            ));
        }
        let data = self.loaded_dataset()?;
        let proposal = discovery_preview(
            open.path(),
            &open.file,
            &data,
            &self.document().map,
            source,
            min_count,
        )?;
        let places = ghost_places(&self.view(), &proposal);
        Ok(DiscoveryPreview { proposal, places })
    }

    /// Applies the user's choices about the proposal (computed again from the same source and
    /// threshold) as one edit: one undo step. Nothing to apply is refused, naming why.
    pub fn apply_discovery(&mut self, choices: &DiscoveryChoices) -> Result<EditOutcome, ApiError> {
        let preview = self.discover_preview(choices.source.as_deref(), choices.min_count)?;
        let edits = plan(&self.document().map, &preview, choices)?;
        if edits.is_empty() {
            return Err(ApiError::invalid_argument(
                "nothing to apply: every proposed stage and handoff is dropped or already on the map",
            ));
        }
        self.apply(Edit::Batch { edits })
    }
}

/// New stages in a row below the drawing, left-aligned with it; stages of the map: `None`.
fn ghost_places(view: &MapView, proposal: &DiscoveryProposal) -> Vec<Option<GhostPlace>> {
    let left = view.nodes.iter().map(|n| n.x).fold(f64::INFINITY, f64::min);
    let bottom = view
        .nodes
        .iter()
        .map(|n| n.y + n.height)
        .fold(f64::NEG_INFINITY, f64::max);
    let (x0, y) = if view.nodes.is_empty() {
        (0.0, 0.0)
    } else {
        (left, bottom + GAP_BELOW)
    };
    let mut column = 0.0;
    proposal
        .stages
        .iter()
        .map(|s| {
            (s.matched == StageMatch::New).then(|| {
                let place = GhostPlace {
                    x: x0 + column * GHOST_COLUMN,
                    y,
                    width: STAGE_WIDTH,
                    height: STAGE_HEIGHT,
                };
                column += 1.0;
                place
            })
        })
        .collect()
}

/// Where a proposed stage ends up once the choices are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// A new stage, headed by this proposed stage (its name and place).
    New(usize),
    Existing(NodeId),
    Gone,
}

/// Each proposed stage's action (keep when not named); unknown or repeated names refused.
fn actions(
    proposal: &DiscoveryProposal,
    choices: &DiscoveryChoices,
) -> Result<Vec<StageAction>, ApiError> {
    let mut actions = vec![StageAction::Keep; proposal.stages.len()];
    let mut named = HashSet::new();
    for d in &choices.stages {
        let i = index_of(proposal, &d.name)?;
        if !named.insert(i) {
            return Err(ApiError::invalid_argument(format!(
                "the proposed stage {:?} is given two choices",
                d.name
            )));
        }
        actions[i] = d.action.clone();
    }
    Ok(actions)
}

fn index_of(proposal: &DiscoveryProposal, name: &str) -> Result<usize, ApiError> {
    proposal
        .stages
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| {
            ApiError::invalid_argument(format!(
                "no proposed stage is named {name:?}: the data changed since the preview; discover again"
            ))
        })
}

/// Where each proposed stage goes: merges followed to the stage they end in.
fn targets(
    map: &ValueStreamMap,
    proposal: &DiscoveryProposal,
    actions: &[StageAction],
) -> Result<Vec<Target>, ApiError> {
    let stages = &proposal.stages;
    let mut targets = Vec::with_capacity(stages.len());
    for start in 0..stages.len() {
        let mut i = start;
        let mut seen = HashSet::new();
        let target = loop {
            if !seen.insert(i) {
                return Err(ApiError::invalid_argument(format!(
                    "the merges of {:?} go in a circle",
                    stages[start].name
                )));
            }
            let on_map = stages[i].existing;
            match (&actions[i], on_map) {
                (StageAction::Drop, _) if i == start => break Target::Gone,
                (StageAction::Drop, _) => {
                    return Err(ApiError::invalid_argument(format!(
                        "{:?} is merged into {:?}, which is dropped",
                        stages[start].name, stages[i].name
                    )))
                }
                (StageAction::Keep | StageAction::Rename { .. }, Some(id)) => {
                    break Target::Existing(id)
                }
                (StageAction::Keep | StageAction::Rename { .. }, None) => break Target::New(i),
                (_, Some(_)) => {
                    return Err(ApiError::invalid_argument(format!(
                        "{:?} is a stage of the map already: keep, rename or drop it, it cannot be merged",
                        stages[i].name
                    )))
                }
                (StageAction::MergeIntoStage { id }, None) => {
                    if map.stage(*id).is_none() {
                        return Err(ApiError::invalid_argument(format!(
                            "{:?} cannot be merged into stage {id}: the map has no such stage",
                            stages[i].name
                        )));
                    }
                    break Target::Existing(*id);
                }
                (StageAction::MergeIntoProposed { name }, None) => i = index_of(proposal, name)?,
            }
        };
        targets.push(target);
    }
    Ok(targets)
}

/// The edits that apply the choices: new stages (with the states of the stages merged into
/// them), the map's stages that gain states or a name, then the handoffs kept between what
/// remains (counts of merged stages added up; none within one stage or already on the map).
fn plan(
    map: &ValueStreamMap,
    preview: &DiscoveryPreview,
    choices: &DiscoveryChoices,
) -> Result<Vec<Edit>, ApiError> {
    let proposal = &preview.proposal;
    let actions = actions(proposal, choices)?;
    let targets = targets(map, proposal, &actions)?;
    let mut edits = Vec::new();
    let mut ids: HashMap<usize, NodeId> = HashMap::new();
    for (i, s) in proposal.stages.iter().enumerate() {
        if targets[i] != Target::New(i) {
            continue;
        }
        let name = match &actions[i] {
            StageAction::Rename { to } => checked_name(to, &s.name)?,
            _ => s.name.clone(),
        };
        let mut states: Vec<String> = Vec::new();
        for (j, t) in proposal.stages.iter().enumerate() {
            if targets[j] == Target::New(i) {
                states.extend(t.states.iter().cloned());
            }
        }
        let id = NodeId::from(uuid::Uuid::new_v4());
        ids.insert(i, id);
        let place = preview.places[i].unwrap_or(GhostPlace {
            x: 0.0,
            y: 0.0,
            width: STAGE_WIDTH,
            height: STAGE_HEIGHT,
        });
        edits.push(Edit::AddNode {
            node: Node::Stage(Stage {
                id,
                name,
                team: None,
                tool: proposal
                    .tool
                    .filter(|t| matches!(map.node(*t), Some(Node::Tool(_)))),
                partner: None,
                states,
                estimates: Default::default(),
            }),
            x: place.x,
            y: place.y,
        });
    }
    edits.extend(changed_stages(map, proposal, &actions, &targets)?);
    let node_of = |t: Target| match t {
        Target::New(i) => ids.get(&i).copied(),
        Target::Existing(id) => Some(id),
        Target::Gone => None,
    };
    edits.extend(handoffs(map, proposal, choices, &targets, node_of)?);
    Ok(edits)
}

fn checked_name(to: &str, from: &str) -> Result<String, ApiError> {
    let to = to.trim();
    if to.is_empty() {
        return Err(ApiError::invalid_argument(format!(
            "the proposed stage {from:?} cannot be renamed to an empty name"
        )));
    }
    Ok(to.to_string())
}

/// The map's stages that gain states (matched by name, or merged into them) or a new name.
fn changed_stages(
    map: &ValueStreamMap,
    proposal: &DiscoveryProposal,
    actions: &[StageAction],
    targets: &[Target],
) -> Result<Vec<Edit>, ApiError> {
    let mut changed: BTreeMap<NodeId, Stage> = BTreeMap::new();
    for (i, s) in proposal.stages.iter().enumerate() {
        let Target::Existing(id) = targets[i] else {
            continue;
        };
        let Some(stage) = map.stage(id) else { continue };
        let entry = changed.entry(id).or_insert_with(|| stage.clone());
        let adds: &[String] = if s.existing == Some(id) {
            &s.new_states
        } else {
            &s.states
        };
        for state in adds {
            if !entry.states.contains(state) {
                entry.states.push(state.clone());
            }
        }
        if let (StageAction::Rename { to }, Some(_)) = (&actions[i], s.existing) {
            entry.name = checked_name(to, &s.name)?;
        }
    }
    Ok(changed
        .into_values()
        .filter(|s| map.stage(s.id) != Some(s))
        .map(|s| Edit::UpdateNode {
            node: Node::Stage(s),
        })
        .collect())
}

/// The handoffs kept, between the stages they end in; forward ones first, so the core's search
/// for rework loops follows them.
fn handoffs(
    map: &ValueStreamMap,
    proposal: &DiscoveryProposal,
    choices: &DiscoveryChoices,
    targets: &[Target],
    node_of: impl Fn(Target) -> Option<NodeId>,
) -> Result<Vec<Edit>, ApiError> {
    let mut keep = vec![true; proposal.handoffs.len()];
    for d in &choices.handoffs {
        let i = proposal
            .handoffs
            .iter()
            .position(|h| h.from == d.from && h.to == d.to)
            .ok_or_else(|| {
                ApiError::invalid_argument(format!(
                    "no proposed handoff from {:?} to {:?}: the data changed since the preview; discover again",
                    d.from, d.to
                ))
            })?;
        keep[i] = d.keep;
    }
    let on_map: HashSet<(NodeId, NodeId)> = map
        .edges()
        .filter_map(|e| match e {
            Edge::Handoff(h) => Some((h.from, h.to)),
            _ => None,
        })
        .collect();
    // (from, to) → (moves, rework), in the proposal's order.
    let mut kept: Vec<((NodeId, NodeId), u64, bool)> = Vec::new();
    for (h, _) in proposal.handoffs.iter().zip(&keep).filter(|(_, k)| **k) {
        let ends = (
            node_of(targets[index_of(proposal, &h.from)?]),
            node_of(targets[index_of(proposal, &h.to)?]),
        );
        let (Some(from), Some(to)) = ends else {
            continue;
        };
        if from == to || on_map.contains(&(from, to)) {
            continue;
        }
        match kept.iter_mut().find(|k| k.0 == (from, to)) {
            Some(k) => k.1 += h.count,
            None => kept.push(((from, to), h.count, h.rework)),
        }
    }
    kept.sort_by_key(|k| k.2);
    Ok(kept
        .into_iter()
        .map(|((from, to), n, _)| Edit::AddEdge {
            edge: Edge::Handoff(Handoff {
                id: EdgeId::from(uuid::Uuid::new_v4()),
                from,
                to,
                label: Some(format!("{n} moves")),
            }),
        })
        .collect())
}
