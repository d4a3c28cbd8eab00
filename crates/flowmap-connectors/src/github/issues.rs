//! GitHub issues and pull requests: the list, each one's timeline, and the timeline replayed
//! into state changes.

use super::GitHub;
use crate::connector::{PullContext, SourceItem};
use crate::error::ConnectorError;
use crate::forge::{replay, Step};
use crate::web::{fetch_each, optional_time, query_time, Tally};
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Issue {
    number: u64,
    title: String,
    created_at: String,
    updated_at: Option<String>,
    draft: Option<bool>,
    pull_request: Option<serde_json::Value>,
    html_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TimelineEvent {
    event: String,
    created_at: Option<String>,
    submitted_at: Option<String>,
    state: Option<String>,
    state_reason: Option<String>,
    label: Option<Label>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Label {
    name: String,
}

impl GitHub {
    /// The issues and pull requests (those the parts ask for) changed since `since`, each with
    /// its timeline.
    pub(super) async fn issues(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
    ) -> Result<(), ConnectorError> {
        let since_text = since.map(query_time);
        let mut params = vec![
            ("state", "all"),
            ("sort", "created"),
            ("direction", "asc"),
            ("per_page", "100"),
        ];
        if let Some(s) = &since_text {
            params.push(("since", s.as_str()));
        }
        let url = self.api.url("/issues", &params);
        let issues: Vec<Issue> = self
            .api
            .all_pages::<Issue>(ctx, url, "issues")
            .await?
            .into_iter()
            .filter(|i| {
                if i.pull_request.is_some() {
                    self.parts.wants("pulls")
                } else {
                    self.parts.wants("issues")
                }
            })
            .collect();
        let total = issues.len() as u64;
        let timeline = |issue: Issue| async move {
            let rest = format!("/issues/{}/timeline", issue.number);
            let url = self.api.url(&rest, &[("per_page", "100")]);
            let events = self.api.all_pages::<TimelineEvent>(ctx, url, "").await?;
            Ok::<_, ConnectorError>((issue, events))
        };
        let take = |(issue, events): (Issue, Vec<TimelineEvent>)| {
            let updated = optional_time(issue.updated_at.as_deref());
            tally.item(updated, self.issue_item(issue, events))
        };
        fetch_each(
            ctx,
            &self.api.http,
            ("timelines", total),
            issues,
            timeline,
            take,
        )
        .await?;
        Ok(())
    }

    fn is_state_label(&self, name: &str) -> bool {
        match &self.label_prefix {
            Some(p) => name.starts_with(p.as_str()),
            None => true,
        }
    }

    fn issue_item(&self, issue: Issue, timeline: Vec<TimelineEvent>) -> SourceItem {
        let is_pr = issue.pull_request.is_some();
        let created = optional_time(Some(&issue.created_at));
        let mut events: Vec<(DateTime<Utc>, usize, TimelineEvent)> = timeline
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let at = optional_time(e.created_at.as_deref().or(e.submitted_at.as_deref()))?;
                Some((at, i, e))
            })
            .collect();
        events.sort_by_key(|(at, i, _)| (*at, *i));
        let first_draft_event = events
            .iter()
            .find(|(_, _, e)| e.event == "ready_for_review" || e.event == "convert_to_draft");
        let opened = if !is_pr {
            "Open"
        } else {
            let created_draft = match first_draft_event {
                Some((_, _, e)) => e.event == "ready_for_review",
                None => issue.draft == Some(true),
            };
            if created_draft {
                "Draft"
            } else {
                "Ready for review"
            }
        };
        let steps = self.steps(is_pr, events);
        SourceItem {
            key: format!("#{}", issue.number),
            title: issue.title,
            artifact_type: if is_pr { "Pull request" } else { "Issue" }.into(),
            created,
            link: issue.html_url,
            changes: replay(created, opened, steps),
            links: Vec::new(),
        }
    }

    /// The timeline's events (in time order) as steps of the replay: the labels that are
    /// states, and the states GitHub's own events enter.
    fn steps(
        &self,
        is_pr: bool,
        events: Vec<(DateTime<Utc>, usize, TimelineEvent)>,
    ) -> Vec<(DateTime<Utc>, Step)> {
        let mut merged = false;
        events
            .into_iter()
            .filter_map(|(at, _, e)| {
                let step = match e.event.as_str() {
                    "labeled" => Step::LabelAdded(
                        e.label.map(|l| l.name).filter(|n| self.is_state_label(n))?,
                    ),
                    "unlabeled" => Step::LabelRemoved(e.label?.name),
                    _ => Step::State(own_state(&e, is_pr, &mut merged)?.into()),
                };
                Some((at, step))
            })
            .collect()
    }
}

/// The state one of GitHub's own timeline events enters, if any; `merged` tells whether the
/// pull request was merged before (then its closing enters nothing).
fn own_state(e: &TimelineEvent, is_pr: bool, merged: &mut bool) -> Option<&'static str> {
    Some(match e.event.as_str() {
        "closed" if *merged => return None,
        "closed" if is_pr => "Abandoned",
        "closed" if e.state_reason.as_deref() == Some("not_planned") => "Canceled",
        "closed" => "Closed",
        "reopened" if is_pr => "Ready for review",
        "reopened" => "Reopened",
        "merged" => {
            *merged = true;
            "Merged"
        }
        "ready_for_review" => "Ready for review",
        "convert_to_draft" => "Draft",
        "review_requested" => "Review requested",
        "reviewed" => match e.state.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("approved") => "Approved",
            Some("changes_requested") => "Changes requested",
            Some("commented") => "In review",
            _ => return None,
        },
        _ => return None,
    })
}
