//! GitLab pipelines (the list, then each one's details) and deployments.

use super::GitLab;
use crate::connector::{PullContext, SourceItem, StateChange};
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

impl GitLab {
    /// The pipelines updated since `since`, each read again for its details (the list has no
    /// start and finish times).
    pub(super) async fn pipelines(
        &self,
        ctx: &PullContext,
        since: Option<DateTime<Utc>>,
        tally: &mut Tally<'_>,
    ) -> Result<(), ConnectorError> {
        let params = [("order_by", "id"), ("sort", "asc"), ("per_page", "100")];
        let first = self.list_url("/pipelines", &params, since);
        let list: Vec<Pipeline> = self.api.all_pages(ctx, first, "pipelines").await?;
        let total = list.len() as u64;
        let details = |p: Pipeline| async move {
            let url = self.api.url(&format!("/pipelines/{}", p.id), &[]);
            Ok::<_, ConnectorError>(self.api.get::<Pipeline>(ctx, &url).await?.body)
        };
        let take =
            |p: Pipeline| tally.item(optional_time(p.updated_at.as_deref()), pipeline_item(p));
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

fn pipeline_item(p: Pipeline) -> SourceItem {
    let created = optional_time(Some(&p.created_at));
    let mut changes: Vec<StateChange> = Vec::new();
    push_state(&mut changes, created, "Created");
    push_state(
        &mut changes,
        optional_time(p.started_at.as_deref()),
        "Running",
    );
    match (finished_state(&p.status), p.status.as_str()) {
        (Some(s), _) => push_state(&mut changes, optional_time(p.finished_at.as_deref()), s),
        (None, "manual") => push_state(
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
        let at = optional_time(finished.as_deref()).or(optional_time(d.updated_at.as_deref()));
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
