//! GitLab issues and merge requests: the lists, each one's state and label events, and the
//! events replayed into state changes.

use super::history::{self, draft_marker, Event};
use super::GitLab;
use crate::connector::{PullContext, Skips, SourceItem};
use crate::error::ConnectorError;
use crate::web::{fetch_each, optional_time, Tally};
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Issuable {
    iid: u64,
    title: String,
    description: Option<String>,
    created_at: String,
    updated_at: Option<String>,
    /// `opened`, `closed`, `merged` (`locked` for a merge request being merged).
    state: String,
    closed_at: Option<String>,
    merged_at: Option<String>,
    draft: Option<bool>,
    work_in_progress: Option<bool>,
    issue_type: Option<String>,
    /// `ISSUE`, `INCIDENT`, `TASK`…: what newer GitLab sends beside (and after) `issue_type`.
    #[serde(rename = "type")]
    kind: Option<String>,
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

#[derive(Deserialize, Default)]
#[serde(default)]
struct Note {
    created_at: String,
    body: String,
    system: bool,
}

pub(super) enum Kind {
    Issue,
    MergeRequest,
}

/// What is read of one issue or merge request.
struct Read {
    it: Issuable,
    states: Vec<StateEvent>,
    labels: Vec<LabelEvent>,
    notes: Vec<Note>,
}

impl GitLab {
    /// The issues or merge requests updated since `since`, each with its events (and a merge
    /// request's notes, for its draft markers); the events that move nothing are counted in
    /// `skips`.
    pub(super) async fn issuables(
        &self,
        ctx: &PullContext,
        kind: Kind,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
        skips: &mut Skips,
    ) -> Result<(), ConnectorError> {
        let is_mr = matches!(kind, Kind::MergeRequest);
        let (path, phase) = match kind {
            Kind::Issue => ("/issues", "issues"),
            Kind::MergeRequest => ("/merge_requests", "merge requests"),
        };
        let mut params = vec![
            ("scope", "all"),
            ("state", "all"),
            ("order_by", "created_at"),
            ("sort", "asc"),
            ("per_page", "100"),
        ];
        // Merge requests have no keyset pagination: they page by offset.
        if !is_mr {
            params.push(("pagination", "keyset"));
        }
        let first = self.list_url(path, &params, since);
        let list: Vec<Issuable> = match self.api.all_pages(ctx, first, phase).await {
            // A GitLab without keyset pagination for issues (before 18.x) refuses it with 405
            // "Keyset pagination is not yet available for this type of request": page by
            // offset there.
            Err(ConnectorError::Http { status: 405, .. }) if !is_mr => {
                params.retain(|(k, _)| *k != "pagination");
                let first = self.list_url(path, &params, since);
                self.api.all_pages(ctx, first, phase).await?
            }
            other => other?,
        };
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
            let notes: Vec<Note> = if is_mr {
                let params = [
                    ("sort", "asc"),
                    ("order_by", "created_at"),
                    ("per_page", "100"),
                ];
                let url = self.api.url(&format!("{rest}/notes"), &params);
                self.api.all_pages(ctx, url, "").await?
            } else {
                Vec::new()
            };
            Ok::<_, ConnectorError>(Read {
                it,
                states,
                labels,
                notes,
            })
        };
        let take = |read: Read| {
            let updated = optional_time(read.it.updated_at.as_deref());
            tally.item(updated, self.issuable_item(is_mr, read, skips))
        };
        let phase = format!("{phase} events");
        fetch_each(ctx, &self.api.http, (&phase, total), list, events, take).await?;
        Ok(())
    }

    fn issuable_item(&self, is_mr: bool, read: Read, skips: &mut Skips) -> SourceItem {
        let Read {
            it,
            states,
            labels,
            notes,
        } = read;
        let created = optional_time(Some(&it.created_at));
        let mut events: Vec<(DateTime<Utc>, Event)> = Vec::new();
        for s in states {
            if let Some(at) = optional_time(Some(&s.created_at)) {
                events.push((at, Event::State(s.state)));
            }
        }
        for l in labels {
            if let Some(at) = optional_time(Some(&l.created_at)) {
                let add = l.action == "add";
                events.push((
                    at,
                    Event::Label {
                        add,
                        label: l.label.map(|l| l.name),
                    },
                ));
            }
        }
        for n in notes {
            if let Some(at) = optional_time(Some(&n.created_at)) {
                let event = match draft_marker(&n.body).filter(|_| n.system) {
                    Some(d) => Event::Draft(d),
                    None => Event::Note { system: n.system },
                };
                events.push((at, event));
            }
        }
        let finished_at = match it.state.as_str() {
            "merged" => it.merged_at.as_deref().or(it.closed_at.as_deref()),
            _ => it.closed_at.as_deref(),
        };
        let facts = history::Issuable {
            is_mr,
            created,
            draft_now: it.draft.or(it.work_in_progress) == Some(true),
            state_now: it.state.clone(),
            finished_at: optional_time(finished_at),
        };
        let changes = history::changes(&facts, events, &self.labels, skips);
        let artifact_type = if is_mr {
            "Merge request".to_string()
        } else {
            let kind = it.issue_type.or(it.kind.map(|k| k.to_ascii_lowercase()));
            match kind.as_deref() {
                Some("incident") => "Incident".into(),
                Some("task") => "Task".into(),
                Some("test_case") => "Test case".into(),
                _ => "Issue".into(),
            }
        };
        // A merge request's title and description tell the issues it closes and the keys it
        // mentions; an issue's, the keys only.
        let mut links = crate::mentions::request_links(
            &it.title,
            it.description.as_deref().unwrap_or_default(),
        );
        if !is_mr {
            links.retain(|l| l.kind == flowmap_core::LinkKind::Mentions);
        }
        SourceItem {
            key: format!("{}{}", if is_mr { "!" } else { "#" }, it.iid),
            title: it.title,
            artifact_type,
            created,
            link: it.web_url,
            changes,
            links,
        }
    }
}
