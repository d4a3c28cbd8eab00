//! GitHub (github.com or Enterprise Server): issues and pull requests with their timelines,
//! Actions workflow runs, deployments.
//!
//! The query is `owner/repo`, optionally followed by options: `owner/repo?labels=status:` makes
//! only labels starting with `status:` states (by default every label is one), and
//! `parts=issues,pulls,runs,deployments` picks what to read (all by default).
//!
//! - Issues and pull requests: `GET /repos/{o}/{r}/issues?state=all&since=…` (pull requests are
//!   the issues with a `pull_request` member), then each one's
//!   `GET /repos/{o}/{r}/issues/{n}/timeline`. States: an issue starts `Open`; a pull request
//!   `Draft` or `Ready for review`. `labeled` enters the label (and `unlabeled` of the current
//!   one returns to the state before), `closed` enters `Closed` (`Canceled` when closed as not
//!   planned; a pull request closed unmerged `Abandoned`), `reopened` enters `Reopened`
//!   (`Ready for review` for a pull request), `merged` `Merged`, `ready_for_review`
//!   `Ready for review`, `convert_to_draft` `Draft`, `review_requested` `Review requested`,
//!   and a submitted review `Approved`, `Changes requested` or `In review`.
//! - Workflow runs: `GET /repos/{o}/{r}/actions/runs?created=>=…`: `Queued` at creation,
//!   `In progress` when started, then the conclusion (`Succeeded`, `Failed`, `Canceled`, …).
//! - Deployments: `GET /repos/{o}/{r}/deployments` (newest first, read back to the cursor) and
//!   each one's `statuses`.
//! - Pages follow the `Link` header; a token is sent as a bearer token; an exhausted rate limit
//!   (403 or 429 with `X-RateLimit-Remaining: 0`) waits for `X-RateLimit-Reset`.
//! - Cursor: the latest `updated_at` seen.

use crate::connector::{Connector, ItemSink, PullContext, Pulled, SourceItem, StateChange};
use crate::error::ConnectorError;
use crate::http::{Auth, HttpClient};
use crate::secret::Credential;
use crate::web::{base_url, endpoint, next_cursor, optional_time, since, split_query};
use chrono::{DateTime, SecondsFormat, Utc};
use flowmap_core::StateCategory;
use futures_util::future::LocalBoxFuture;
use futures_util::{stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

const HEADERS: &[(&str, &str)] = &[
    ("accept", "application/vnd.github+json"),
    ("x-github-api-version", "2022-11-28"),
];

/// A GitHub repository.
pub struct GitHub {
    base: Url,
    owner: String,
    repo: String,
    label_prefix: Option<String>,
    parts: Vec<String>,
    auth: Auth,
    http: HttpClient,
}

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

#[derive(Deserialize, Default)]
#[serde(default)]
struct Runs {
    total_count: Option<u64>,
    workflow_runs: Vec<Run>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Run {
    id: u64,
    name: Option<String>,
    run_number: Option<u64>,
    head_branch: Option<String>,
    status: Option<String>,
    conclusion: Option<String>,
    created_at: String,
    run_started_at: Option<String>,
    updated_at: Option<String>,
    html_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Deployment {
    id: u64,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    environment: Option<String>,
    created_at: String,
    updated_at: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DeploymentStatus {
    state: String,
    created_at: String,
}

impl GitHub {
    pub fn new(
        url: &str,
        query: Option<&str>,
        credential: Option<Credential>,
        http: HttpClient,
    ) -> Result<Self, ConnectorError> {
        let base = base_url(url, "the GitHub API")?;
        let (path, options) = split_query(query.unwrap_or_default());
        let (owner, repo) = path
            .split_once('/')
            .filter(|(o, r)| !o.is_empty() && !r.is_empty() && !r.contains('/'))
            .ok_or_else(|| {
                ConnectorError::InvalidConfig(format!(
                    "a GitHub source needs --query owner/repo (got {:?})",
                    query.unwrap_or_default()
                ))
            })?;
        let mut label_prefix = None;
        let mut parts: Vec<String> = ["issues", "pulls", "runs", "deployments"]
            .map(String::from)
            .to_vec();
        for (k, v) in options {
            match k.as_str() {
                "labels" => label_prefix = Some(v),
                "parts" => {
                    parts = v.split(',').map(|p| p.trim().to_string()).collect();
                    if let Some(bad) = parts
                        .iter()
                        .find(|p| !["issues", "pulls", "runs", "deployments"].contains(&p.as_str()))
                    {
                        return Err(ConnectorError::InvalidConfig(format!(
                            "unknown GitHub part {bad:?}: expected issues, pulls, runs or deployments"
                        )));
                    }
                }
                other => {
                    return Err(ConnectorError::InvalidConfig(format!(
                        "unknown GitHub query option {other:?}: expected labels or parts"
                    )))
                }
            }
        }
        Ok(GitHub {
            base,
            owner: owner.to_string(),
            repo: repo.to_string(),
            label_prefix,
            parts,
            auth: credential
                .map(|c| Auth::Bearer(c.token))
                .unwrap_or_default(),
            http,
        })
    }

    fn wants(&self, part: &str) -> bool {
        self.parts.iter().any(|p| p == part)
    }

    fn repo_path(&self, rest: &str) -> String {
        format!("/repos/{}/{}{rest}", self.owner, self.repo)
    }

    /// Every page of a list, following `Link: rel="next"`.
    async fn all_pages<T: DeserializeOwned>(
        &self,
        ctx: &PullContext,
        first: Url,
        phase: &str,
    ) -> Result<Vec<T>, ConnectorError> {
        let mut out = Vec::new();
        let mut next = Some(first);
        while let Some(url) = next {
            let page = self
                .http
                .get_json::<Vec<T>>(ctx, &url, &self.auth, HEADERS)
                .await?;
            out.extend(page.body);
            if !phase.is_empty() {
                ctx.report(phase, out.len() as u64, None);
            }
            next = page.next;
        }
        Ok(out)
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
        let mut changes: Vec<StateChange> = Vec::new();
        let mut base_state = opened.to_string();
        let mut merged = false;
        let push = |changes: &mut Vec<StateChange>, at: DateTime<Utc>, to: String| {
            let from = changes.last().map(|c: &StateChange| c.to.clone());
            if from.as_deref() != Some(to.as_str()) {
                changes.push(StateChange { at, from, to });
            }
        };
        if let Some(at) = created {
            push(&mut changes, at, opened.to_string());
        }
        for (at, _, e) in events {
            let current = changes.last().map(|c| c.to.clone());
            let next: Option<String> = match e.event.as_str() {
                "labeled" => e.label.map(|l| l.name).filter(|n| self.is_state_label(n)),
                "unlabeled" => e
                    .label
                    .map(|l| l.name)
                    .filter(|n| current.as_deref() == Some(n.as_str()))
                    .map(|_| base_state.clone()),
                "closed" if merged => None,
                "closed" if is_pr => Some("Abandoned".into()),
                "closed" if e.state_reason.as_deref() == Some("not_planned") => {
                    Some("Canceled".into())
                }
                "closed" => Some("Closed".into()),
                "reopened" if is_pr => Some("Ready for review".into()),
                "reopened" => Some("Reopened".into()),
                "merged" => {
                    merged = true;
                    Some("Merged".into())
                }
                "ready_for_review" => Some("Ready for review".into()),
                "convert_to_draft" => Some("Draft".into()),
                "review_requested" => Some("Review requested".into()),
                "reviewed" => match e.state.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    Some("approved") => Some("Approved".into()),
                    Some("changes_requested") => Some("Changes requested".into()),
                    Some("commented") => Some("In review".into()),
                    _ => None,
                },
                _ => None,
            };
            if let Some(to) = next {
                if e.event != "labeled" && e.event != "unlabeled" {
                    base_state = to.clone();
                }
                push(&mut changes, at, to);
            }
        }
        SourceItem {
            key: format!("#{}", issue.number),
            title: issue.title,
            artifact_type: if is_pr { "Pull request" } else { "Issue" }.into(),
            created,
            link: issue.html_url,
            changes,
        }
    }

    async fn issues(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        sink: &mut dyn ItemSink,
        latest: &mut Option<DateTime<Utc>>,
    ) -> Result<u64, ConnectorError> {
        let since_text = since.map(|s| s.to_rfc3339_opts(SecondsFormat::Secs, true));
        let mut params = vec![
            ("state", "all"),
            ("sort", "created"),
            ("direction", "asc"),
            ("per_page", "100"),
        ];
        if let Some(s) = &since_text {
            params.push(("since", s.as_str()));
        }
        let url = endpoint(&self.base, &self.repo_path("/issues"), &params);
        let issues: Vec<Issue> = self
            .all_pages::<Issue>(ctx, url, "issues")
            .await?
            .into_iter()
            .filter(|i| {
                if i.pull_request.is_some() {
                    self.wants("pulls")
                } else {
                    self.wants("issues")
                }
            })
            .collect();
        let total = issues.len() as u64;
        let concurrency = self.http.options().concurrency.max(1);
        let mut done = 0u64;
        let mut timelines = stream::iter(issues.into_iter().map(|issue| async move {
            let url = endpoint(
                &self.base,
                &self.repo_path(&format!("/issues/{}/timeline", issue.number)),
                &[("per_page", "100")],
            );
            let events = self.all_pages::<TimelineEvent>(ctx, url, "").await?;
            Ok::<_, ConnectorError>((issue, events))
        }))
        .buffered(concurrency);
        while let Some((issue, events)) = timelines.try_next().await? {
            if let Some(u) = optional_time(issue.updated_at.as_deref()) {
                *latest = Some(latest.map_or(u, |l| l.max(u)));
            }
            sink.item(self.issue_item(issue, events))?;
            done += 1;
            ctx.report("timelines", done, Some(total));
        }
        Ok(done)
    }

    async fn runs(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        sink: &mut dyn ItemSink,
        latest: &mut Option<DateTime<Utc>>,
    ) -> Result<u64, ConnectorError> {
        let created = since.map(|s| format!(">={}", s.to_rfc3339_opts(SecondsFormat::Secs, true)));
        let mut params = vec![("per_page", "100")];
        if let Some(c) = &created {
            params.push(("created", c.as_str()));
        }
        let mut next = Some(endpoint(
            &self.base,
            &self.repo_path("/actions/runs"),
            &params,
        ));
        let mut count = 0u64;
        while let Some(url) = next {
            let page = self
                .http
                .get_json::<Runs>(ctx, &url, &self.auth, HEADERS)
                .await?;
            for run in page.body.workflow_runs {
                if let Some(u) = optional_time(run.updated_at.as_deref()) {
                    *latest = Some(latest.map_or(u, |l| l.max(u)));
                }
                sink.item(run_item(run))?;
                count += 1;
            }
            ctx.report("workflow runs", count, page.body.total_count);
            next = page.next;
        }
        Ok(count)
    }

    async fn deployments(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        sink: &mut dyn ItemSink,
        latest: &mut Option<DateTime<Utc>>,
    ) -> Result<u64, ConnectorError> {
        // Newest first; stop at the first page that lies wholly before the cursor.
        let mut next = Some(endpoint(
            &self.base,
            &self.repo_path("/deployments"),
            &[("per_page", "100")],
        ));
        let mut wanted = Vec::new();
        while let Some(url) = next {
            let page = self
                .http
                .get_json::<Vec<Deployment>>(ctx, &url, &self.auth, HEADERS)
                .await?;
            let mut any_recent = false;
            for d in page.body {
                let updated = optional_time(d.updated_at.as_deref().or(Some(&d.created_at)));
                let recent = match (since, updated) {
                    (Some(s), Some(u)) => u >= s,
                    _ => true,
                };
                if recent {
                    any_recent = true;
                    wanted.push(d);
                }
            }
            ctx.report("deployments", wanted.len() as u64, None);
            next = if any_recent { page.next } else { None };
        }
        let total = wanted.len() as u64;
        let concurrency = self.http.options().concurrency.max(1);
        let mut with_statuses = stream::iter(wanted.into_iter().map(|d| async move {
            let url = endpoint(
                &self.base,
                &self.repo_path(&format!("/deployments/{}/statuses", d.id)),
                &[("per_page", "100")],
            );
            let statuses = self.all_pages::<DeploymentStatus>(ctx, url, "").await?;
            Ok::<_, ConnectorError>((d, statuses))
        }))
        .buffered(concurrency);
        let mut count = 0u64;
        while let Some((d, statuses)) = with_statuses.try_next().await? {
            if let Some(u) = optional_time(d.updated_at.as_deref()) {
                *latest = Some(latest.map_or(u, |l| l.max(u)));
            }
            sink.item(deployment_item(d, statuses))?;
            count += 1;
            ctx.report("deployment statuses", count, Some(total));
        }
        Ok(count)
    }
}

fn run_item(run: Run) -> SourceItem {
    let created = optional_time(Some(&run.created_at));
    let mut changes = Vec::new();
    if let Some(at) = created {
        changes.push(StateChange {
            at,
            from: None,
            to: "Queued".into(),
        });
    }
    if let Some(at) = optional_time(run.run_started_at.as_deref()) {
        if Some(at) > created || created.is_none() {
            changes.push(StateChange {
                at,
                from: changes.last().map(|c: &StateChange| c.to.clone()),
                to: "In progress".into(),
            });
        }
    }
    if run.status.as_deref() == Some("completed") {
        if let Some(at) = optional_time(run.updated_at.as_deref()) {
            let to = match run.conclusion.as_deref() {
                Some("success") => "Succeeded",
                Some("failure") => "Failed",
                Some("cancelled") => "Canceled",
                Some("skipped") => "Skipped",
                Some("timed_out") => "Timed out",
                Some("action_required") => "Action required",
                Some("neutral") => "Neutral",
                Some("stale") => "Stale",
                _ => "Completed",
            };
            changes.push(StateChange {
                at,
                from: changes.last().map(|c: &StateChange| c.to.clone()),
                to: to.into(),
            });
        }
    }
    let name = run.name.unwrap_or_else(|| "Workflow".into());
    let mut title = match run.run_number {
        Some(n) => format!("{name} #{n}"),
        None => name,
    };
    if let Some(b) = run.head_branch {
        title.push_str(&format!(" ({b})"));
    }
    SourceItem {
        key: format!("run {}", run.id),
        title,
        artifact_type: "Workflow run".into(),
        created,
        link: run.html_url,
        changes,
    }
}

fn deployment_item(d: Deployment, mut statuses: Vec<DeploymentStatus>) -> SourceItem {
    let created = optional_time(Some(&d.created_at));
    let mut changes: Vec<StateChange> = Vec::new();
    if let Some(at) = created {
        changes.push(StateChange {
            at,
            from: None,
            to: "Pending".into(),
        });
    }
    statuses.sort_by_key(|s| optional_time(Some(&s.created_at)));
    for s in statuses {
        let to = match s.state.as_str() {
            "queued" => "Queued",
            "pending" => "Pending",
            "in_progress" => "Deploying",
            "success" => "Deployed",
            "failure" | "error" => "Failed",
            _ => continue, // inactive: superseded by a later deployment, not a step of this one
        };
        if let Some(at) = optional_time(Some(&s.created_at)) {
            let from = changes.last().map(|c| c.to.clone());
            if from.as_deref() != Some(to) {
                changes.push(StateChange {
                    at,
                    from,
                    to: to.into(),
                });
            }
        }
    }
    SourceItem {
        key: format!("deployment {}", d.id),
        title: format!(
            "{}: {}",
            d.environment.unwrap_or_else(|| "deployment".into()),
            d.git_ref.unwrap_or_default()
        ),
        artifact_type: "Deployment".into(),
        created,
        link: None,
        changes,
    }
}

/// What GitHub's own states mean, for the first proposal of the mapping.
fn github_categories() -> Vec<(String, StateCategory)> {
    use StateCategory::*;
    [
        ("Open", New),
        ("Draft", Active),
        ("Ready for review", Waiting),
        ("Review requested", Waiting),
        ("In review", Active),
        ("Changes requested", Active),
        ("Approved", Waiting),
        ("Merged", Done),
        ("Closed", Done),
        ("Canceled", Canceled),
        ("Abandoned", Canceled),
        ("Reopened", Active),
        ("Queued", Waiting),
        ("In progress", Active),
        ("Succeeded", Done),
        ("Failed", Canceled),
        ("Skipped", Canceled),
        ("Timed out", Canceled),
        ("Pending", Waiting),
        ("Deploying", Active),
        ("Deployed", Done),
    ]
    .into_iter()
    .map(|(s, c)| (s.to_string(), c))
    .collect()
}

impl Connector for GitHub {
    fn describe(&self) -> String {
        format!("GitHub {}/{} at {}", self.owner, self.repo, self.base)
    }

    fn pull<'a>(
        &'a self,
        ctx: &'a PullContext,
        cursor: Option<&'a str>,
        sink: &'a mut dyn ItemSink,
    ) -> LocalBoxFuture<'a, Result<Pulled, ConnectorError>> {
        Box::pin(async move {
            let since = since(cursor);
            let mut latest = None;
            let mut items = 0;
            if self.wants("issues") || self.wants("pulls") {
                items += self.issues(ctx, since, sink, &mut latest).await?;
            }
            if self.wants("runs") {
                items += self.runs(ctx, since, sink, &mut latest).await?;
            }
            if self.wants("deployments") {
                items += self.deployments(ctx, since, sink, &mut latest).await?;
            }
            Ok(Pulled {
                items,
                records: items,
                cursor: next_cursor(latest, cursor),
                state_categories: github_categories(),
                notices: Vec::new(),
            })
        })
    }
}
