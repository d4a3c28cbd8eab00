//! Totals of every (source, state) pair — items that entered it and time spent in it — for
//! reviewing the state mapping (`docs/metrics.md`, "State mapping"). A pass of its own over the
//! transitions: it counts every state, mapped or not, of every item.

use crate::dataset::Dataset;
use crate::model::StageModel;
use crate::report::StateTotals;

/// Totals of every (source, state) pair over all items, intervals closed at `now`.
pub fn state_totals(data: &Dataset, now: i64) -> Vec<StateTotals> {
    let n_keys = data.states.len();
    let mut time = vec![0i64; n_keys];
    let mut items = vec![0u64; n_keys];
    let mut seen = vec![u32::MAX; n_keys];
    for i in 0..data.item_count() {
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        if a < b {
            if let Some(k) = data.prior_state(a) {
                let created = data.item_created[i];
                if created < data.at[a] && data.at[a] <= now {
                    time[k as usize] += data.at[a] - created;
                    if seen[k as usize] != i as u32 {
                        seen[k as usize] = i as u32;
                        items[k as usize] += 1;
                    }
                }
            }
        }
        for j in a..b {
            if data.at[j] > now {
                break;
            }
            let k = data.to[j] as usize;
            let next = if j + 1 < b {
                data.at[j + 1].min(now)
            } else {
                now
            };
            time[k] += next - data.at[j];
            if seen[k] != i as u32 {
                seen[k] = i as u32;
                items[k] += 1;
            }
        }
    }
    data.state_keys()
        .map(|(k, source, state)| StateTotals {
            source: source.to_string(),
            state: state.to_string(),
            items: items[k as usize],
            time_secs: time[k as usize] as f64 / 1000.0,
        })
        .collect()
}

/// Per state key: whether an item the model counts as a flow item entered or left the state
/// (see [`StageModel::without_non_flow_items`]). A state only other items were in holds no time
/// of any flow figure.
pub fn states_of_flow_items(data: &Dataset, model: &StageModel) -> Vec<bool> {
    // Every state of the data is some item's.
    if model.flow_items().every() {
        return vec![true; data.states.len()];
    }
    let mut used = vec![false; data.states.len()];
    for i in 0..data.item_count() {
        if !model.flow_items().is_flow(data, i) {
            continue;
        }
        let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
        for j in a..b {
            used[data.to[j] as usize] = true;
            if let Some(k) = data.prior_state(j) {
                used[k as usize] = true;
            }
        }
    }
    used
}
