//! GitLab (gitlab.com or self-managed): issues and merge requests with their state and label
//! events, pipelines, deployments.
//!
//! The query is the project's path (`group/project`) or numeric id, optionally followed by
//! options: `?scope=workflow` names the scope of the scoped labels that are states (default
//! `workflow`, so `workflow::in review` enters the state `in review`), and
//! `parts=issues,merge_requests,pipelines,deployments` picks what to read (all by default).
//!
//! - Issues and merge requests: `GET /api/v4/projects/{id}/issues` and `…/merge_requests`
//!   (`updated_after` for an incremental pull), then each one's `resource_state_events`
//!   (`closed`, `reopened`, `merged`) and `resource_label_events` (`add`/`remove` of a scoped
//!   label). An issue starts `Open`; a merge request `Draft` or `Ready for review`.
//! - Pipelines: `GET …/pipelines` and each one's details: `Created`, `Running` when started,
//!   then its status (`Succeeded`, `Failed`, `Canceled`, …) when finished.
//! - Deployments: `GET …/deployments?order_by=updated_at`: `Created`, `Running`, then
//!   `Deployed`, `Failed` or `Canceled`.
//! - Pages: keyset pagination where GitLab offers it (`pagination=keyset`), offset pagination
//!   elsewhere; both followed through the `Link` header, or `X-Next-Page` when it is missing.
//!   The token goes in `PRIVATE-TOKEN`.
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

const PARTS: [&str; 4] = ["issues", "merge_requests", "pipelines", "deployments"];

/// A GitLab project.
pub struct GitLab {
    base: Url,
    project: String,
    scope: String,
    parts: Vec<String>,
    auth: Auth,
    http: HttpClient,
}

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

#[derive(Deserialize, Default)]
#[serde(default)]
struct Pipeline {
    id: u64,
    iid: Option<u64>,
    status: String,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    created_at: String,
    updated_at: Option<String>,
    started_at: Option<String>,
    finished_at: Option<String>,
    web_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Deployment {
    id: u64,
    iid: Option<u64>,
    #[serde(rename = "ref")]
    git_ref: Option<String>,
    status: String,
    created_at: String,
    updated_at: Option<String>,
    environment: Option<Environment>,
    deployable: Option<Deployable>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Environment {
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Deployable {
    started_at: Option<String>,
    finished_at: Option<String>,
}

enum Kind {
    Issue,
    MergeRequest,
}

/// A state event or a scoped-label event, in time order (state events first within an instant).
struct Event {
    at: DateTime<Utc>,
    order: usize,
    state: Option<String>,
    /// Added (true) or removed, and the state the label stands for.
    label: Option<(bool, String)>,
}

impl GitLab {
    pub fn new(
        url: &str,
        query: Option<&str>,
        credential: Option<Credential>,
        http: HttpClient,
    ) -> Result<Self, ConnectorError> {
        let base = base_url(url, "the GitLab")?;
        let (project, options) = split_query(query.unwrap_or_default());
        if project.is_empty() {
            return Err(ConnectorError::InvalidConfig(
                "a GitLab source needs --query with the project's path (group/project) or id"
                    .into(),
            ));
        }
        let mut scope = "workflow".to_string();
        let mut parts: Vec<String> = PARTS.map(String::from).to_vec();
        for (k, v) in options {
            match k.as_str() {
                "scope" => scope = v.trim_end_matches(':').to_string(),
                "parts" => {
                    parts = v.split(',').map(|p| p.trim().to_string()).collect();
                    if let Some(bad) = parts.iter().find(|p| !PARTS.contains(&p.as_str())) {
                        return Err(ConnectorError::InvalidConfig(format!(
                            "unknown GitLab part {bad:?}: expected issues, merge_requests, pipelines or deployments"
                        )));
                    }
                }
                other => {
                    return Err(ConnectorError::InvalidConfig(format!(
                        "unknown GitLab query option {other:?}: expected scope or parts"
                    )))
                }
            }
        }
        Ok(GitLab {
            base,
            project,
            scope,
            parts,
            auth: credential
                .map(|c| Auth::Header {
                    name: "private-token",
                    value: c.token,
                })
                .unwrap_or_default(),
            http,
        })
    }

    fn wants(&self, part: &str) -> bool {
        self.parts.iter().any(|p| p == part)
    }

    fn project_path(&self, rest: &str) -> String {
        let id: String = url::form_urlencoded::byte_serialize(self.project.as_bytes()).collect();
        format!("/api/v4/projects/{id}{rest}")
    }

    fn url(&self, rest: &str, params: &[(&str, &str)]) -> Url {
        endpoint(&self.base, &self.project_path(rest), params)
    }

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
                .get_json::<Vec<T>>(ctx, &url, &self.auth, &[])
                .await?;
            let total = page.header("x-total").and_then(|t| t.parse().ok());
            next = page.next.clone().or_else(|| {
                let n = page
                    .header("x-next-page")
                    .filter(|n| !n.trim().is_empty())?;
                let mut u = url.clone();
                let pairs: Vec<(String, String)> = url
                    .query_pairs()
                    .filter(|(k, _)| k != "page")
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                u.query_pairs_mut()
                    .clear()
                    .extend_pairs(pairs)
                    .append_pair("page", n.trim());
                Some(u)
            });
            if page.body.is_empty() {
                next = None;
            }
            out.extend(page.body);
            if !phase.is_empty() {
                ctx.report(phase, out.len() as u64, total);
            }
        }
        Ok(out)
    }

    /// The state a scoped label stands for: `workflow::in review` → `in review`.
    fn label_state(&self, name: &str) -> Option<String> {
        let (scope, value) = name.rsplit_once("::")?;
        (scope == self.scope && !value.trim().is_empty()).then(|| value.trim().to_string())
    }

    async fn issuables(
        &self,
        ctx: &PullContext,
        kind: Kind,
        since: Option<DateTime<Utc>>,
        sink: &mut dyn ItemSink,
        latest: &mut Option<DateTime<Utc>>,
    ) -> Result<u64, ConnectorError> {
        let (path, phase) = match kind {
            Kind::Issue => ("/issues", "issues"),
            Kind::MergeRequest => ("/merge_requests", "merge requests"),
        };
        let since_text = since.map(|s| s.to_rfc3339_opts(SecondsFormat::Secs, true));
        let mut params = vec![
            ("scope", "all"),
            ("state", "all"),
            ("order_by", "created_at"),
            ("sort", "asc"),
            ("per_page", "100"),
            ("pagination", "keyset"),
        ];
        if let Some(s) = &since_text {
            params.push(("updated_after", s.as_str()));
        }
        let list: Vec<Issuable> = self.all_pages(ctx, self.url(path, &params), phase).await?;
        let total = list.len() as u64;
        let concurrency = self.http.options().concurrency.max(1);
        let mut with_events = stream::iter(list.into_iter().map(|it| async move {
            let rest = format!("{path}/{}", it.iid);
            let states: Vec<StateEvent> = self
                .all_pages(
                    ctx,
                    self.url(
                        &format!("{rest}/resource_state_events"),
                        &[("per_page", "100")],
                    ),
                    "",
                )
                .await?;
            let labels: Vec<LabelEvent> = self
                .all_pages(
                    ctx,
                    self.url(
                        &format!("{rest}/resource_label_events"),
                        &[("per_page", "100")],
                    ),
                    "",
                )
                .await?;
            Ok::<_, ConnectorError>((it, states, labels))
        }))
        .buffered(concurrency);
        let mut count = 0u64;
        while let Some((it, states, labels)) = with_events.try_next().await? {
            if let Some(u) = optional_time(it.updated_at.as_deref()) {
                *latest = Some(latest.map_or(u, |l| l.max(u)));
            }
            sink.item(self.issuable_item(&kind, it, states, labels))?;
            count += 1;
            ctx.report(&format!("{phase} events"), count, Some(total));
        }
        Ok(count)
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
        let mut events: Vec<Event> = Vec::new();
        for (i, s) in states.into_iter().enumerate() {
            if let Some(at) = optional_time(Some(&s.created_at)) {
                events.push(Event {
                    at,
                    order: i,
                    state: Some(s.state),
                    label: None,
                });
            }
        }
        for (i, l) in labels.into_iter().enumerate() {
            let Some(name) = l.label.map(|l| l.name) else {
                continue;
            };
            if let (Some(at), Some(state)) =
                (optional_time(Some(&l.created_at)), self.label_state(&name))
            {
                events.push(Event {
                    at,
                    order: 10_000 + i,
                    state: None,
                    label: Some((l.action == "add", state)),
                });
            }
        }
        events.sort_by_key(|e| (e.at, e.order));
        let mut changes: Vec<StateChange> = Vec::new();
        let mut base = opened.to_string();
        let push = |changes: &mut Vec<StateChange>, at, to: String| {
            let from = changes.last().map(|c: &StateChange| c.to.clone());
            if from.as_deref() != Some(to.as_str()) {
                changes.push(StateChange { at, from, to });
            }
        };
        if let Some(at) = created {
            push(&mut changes, at, opened.to_string());
        }
        for Event {
            at, state, label, ..
        } in events
        {
            let current = changes.last().map(|c| c.to.clone());
            let next = match (state.as_deref(), label) {
                (Some("closed"), _) if is_mr => Some("Abandoned".to_string()),
                (Some("closed"), _) => Some("Closed".into()),
                (Some("reopened"), _) if is_mr => Some("Ready for review".into()),
                (Some("reopened"), _) => Some("Reopened".into()),
                (Some("merged"), _) => Some("Merged".into()),
                (Some(_), _) => None,
                (None, Some((true, s))) => Some(s),
                (None, Some((false, s))) if current.as_deref() == Some(s.as_str()) => {
                    Some(base.clone())
                }
                _ => None,
            };
            if let Some(to) = next {
                if state.is_some() {
                    base = to.clone();
                }
                push(&mut changes, at, to);
            }
        }
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
            changes,
        }
    }

    async fn pipelines(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        sink: &mut dyn ItemSink,
        latest: &mut Option<DateTime<Utc>>,
    ) -> Result<u64, ConnectorError> {
        let since_text = since.map(|s| s.to_rfc3339_opts(SecondsFormat::Secs, true));
        let mut params = vec![("order_by", "id"), ("sort", "asc"), ("per_page", "100")];
        if let Some(s) = &since_text {
            params.push(("updated_after", s.as_str()));
        }
        let list: Vec<Pipeline> = self
            .all_pages(ctx, self.url("/pipelines", &params), "pipelines")
            .await?;
        let total = list.len() as u64;
        let concurrency = self.http.options().concurrency.max(1);
        let mut details = stream::iter(list.into_iter().map(|p| async move {
            let url = self.url(&format!("/pipelines/{}", p.id), &[]);
            let d = self
                .http
                .get_json::<Pipeline>(ctx, &url, &self.auth, &[])
                .await?
                .body;
            Ok::<_, ConnectorError>(d)
        }))
        .buffered(concurrency);
        let mut count = 0u64;
        while let Some(p) = details.try_next().await? {
            if let Some(u) = optional_time(p.updated_at.as_deref()) {
                *latest = Some(latest.map_or(u, |l| l.max(u)));
            }
            sink.item(pipeline_item(p))?;
            count += 1;
            ctx.report("pipeline details", count, Some(total));
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
        let since_text = since.map(|s| s.to_rfc3339_opts(SecondsFormat::Secs, true));
        let mut params = vec![
            ("order_by", "updated_at"),
            ("sort", "asc"),
            ("per_page", "100"),
        ];
        if let Some(s) = &since_text {
            params.push(("updated_after", s.as_str()));
        }
        let list: Vec<Deployment> = self
            .all_pages(ctx, self.url("/deployments", &params), "deployments")
            .await?;
        let mut count = 0;
        for d in list {
            if let Some(u) = optional_time(d.updated_at.as_deref()) {
                *latest = Some(latest.map_or(u, |l| l.max(u)));
            }
            sink.item(deployment_item(d))?;
            count += 1;
        }
        Ok(count)
    }
}

fn push_change(changes: &mut Vec<StateChange>, at: Option<DateTime<Utc>>, to: &str) {
    let Some(at) = at else { return };
    let from = changes.last().map(|c| c.to.clone());
    if from.as_deref() != Some(to) {
        changes.push(StateChange {
            at,
            from,
            to: to.to_string(),
        });
    }
}

fn finished_state(status: &str) -> Option<&'static str> {
    Some(match status {
        "success" => "Succeeded",
        "failed" => "Failed",
        "canceled" | "cancelled" => "Canceled",
        "skipped" => "Skipped",
        _ => return None,
    })
}

fn pipeline_item(p: Pipeline) -> SourceItem {
    let created = optional_time(Some(&p.created_at));
    let mut changes = Vec::new();
    push_change(&mut changes, created, "Created");
    push_change(
        &mut changes,
        optional_time(p.started_at.as_deref()),
        "Running",
    );
    match (finished_state(&p.status), p.status.as_str()) {
        (Some(s), _) => push_change(&mut changes, optional_time(p.finished_at.as_deref()), s),
        (None, "manual") => push_change(
            &mut changes,
            optional_time(p.updated_at.as_deref()),
            "Manual",
        ),
        _ => {}
    }
    SourceItem {
        key: format!("pipeline {}", p.id),
        title: format!(
            "Pipeline #{} ({})",
            p.iid.unwrap_or(p.id),
            p.git_ref.unwrap_or_default()
        ),
        artifact_type: "Pipeline".into(),
        created,
        link: p.web_url,
        changes,
    }
}

fn deployment_item(d: Deployment) -> SourceItem {
    let created = optional_time(Some(&d.created_at));
    let mut changes = Vec::new();
    push_change(&mut changes, created, "Created");
    let (started, finished) = d
        .deployable
        .map(|x| (x.started_at, x.finished_at))
        .unwrap_or_default();
    push_change(&mut changes, optional_time(started.as_deref()), "Running");
    let end = match d.status.as_str() {
        "success" => Some("Deployed"),
        "failed" => Some("Failed"),
        "canceled" => Some("Canceled"),
        _ => None,
    };
    if let Some(s) = end {
        let at = optional_time(finished.as_deref()).or(optional_time(d.updated_at.as_deref()));
        push_change(&mut changes, at, s);
    }
    SourceItem {
        key: format!("deployment {}", d.id),
        title: format!(
            "{} #{}: {}",
            d.environment
                .map(|e| e.name)
                .unwrap_or_else(|| "deployment".into()),
            d.iid.unwrap_or(d.id),
            d.git_ref.unwrap_or_default()
        ),
        artifact_type: "Deployment".into(),
        created,
        link: None,
        changes,
    }
}

fn gitlab_categories() -> Vec<(String, StateCategory)> {
    use StateCategory::*;
    [
        ("Open", New),
        ("Draft", Active),
        ("Ready for review", Waiting),
        ("Merged", Done),
        ("Closed", Done),
        ("Abandoned", Canceled),
        ("Reopened", Active),
        ("Created", Waiting),
        ("Running", Active),
        ("Manual", Waiting),
        ("Succeeded", Done),
        ("Failed", Canceled),
        ("Skipped", Canceled),
        ("Deployed", Done),
    ]
    .into_iter()
    .map(|(s, c)| (s.to_string(), c))
    .collect()
}

impl Connector for GitLab {
    fn describe(&self) -> String {
        format!("GitLab {} at {}", self.project, self.base)
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
            if self.wants("issues") {
                items += self
                    .issuables(ctx, Kind::Issue, since, sink, &mut latest)
                    .await?;
            }
            if self.wants("merge_requests") {
                items += self
                    .issuables(ctx, Kind::MergeRequest, since, sink, &mut latest)
                    .await?;
            }
            if self.wants("pipelines") {
                items += self.pipelines(ctx, since, sink, &mut latest).await?;
            }
            if self.wants("deployments") {
                items += self.deployments(ctx, since, sink, &mut latest).await?;
            }
            Ok(Pulled {
                items,
                records: items,
                cursor: next_cursor(latest, cursor),
                state_categories: gitlab_categories(),
                notices: Vec::new(),
            })
        })
    }
}
