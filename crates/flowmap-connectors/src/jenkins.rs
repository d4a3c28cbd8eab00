//! Jenkins: the builds of one job.
//!
//! The URL is the job's (`https://ci.example.org/job/app/job/main/`).
//! `GET {job}/api/json?tree=allBuilds[number,queueId,timestamp,duration,result,building,…]{M,N}`
//! pages through the builds, newest first, 100 at a time. Each build is an item (key `#N`,
//! type `Build`; a replay or rebuild is a build of its own):
//! - `Queued` from when it entered the queue, where Jenkins tells it: `timestamp` minus the
//!   metrics plugin's `queuingDurationMillis` (a `TimeInQueueAction` among its `actions`), else,
//!   for a build still running, the `inQueueSince` of its queue item
//!   (`{root}/queue/item/{queueId}/api/json`, which Jenkins keeps a few minutes after the build
//!   leaves the queue; gone, the build has no `Queued` step);
//! - `Running` from `timestamp` (when it left the queue);
//! - while `building` is true, nothing more (a result set before the end is not final);
//! - then its result at `timestamp` + `duration`: `Succeeded`, `Unstable`, `Failed`, `Aborted`,
//!   `Not built` (the last two canceled work).
//!
//! Cursor: the highest build number up to which every build had finished; an incremental pull
//! reads back to it, so builds that were running are read again.
//! Authentication: basic, with the user and an API token.

use crate::connector::{Connector, ItemSink, PullContext, Pulled, Skips, SourceItem, StateChange};
use crate::error::ConnectorError;
use crate::http::{Auth, HttpClient};
use crate::secret::Credential;
use crate::web::{base_url, categories, endpoint};
use chrono::DateTime;
use flowmap_core::StateCategory;
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use url::Url;

const PAGE: u64 = 100;
const TREE: &str =
    "number,queueId,timestamp,duration,result,building,displayName,url,actions[queuingDurationMillis]";

/// A Jenkins job.
pub struct Jenkins {
    job: Url,
    auth: Auth,
    http: HttpClient,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Job {
    all_builds: Option<Vec<Build>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Build {
    number: u64,
    queue_id: Option<u64>,
    timestamp: Option<i64>,
    duration: Option<i64>,
    result: Option<String>,
    building: Option<bool>,
    display_name: Option<String>,
    url: Option<String>,
    /// `null` for actions the tree filter left empty.
    actions: Vec<Option<Action>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Action {
    /// The metrics plugin's time in the queue (`jenkins.metrics.impl.TimeInQueueAction`).
    queuing_duration_millis: Option<i64>,
}

/// A queue item (`{root}/queue/item/{id}/api/json`).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct QueueItem {
    in_queue_since: Option<i64>,
}

impl Jenkins {
    pub fn new(
        url: &str,
        _query: Option<&str>,
        credential: Option<Credential>,
        http: HttpClient,
    ) -> Result<Self, ConnectorError> {
        let job = base_url(url, "the Jenkins job")?;
        let auth = Auth::basic_or(credential, |_| {
            Err(ConnectorError::InvalidConfig(
                "a Jenkins API token goes with its user: set FLOWMAP_USER_<SOURCE> as well, \
                 or store {\"user\": …, \"token\": …} in the keychain"
                    .into(),
            ))
        })?;
        Ok(Jenkins { job, auth, http })
    }

    /// The Jenkins root of the job's URL (`https://ci/job/a/job/b/` → `https://ci/`).
    fn root(&self) -> Url {
        let path = self.job.path();
        let root = path.find("/job/").map_or(path, |i| &path[..i]).to_string();
        let mut url = self.job.clone();
        url.set_path(&root);
        url
    }

    /// When a running build entered the queue, from its queue item; `None` when Jenkins no
    /// longer keeps it (404).
    async fn queued_since(
        &self,
        ctx: &PullContext,
        queue_id: u64,
    ) -> Result<Option<i64>, ConnectorError> {
        let url = endpoint(
            &self.root(),
            &format!("/queue/item/{queue_id}/api/json"),
            &[],
        );
        match self
            .http
            .get_json::<QueueItem>(ctx, &url, &self.auth, &[])
            .await
        {
            Ok(item) => Ok(item.body.in_queue_since),
            Err(ConnectorError::Http { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A build's changes; `queued_since` is when it entered the queue, where known.
    fn item(b: Build, queued_since: Option<i64>, skips: &mut Skips) -> Option<SourceItem> {
        let Some(start) = b.timestamp.and_then(DateTime::from_timestamp_millis) else {
            skips.skip("build", "no timestamp: the build never started");
            return None;
        };
        let mut changes = Vec::new();
        let queued = queued_since
            .and_then(DateTime::from_timestamp_millis)
            .filter(|q| *q < start);
        if let Some(q) = queued {
            changes.push(StateChange {
                at: q,
                from: None,
                to: "Queued".into(),
            });
        }
        changes.push(StateChange {
            at: start,
            from: queued.map(|_| "Queued".into()),
            to: "Running".into(),
        });
        match (b.building == Some(true), b.result.as_deref()) {
            (true, Some(_)) => {
                skips.skip("result", "the build still runs: its result is not final")
            }
            (true, None) | (false, None) => {}
            (false, Some(result)) => {
                let to = match result {
                    "SUCCESS" => "Succeeded",
                    "UNSTABLE" => "Unstable",
                    "FAILURE" => "Failed",
                    "ABORTED" => "Aborted",
                    "NOT_BUILT" => "Not built",
                    _ => "Finished",
                };
                let end = start + chrono::Duration::milliseconds(b.duration.unwrap_or(0).max(0));
                changes.push(StateChange {
                    at: end,
                    from: Some("Running".into()),
                    to: to.into(),
                });
            }
        }
        Some(SourceItem {
            key: format!("#{}", b.number),
            title: b.display_name.unwrap_or_else(|| format!("#{}", b.number)),
            artifact_type: "Build".into(),
            created: Some(queued.unwrap_or(start)),
            link: b.url,
            changes,
            links: Vec::new(),
        })
    }
}

/// When a build entered the queue by the metrics plugin's action: its start minus its time in
/// the queue.
fn queued_by_metrics(b: &Build) -> Option<i64> {
    let waited = b
        .actions
        .iter()
        .flatten()
        .find_map(|a| a.queuing_duration_millis)?;
    Some(b.timestamp? - waited.max(0))
}

/// What a build's results mean, for the first proposal of the mapping.
fn jenkins_categories() -> Vec<(String, StateCategory)> {
    use StateCategory::*;
    categories(&[
        ("Queued", Waiting),
        ("Running", Active),
        ("Succeeded", Done),
        ("Unstable", Done),
        ("Failed", Canceled),
        ("Aborted", Canceled),
        ("Not built", Canceled),
        ("Finished", Done),
    ])
}

impl Connector for Jenkins {
    fn describe(&self) -> String {
        format!("Jenkins job {}", self.job)
    }

    fn pull<'a>(
        &'a self,
        ctx: &'a PullContext,
        cursor: Option<&'a str>,
        sink: &'a mut dyn ItemSink,
    ) -> LocalBoxFuture<'a, Result<Pulled, ConnectorError>> {
        Box::pin(async move {
            let done_up_to: Option<u64> = cursor.and_then(|c| c.trim().parse().ok());
            let mut from = 0u64;
            let mut count = 0u64;
            let mut highest: Option<u64> = None;
            let mut lowest_running: Option<u64> = None;
            let mut skipped = Skips::default();
            'pages: loop {
                let tree = format!("allBuilds[{TREE}]{{{from},{}}}", from + PAGE);
                let url = endpoint(&self.job, "/api/json", &[("tree", &tree)]);
                let job = self
                    .http
                    .get_json::<Job>(ctx, &url, &self.auth, &[])
                    .await?;
                let Some(builds) = job.body.all_builds else {
                    return Err(ConnectorError::UnexpectedAnswer {
                        endpoint: format!("GET {url}"),
                        message: "no allBuilds: is the URL a job's?".into(),
                    });
                };
                let n = builds.len() as u64;
                for b in builds {
                    if done_up_to.map(|d| b.number <= d).unwrap_or(false) {
                        break 'pages;
                    }
                    highest = Some(highest.map_or(b.number, |h| h.max(b.number)));
                    if b.building == Some(true) {
                        lowest_running = Some(lowest_running.map_or(b.number, |l| l.min(b.number)));
                    }
                    let mut queued = queued_by_metrics(&b);
                    if let (None, Some(true), Some(id)) = (queued, b.building, b.queue_id) {
                        queued = self.queued_since(ctx, id).await?;
                    }
                    if let Some(item) = Jenkins::item(b, queued, &mut skipped) {
                        sink.item(item)?;
                        count += 1;
                    }
                }
                ctx.report("builds", count, None);
                if n < PAGE {
                    break;
                }
                from += PAGE;
            }
            let new_cursor = match (lowest_running, highest) {
                (Some(r), _) => Some(r.saturating_sub(1).max(done_up_to.unwrap_or(0))),
                (None, Some(h)) => Some(h),
                (None, None) => done_up_to,
            };
            Ok(Pulled {
                items: count,
                records: count,
                cursor: new_cursor.map(|c| c.to_string()),
                state_categories: jenkins_categories(),
                notices: Vec::new(),
                zoneless: 0,
                skipped,
            })
        })
    }
}
