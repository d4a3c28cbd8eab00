//! How a GitLab issue's or merge request's events become state changes (docs/sources.md,
//! "GitLab"): state events, labels that stand for states, and a merge request's draft markers,
//! with every event that moves nothing counted by kind and reason.

use crate::connector::{Skips, StateChange};
use crate::forge::{replay, Step};
use chrono::{DateTime, Utc};

/// Why an event on a closed or merged item moves nothing.
pub(super) const AFTER_FINISH: &str =
    "on a closed or merged item: it stays done until it is reopened";
const NOT_A_STATE_LABEL: &str = "not a state label (no state scope, not listed in state_labels=)";
const DELETED_LABEL: &str = "the label was deleted (GitLab sends \"label\": null)";
const REPLACED: &str = "replaced by a label of the same scope added at that instant";
const NOT_CURRENT: &str = "the label was not the item's state";
const ALREADY_FINISHED: &str = "the item was already closed or merged";
const NOT_FINISHED: &str = "the item was not closed";
const NOT_A_STATE: &str = "not a state change";

/// Which labels are states: those of a scope in `scopes` (`workflow::in review` enters
/// `in review`) and the plain labels in `labels` (entered under their own name).
pub(super) struct LabelRule {
    pub(super) scopes: Vec<String>,
    pub(super) labels: Vec<String>,
}

impl LabelRule {
    /// The state a label stands for, if any.
    pub(super) fn state(&self, name: &str) -> Option<String> {
        if self.labels.iter().any(|l| l == name) {
            return Some(name.to_string());
        }
        let (scope, value) = name.rsplit_once("::")?;
        let value = value.trim();
        (self.scopes.iter().any(|s| s == scope) && !value.is_empty()).then(|| value.to_string())
    }
}

/// One event of an issue's or merge request's history.
pub(super) enum Event {
    /// A resource state event: `closed`, `reopened` (or `opened`), `merged`; others (`locked`)
    /// move nothing.
    State(String),
    /// A resource label event; `label` is `None` when the label was deleted since.
    Label { add: bool, label: Option<String> },
    /// A system note marking a merge request as draft (`true`) or ready (`false`).
    Draft(bool),
    /// Any other note (a comment, another system note).
    Note { system: bool },
}

impl Event {
    /// Within one instant: state events first, then labels, then notes.
    fn rank(&self) -> u8 {
        match self {
            Event::State(_) => 0,
            Event::Label { .. } => 1,
            Event::Draft(_) | Event::Note { .. } => 2,
        }
    }
}

/// Whether a system note's text marks a merge request as draft (`Some(true)`) or ready
/// (`Some(false)`): "marked this merge request as **draft**" / "… as **ready**" (GitLab 13.x
/// on), "marked as a **Work In Progress**" / "unmarked as a **Work In Progress**" (before).
pub(super) fn draft_marker(body: &str) -> Option<bool> {
    let b = body.to_ascii_lowercase();
    if b.starts_with("unmarked as a **work in progress**") || b.contains("as **ready**") {
        Some(false)
    } else if b.starts_with("marked as a **work in progress**") || b.contains("as **draft**") {
        Some(true)
    } else {
        None
    }
}

/// An issue's or merge request's history as the replay needs it.
pub(super) struct Issuable {
    pub(super) is_mr: bool,
    pub(super) created: Option<DateTime<Utc>>,
    /// Whether the merge request is a draft now.
    pub(super) draft_now: bool,
    /// Its state now (`opened`, `closed`, `merged`) and when it was closed or merged, for items
    /// older than resource state events (GitLab 13.2), which have none.
    pub(super) state_now: String,
    pub(super) finished_at: Option<DateTime<Utc>>,
}

/// The state changes of an item from its events (in any order: sorted by time, and within an
/// instant by kind and then the order given), counting in `skips` every event that moves
/// nothing.
pub(super) fn changes(
    it: &Issuable,
    mut events: Vec<(DateTime<Utc>, Event)>,
    rule: &LabelRule,
    skips: &mut Skips,
) -> Vec<StateChange> {
    if !events.iter().any(|(_, e)| matches!(e, Event::State(_))) {
        if let (Some(at), "closed" | "merged") = (it.finished_at, it.state_now.as_str()) {
            events.push((at, Event::State(it.state_now.clone())));
        }
    }
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| (events[i].0, events[i].1.rank(), i));
    // The draft state at creation: the opposite of the first marker, else the flag of now.
    let mut draft = events
        .iter()
        .filter_map(|(at, e)| match e {
            Event::Draft(d) => Some((*at, *d)),
            _ => None,
        })
        .min_by_key(|(at, _)| *at)
        .map_or(it.draft_now, |(_, d)| !d);
    let opened = match (it.is_mr, draft) {
        (false, _) => "Open",
        (true, true) => "Draft",
        (true, false) => "Ready for review",
    };
    let mut steps: Vec<(DateTime<Utc>, Step)> = Vec::new();
    let mut finished = false;
    let mut label_state: Option<String> = None;
    for &i in &order {
        let (at, event) = &events[i];
        let at = *at;
        match event {
            Event::State(s) => {
                let to = match (s.as_str(), it.is_mr) {
                    ("closed", true) => "Abandoned",
                    ("closed", false) => "Closed",
                    ("merged", _) => "Merged",
                    // The API's documentation writes a reopening `opened`, GitLab sends
                    // `reopened`: both reopen.
                    ("reopened" | "opened", false) => "Reopened",
                    ("reopened" | "opened", true) if draft => "Draft",
                    ("reopened" | "opened", true) => "Ready for review",
                    _ => {
                        skips.skip(s, NOT_A_STATE);
                        continue;
                    }
                };
                let reopening = s == "reopened" || s == "opened";
                if reopening != finished {
                    skips.skip(
                        s,
                        if finished {
                            ALREADY_FINISHED
                        } else {
                            NOT_FINISHED
                        },
                    );
                    continue;
                }
                finished = !reopening;
                label_state = None;
                steps.push((at, Step::State(to.into())));
            }
            Event::Label { add, label } => {
                let kind = if *add { "label added" } else { "label removed" };
                let Some(name) = label else {
                    skips.skip(kind, DELETED_LABEL);
                    continue;
                };
                // Every label added is listed in a dry run, so a user can pick those that are
                // states.
                if *add {
                    skips.label(name);
                }
                let Some(state) = rule.state(name) else {
                    skips.skip(kind, NOT_A_STATE_LABEL);
                    continue;
                };
                if finished {
                    skips.skip(kind, AFTER_FINISH);
                } else if *add {
                    label_state = Some(state.clone());
                    steps.push((at, Step::LabelAdded(state)));
                } else if replaced(&events, at, name) {
                    skips.skip(kind, REPLACED);
                } else if label_state.as_deref() == Some(state.as_str()) {
                    label_state = None;
                    steps.push((at, Step::LabelRemoved(state)));
                } else {
                    skips.skip(kind, NOT_CURRENT);
                }
            }
            Event::Draft(d) => {
                let kind = if *d {
                    "marked as draft"
                } else {
                    "marked as ready"
                };
                if finished {
                    skips.skip(kind, AFTER_FINISH);
                    continue;
                }
                draft = *d;
                label_state = None;
                let to = if *d { "Draft" } else { "Ready for review" };
                steps.push((at, Step::State(to.into())));
            }
            Event::Note { system } => {
                let kind = if *system { "system note" } else { "comment" };
                let why = if finished { AFTER_FINISH } else { NOT_A_STATE };
                skips.skip(kind, why);
            }
        }
    }
    replay(it.created, opened, steps)
}

/// Whether a label of the same scope as `name` was added at `at`: GitLab removes the previous
/// label of a scope when another is added, both at one instant.
fn replaced(events: &[(DateTime<Utc>, Event)], at: DateTime<Utc>, name: &str) -> bool {
    let Some((scope, _)) = name.rsplit_once("::") else {
        return false;
    };
    events.iter().any(|(t, e)| match e {
        Event::Label {
            add: true,
            label: Some(other),
        } => *t == at && other != name && other.rsplit_once("::").map(|(s, _)| s) == Some(scope),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2020-01-{day:02}T10:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn label(day: u32, add: bool, name: &str) -> (DateTime<Utc>, Event) {
        let label = Some(name.to_string());
        (at(day), Event::Label { add, label })
    }

    fn rule() -> LabelRule {
        LabelRule {
            scopes: vec!["workflow".into(), "status".into()],
            labels: vec!["Doing".into()],
        }
    }

    fn mr(draft_now: bool) -> Issuable {
        Issuable {
            is_mr: true,
            created: Some(at(1)),
            draft_now,
            state_now: "opened".into(),
            finished_at: None,
        }
    }

    fn states(c: Vec<StateChange>) -> Vec<String> {
        c.into_iter().map(|c| c.to).collect()
    }

    #[test]
    fn a_scoped_label_replaces_the_previous_one_of_its_scope() {
        let events = vec![
            label(2, true, "workflow::doing"),
            label(3, false, "workflow::doing"),
            label(3, true, "workflow::review"),
            label(4, true, "priority::high"),
            label(5, true, "Doing"),
        ];
        let mut skips = Skips::default();
        let c = changes(&mr(false), events, &rule(), &mut skips);
        assert_eq!(states(c), ["Ready for review", "doing", "review", "Doing"]);
        let got: Vec<_> = skips.iter().collect();
        assert_eq!(
            got,
            [
                ("label added", NOT_A_STATE_LABEL, 1),
                ("label removed", REPLACED, 1)
            ]
        );
    }

    #[test]
    fn the_draft_state_at_creation_is_the_opposite_of_the_first_marker() {
        let events = vec![(at(3), Event::Draft(false)), (at(4), Event::Draft(true))];
        let c = changes(&mr(true), events, &rule(), &mut Skips::default());
        assert_eq!(states(c), ["Draft", "Ready for review", "Draft"]);
        let c = changes(&mr(true), vec![], &rule(), &mut Skips::default());
        assert_eq!(states(c), ["Draft"]);
    }

    #[test]
    fn markers_name_draft_and_ready_old_and_new() {
        assert_eq!(
            draft_marker("marked this merge request as **draft**"),
            Some(true)
        );
        assert_eq!(
            draft_marker("marked this merge request as **ready**"),
            Some(false)
        );
        assert_eq!(draft_marker("marked as a **Work In Progress**"), Some(true));
        assert_eq!(
            draft_marker("unmarked as a **Work In Progress**"),
            Some(false)
        );
        assert_eq!(draft_marker("added 1 commit"), None);
    }

    #[test]
    fn an_item_older_than_state_events_closes_when_it_says() {
        let it = Issuable {
            is_mr: false,
            created: Some(at(1)),
            draft_now: false,
            state_now: "closed".into(),
            finished_at: Some(at(9)),
        };
        let events = vec![label(10, true, "workflow::doing")];
        let mut skips = Skips::default();
        let c = changes(&it, events, &rule(), &mut skips);
        assert_eq!(states(c), ["Open", "Closed"]);
        assert_eq!(skips.total(), 1);
    }
}
