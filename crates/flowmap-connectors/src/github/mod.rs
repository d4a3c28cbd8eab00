//! GitHub (github.com or Enterprise Server): issues and pull requests with their timelines,
//! Actions workflow runs, deployments.
//!
//! The query is `owner/repo`, optionally followed by options: `labels=PREFIX` makes the labels
//! starting with PREFIX states, `state_labels=a,b` the labels picked (besides scoped labels such
//! as `status: doing`, see `labels.rs`; no other label is a state), and
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
//!   and a submitted review `Approved`, `Changes requested` or `In review`. Once closed or
//!   merged, only `reopened` moves the item: later reviews, labels, assignments and comments
//!   are counted as skipped (`forge::replay_counting`).
//! - Workflow runs: `GET /repos/{o}/{r}/actions/runs?created=>=…`: `Queued` at creation,
//!   `In progress` when started, then the conclusion (`Succeeded`, `Failed`, `Canceled`, …).
//! - Deployments: `GET /repos/{o}/{r}/deployments` (newest first, read back to the cursor) and
//!   each one's `statuses`.
//! - Pages follow the `Link` header; a token is sent as a bearer token; an exhausted rate limit
//!   (403 or 429 with `X-RateLimit-Remaining: 0`) waits for `X-RateLimit-Reset`.
//! - Cursor: the latest `updated_at` seen.
//!
//! `issues.rs` replays issue and pull request timelines; `actions.rs` reads workflow runs and
//! deployments.

mod actions;
mod issues;
mod labels;

use crate::connector::{Connector, ItemSink, PullContext, Pulled};
use crate::error::ConnectorError;
use crate::forge::{query_options_of, Api, Parts};
use crate::http::{Auth, HttpClient};
use crate::secret::Credential;
use crate::web::{base_url, categories, since, split_query, Tally};
use flowmap_core::StateCategory;
use futures_util::future::LocalBoxFuture;
use labels::StateLabels;

const HEADERS: &[(&str, &str)] = &[
    ("accept", "application/vnd.github+json"),
    ("x-github-api-version", "2022-11-28"),
];

const PARTS: [&str; 4] = ["issues", "pulls", "runs", "deployments"];

/// A GitHub repository.
pub struct GitHub {
    api: Api,
    /// `owner/repo`.
    repo: String,
    labels: StateLabels,
    parts: Parts,
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
        let mut labels = StateLabels::default();
        let own = ["labels", "state_labels"];
        let parts = query_options_of("GitHub", options, &PARTS, &own, |k, v| match k {
            "labels" => labels.prefix = Some(v),
            _ => labels.pick(&v),
        })?;
        let auth = credential
            .map(|c| Auth::Bearer(c.token))
            .unwrap_or_default();
        Ok(GitHub {
            api: Api::new(base, format!("/repos/{owner}/{repo}"), auth, HEADERS, http),
            repo: format!("{owner}/{repo}"),
            labels,
            parts,
        })
    }
}

/// What GitHub's own states mean, for the first proposal of the mapping.
fn github_categories() -> Vec<(String, StateCategory)> {
    use StateCategory::*;
    categories(&[
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
    ])
}

impl Connector for GitHub {
    fn describe(&self) -> String {
        format!("GitHub {} at {}", self.repo, self.api.base)
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
            if self.parts.wants("issues") || self.parts.wants("pulls") {
                self.issues(ctx, since, &mut tally).await?;
            }
            if self.parts.wants("runs") {
                self.runs(ctx, since, &mut tally).await?;
            }
            if self.parts.wants("deployments") {
                self.deployments(ctx, since, &mut tally).await?;
            }
            Ok(tally.finish(cursor, github_categories()))
        })
    }
}
