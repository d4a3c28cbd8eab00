//! The throughput history a forecast draws from: when each selected item was completed, and
//! completions per day of the sampling window.

use super::DAY_MS;
use crate::compute::item_facts;
use crate::dataset::Dataset;
use crate::model::StageModel;
use flowmap_core::{FlowItemType, StateCategory};

/// When each item was completed, measured at `now`: the start of the final run of Done of every
/// item whose state at `now` is Done (canceled items are not throughput), of `flow_item_type`
/// when given and from `sources` when not empty, flow items only. In item order.
pub fn completions(
    data: &Dataset,
    model: &StageModel,
    now: i64,
    flow_item_type: Option<FlowItemType>,
    sources: &[String],
) -> Vec<i64> {
    let source_ok = model.wanted(data, sources);
    item_facts(data, model, now)
        .into_iter()
        .filter(|f| f.category == StateCategory::Done)
        .filter(|f| {
            let i = f.ix as usize;
            flow_item_type.is_none_or(|t| data.item_type[i] == t) && source_ok.wants(i)
        })
        .filter_map(|f| f.ended)
        .filter(|&at| at <= now)
        .collect()
}

/// Completions on each of the `window_days` days before `now`, the most recent day first: day k
/// is [now − (k+1)·24 h, now − k·24 h).
pub fn daily_throughput(completions: &[i64], now: i64, window_days: u32) -> Vec<u32> {
    let mut days = vec![0u32; window_days as usize];
    for &at in completions {
        if at >= now {
            continue;
        }
        let k = (now - 1 - at) / DAY_MS;
        if let Some(d) = usize::try_from(k).ok().and_then(|k| days.get_mut(k)) {
            *d += 1;
        }
    }
    days
}
