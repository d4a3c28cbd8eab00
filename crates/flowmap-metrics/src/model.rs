//! The stages a dataset's states fall into: the map's flow order joined with the state mapping.

use crate::dataset::{Dataset, ItemIx, StateKey};
use flowmap_core::mapping::{resolve, Resolution};
use flowmap_core::{Estimates, NodeId, StateCategory, StateMapping, ValueStreamMap};
use std::collections::HashMap;

/// No stage: the state belongs to no stage of the map.
pub(crate) const NO_STAGE: u16 = u16::MAX;

/// One stage, in flow order.
#[derive(Clone, Debug)]
pub struct ModelStage {
    pub id: NodeId,
    pub name: String,
    pub estimates: Estimates,
}

/// Where each state of a dataset belongs: its stage (by flow-order position) and category.
#[derive(Clone, Debug)]
pub struct StageModel {
    pub(crate) map: ValueStreamMap,
    pub(crate) stages: Vec<ModelStage>,
    pub(crate) key_stage: Vec<u16>,
    pub(crate) key_category: Vec<StateCategory>,
    /// Which items are flow items (every one unless [`StageModel::without_non_flow_items`]).
    pub(crate) flow_items: FlowItems,
}

/// The state mapping cannot be used as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("state {state:?} of source {source_name:?} belongs to {} stages ({}); a state must belong to one stage: remove it from all but one, or set its stage with `flowmap mapping FILE set`", stages.len(), stages.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "))]
    StateInTwoStages {
        source_name: String,
        state: String,
        stages: Vec<String>,
    },
    #[error("the map has {0} stages; at most 65,534 are supported")]
    TooManyStages(usize),
}

impl StageModel {
    /// Joins the map's stages (in flow order) with the state mapping for every state of `data`.
    pub fn new(
        map: &ValueStreamMap,
        mappings: &[StateMapping],
        data: &Dataset,
    ) -> Result<Self, ModelError> {
        let order = map.flow_order();
        if order.stages.len() >= NO_STAGE as usize {
            return Err(ModelError::TooManyStages(order.stages.len()));
        }
        let position: HashMap<NodeId, u16> = order
            .stages
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i as u16))
            .collect();
        let stages = order
            .stages
            .iter()
            .map(|id| {
                let s = map.stage(*id).expect("flow order holds stages");
                ModelStage {
                    id: *id,
                    name: s.name.clone(),
                    estimates: s.estimates.clone(),
                }
            })
            .collect();
        let rows: HashMap<(String, String), StateMapping> = mappings
            .iter()
            .map(|m| ((m.source.clone(), m.state.clone()), m.clone()))
            .collect();
        let mut key_stage = Vec::with_capacity(data.states.len());
        let mut key_category = Vec::with_capacity(data.states.len());
        for (_, source, state) in data.state_keys() {
            match resolve(map, &rows, source, state) {
                Resolution::Mapped { stage, category } => {
                    key_stage.push(stage.map_or(NO_STAGE, |s| position[&s]));
                    key_category.push(category);
                }
                Resolution::Unmapped { category } => {
                    key_stage.push(NO_STAGE);
                    key_category.push(category);
                }
                Resolution::Conflict { stages, .. } => {
                    return Err(ModelError::StateInTwoStages {
                        source_name: source.to_string(),
                        state: state.to_string(),
                        stages: stages
                            .iter()
                            .map(|s| {
                                map.node(*s)
                                    .map(|n| n.name().to_string())
                                    .unwrap_or_default()
                            })
                            .collect(),
                    })
                }
            }
        }
        Ok(StageModel {
            map: map.clone(),
            stages,
            key_stage,
            key_category,
            flow_items: FlowItems::default(),
        })
    }

    /// Leaves out of every flow figure the items of `data` that the map says are not flow
    /// items ([`ValueStreamMap::is_flow_item`]: an artifact type its tool marks so);
    /// `source_tool` gives each source's tool. Lineage and the items' own histories still see
    /// them (`docs/metrics.md`, "Flow items").
    pub fn without_non_flow_items(
        mut self,
        data: &Dataset,
        source_tool: impl Fn(&str) -> Option<NodeId>,
    ) -> Self {
        self.flow_items = FlowItems::of(data, &self.map, source_tool);
        self
    }

    /// Whether item `i` of `data` is a flow item (see [`StageModel::without_non_flow_items`]).
    pub fn is_flow_item(&self, data: &Dataset, i: ItemIx) -> bool {
        self.flow_items.is_flow(data, i as usize)
    }

    /// Which items of the model's data are flow items.
    pub fn flow_items(&self) -> &FlowItems {
        &self.flow_items
    }

    /// The items of `sources` (every source when empty) that are flow items.
    pub(crate) fn wanted<'a>(&'a self, data: &'a Dataset, sources: &[String]) -> Wanted<'a> {
        Wanted {
            data,
            source_ok: data.sources_wanted(sources),
            flow_items: &self.flow_items,
        }
    }

    pub fn stages(&self) -> &[ModelStage] {
        &self.stages
    }

    /// The stage (flow-order position) and category of a state key.
    pub fn place(&self, key: StateKey) -> (Option<usize>, StateCategory) {
        let s = self.key_stage[key as usize];
        (
            (s != NO_STAGE).then_some(s as usize),
            self.key_category[key as usize],
        )
    }
}

/// Which items of a dataset are flow items, by their source and artifact type: every item
/// unless its tool ([`ValueStreamMap::is_flow_item`]) marks its artifact type as not a flow item
/// (`docs/metrics.md`, "Flow items").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowItems {
    /// Per (source, artifact type) of the dataset, at `source × artifacts + artifact`: whether
    /// its items are not flow items. Empty when every item is one.
    not_flow: Vec<bool>,
}

impl FlowItems {
    /// The flow items of `data` under `map`; `source_tool` gives each source's tool.
    pub fn of(
        data: &Dataset,
        map: &ValueStreamMap,
        source_tool: impl Fn(&str) -> Option<NodeId>,
    ) -> Self {
        let artifacts = data.artifacts.len();
        let mut not_flow = vec![false; data.sources.len() * artifacts];
        for (s, source) in data.sources.iter().enumerate() {
            let tool = source_tool(source);
            for (a, name) in data.artifacts.iter().enumerate() {
                not_flow[s * artifacts + a] = !map.is_flow_item(tool, name);
            }
        }
        if !not_flow.contains(&true) {
            not_flow.clear();
        }
        FlowItems { not_flow }
    }

    /// Items of the (source × artifacts + artifact) pairs `not_flow` marks are not flow items.
    #[cfg(test)]
    pub(crate) fn from_mask(not_flow: Vec<bool>) -> Self {
        FlowItems { not_flow }
    }

    /// Whether every item is a flow item.
    pub fn every(&self) -> bool {
        self.not_flow.is_empty()
    }

    /// Whether item `i` of `data` (the dataset these were made for) is a flow item.
    #[inline]
    pub fn is_flow(&self, data: &Dataset, i: usize) -> bool {
        self.every()
            || !self.not_flow[data.item_source[i] as usize * data.artifacts.len()
                + data.item_artifact[i] as usize]
    }
}

/// Which items a figure may count by their source and artifact type: the sources a filter
/// names, less the items that are not flow items ([`StageModel::without_non_flow_items`]).
pub(crate) struct Wanted<'a> {
    data: &'a Dataset,
    source_ok: Vec<bool>,
    flow_items: &'a FlowItems,
}

impl Wanted<'_> {
    /// Whether every item is wanted: every source, and no item that is not a flow item.
    pub(crate) fn all(&self) -> bool {
        self.flow_items.every() && self.every_source()
    }

    /// Whether every source is wanted (every flow item then is).
    pub(crate) fn every_source(&self) -> bool {
        self.source_ok.iter().all(|ok| *ok)
    }

    #[inline]
    pub(crate) fn wants(&self, i: usize) -> bool {
        self.source_ok[self.data.item_source[i] as usize] && self.flow_items.is_flow(self.data, i)
    }
}
