//! Which items a query counts: its flow item type, sources and stages filters
//! (`docs/metrics.md`, "Filters").

use super::is_flow;
use super::query::Query;
use crate::dataset::Dataset;
use crate::model::{StageModel, Wanted, NO_STAGE};
use flowmap_core::FlowItemType;

/// The items a query selects.
pub(crate) struct Selection<'a> {
    data: &'a Dataset,
    flow_item_type: Option<FlowItemType>,
    /// By source and artifact type: whether an item is wanted.
    source_ok: Wanted<'a>,
    /// Per item: whether it went through one of the query's stages; `None`: no such filter.
    through: Option<Vec<bool>>,
}

impl<'a> Selection<'a> {
    pub fn new(data: &'a Dataset, model: &'a StageModel, query: &Query) -> Self {
        Selection {
            data,
            flow_item_type: query.flow_item_type,
            source_ok: model.wanted(data, &query.sources),
            through: through_stages(data, model, query),
        }
    }

    /// Whether item `i` is selected.
    #[inline]
    pub fn wants(&self, i: usize) -> bool {
        let data = self.data;
        self.flow_item_type.is_none_or(|t| data.item_type[i] == t)
            && self.source_ok.wants(i)
            && self.through.as_ref().is_none_or(|ok| ok[i])
    }

    /// Whether every item is selected (no filter).
    pub fn selects_all(&self) -> bool {
        self.selects_every_flow_item() && self.source_ok.all()
    }

    /// Whether every flow item of the model is selected (no filter; items that are not flow
    /// items may be left out).
    pub fn selects_every_flow_item(&self) -> bool {
        self.flow_item_type.is_none() && self.through.is_none() && self.source_ok.every_source()
    }

    /// The earliest event (creation or first transition) of the selected items, at most `to`;
    /// `to` when there is none.
    pub fn earliest_event(&self, to: i64) -> i64 {
        let data = self.data;
        (0..data.item_count())
            .filter(|i| self.wants(*i))
            .filter_map(|i| data.first_event(i))
            .min()
            .unwrap_or(to)
            .min(to)
    }
}

/// Per item, whether it was in one of the query's `through_stages` (Waiting or Active in it) at
/// some time up to `now`; `None` when the query has no such filter. One pass over the
/// transitions.
fn through_stages(data: &Dataset, model: &StageModel, query: &Query) -> Option<Vec<bool>> {
    let wanted = query.through_stages.as_ref()?;
    let stage_ok: Vec<bool> = model
        .stages
        .iter()
        .map(|s| wanted.contains(&s.id))
        .collect();
    let key_ok: Vec<bool> = (0..model.key_stage.len())
        .map(|k| {
            let s = model.key_stage[k];
            s != NO_STAGE && is_flow(model.key_category[k]) && stage_ok[s as usize]
        })
        .collect();
    let now = query.now;
    Some(
        (0..data.item_count())
            .map(|i| {
                let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
                if a == b || data.at[a] > now {
                    return false;
                }
                let before = data
                    .prior_state(a)
                    .is_some_and(|k| data.item_created[i] < data.at[a] && key_ok[k as usize]);
                before
                    || (a..b)
                        .take_while(|j| data.at[*j] <= now)
                        .any(|j| key_ok[data.to[j] as usize])
            })
            .collect(),
    )
}
