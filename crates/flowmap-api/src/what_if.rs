//! What-if on a future state: the engine's simulation (`flowmap_metrics::whatif`) of the file's
//! items through the current stream and through the stream as a future state changes it
//! (people, WIP limits, batch sizes, handoffs and stages removed), plus changes typed by stage
//! name (`docs/metrics.md`, "What-if").

use crate::editing::EditSession;
use crate::error::ApiError;
use crate::metrics::parse_instant;
use crate::open_map::OpenMap;
use crate::wire::{StageChangeRequest, WhatIfRequest, WhatIfView};
use chrono::{DateTime, Duration, Utc};
use flowmap_core::{StateId, ValueStreamMap};
use flowmap_metrics::whatif::{self, future::changes_between, StageChange, WhatIfQuery};
use flowmap_metrics::{Dataset, StageModel};

/// The longest comparison window, in days (ten years).
pub const MAX_WINDOW_DAYS: u32 = 3_650;

impl OpenMap {
    /// The what-if of `request` on the file's items; `clock` is the current time.
    pub fn what_if(
        &self,
        request: &WhatIfRequest,
        clock: DateTime<Utc>,
    ) -> Result<WhatIfView, ApiError> {
        let data = self.dataset()?;
        let model = self.stage_model(&data)?;
        let future = match request.state {
            Some(id) => {
                let f = self.doc.futures.iter().find(|f| f.id == id);
                let f = f.ok_or_else(|| no_state(id))?;
                Some((&f.map, f.name.clone()))
            }
            None => None,
        };
        run(&data, &model, &self.doc.map, future, request, clock)
    }

    /// The id of the future state named `name` (any case).
    pub fn future_state_id(&self, name: &str) -> Result<StateId, ApiError> {
        let names: Vec<&str> = self.doc.futures.iter().map(|f| f.name.as_str()).collect();
        self.doc
            .futures
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name.trim()))
            .map(|f| f.id)
            .ok_or_else(|| {
                ApiError::invalid_argument(format!(
                    "no future state is named {name:?}; the map's future states: {}",
                    if names.is_empty() {
                        "none (make one in the window with + Future)".to_string()
                    } else {
                        names.join(", ")
                    }
                ))
            })
    }
}

impl EditSession {
    /// The what-if of `request` on the open file's items (the current state's) against the
    /// working map and, when asked, one of its future states.
    pub fn what_if(
        &mut self,
        request: &WhatIfRequest,
        clock: DateTime<Utc>,
    ) -> Result<WhatIfView, ApiError> {
        self.reading_for(request)?.what_if(request, clock)
    }

    /// Future state `id`'s map and name.
    pub(crate) fn future_state(&self, id: StateId) -> Result<(ValueStreamMap, String), ApiError> {
        let name = self
            .states_view()
            .states
            .into_iter()
            .find(|s| s.id == Some(id))
            .map(|s| s.name)
            .unwrap_or_default();
        Ok((self.future_document(id)?.map.clone(), name))
    }
}

fn no_state(id: StateId) -> ApiError {
    ApiError::invalid_argument(format!("no future state has the id {id}"))
}

pub(crate) fn run(
    data: &Dataset,
    model: &StageModel,
    current: &ValueStreamMap,
    future: Option<(&ValueStreamMap, String)>,
    request: &WhatIfRequest,
    clock: DateTime<Utc>,
) -> Result<WhatIfView, ApiError> {
    if data.item_count() == 0 {
        return Err(ApiError::invalid_argument(
            "the map has no measured items yet: the what-if replays them through the stream, so connect a source or import a log first",
        ));
    }
    // Without an instant: up to the last change in the data, so old data still compares.
    let last = whatif::last_change(data).and_then(DateTime::<Utc>::from_timestamp_millis);
    let now = match &request.now {
        Some(t) => parse_instant("the instant to simulate up to", t)?,
        None => last.map_or(clock, |l| l.min(clock)),
    };
    let window_days = request.window_days.unwrap_or(90);
    if window_days == 0 || window_days > MAX_WINDOW_DAYS {
        return Err(ApiError::invalid_argument(format!(
            "the comparison window must be from 1 to {MAX_WINDOW_DAYS} days (got {window_days})"
        )));
    }
    let mut changes: Vec<StageChange> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let state_name = future.as_ref().map(|(_, n)| n.clone());
    if let Some((map, _)) = future {
        for d in changes_between(model.stages(), current, map) {
            changes.push(d.change);
            words.extend(d.words);
        }
    }
    for typed in &request.changes {
        let (change, said) = typed_change(model, typed)?;
        words.extend(said);
        match changes.iter_mut().find(|c| c.stage == change.stage) {
            Some(c) => merge(c, change),
            None => changes.push(change),
        }
    }
    let query = WhatIfQuery {
        now: now.timestamp_millis(),
        window_days,
        flow_item_type: request.flow_item_type,
        sources: request.sources.clone(),
        changes,
    };
    let answer = whatif::what_if(data, model, &query)
        .map_err(|e| ApiError::invalid_argument(e.to_string()))?;
    Ok(WhatIfView {
        what_if: answer,
        state_name,
        changes: words,
        now: now.to_rfc3339(),
        window_from: (now - Duration::days(i64::from(window_days))).to_rfc3339(),
    })
}

/// A change typed by stage name, and its words.
fn typed_change(
    model: &StageModel,
    typed: &StageChangeRequest,
) -> Result<(StageChange, Vec<String>), ApiError> {
    let stages = model.stages();
    let Some(s) = stages
        .iter()
        .position(|st| st.name.eq_ignore_ascii_case(typed.stage.trim()))
    else {
        let names: Vec<&str> = stages.iter().map(|s| s.name.as_str()).collect();
        return Err(ApiError::invalid_argument(format!(
            "no stage is named {:?}; the map's stages: {}",
            typed.stage,
            names.join(", ")
        )));
    };
    let name = &stages[s].name;
    let mut c = StageChange {
        stage: s as u32,
        ..StageChange::default()
    };
    let mut words = Vec::new();
    if let Some(p) = typed.people {
        c.people_before = stages[s].estimates.people;
        c.people_after = Some(p.max(1));
        words.push(match c.people_before {
            Some(b) => format!("{name}: {b} → {} people", p.max(1)),
            None => format!("{name}: {} people", p.max(1)),
        });
    }
    if let Some(w) = typed.wip_limit {
        c.wip_limit = Some(w.max(1));
        words.push(format!("{name}: WIP limit {}", w.max(1)));
    }
    if let Some(b) = typed.batch_size {
        c.batch_size = Some(b.max(1));
        words.push(format!("{name}: batches of {}", b.max(1)));
    }
    if typed.remove_handoff_into {
        if s == 0 {
            return Err(ApiError::invalid_argument(format!(
                "{name} is the first stage: no handoff leads into it"
            )));
        }
        c.merge_into_previous = true;
        words.push(format!(
            "handoff into {name} removed: the stage before goes on with its work"
        ));
    }
    Ok((c, words))
}

/// `more` applied over `c` (the same stage).
fn merge(c: &mut StageChange, more: StageChange) {
    if more.people_after.is_some() {
        c.people_before = more.people_before;
        c.people_after = more.people_after;
    }
    c.wip_limit = more.wip_limit.or(c.wip_limit);
    c.batch_size = more.batch_size.or(c.batch_size);
    if more.merge_into_previous {
        c.merge_into_previous = true;
        c.merge_after = None;
    }
}
