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
//! Links (`docs/sources.md`, "Links between items"): the commits a build built
//! (`changeSets[].items[]` of a Pipeline run, `changeSet.items[]` of a freestyle build: `commitId`,
//! `comment`) — each Jira-style key in a commit's message → `mentions`, in any source, its
//! qualifier `commit 1a2b3c4`. The pull or merge request a build built — a multibranch job named
//! `PR-12` (`#12`) or `MR-12` (`!12`), a merge commit "Merge pull request #12 from …" or "See
//! merge request group/app!12" — → `relates` (qualifier `built`) to that key in the source the
//! Jenkins source's query names with `pulls=SOURCE` (the GitHub or GitLab source holding the
//! repository); without `pulls=`, counted as skipped with how to link them.
//!
//! Cursor: the highest build number up to which every build had finished; an incremental pull
//! reads back to it, so builds that were running are read again.
//! Authentication: basic, with the user and an API token.

use crate::connector::{
    Connector, ItemSink, PullContext, Pulled, Skips, SourceItem, SourceLink, StateChange,
};
use crate::error::ConnectorError;
use crate::http::{Auth, HttpClient};
use crate::mentions;
use crate::secret::Credential;
use crate::web::{base_url, categories, endpoint};
use chrono::DateTime;
use flowmap_core::{LinkKind, LinkTarget, StateCategory};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use url::Url;

const PAGE: u64 = 100;
const TREE: &str = "number,queueId,timestamp,duration,result,building,displayName,url,\
     actions[queuingDurationMillis],changeSets[items[commitId,msg,comment]],\
     changeSet[items[commitId,msg,comment]]";

/// A Jenkins job.
pub struct Jenkins {
    job: Url,
    auth: Auth,
    http: HttpClient,
    /// `pulls=SOURCE`: the source holding the pull or merge requests the builds built.
    pulls: Option<String>,
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
    /// A Pipeline run's change sets (one per repository checked out).
    change_sets: Vec<ChangeSet>,
    /// A freestyle build's change set.
    change_set: Option<ChangeSet>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChangeSet {
    items: Vec<Commit>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Commit {
    commit_id: Option<String>,
    /// The message's first line.
    msg: Option<String>,
    /// The whole message.
    comment: Option<String>,
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
        query: Option<&str>,
        credential: Option<Credential>,
        http: HttpClient,
    ) -> Result<Self, ConnectorError> {
        let job = base_url(url, "the Jenkins job")?;
        let pulls = pulls_option(query)?;
        let auth = Auth::basic_or(credential, |_| {
            Err(ConnectorError::InvalidConfig(
                "a Jenkins API token goes with its user: set FLOWMAP_USER_<SOURCE> as well, \
                 or store {\"user\": …, \"token\": …} in the keychain"
                    .into(),
            ))
        })?;
        Ok(Jenkins {
            job,
            auth,
            http,
            pulls,
        })
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

    /// A build's changes and links; `queued_since` is when it entered the queue, where known.
    fn item(&self, b: Build, queued_since: Option<i64>, skips: &mut Skips) -> Option<SourceItem> {
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
        let links = self.links_of(&b, skips);
        Some(SourceItem {
            key: format!("#{}", b.number),
            title: b.display_name.unwrap_or_else(|| format!("#{}", b.number)),
            artifact_type: "Build".into(),
            created: Some(queued.unwrap_or(start)),
            link: b.url,
            changes,
            links,
        })
    }

    /// The links of a build: see the module's doc.
    fn links_of(&self, b: &Build, skips: &mut Skips) -> Vec<SourceLink> {
        let mut out: Vec<SourceLink> = Vec::new();
        let mut pulls: Vec<String> = job_pull(&self.job).into_iter().collect();
        let commits = b
            .change_sets
            .iter()
            .chain(b.change_set.iter())
            .flat_map(|c| &c.items);
        for c in commits {
            let text = c.comment.as_deref().or(c.msg.as_deref()).unwrap_or("");
            let sha: String = c
                .commit_id
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(7)
                .collect();
            for key in mentions::issue_keys(text) {
                if !out.iter().any(|l| l.target.key == key) {
                    out.push(SourceLink {
                        kind: LinkKind::Mentions,
                        target: LinkTarget { source: None, key },
                        qualifier: format!("commit {sha}"),
                    });
                }
            }
            pulls.extend(merged_pull(text).filter(|p| !pulls.contains(p)));
        }
        for key in pulls {
            match &self.pulls {
                Some(source) => out.push(SourceLink {
                    kind: LinkKind::Relates,
                    target: LinkTarget {
                        source: Some(source.clone()),
                        key,
                    },
                    qualifier: "built".into(),
                }),
                None => skips.skip(
                    "pull request built",
                    "no source named for pull requests: add pulls=SOURCE to the Jenkins source's query",
                ),
            }
        }
        out
    }
}

/// `pulls=SOURCE` in a Jenkins source's query (`?pulls=…` too); nothing else is an option.
fn pulls_option(query: Option<&str>) -> Result<Option<String>, ConnectorError> {
    let q = query.unwrap_or("").trim().trim_start_matches('?');
    let mut pulls = None;
    for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
        match k.as_ref() {
            "pulls" if !v.trim().is_empty() => pulls = Some(v.trim().to_string()),
            other => {
                return Err(ConnectorError::InvalidConfig(format!(
                    "unknown Jenkins query option {other:?}: expected pulls=SOURCE (the source \
                     holding the pull requests the builds built)"
                )))
            }
        }
    }
    Ok(pulls)
}

/// The pull (`#12`) or merge request (`!12`) a multibranch job builds: its last path segment
/// `PR-12` or `MR-12`.
fn job_pull(job: &Url) -> Option<String> {
    let name = job.path_segments()?.rfind(|s| !s.is_empty())?;
    let (mark, n) = match name.split_once('-')? {
        ("PR", n) => ('#', n),
        ("MR", n) => ('!', n),
        _ => return None,
    };
    (!n.is_empty() && n.bytes().all(|c| c.is_ascii_digit())).then(|| format!("{mark}{n}"))
}

/// The request a merge commit's message names: "Merge pull request #12 from …" (GitHub) →
/// `#12`, "See merge request group/app!12" (GitLab) → `!12`.
fn merged_pull(message: &str) -> Option<String> {
    let digits = |s: &str| -> Option<String> {
        let n: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        (!n.is_empty()).then_some(n)
    };
    if let Some(rest) = message.trim_start().strip_prefix("Merge pull request #") {
        return digits(rest).map(|n| format!("#{n}"));
    }
    let (_, after) = message.split_once("See merge request ")?;
    let reference = after.split_whitespace().next()?;
    let (_, n) = reference.rsplit_once('!')?;
    digits(n).map(|n| format!("!{n}"))
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
                    if let Some(item) = self.item(b, queued, &mut skipped) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multibranch_job_names_its_pull_or_merge_request() {
        let job = |p: &str| Url::parse(&format!("https://ci.example.org{p}")).unwrap();
        assert_eq!(job_pull(&job("/job/app/job/PR-88/")), Some("#88".into()));
        assert_eq!(job_pull(&job("/job/app/job/MR-12")), Some("!12".into()));
        assert_eq!(job_pull(&job("/job/app/job/main/")), None);
        assert_eq!(job_pull(&job("/job/app/job/PR-8x/")), None);
        assert_eq!(job_pull(&job("/job/app/job/PR-/")), None);
    }

    #[test]
    fn merge_commits_name_their_request() {
        assert_eq!(
            merged_pull("Merge pull request #88 from acme/plat-41\n\nx"),
            Some("#88".into())
        );
        assert_eq!(
            merged_pull("Merge branch 'a' into 'main'\n\nSee merge request grp/app!12\n"),
            Some("!12".into())
        );
        assert_eq!(merged_pull("Fixes #12"), None);
        assert_eq!(merged_pull("Merge pull request #x"), None);
    }
}
