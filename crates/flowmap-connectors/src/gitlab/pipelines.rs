//! GitLab pipelines (the list, then each one's details and jobs) and deployments.
//!
//! A pipeline's times are its own `created_at` (queued from then: `Created`), `started_at`
//! (`Running`) and `finished_at`, never `updated_at` (which later retries, log expiry and
//! artifact removal move). A pipeline re-run later (a retried job, `include_retried=true`) is
//! not one run of months: GitLab keeps `started_at` and moves `finished_at` to the re-run's end,
//! so its runs are read from its jobs. A job created after every job created before it had
//! finished starts a re-run; each run ends with the last finish of its jobs, the first run in
//! its own result (`Failed` when a job that may not fail failed, `Canceled`, else `Succeeded`),
//! the last in the pipeline's status at `finished_at`.

use super::GitLab;
use crate::connector::{PullContext, Skips, SourceItem, StateChange};
use crate::error::ConnectorError;
use crate::forge::push_state;
use crate::web::{fetch_each, optional_time, Tally};
use chrono::{DateTime, Utc};
use serde::Deserialize;

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

/// Why a finished pipeline's `updated_at` is not its end.
const UPDATED_LATER: &str =
    "after the pipeline's end (retries, artifact expiry): its times come from its own and its jobs'";

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Job {
    id: u64,
    status: String,
    created_at: Option<String>,
    started_at: Option<String>,
    finished_at: Option<String>,
    allow_failure: bool,
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
    /// Since GitLab 15.x; older answers have only the deployable's.
    finished_at: Option<String>,
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

impl GitLab {
    /// The pipelines updated since `since`, each read again for its details (the list has no
    /// start and finish times).
    pub(super) async fn pipelines(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
        skips: &mut Skips,
    ) -> Result<(), ConnectorError> {
        let params = [("order_by", "id"), ("sort", "asc"), ("per_page", "100")];
        let first = self.list_url("/pipelines", &params, since);
        let list: Vec<Pipeline> = self.api.all_pages(ctx, first, "pipelines").await?;
        let total = list.len() as u64;
        let details = |p: Pipeline| async move {
            let url = self.api.url(&format!("/pipelines/{}", p.id), &[]);
            let p = self.api.get::<Pipeline>(ctx, &url).await?.body;
            let params = [("include_retried", "true"), ("per_page", "100")];
            let url = self.api.url(&format!("/pipelines/{}/jobs", p.id), &params);
            let jobs: Vec<Job> = self.api.all_pages(ctx, url, "").await?;
            Ok::<_, ConnectorError>((p, jobs))
        };
        let take = |(p, jobs): (Pipeline, Vec<Job>)| {
            let updated = optional_time(p.updated_at.as_deref());
            if updated > optional_time(p.finished_at.as_deref()) && p.finished_at.is_some() {
                skips.skip("pipeline updated_at", UPDATED_LATER);
            }
            tally.item(updated, pipeline_item(p, &jobs))
        };
        let phase = ("pipeline details", total);
        fetch_each(ctx, &self.api.http, phase, list, details, take).await?;
        Ok(())
    }

    /// The deployments updated since `since`.
    pub(super) async fn deployments(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
    ) -> Result<(), ConnectorError> {
        let params = [
            ("order_by", "updated_at"),
            ("sort", "asc"),
            ("per_page", "100"),
        ];
        let first = self.list_url("/deployments", &params, since);
        let list: Vec<Deployment> = self.api.all_pages(ctx, first, "deployments").await?;
        for d in list {
            tally.item(optional_time(d.updated_at.as_deref()), deployment_item(d))?;
        }
        Ok(())
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

/// One run of a pipeline: its first and last job times, and the result of its jobs.
#[derive(Debug, PartialEq)]
struct Run {
    queued: DateTime<Utc>,
    start: Option<DateTime<Utc>>,
    /// `None` while one of its jobs runs.
    end: Option<DateTime<Utc>>,
    result: &'static str,
}

/// A pipeline's runs from its jobs (retried ones included): the first from its creation, then
/// one from each job created when every job that had started by then had ended (a retry; jobs
/// skipped in a run and run again in a re-run keep their old creation time, so they count by
/// when they started).
fn runs(created: DateTime<Utc>, jobs: &[Job]) -> Vec<Run> {
    let time = |t: &Option<String>| optional_time(t.as_deref());
    let mut by_creation: Vec<&Job> = jobs
        .iter()
        .filter(|j| time(&j.created_at).is_some())
        .collect();
    by_creation.sort_by_key(|j| (time(&j.created_at), j.id));
    let mut points = vec![created];
    for j in &by_creation {
        let made = time(&j.created_at).unwrap_or(created);
        if made <= *points.last().unwrap_or(&created) {
            continue;
        }
        // The jobs that had started when this one was made: a re-run when they all had ended.
        let mut before = by_creation
            .iter()
            .filter(|k| time(&k.created_at) < Some(made))
            .filter(|k| time(&k.started_at).is_some_and(|s| s < made))
            .peekable();
        if before.peek().is_some()
            && before.all(|k| time(&k.finished_at).is_some_and(|f| f <= made))
        {
            points.push(made);
        }
    }
    let mut out: Vec<Run> = points
        .iter()
        .map(|&queued| Run {
            queued,
            start: None,
            end: None,
            result: "Succeeded",
        })
        .collect();
    let mut open = vec![false; out.len()];
    for j in jobs {
        let Some(start) = time(&j.started_at) else {
            continue;
        };
        let k = points.iter().rposition(|&p| p <= start).unwrap_or(0);
        let run = &mut out[k];
        run.start = Some(run.start.map_or(start, |s| s.min(start)));
        match time(&j.finished_at) {
            Some(f) => run.end = Some(run.end.map_or(f, |e| e.max(f))),
            None => open[k] = true,
        }
        match j.status.as_str() {
            "failed" if !j.allow_failure => run.result = "Failed",
            "canceled" | "cancelled" if run.result != "Failed" => run.result = "Canceled",
            _ => {}
        }
    }
    for (run, open) in out.iter_mut().zip(open) {
        if open {
            run.end = None;
        }
    }
    // A re-run whose jobs all started after the next one was made (clones made a moment
    // apart) is that one's beginning.
    let mut kept: Vec<Run> = Vec::new();
    let mut since: Option<DateTime<Utc>> = None;
    for mut run in out {
        if run.start.is_none() {
            since = since.or(Some(run.queued));
            continue;
        }
        run.queued = since.take().unwrap_or(run.queued).min(run.queued);
        kept.push(run);
    }
    kept
}

fn pipeline_item(p: Pipeline, jobs: &[Job]) -> SourceItem {
    let created = optional_time(Some(&p.created_at));
    let started = optional_time(p.started_at.as_deref());
    let finished = optional_time(p.finished_at.as_deref());
    let mut changes: Vec<StateChange> = Vec::new();
    let runs = created.map(|c| runs(c, jobs)).unwrap_or_default();
    let started = started.or(runs.first().and_then(|r| r.start));
    push_state(&mut changes, created, "Created");
    push_state(&mut changes, started, "Running");
    let last_end = runs.last().and_then(|r| r.end);
    if let Some((_, earlier)) = runs.split_last() {
        for (i, run) in earlier.iter().enumerate() {
            if i > 0 {
                push_state(&mut changes, Some(run.queued), "Created");
                push_state(&mut changes, run.start, "Running");
            }
            push_state(&mut changes, run.end, run.result);
        }
        if let Some(last) = runs.last().filter(|_| runs.len() > 1) {
            push_state(&mut changes, Some(last.queued), "Created");
            push_state(&mut changes, last.start, "Running");
        }
    }
    match (finished_state(&p.status), p.status.as_str()) {
        (Some(s), _) => push_state(&mut changes, finished.or(last_end), s),
        (None, "manual") => push_state(&mut changes, last_end.or(started).or(created), "Manual"),
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
        links: Vec::new(),
    }
}

fn deployment_item(d: Deployment) -> SourceItem {
    let created = optional_time(Some(&d.created_at));
    let mut changes: Vec<StateChange> = Vec::new();
    push_state(&mut changes, created, "Created");
    let (started, finished) = d
        .deployable
        .map(|x| (x.started_at, x.finished_at))
        .unwrap_or_default();
    push_state(&mut changes, optional_time(started.as_deref()), "Running");
    let end = match d.status.as_str() {
        "success" => Some("Deployed"),
        "failed" => Some("Failed"),
        "canceled" => Some("Canceled"),
        _ => None,
    };
    if let Some(s) = end {
        // `updated_at` only when GitLab tells no finish at all (a deployment without a job).
        let at = optional_time(finished.as_deref())
            .or(optional_time(d.finished_at.as_deref()))
            .or(optional_time(d.updated_at.as_deref()));
        push_state(&mut changes, at, s);
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
        links: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str) -> DateTime<Utc> {
        optional_time(Some(&format!("2024-03-01T{t}Z"))).unwrap()
    }

    fn job(id: u64, status: &str, created: &str, started: &str, finished: &str) -> Job {
        let t = |s: &str| Some(format!("2024-03-01T{s}Z"));
        Job {
            id,
            status: status.into(),
            created_at: t(created),
            started_at: t(started),
            finished_at: t(finished),
            allow_failure: false,
        }
    }

    #[test]
    fn clones_made_a_moment_apart_are_one_re_run() {
        let jobs = [
            job(1, "success", "10:00:00", "10:01:00", "10:05:00"),
            job(2, "failed", "10:00:00", "10:05:00", "10:10:00"),
            job(3, "success", "12:00:00", "12:00:30", "12:03:00"),
            job(4, "success", "12:00:01", "12:00:40", "12:02:00"),
        ];
        let got = runs(at("10:00:00"), &jobs);
        let want = [
            Run {
                queued: at("10:00:00"),
                start: Some(at("10:01:00")),
                end: Some(at("10:10:00")),
                result: "Failed",
            },
            Run {
                queued: at("12:00:00"),
                start: Some(at("12:00:30")),
                end: Some(at("12:03:00")),
                result: "Succeeded",
            },
        ];
        assert_eq!(got, want);
    }
}
