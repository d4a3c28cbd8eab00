//! GitLab (gitlab.com or self-managed): issues and merge requests with their state and label
//! events, pipelines, deployments.
//!
//! The query is the project's path (`group/project`) or numeric id, optionally followed by
//! options: `?scope=workflow,status` names the scopes of the scoped labels that are states (by
//! default `workflow` and `status`, so `workflow::in review` enters the state `in review`),
//! `state_labels=Doing,Review` names plain labels that are states too (none by default: other
//! labels are not states), and `parts=issues,merge_requests,pipelines,deployments` picks what to
//! read (all by default).
//!
//! - Issues and merge requests: `GET /api/v4/projects/{id}/issues` and `…/merge_requests`
//!   (`updated_after` for an incremental pull), then each one's `resource_state_events`
//!   (`closed`, `reopened`, `merged`) and `resource_label_events` (`add`/`remove` of a scoped
//!   label), and a merge request's notes (its draft markers). An issue starts `Open`; a merge
//!   request `Draft` or `Ready for review`. `history.rs` holds the rules (docs/sources.md).
//! - Pipelines: `GET …/pipelines`, each one's details and its jobs (retried ones included):
//!   `Created` (queued), `Running` from `started_at`, then its status (`Succeeded`, `Failed`,
//!   `Canceled`, …) when its run ends; a re-run later runs again (`pipelines.rs`).
//! - Deployments: `GET …/deployments?order_by=updated_at`: `Created`, `Running`, then
//!   `Deployed`, `Failed` or `Canceled`.
//! - Pages: keyset pagination for issues (`pagination=keyset`; offset where GitLab answers 405
//!   to it), offset pagination for merge requests (they have no keyset pagination) and the rest; both followed through the `Link` header, or `X-Next-Page` when it is missing.
//!   The token goes in `PRIVATE-TOKEN`.
//! - Cursor: the latest `updated_at` seen.
//!
//! `issuables.rs` reads issues and merge requests with their events; `pipelines.rs` pipelines
//! and deployments.

mod history;
mod issuables;
mod pipelines;

use crate::connector::{Connector, ItemSink, PullContext, Pulled, Skips};
use crate::error::ConnectorError;
use crate::forge::{query_options, Api, Parts};
use crate::http::{Auth, HttpClient};
use crate::secret::Credential;
use crate::web::{base_url, categories, query_time, since, split_query, Tally};
use chrono::{DateTime, Utc};
use flowmap_core::StateCategory;
use futures_util::future::LocalBoxFuture;
use issuables::Kind;
use url::Url;

const PARTS: [&str; 4] = ["issues", "merge_requests", "pipelines", "deployments"];

/// A GitLab project.
pub struct GitLab {
    api: Api,
    project: String,
    labels: history::LabelRule,
    parts: Parts,
}

impl GitLab {
    pub fn new(
        url: &str,
        query: Option<&str>,
        credential: Option<Credential>,
        http: HttpClient,
    ) -> Result<Self, ConnectorError> {
        let base = base_url(url, "the GitLab")?;
        let (project, mut options) = split_query(query.unwrap_or_default());
        if project.is_empty() {
            return Err(ConnectorError::InvalidConfig(
                "a GitLab source needs --query with the project's path (group/project) or id"
                    .into(),
            ));
        }
        let list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(|s| s.trim().trim_end_matches(':').to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut labels = history::LabelRule {
            scopes: vec!["workflow".into(), "status".into()],
            labels: Vec::new(),
        };
        if let Some((other, _)) = options
            .iter()
            .find(|(k, _)| !["scope", "state_labels", "parts"].contains(&k.as_str()))
        {
            return Err(ConnectorError::InvalidConfig(format!(
                "unknown GitLab query option {other:?}: expected scope, state_labels or parts"
            )));
        }
        options.retain(|(k, v)| {
            let plain = k == "state_labels";
            if plain {
                labels.labels = v
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            !plain
        });
        let parts = query_options("GitLab", options, &PARTS, "scope", |v| {
            labels.scopes = list(&v);
        })?;
        let auth = credential
            .map(|c| Auth::Header {
                name: "private-token",
                value: c.token,
            })
            .unwrap_or_default();
        let id: String = url::form_urlencoded::byte_serialize(project.as_bytes()).collect();
        Ok(GitLab {
            api: Api::new(base, format!("/api/v4/projects/{id}"), auth, &[], http),
            project,
            labels,
            parts,
        })
    }

    /// The first page of the list at `rest`: `params`, and `updated_after` in an incremental
    /// pull.
    fn list_url(&self, rest: &str, params: &[(&str, &str)], since: Option<DateTime<Utc>>) -> Url {
        let since_text = since.map(query_time);
        let mut params = params.to_vec();
        if let Some(s) = &since_text {
            params.push(("updated_after", s.as_str()));
        }
        self.api.url(rest, &params)
    }
}

/// What GitLab's own states mean, for the first proposal of the mapping.
fn gitlab_categories() -> Vec<(String, StateCategory)> {
    use StateCategory::*;
    categories(&[
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
        ("Canceled", Canceled),
        ("Skipped", Canceled),
        ("Deployed", Done),
    ])
}

impl Connector for GitLab {
    fn describe(&self) -> String {
        format!("GitLab {} at {}", self.project, self.api.base)
    }

    fn pull<'a>(
        &'a self,
        ctx: &'a PullContext,
        cursor: Option<&'a str>,
        sink: &'a mut dyn ItemSink,
    ) -> LocalBoxFuture<'a, Result<Pulled, ConnectorError>> {
        Box::pin(async move {
            let since = since(cursor);
            let mut tally = Tally::new(sink);
            let mut skips = Skips::default();
            if self.parts.wants("issues") {
                self.issuables(ctx, Kind::Issue, since, &mut tally, &mut skips)
                    .await?;
            }
            if self.parts.wants("merge_requests") {
                let kind = Kind::MergeRequest;
                self.issuables(ctx, kind, since, &mut tally, &mut skips)
                    .await?;
            }
            if self.parts.wants("pipelines") {
                self.pipelines(ctx, since, &mut tally, &mut skips).await?;
            }
            if self.parts.wants("deployments") {
                self.deployments(ctx, since, &mut tally).await?;
            }
            let mut pulled = tally.finish(cursor, gitlab_categories());
            pulled.skipped.merge(&skips);
            Ok(pulled)
        })
    }
}
