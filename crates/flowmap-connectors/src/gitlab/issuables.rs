//! GitLab issues and merge requests: the lists, each one's state and label events, and the
//! events replayed into state changes.

use super::GitLab;
use crate::connector::{PullContext, SourceItem};
use crate::error::ConnectorError;
use crate::forge::{replay, Step};
use crate::web::{fetch_each, optional_time, Tally};
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Issuable {
    iid: u64,
    title: String,
    created_at: String,
    updated_at: Option<String>,
    draft: Option<bool>,
    work_in_progress: Option<bool>,
    issue_type: Option<String>,
    web_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StateEvent {
    created_at: String,
    state: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LabelEvent {
    created_at: String,
    action: String,
    label: Option<LabelRef>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LabelRef {
    name: String,
}

pub(super) enum Kind {
    Issue,
    MergeRequest,
}

impl GitLab {
    /// The issues or merge requests updated since `since`, each with its events.
    pub(super) async fn issuables(
        &self,
        ctx: &PullContext,
        kind: Kind,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
    ) -> Result<(), ConnectorError> {
        let (path, phase) = match kind {
            Kind::Issue => ("/issues", "issues"),
            Kind::MergeRequest => ("/merge_requests", "merge requests"),
        };
        let params = [
            ("scope", "all"),
            ("state", "all"),
            ("order_by", "created_at"),
            ("sort", "asc"),
            ("per_page", "100"),
            ("pagination", "keyset"),
        ];
        let first = self.list_url(path, &params, since);
        let list: Vec<Issuable> = self.api.all_pages(ctx, first, phase).await?;
        let total = list.len() as u64;
        let events = |it: Issuable| async move {
            let rest = format!("{path}/{}", it.iid);
            let per_page = [("per_page", "100")];
            let url = self
                .api
                .url(&format!("{rest}/resource_state_events"), &per_page);
            let states: Vec<StateEvent> = self.api.all_pages(ctx, url, "").await?;
            let url = self
                .api
                .url(&format!("{rest}/resource_label_events"), &per_page);
            let labels: Vec<LabelEvent> = self.api.all_pages(ctx, url, "").await?;
            Ok::<_, ConnectorError>((it, states, labels))
        };
        let take = |(it, states, labels): (Issuable, Vec<StateEvent>, Vec<LabelEvent>)| {
            let updated = optional_time(it.updated_at.as_deref());
            tally.item(updated, self.issuable_item(&kind, it, states, labels))
        };
        let phase = format!("{phase} events");
        fetch_each(ctx, &self.api.http, (&phase, total), list, events, take).await?;
        Ok(())
    }

    /// The state a scoped label stands for: `workflow::in review` → `in review`.
    fn label_state(&self, name: &str) -> Option<String> {
        let (scope, value) = name.rsplit_once("::")?;
        (scope == self.scope && !value.trim().is_empty()).then(|| value.trim().to_string())
    }

    fn issuable_item(
        &self,
        kind: &Kind,
        it: Issuable,
        states: Vec<StateEvent>,
        labels: Vec<LabelEvent>,
    ) -> SourceItem {
        let is_mr = matches!(kind, Kind::MergeRequest);
        let created = optional_time(Some(&it.created_at));
        let opened = if !is_mr {
            "Open"
        } else if it.draft.or(it.work_in_progress) == Some(true) {
            "Draft"
        } else {
            "Ready for review"
        };
        let steps = self.steps(is_mr, states, labels);
        let artifact_type = if is_mr {
            "Merge request".to_string()
        } else {
            match it.issue_type.as_deref() {
                Some("incident") => "Incident".into(),
                Some("task") => "Task".into(),
                Some("test_case") => "Test case".into(),
                _ => "Issue".into(),
            }
        };
        SourceItem {
            key: format!("{}{}", if is_mr { "!" } else { "#" }, it.iid),
            title: it.title,
            artifact_type,
            created,
            link: it.web_url,
            changes: replay(created, opened, steps),
            links: Vec::new(),
        }
    }

    /// The state events and scoped-label events as steps of the replay, in time order (state
    /// events first within an instant).
    fn steps(
        &self,
        is_mr: bool,
        states: Vec<StateEvent>,
        labels: Vec<LabelEvent>,
    ) -> Vec<(DateTime<Utc>, Step)> {
        let mut events: Vec<(DateTime<Utc>, usize, Step)> = Vec::new();
        for (i, s) in states.into_iter().enumerate() {
            let to = match s.state.as_str() {
                "closed" if is_mr => "Abandoned",
                "closed" => "Closed",
                "reopened" if is_mr => "Ready for review",
                "reopened" => "Reopened",
                "merged" => "Merged",
                _ => continue,
            };
            if let Some(at) = optional_time(Some(&s.created_at)) {
                events.push((at, i, Step::State(to.into())));
            }
        }
        for (i, l) in labels.into_iter().enumerate() {
            let Some(name) = l.label.map(|l| l.name) else {
                continue;
            };
            if let (Some(at), Some(state)) =
                (optional_time(Some(&l.created_at)), self.label_state(&name))
            {
                let step = if l.action == "add" {
                    Step::LabelAdded(state)
                } else {
                    Step::LabelRemoved(state)
                };
                events.push((at, 10_000 + i, step));
            }
        }
        events.sort_by_key(|(at, order, _)| (*at, *order));
        events.into_iter().map(|(at, _, step)| (at, step)).collect()
    }
}
