//! GitHub issues and pull requests: the list, each one's timeline, and the timeline replayed
//! into state changes.

use super::labels::NOT_A_STATE_LABEL;
use super::GitHub;
use crate::connector::{PullContext, Skips, SourceItem};
use crate::error::ConnectorError;
use crate::forge::{replay_counting, Step};
use crate::web::{fetch_each, optional_time, query_time, Tally};
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Issue {
    number: u64,
    title: String,
    body: Option<String>,
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
            let item = self.issue_item(issue, events, &mut tally.skips);
            tally.item(updated, item)
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

    fn issue_item(
        &self,
        issue: Issue,
        timeline: Vec<TimelineEvent>,
        skips: &mut Skips,
    ) -> SourceItem {
        let is_pr = issue.pull_request.is_some();
        let created = optional_time(Some(&issue.created_at));
        let mut events: Vec<(DateTime<Utc>, usize, TimelineEvent)> = timeline
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let at = optional_time(e.created_at.as_deref().or(e.submitted_at.as_deref()));
                if at.is_none() {
                    skips.skip(&e.event, "the event gives no time");
                }
                Some((at?, i, e))
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
        let steps = self.steps(is_pr, events, skips);
        // A pull request's title and description tell the issues it closes and the keys it
        // mentions; an issue's, the keys only.
        let mut links =
            crate::mentions::request_links(&issue.title, issue.body.as_deref().unwrap_or_default());
        if !is_pr {
            links.retain(|l| l.kind == flowmap_core::LinkKind::Mentions);
        }
        SourceItem {
            key: format!("#{}", issue.number),
            title: issue.title,
            artifact_type: if is_pr { "Pull request" } else { "Issue" }.into(),
            created,
            link: issue.html_url,
            changes: replay_counting(created, opened, steps, skips),
            links,
        }
    }

    /// The timeline's events (in time order) as steps of the replay: the labels that are
    /// states (every label added is counted in `skips`, those that are no state as skipped),
    /// the states GitHub's own events enter, the activity that moves an open item, and every
    /// other event.
    fn steps(
        &self,
        is_pr: bool,
        events: Vec<(DateTime<Utc>, usize, TimelineEvent)>,
        skips: &mut Skips,
    ) -> Vec<(DateTime<Utc>, Step)> {
        let mut merged = false;
        let mut steps = Vec::new();
        for (at, _, e) in events {
            let label = e.label.as_ref().map(|l| l.name.clone());
            let step = match (e.event.as_str(), label) {
                ("labeled", Some(name)) => {
                    skips.label(&name);
                    if !self.labels.is_state(&name) {
                        skips.skip("labeled", NOT_A_STATE_LABEL);
                        continue;
                    }
                    Step::LabelAdded(name)
                }
                ("unlabeled", Some(name)) => {
                    if !self.labels.is_state(&name) {
                        skips.skip("unlabeled", NOT_A_STATE_LABEL);
                        continue;
                    }
                    Step::LabelRemoved(name)
                }
                _ => match own_state(&e, is_pr, &mut merged) {
                    Some(Move::State(s)) => Step::State(s.into()),
                    Some(Move::Activity(s)) => Step::Activity {
                        kind: e.event,
                        to: s.into(),
                    },
                    None => Step::Other { kind: e.event },
                },
            };
            steps.push((at, step));
        }
        steps
    }
}

/// What one of GitHub's own timeline events does.
enum Move {
    /// Enters a state of GitHub's own: closed, merged, reopened.
    State(&'static str),
    /// Moves an open item: reviews, review requests, drafts.
    Activity(&'static str),
}

/// What one of GitHub's own timeline events does, if anything; `merged` tells whether the
/// pull request was merged before (then its closing enters nothing).
fn own_state(e: &TimelineEvent, is_pr: bool, merged: &mut bool) -> Option<Move> {
    use Move::{Activity, State};
    Some(match e.event.as_str() {
        "closed" if *merged => return None,
        "closed" if is_pr => State("Abandoned"),
        "closed" if e.state_reason.as_deref() == Some("not_planned") => State("Canceled"),
        "closed" => State("Closed"),
        "reopened" if is_pr => State("Ready for review"),
        "reopened" => State("Reopened"),
        "merged" => {
            *merged = true;
            State("Merged")
        }
        "ready_for_review" => Activity("Ready for review"),
        "convert_to_draft" => Activity("Draft"),
        "review_requested" => Activity("Review requested"),
        "reviewed" => match e.state.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("approved") => Activity("Approved"),
            Some("changes_requested") => Activity("Changes requested"),
            Some("commented") => Activity("In review"),
            _ => return None,
        },
        _ => return None,
    })
}
