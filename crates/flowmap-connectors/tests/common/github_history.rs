//! A long-lived GitHub repository (`octo/longlived`, 2012–2024) answering as the real API does,
//! not as the documentation's happy path: pages of issues and timelines, items reopened,
//! relabelled with version labels after they closed, a pull request merged in 2012 and reviewed
//! in 2018, bot comments and labels on closed items, `committed` timeline events that carry no
//! `created_at`, Actions runs that started at their creation, a run re-run a year later and
//! runs whose `updated_at` lies a year or more after they finished.
//!
//! Where each shape comes from:
//! - issues list: `GET /repos/{o}/{r}/issues` (docs.github.com/en/rest/issues/issues, "List
//!   repository issues": `number`, `title`, `state`, `created_at`, `updated_at`, `html_url`,
//!   `draft`, a `pull_request` object with `merged_at` on pull requests; `Link` header paging
//!   with `rel="next"`/`rel="last"` by `page=`).
//! - timelines: `GET /repos/{o}/{r}/issues/{n}/timeline` (docs.github.com/en/rest/issues/timeline
//!   and `@octokit/types`' `issues/listEventsForTimeline`): `event`, `actor`, `created_at`;
//!   `labeled`/`unlabeled` with `label: {name, color}`; `closed` with `state_reason`
//!   (`completed`, `not_planned`); `reviewed` with `submitted_at` and a lower-case `state`
//!   (`approved`, `changes_requested`, `commented`) and no `created_at`; `committed` with
//!   `author.date` and no `created_at`; `commented` with `user.login` (bots end in `[bot]`).
//! - workflow runs: `GET /repos/{o}/{r}/actions/runs` (docs.github.com/en/rest/actions/
//!   workflow-runs): `{total_count, workflow_runs: [{id, name, run_number, run_attempt, status,
//!   conclusion, created_at, run_started_at, updated_at}]}`; `run_started_at` is the latest
//!   attempt's start.
//! - jobs: `GET /repos/{o}/{r}/actions/runs/{id}/jobs?filter=all` (docs.github.com/en/rest/
//!   actions/workflow-jobs; `filter=all` returns every attempt's jobs, github.blog changelog
//!   2020-03-09): `{total_count, jobs: [{id, run_id, run_attempt, status, conclusion,
//!   started_at, completed_at}]}`, paged by `Link`.

use super::{Reply, Request};
use serde_json::{json, Value};

/// The query of a source on this repository: `Needs review` is a state label the user picked.
pub const QUERY: &str = "octo/longlived?state_labels=Needs review";

fn ev(event: &str, at: &str) -> Value {
    json!({"event": event, "created_at": at, "actor": {"login": "maintainer"}})
}

fn label(event: &str, at: &str, name: &str) -> Value {
    json!({"event": event, "created_at": at, "actor": {"login": "maintainer"},
           "label": {"name": name, "color": "ededed"}})
}

fn review(at: &str, state: &str) -> Value {
    json!({"event": "reviewed", "submitted_at": at, "state": state,
           "user": {"login": "reviewer"}, "author_association": "MEMBER"})
}

fn bot_comment(at: &str) -> Value {
    json!({"event": "commented", "created_at": at, "updated_at": at,
           "user": {"login": "github-actions[bot]"}, "body": "This thread has been locked."})
}

fn committed(date: &str) -> Value {
    json!({"event": "committed", "sha": "3f1e0c2", "author": {"name": "dev", "date": date},
           "message": "Fix"})
}

fn issue(n: u64, title: &str, created: &str, updated: &str, pr: Option<&str>) -> Value {
    let mut v = json!({"number": n, "title": title, "state": "closed", "created_at": created,
        "updated_at": updated, "html_url": format!("https://github.com/octo/longlived/issues/{n}")});
    if let Some(merged_at) = pr {
        v["pull_request"] = json!({"url": "x", "merged_at": merged_at});
        v["draft"] = json!(false);
    }
    v
}

fn timeline(n: u64, page: Option<&str>, base: &str) -> Option<Reply> {
    let events = match (n, page) {
        (10, _) => json!([
            label("labeled", "2012-03-01T09:05:00Z", "bug"),
            label("labeled", "2012-03-05T10:00:00Z", "status: in progress"),
            ev("closed", "2012-04-01T16:00:00Z"),
            label("labeled", "2014-06-01T12:00:00Z", "v1"),
            bot_comment("2019-01-01T00:00:00Z"),
            ev("locked", "2019-01-01T00:00:01Z")
        ]),
        (11, _) => json!([
            ev("review_requested", "2012-05-02T09:00:00Z"),
            review("2012-05-03T09:00:00Z", "approved"),
            ev("merged", "2012-05-04T12:00:00Z"),
            ev("closed", "2012-05-04T12:00:00Z"),
            review("2018-07-10T08:00:00Z", "commented"),
            label("labeled", "2018-08-01T00:00:00Z", "2.3.0"),
            ev("review_requested", "2018-08-02T00:00:00Z")
        ]),
        (12, None) => {
            let next = format!("<{base}/repos/octo/longlived/issues/12/timeline?per_page=100&page=2>; rel=\"next\"");
            return Some(
                Reply::json(json!([
                    label("labeled", "2015-01-12T10:00:00Z", "Needs review"),
                    json!({"event": "closed", "created_at": "2015-02-01T10:00:00Z", "state_reason": "completed"}),
                    ev("reopened", "2016-03-01T10:00:00Z")
                ]))
                .with_header("Link", &next),
            );
        }
        (12, Some(_)) => json!([
            label("labeled", "2016-03-02T10:00:00Z", "status: in progress"),
            ev("assigned", "2016-03-02T10:00:00Z"),
            label("unlabeled", "2016-03-20T10:00:00Z", "status: in progress"),
            json!({"event": "closed", "created_at": "2016-04-01T10:00:00Z", "state_reason": "not_planned"}),
            label("labeled", "2016-04-02T10:00:00Z", "wontfix"),
            label("unlabeled", "2016-04-02T10:00:01Z", "Needs review")
        ]),
        (13, _) => json!([
            ev("ready_for_review", "2020-02-05T10:00:00Z"),
            committed("2020-02-05T11:00:00Z"),
            review("2020-02-06T10:00:00Z", "changes_requested"),
            ev("closed", "2020-03-01T10:00:00Z"),
            ev("reopened", "2021-01-01T10:00:00Z"),
            ev("merged", "2021-01-05T10:00:00Z"),
            ev("closed", "2021-01-05T10:00:00Z"),
            bot_comment("2023-01-01T00:00:00Z"),
            label("labeled", "2023-01-01T00:00:00Z", "status: released")
        ]),
        (14, _) => json!([
            label("labeled", "2024-05-02T10:00:00Z", "workflow::doing"),
            label("labeled", "2024-05-02T10:00:00Z", "V3.1"),
            label("labeled", "2024-05-10T10:00:00Z", "workflow::review"),
            ev("mentioned", "2024-05-11T10:00:00Z")
        ]),
        _ => return None,
    };
    Some(Reply::json(events))
}

fn jobs(run: u64, page: Option<&str>, base: &str) -> Option<Reply> {
    let job = |id: u64, attempt: u64, conclusion: &str, started: &str, completed: &str| {
        json!({"id": id, "run_id": run, "run_attempt": attempt, "status": "completed",
               "conclusion": conclusion, "started_at": started, "completed_at": completed})
    };
    Some(match (run, page) {
        (501, _) => Reply::json(json!({"total_count": 2, "jobs": [
            job(1, 1, "success", "2022-12-24T10:00:20Z", "2022-12-24T10:07:00Z"),
            job(2, 1, "success", "2022-12-24T10:00:25Z", "2022-12-24T10:12:00Z")
        ]})),
        (502, None) => Reply::json(json!({"total_count": 3, "jobs": [
            job(3, 1, "failure", "2023-03-01T08:01:00Z", "2023-03-01T08:20:00Z"),
            job(4, 1, "skipped", "2023-03-01T08:20:00Z", "2023-03-01T08:20:00Z")
        ]}))
        .with_header(
            "Link",
            &format!("<{base}/repos/octo/longlived/actions/runs/502/jobs?filter=all&per_page=100&page=2>; rel=\"next\""),
        ),
        (502, Some(_)) => Reply::json(json!({"total_count": 3, "jobs": [
            job(5, 2, "success", "2024-03-05T09:01:00Z", "2024-03-05T09:25:00Z")
        ]})),
        _ => return None,
    })
}

/// The repository's API.
pub fn long_lived() -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, base: &str| {
        let p = r.path.as_str();
        let page = r.param("page");
        if p == "/repos/octo/longlived/issues" {
            return match page {
                None => Reply::json(json!([
                    issue(10, "Crash on save", "2012-03-01T09:00:00Z", "2019-01-01T00:00:01Z", None),
                    issue(11, "Faster save", "2012-05-01T09:00:00Z", "2018-08-02T00:00:00Z", Some("2012-05-04T12:00:00Z")),
                    issue(12, "Import old files", "2015-01-10T09:00:00Z", "2016-04-02T10:00:01Z", None)
                ]))
                .with_header("Link", &format!(
                    "<{base}/repos/octo/longlived/issues?state=all&page=2>; rel=\"next\", <{base}/repos/octo/longlived/issues?state=all&page=2>; rel=\"last\""
                )),
                Some(_) => {
                    let mut open = issue(14, "Dark mode", "2024-05-01T09:00:00Z", "2024-05-11T10:00:00Z", None);
                    open["state"] = json!("open");
                    let mut draft = issue(13, "New file format", "2020-02-01T09:00:00Z", "2023-01-01T00:00:00Z", Some("2021-01-05T10:00:00Z"));
                    draft["draft"] = json!(false);
                    // The description names the issues it closes and a Jira key (a PR body).
                    draft["body"] = json!("Implements the v2 format for FMT-88.\r\n\r\nFixes #12, closes: #10");
                    Reply::json(json!([draft, open]))
                }
            };
        }
        if let Some(n) = p
            .strip_prefix("/repos/octo/longlived/issues/")
            .and_then(|rest| rest.strip_suffix("/timeline"))
            .and_then(|n| n.parse().ok())
        {
            if let Some(reply) = timeline(n, page, base) {
                return reply;
            }
        }
        if p == "/repos/octo/longlived/actions/runs" {
            let run = |id: u64,
                       attempt: u64,
                       status: &str,
                       conclusion: Option<&str>,
                       times: [&str; 3]| {
                json!({"id": id, "name": "CI", "run_number": id - 500, "run_attempt": attempt,
                       "head_branch": "main", "status": status, "conclusion": conclusion,
                       "created_at": times[0], "run_started_at": times[1], "updated_at": times[2],
                       "html_url": format!("https://github.com/octo/longlived/actions/runs/{id}")})
            };
            return match page {
                None => Reply::json(json!({"total_count": 3, "workflow_runs": [
                    run(501, 1, "completed", Some("success"),
                        ["2022-12-24T10:00:00Z", "2022-12-24T10:00:00Z", "2024-01-29T15:00:00Z"]),
                    run(502, 2, "completed", Some("success"),
                        ["2023-03-01T08:00:00Z", "2024-03-05T09:00:00Z", "2025-04-01T00:00:00Z"])
                ]}))
                .with_header(
                    "Link",
                    &format!(
                    "<{base}/repos/octo/longlived/actions/runs?per_page=100&page=2>; rel=\"next\""
                ),
                ),
                Some(_) => Reply::json(json!({"total_count": 3, "workflow_runs": [
                    run(503, 1, "in_progress", None,
                        ["2024-06-01T12:00:00Z", "2024-06-01T12:01:00Z", "2024-06-01T12:05:00Z"])
                ]})),
            };
        }
        if let Some(id) = p
            .strip_prefix("/repos/octo/longlived/actions/runs/")
            .and_then(|rest| rest.strip_suffix("/jobs"))
            .and_then(|n| n.parse().ok())
        {
            if r.param("filter") != Some("all") {
                return Reply::status(400, r#"{"message":"the test wants filter=all"}"#);
            }
            if let Some(reply) = jobs(id, page, base) {
                return reply;
            }
        }
        if p == "/repos/octo/longlived/deployments" {
            return Reply::json(json!([]));
        }
        Reply::status(404, r#"{"message":"Not Found"}"#)
    }
}
