//! GitHub Actions workflow runs and deployments with their statuses.
//!
//! A run's times come from its own timing, never from `updated_at` (re-runs, log expiry and
//! annotations touch that years later): `Queued` at `created_at`; each attempt `In progress`
//! from its start (the earliest `started_at` of its jobs; for the latest attempt
//! `run_started_at`) — even when that is the creation instant — to its end, the latest
//! `completed_at` of its jobs (`GET …/actions/runs/{id}/jobs?filter=all`, every attempt's
//! jobs), where it enters its conclusion (the run's for the latest attempt; for an earlier one,
//! from its jobs: any failed → `Failed`, else any cancelled → `Canceled`, else `Succeeded`). So a
//! run re-run (`run_attempt` > 1) a year later waits in its first result between attempts.

use super::GitHub;
use crate::connector::{PullContext, Skips, SourceItem, StateChange};
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
    run_attempt: Option<u64>,
    updated_at: Option<String>,
    html_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Jobs {
    total_count: Option<u64>,
    jobs: Vec<Job>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Job {
    run_attempt: Option<u64>,
    conclusion: Option<String>,
    started_at: Option<String>,
    completed_at: Option<String>,
}

/// Why a run's `updated_at` is not its end.
const NOT_ITS_END: &str =
    "the run's last update (re-runs, log expiry, annotations), not its end: times come from its jobs";

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
            count += page.body.workflow_runs.len() as u64;
            let total = page.body.workflow_runs.len() as u64;
            let take = |(run, jobs): (Run, Vec<Job>)| {
                let updated = optional_time(run.updated_at.as_deref());
                // Runs are listed by creation: one still running is read again next time.
                if run.status.as_deref() != Some("completed") {
                    if let Some(created) = optional_time(Some(&run.created_at)) {
                        tally.hold(created);
                    }
                }
                let item = run_item(run, jobs, &mut tally.skips);
                tally.item(updated, item)
            };
            let phase = ("workflow run jobs", total);
            fetch_each(
                ctx,
                &self.api.http,
                phase,
                page.body.workflow_runs,
                |run| self.run_jobs(ctx, run),
                take,
            )
            .await?;
            ctx.report("workflow runs", count, page.body.total_count);
            next = pages.follow(&url, page.next)?;
        }
        Ok(())
    }

    /// The jobs of every attempt of `run`, when it has finished or was re-run (a run still in
    /// its first attempt needs none).
    async fn run_jobs(
        &self,
        ctx: &PullContext,
        run: Run,
    ) -> Result<(Run, Vec<Job>), ConnectorError> {
        if run.status.as_deref() != Some("completed") && run.run_attempt.unwrap_or(1) <= 1 {
            return Ok((run, Vec::new()));
        }
        let rest = format!("/actions/runs/{}/jobs", run.id);
        let first = self
            .api
            .url(&rest, &[("filter", "all"), ("per_page", "100")]);
        let mut pages = Pages::new(&first);
        let mut next = Some(first);
        let mut jobs = Vec::new();
        while let Some(url) = next {
            let page = self.api.get::<Jobs>(ctx, &url).await?;
            let more = !page.body.jobs.is_empty()
                && page
                    .body
                    .total_count
                    .is_none_or(|t| t > (jobs.len() + page.body.jobs.len()) as u64);
            jobs.extend(page.body.jobs);
            next = pages.follow(&url, if more { page.next } else { None })?;
        }
        Ok((run, jobs))
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

/// The state of a finished run or attempt, from GitHub's conclusion.
fn conclusion_state(conclusion: Option<&str>) -> &'static str {
    match conclusion {
        Some("success") => "Succeeded",
        Some("failure") => "Failed",
        Some("cancelled") => "Canceled",
        Some("skipped") => "Skipped",
        Some("timed_out") => "Timed out",
        Some("action_required") => "Action required",
        Some("neutral") => "Neutral",
        Some("stale") => "Stale",
        _ => "Completed",
    }
}

/// An earlier attempt's conclusion, from its jobs'.
fn attempt_conclusion(jobs: &[&Job]) -> Option<&'static str> {
    let any = |c: &str| jobs.iter().any(|j| j.conclusion.as_deref() == Some(c));
    Some(if any("failure") || any("timed_out") {
        "failure"
    } else if any("cancelled") {
        "cancelled"
    } else {
        "success"
    })
}

fn run_item(run: Run, jobs: Vec<Job>, skips: &mut Skips) -> SourceItem {
    let created = optional_time(Some(&run.created_at));
    let latest = run.run_attempt.unwrap_or(1).max(1);
    let mut changes: Vec<StateChange> = Vec::new();
    push_state(&mut changes, created, "Queued");
    for attempt in 1..=latest {
        let of: Vec<&Job> = jobs
            .iter()
            .filter(|j| j.run_attempt.unwrap_or(1) == attempt)
            .collect();
        let earliest =
            |f: fn(&Job) -> Option<&str>| of.iter().filter_map(|j| optional_time(f(j))).min();
        let last_end = of
            .iter()
            .filter_map(|j| optional_time(j.completed_at.as_deref()))
            .max();
        let is_latest = attempt == latest;
        let started = if is_latest {
            optional_time(run.run_started_at.as_deref())
                .or_else(|| earliest(|j| j.started_at.as_deref()))
        } else {
            earliest(|j| j.started_at.as_deref())
        };
        let started = started.or(if attempt == 1 { created } else { None });
        if started.is_none() && !is_latest {
            continue;
        }
        push_state(&mut changes, started, "In progress");
        let finished = if is_latest {
            (run.status.as_deref() == Some("completed")).then_some(run.conclusion.as_deref())
        } else {
            Some(attempt_conclusion(&of))
        };
        if let Some(conclusion) = finished {
            // A run without job times (none ran) ends as it starts.
            let end = last_end
                .or(started)
                .map(|e| started.map_or(e, |s| e.max(s)));
            push_state(&mut changes, end, conclusion_state(conclusion));
        }
    }
    let end = changes.last().map(|c| c.at);
    let completed = run.status.as_deref() == Some("completed");
    let later =
        optional_time(run.updated_at.as_deref()).is_some_and(|u| end.is_some_and(|e| u > e));
    if completed && later {
        skips.skip("workflow run updated_at", NOT_ITS_END);
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
