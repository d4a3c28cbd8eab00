//! Jenkins: the builds of one job.
//!
//! The URL is the job's (`https://ci.example.org/job/app/job/main/`).
//! `GET {job}/api/json?tree=allBuilds[number,timestamp,duration,result,building,displayName,url]{M,N}`
//! pages through the builds, newest first, 100 at a time. Each build is an item (key `#N`,
//! type `Build`): `Running` from its start (`timestamp`), then its result (`Succeeded`,
//! `Unstable`, `Failed`, `Aborted`, `Not built`) at start + `duration`.
//!
//! Cursor: the highest build number up to which every build had finished; an incremental pull
//! reads back to it, so builds that were running are read again.
//! Authentication: basic, with the user and an API token.

use crate::connector::{Connector, ItemSink, PullContext, Pulled, SourceItem, StateChange};
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
const TREE: &str = "number,timestamp,duration,result,building,displayName,url";

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
    timestamp: Option<i64>,
    duration: Option<i64>,
    result: Option<String>,
    building: Option<bool>,
    display_name: Option<String>,
    url: Option<String>,
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

    fn item(b: Build) -> Option<SourceItem> {
        let start = DateTime::from_timestamp_millis(b.timestamp?)?;
        let mut changes = vec![StateChange {
            at: start,
            from: None,
            to: "Running".into(),
        }];
        if b.building != Some(true) {
            if let Some(result) = b.result.as_deref() {
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
            created: Some(start),
            link: b.url,
            changes,
            links: Vec::new(),
        })
    }
}

/// What a build's results mean, for the first proposal of the mapping.
fn jenkins_categories() -> Vec<(String, StateCategory)> {
    use StateCategory::*;
    categories(&[
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
                    if let Some(item) = Jenkins::item(b) {
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
                skipped: Default::default(),
            })
        })
    }
}
