//! Each item's measured route through the stages, as the simulation replays it: its work start,
//! then its visits to stages in order (re-entries included), each with its active time and its
//! waits before, between and after the active time (`docs/metrics.md`, "What-if").

use crate::dataset::Dataset;
use crate::model::StageModel;
use flowmap_core::StateCategory;

/// One visit of an item to a stage: consecutive Waiting or Active intervals in that stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Visit {
    pub stage: u16,
    /// When the item entered and left the stage (ms).
    pub enter: i64,
    pub leave: i64,
    /// Time in Active states (the work: what the stage's people spend on it).
    pub active: i64,
    /// Waiting before the first active moment (all the waiting when there was no work).
    pub head: i64,
    /// Waiting after the last active moment (`leave` minus the end of the last work).
    pub tail: i64,
    /// Time between the previous visit's end (or the work start) and this visit: states in no
    /// stage.
    pub gap: i64,
}

impl Visit {
    pub fn waiting(&self) -> i64 {
        self.leave - self.enter - self.active
    }
}

/// How a measured item ends at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Done(i64),
    Canceled(i64),
    /// Still in progress at `now`: its last visit is cut at `now`.
    InFlight,
}

/// An item's measured route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Route {
    pub item: usize,
    /// Its work start: its first Waiting or Active interval.
    pub start: i64,
    pub visits: std::ops::Range<usize>,
    /// Time from the last visit's end to the completion (states in no stage).
    pub tail_gap: i64,
    pub outcome: Outcome,
}

/// Every route, visits in one vector.
#[derive(Default, Debug)]
pub(crate) struct Traces {
    pub routes: Vec<Route>,
    pub visits: Vec<Visit>,
}

impl Traces {
    pub fn visits_of(&self, r: &Route) -> &[Visit] {
        &self.visits[r.visits.clone()]
    }
}

/// One interval of an item: its start, end, stage and category.
struct Span {
    start: i64,
    end: i64,
    stage: Option<usize>,
    category: StateCategory,
}

fn flow(c: StateCategory) -> bool {
    matches!(c, StateCategory::Waiting | StateCategory::Active)
}

/// The intervals of item `i` up to `now` (as the engine's walk builds them).
fn spans(data: &Dataset, model: &StageModel, i: usize, now: i64, out: &mut Vec<Span>) {
    out.clear();
    let (a, b) = (data.offsets[i] as usize, data.offsets[i + 1] as usize);
    let span = |start, end, key| {
        let (stage, category) = model.place(key);
        Span {
            start,
            end,
            stage,
            category,
        }
    };
    if a == b || data.at[a] > now {
        return;
    }
    if let Some(k) = data.prior_state(a) {
        if data.item_created[i] < data.at[a] {
            out.push(span(data.item_created[i], data.at[a], k));
        }
    }
    let mut j = a;
    while j < b && data.at[j] <= now {
        let next = if j + 1 < b && data.at[j + 1] <= now {
            data.at[j + 1]
        } else {
            now
        };
        out.push(span(data.at[j], next, data.to[j]));
        j += 1;
    }
}

/// The routes of every item `wanted` keeps that started work by `now`.
pub(crate) fn traces(
    data: &Dataset,
    model: &StageModel,
    now: i64,
    wanted: impl Fn(usize) -> bool,
) -> Traces {
    let mut out = Traces::default();
    let mut buf = Vec::new();
    for i in 0..data.item_count() {
        if !wanted(i) {
            continue;
        }
        spans(data, model, i, now, &mut buf);
        let Some(first) = buf.iter().position(|s| flow(s.category)) else {
            continue;
        };
        let last = buf.last().expect("spans after the first flow span");
        // The final run of Done (or Canceled) states ends the route.
        let mut end = buf.len();
        let outcome = if matches!(last.category, StateCategory::Done | StateCategory::Canceled) {
            while end > first + 1 && buf[end - 2].category == last.category {
                end -= 1;
            }
            end -= 1;
            match last.category {
                StateCategory::Done => Outcome::Done(buf[end].start),
                _ => Outcome::Canceled(buf[end].start),
            }
        } else {
            Outcome::InFlight
        };
        let from = out.visits.len();
        let mut cursor = buf[first].start;
        let mut open: Option<(Visit, i64)> = None; // the visit and the end of its last work
        for s in &buf[first..end] {
            let in_stage = s.stage.filter(|_| flow(s.category));
            if let Some((v, _)) = open.as_ref() {
                if in_stage != Some(v.stage as usize) {
                    let (v, work_end) = open.take().expect("open visit");
                    cursor = v.leave;
                    out.visits.push(close(v, work_end));
                }
            }
            let Some(stage) = in_stage else {
                continue;
            };
            let (v, work_end) = open.get_or_insert_with(|| {
                (
                    Visit {
                        stage: stage as u16,
                        enter: s.start,
                        leave: s.start,
                        active: 0,
                        head: 0,
                        tail: 0,
                        gap: s.start - cursor,
                    },
                    i64::MIN,
                )
            });
            let len = s.end - s.start;
            if s.category == StateCategory::Active {
                v.active += len;
                *work_end = s.end;
            } else if *work_end == i64::MIN {
                v.head += len;
            }
            v.leave = s.end;
        }
        if let Some((v, work_end)) = open.take() {
            cursor = v.leave;
            out.visits.push(close(v, work_end));
        }
        let tail_gap = match outcome {
            Outcome::Done(at) | Outcome::Canceled(at) => (at - cursor).max(0),
            Outcome::InFlight => 0,
        };
        out.routes.push(Route {
            item: i,
            start: buf[first].start,
            visits: from..out.visits.len(),
            tail_gap,
            outcome,
        });
    }
    out
}

/// The visit's tail wait: from the end of its last work to its leaving (all of its waiting
/// after the head when it had no work).
fn close(mut v: Visit, work_end: i64) -> Visit {
    v.tail = if work_end == i64::MIN {
        0
    } else {
        v.leave - work_end
    };
    v
}

impl Traces {
    /// Keeps the routes `keep` wants, and only their visits.
    pub fn keep(&mut self, keep: impl Fn(&Route) -> bool) {
        let mut visits = Vec::with_capacity(self.visits.len());
        let mut routes = Vec::with_capacity(self.routes.len());
        for r in self.routes.drain(..) {
            if !keep(&r) {
                continue;
            }
            let from = visits.len();
            visits.extend_from_slice(&self.visits[r.visits.clone()]);
            routes.push(Route {
                visits: from..visits.len(),
                ..r
            });
        }
        self.routes = routes;
        self.visits = visits;
    }
}
