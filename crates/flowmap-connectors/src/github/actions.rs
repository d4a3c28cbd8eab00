//! GitHub Actions workflow runs and deployments with their statuses.

use super::GitHub;
use crate::connector::{PullContext, SourceItem, StateChange};
use crate::error::ConnectorError;
use crate::forge::push_state;
use crate::http::Pages;
use crate::web::{fetch_each, optional_time, query_time, Tally};
use chrono::{DateTime, Utc};
use serde::Deserialize;

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
    /// The workflow runs created since `since`.
    pub(super) async fn runs(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
    ) -> Result<(), ConnectorError> {
        let created = since.map(|s| format!(">={}", query_time(s)));
        let mut params = vec![("per_page", "100")];
        if let Some(c) = &created {
            params.push(("created", c.as_str()));
        }
        let first = self.api.url("/actions/runs", &params);
        let mut pages = Pages::new(&first);
        let mut next = Some(first);
        let mut count = 0u64;
        while let Some(url) = next {
            let page = self.api.get::<Runs>(ctx, &url).await?;
            for run in page.body.workflow_runs {
                tally.item(optional_time(run.updated_at.as_deref()), run_item(run))?;
                count += 1;
            }
            ctx.report("workflow runs", count, page.body.total_count);
            next = pages.follow(&url, page.next)?;
        }
        Ok(())
    }

    /// The deployments updated since `since`, each with its statuses.
    pub(super) async fn deployments(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
    ) -> Result<(), ConnectorError> {
        // Newest first; stop at the first page that lies wholly before the cursor.
        let first = self.api.url("/deployments", &[("per_page", "100")]);
        let mut pages = Pages::new(&first);
        let mut next = Some(first);
        let mut wanted = Vec::new();
        while let Some(url) = next {
            let page = self.api.get::<Vec<Deployment>>(ctx, &url).await?;
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
            next = pages.follow(&url, if any_recent { page.next } else { None })?;
        }
        let total = wanted.len() as u64;
        let statuses = |d: Deployment| async move {
            let rest = format!("/deployments/{}/statuses", d.id);
            let url = self.api.url(&rest, &[("per_page", "100")]);
            let statuses = self.api.all_pages::<DeploymentStatus>(ctx, url, "").await?;
            Ok::<_, ConnectorError>((d, statuses))
        };
        let take = |(d, statuses): (Deployment, Vec<DeploymentStatus>)| {
            let updated = optional_time(d.updated_at.as_deref());
            tally.item(updated, deployment_item(d, statuses))
        };
        let phase = ("deployment statuses", total);
        fetch_each(ctx, &self.api.http, phase, wanted, statuses, take).await?;
        Ok(())
    }
}

fn run_item(run: Run) -> SourceItem {
    let created = optional_time(Some(&run.created_at));
    let mut changes: Vec<StateChange> = Vec::new();
    push_state(&mut changes, created, "Queued");
    let started = optional_time(run.run_started_at.as_deref()).filter(|at| Some(*at) > created);
    push_state(&mut changes, started, "In progress");
    if run.status.as_deref() == Some("completed") {
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
        push_state(&mut changes, optional_time(run.updated_at.as_deref()), to);
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
        links: Vec::new(),
    }
}

fn deployment_item(d: Deployment, mut statuses: Vec<DeploymentStatus>) -> SourceItem {
    let created = optional_time(Some(&d.created_at));
    let mut changes: Vec<StateChange> = Vec::new();
    push_state(&mut changes, created, "Pending");
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
        push_state(&mut changes, optional_time(Some(&s.created_at)), to);
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
        links: Vec::new(),
    }
}
