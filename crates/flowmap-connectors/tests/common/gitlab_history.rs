//! A long-lived GitLab project (`acme/platform`, 2018–2025) answering like gitlab.com does, not
//! like the documentation's happy path: issues closed before resource state events existed,
//! scoped labels replacing each other (the removal listed before or after the addition), a
//! deleted label, version labels and bots acting on closed items, a double close by a bot, a
//! reopening written `opened` as the API documentation shows it, merge requests that were drafts
//! (the old "Work In Progress" notes and the new draft notes), pipelines whose `updated_at` moved
//! a year later, one re-run five weeks later, one waiting on a manual job, one still running.
//!
//! Where each shape comes from:
//! - issues and merge requests lists: GitLab's REST API documentation (`doc/api/issues.md`,
//!   `doc/api/merge_requests.md`: `iid`, `state`, `closed_at`, `merged_at`, `draft`,
//!   `work_in_progress`, `issue_type`, `web_url`); issues page by keyset (`Link` header with a
//!   `cursor`), merge requests by offset (`X-Page`, `X-Next-Page`, `X-Total`), as
//!   `doc/api/rest/index.md` ("Pagination") says;
//! - `resource_state_events`: `doc/api/resource_state_events.md` (its example writes a
//!   reopening `"state": "opened"`; gitlab.com sends `reopened`); such events exist only since
//!   GitLab 13.2, so older items have none;
//! - `resource_label_events`: `doc/api/resource_label_events.md` (events since 11.2); a deleted
//!   label comes as `"label": null`, as recorded from gitlab.com in gitlab-org/gitlab-triage
//!   issue 141 (`{"id":4411771,…,"label":null,"action":"add"}`);
//! - merge request notes: `doc/api/notes.md`; the system notes' texts "marked as a **Work In
//!   Progress**" / "unmarked as a **Work In Progress**" (before 13.x) and "marked this merge
//!   request as **draft**" / "… as **ready**" (`doc/user/project/merge_requests/drafts.md`);
//! - pipelines and their jobs (`include_retried=true`): `doc/api/pipelines.md`, `doc/api/jobs.md`
//!   (`created_at`, `started_at`, `finished_at`, `allow_failure`, a retried job kept with its old
//!   status beside its clone).

use crate::common::{Reply, Request};
use serde_json::{json, Value};

pub const PROJECT: &str = "/api/v4/projects/acme%2Fplatform";

fn user(name: &str) -> Value {
    json!({"id": name.len(), "username": name, "name": name, "state": "active"})
}

fn state(id: u64, at: &str, state: &str, kind: &str, who: &str) -> Value {
    json!({"id": id, "user": user(who), "created_at": at, "resource_type": kind,
           "resource_id": 9000 + id, "state": state})
}

fn label(id: u64, at: &str, action: &str, name: Option<&str>, who: &str) -> Value {
    let label = name.map(
        |n| json!({"id": n.len() as u64 * 7, "name": n, "color": "#428BCA", "description": null}),
    );
    // Label events 80 and up are on merge requests.
    let kind = if id >= 80 { "MergeRequest" } else { "Issue" };
    json!({"id": id, "user": user(who), "created_at": at, "resource_type": kind,
           "resource_id": 7000 + id, "label": label, "action": action})
}

fn note(id: u64, at: &str, body: &str, system: bool, who: &str) -> Value {
    json!({"id": id, "body": body, "author": user(who), "created_at": at, "updated_at": at,
           "system": system, "noteable_type": "MergeRequest", "resolvable": false})
}

fn issue(
    iid: u64,
    title: &str,
    kind: &str,
    created: &str,
    updated: &str,
    closed: Option<&str>,
) -> Value {
    let mut v = json!({"id": 40000 + iid, "iid": iid, "project_id": 278964, "title": title,
           "state": if closed.is_some() {"closed"} else {"opened"},
           "created_at": created, "updated_at": updated, "closed_at": closed,
           "labels": [], "issue_type": kind, "type": kind.to_uppercase(),
           "web_url": format!("https://gitlab.example.com/acme/platform/-/issues/{iid}")});
    // Tasks come as newer GitLab sends them: `type` only, `issue_type` gone.
    if kind == "task" {
        v.as_object_mut().unwrap().remove("issue_type");
    }
    v
}

fn mr(
    iid: u64,
    title: &str,
    state: &str,
    created: &str,
    updated: &str,
    merged: Option<&str>,
    draft: bool,
) -> Value {
    json!({"id": 80000 + iid, "iid": iid, "project_id": 278964, "title": title, "state": state,
           "created_at": created, "updated_at": updated, "merged_at": merged,
           "closed_at": null, "draft": draft, "work_in_progress": draft,
           "web_url": format!("https://gitlab.example.com/acme/platform/-/merge_requests/{iid}")})
}

fn job(id: u64, name: &str, status: &str, times: [Option<&str>; 3]) -> Value {
    let [created, started, finished] = times;
    json!({"id": id, "name": name, "stage": name, "status": status, "allow_failure": false,
           "created_at": created, "started_at": started, "finished_at": finished,
           "ref": "main", "tag": false, "coverage": null, "user": user("ci")})
}

fn pipeline(id: u64, status: &str, times: [Option<&str>; 4]) -> Value {
    let [created, started, finished, updated] = times;
    json!({"id": id, "iid": id - 5000, "project_id": 278964, "status": status, "ref": "main",
           "sha": "a91957a858320c0e17f3a0eca7cfacbff50ea29a", "source": "push",
           "created_at": created, "updated_at": updated, "started_at": started,
           "finished_at": finished, "committed_at": null, "duration": null,
           "queued_duration": null,
           "web_url": format!("https://gitlab.example.com/acme/platform/-/pipelines/{id}")})
}

fn issues_pages(base: &str, r: &Request, keyset: bool) -> Reply {
    if !keyset && r.param("pagination") == Some("keyset") {
        return Reply::status(
            405,
            r#"{"error":"Keyset pagination is not yet available for this type of request"}"#,
        );
    }
    if !keyset && r.param("page").is_none() {
        let first = issues_pages(
            base,
            &Request {
                query: vec![],
                ..r.clone()
            },
            true,
        );
        return Reply {
            headers: vec![("X-Next-Page".into(), "2".into())],
            ..first
        };
    }
    let page2 = r.param("cursor").is_some() || r.param("page") == Some("2");
    if !page2 {
        let next = format!(
            "<{base}{PROJECT}/issues?cursor=eyJpZCI6IjQwMDAzIn0&order_by=created_at&pagination=keyset&per_page=100&scope=all&sort=asc&state=all>; rel=\"next\""
        );
        return Reply::json(json!([
            issue(
                1,
                "Login fails on Safari",
                "issue",
                "2018-03-02T09:12:44.120Z",
                "2023-11-20T07:00:00.000Z",
                Some("2018-05-10T16:40:02.532Z")
            ),
            issue(
                2,
                "Search results paginate wrong",
                "issue",
                "2019-01-15T11:00:00.000Z",
                "2022-06-01T08:00:00.000Z",
                Some("2021-03-05T12:00:00.000Z")
            ),
            issue(
                3,
                "Crash on import",
                "incident",
                "2020-11-03T10:00:00.000Z",
                "2020-11-06T09:01:00.000Z",
                Some("2020-11-06T09:00:00.000Z")
            ),
        ]))
        .with_header("Link", &next);
    }
    Reply::json(json!([
        issue(
            4,
            "Dark mode",
            "issue",
            "2021-05-01T08:00:00.000Z",
            "2022-01-10T08:00:00.000Z",
            None
        ),
        issue(
            5,
            "Flaky CI on arm64",
            "task",
            "2022-02-02T08:00:00.000Z",
            "2024-04-05T08:00:00.000Z",
            Some("2024-04-05T08:00:00.000Z")
        ),
    ]))
}

fn merge_requests_pages(r: &Request) -> Reply {
    let page = r.param("page").unwrap_or("1");
    let headers = |reply: Reply, next: &str| {
        reply
            .with_header("X-Page", page)
            .with_header("X-Per-Page", "100")
            .with_header("X-Next-Page", next)
            .with_header("X-Total", "4")
            .with_header("X-Total-Pages", "2")
    };
    match page {
        "1" => headers(
            Reply::json(json!([
                mr(
                    10,
                    "Add OAuth login",
                    "merged",
                    "2018-06-01T09:00:00.000Z",
                    "2021-01-01T00:00:00.000Z",
                    Some("2018-06-20T15:30:00.000Z"),
                    false
                ),
                mr(
                    11,
                    "Refactor search",
                    "merged",
                    "2020-10-01T09:00:00.000Z",
                    "2021-01-01T00:00:00.000Z",
                    Some("2020-12-03T10:00:00.000Z"),
                    false
                ),
            ])),
            "2",
        ),
        "2" => headers(
            Reply::json(json!([
                mr(
                    12,
                    "Draft: new pipeline editor",
                    "opened",
                    "2023-03-01T09:00:00.000Z",
                    "2023-03-02T09:00:00.000Z",
                    None,
                    true
                ),
                mr(
                    13,
                    "Update dependency serde to v1.0.195",
                    "merged",
                    "2024-01-10T04:00:00.000Z",
                    "2024-01-11T05:00:00.000Z",
                    Some("2024-01-11T04:30:00.000Z"),
                    false
                ),
            ])),
            "",
        ),
        _ => Reply::json(json!([])),
    }
}

fn events(rest: &str) -> Option<Value> {
    Some(match rest {
        // Closed in 2018, before state events existed; relabelled long after.
        "/issues/1/resource_state_events" => json!([]),
        "/issues/1/resource_label_events" => json!([
            label(
                11,
                "2019-01-01T00:00:00.000Z",
                "add",
                Some("v1"),
                "release-bot"
            ),
            label(
                12,
                "2023-11-20T07:00:00.000Z",
                "add",
                Some("workflow::done"),
                "triage-bot"
            ),
        ]),
        "/issues/2/resource_state_events" => json!([
            state(21, "2020-09-01T10:00:00.000Z", "closed", "Issue", "ana"),
            state(22, "2021-02-10T09:00:00.000Z", "reopened", "Issue", "ben"),
            state(23, "2021-03-05T12:00:00.000Z", "closed", "Issue", "ana"),
        ]),
        "/issues/2/resource_label_events" => json!([
            label(
                31,
                "2019-01-20T10:00:00.000Z",
                "add",
                Some("workflow::ready"),
                "ana"
            ),
            // The previous scoped label's removal listed before the addition.
            label(
                32,
                "2019-02-01T10:00:00.000Z",
                "remove",
                Some("workflow::ready"),
                "ana"
            ),
            label(
                33,
                "2019-02-01T10:00:00.000Z",
                "add",
                Some("workflow::in dev"),
                "ana"
            ),
            label(
                34,
                "2019-03-01T10:00:00.000Z",
                "add",
                Some("workflow::in review"),
                "ben"
            ),
            label(
                35,
                "2019-03-01T10:00:00.000Z",
                "remove",
                Some("workflow::in dev"),
                "ben"
            ),
            label(
                36,
                "2021-02-10T09:00:00.000Z",
                "add",
                Some("workflow::in dev"),
                "ben"
            ),
            label(
                37,
                "2021-03-05T12:00:00.000Z",
                "remove",
                Some("workflow::in dev"),
                "triage-bot"
            ),
            label(
                38,
                "2022-06-01T08:00:00.000Z",
                "add",
                Some("2.3.0"),
                "release-bot"
            ),
        ]),
        "/issues/3/resource_state_events" => json!([state(
            41,
            "2020-11-06T09:00:00.000Z",
            "closed",
            "Issue",
            "oncall"
        ),]),
        "/issues/3/resource_label_events" => json!([
            label(
                51,
                "2020-11-03T10:05:00.000Z",
                "add",
                Some("status::triage"),
                "oncall"
            ),
            label(
                52,
                "2020-11-04T08:00:00.000Z",
                "add",
                Some("status::investigating"),
                "oncall"
            ),
            label(
                53,
                "2020-11-04T08:00:00.000Z",
                "remove",
                Some("status::triage"),
                "oncall"
            ),
            label(54, "2020-11-05T12:00:00.000Z", "add", None, "oncall"),
            label(
                55,
                "2020-11-06T09:01:00.000Z",
                "add",
                Some("status::resolved"),
                "triage-bot"
            ),
        ]),
        "/issues/4/resource_state_events" => json!([]),
        "/issues/4/resource_label_events" => json!([
            label(
                61,
                "2021-06-01T08:00:00.000Z",
                "add",
                Some("workflow::ready"),
                "ana"
            ),
            label(
                62,
                "2021-06-02T08:00:00.000Z",
                "add",
                Some("priority::high"),
                "ana"
            ),
            label(
                63,
                "2022-01-10T08:00:00.000Z",
                "remove",
                Some("workflow::ready"),
                "ben"
            ),
        ]),
        "/issues/5/resource_state_events" => json!([
            state(71, "2022-02-20T08:00:00.000Z", "closed", "Issue", "ana"),
            state(
                72,
                "2023-01-01T03:00:00.000Z",
                "closed",
                "Issue",
                "stale-bot"
            ),
            state(73, "2024-04-04T08:00:00.000Z", "opened", "Issue", "ben"),
            state(74, "2024-04-05T08:00:00.000Z", "closed", "Issue", "ben"),
        ]),
        "/issues/5/resource_label_events" => json!([]),
        // Merged in 2018 as a former Work In Progress; no state events that old.
        "/merge_requests/10/resource_state_events" => json!([]),
        "/merge_requests/10/resource_label_events" => json!([
            label(
                81,
                "2019-01-01T00:00:00.000Z",
                "add",
                Some("v1.0"),
                "release-bot"
            ),
            label(
                82,
                "2021-01-01T00:00:00.000Z",
                "add",
                Some("workflow::in review"),
                "triage-bot"
            ),
        ]),
        "/merge_requests/10/notes" => json!([
            note(
                91,
                "2018-06-15T08:00:00.000Z",
                "unmarked as a **Work In Progress**",
                true,
                "cy"
            ),
            note(
                92,
                "2019-05-05T08:00:00.000Z",
                "This broke SSO for us, see #44",
                false,
                "dee"
            ),
        ]),
        "/merge_requests/11/resource_state_events" => json!([
            state(
                101,
                "2020-11-01T09:00:00.000Z",
                "closed",
                "MergeRequest",
                "cy"
            ),
            state(
                102,
                "2020-12-01T09:00:00.000Z",
                "reopened",
                "MergeRequest",
                "cy"
            ),
            state(
                103,
                "2020-12-03T10:00:00.000Z",
                "merged",
                "MergeRequest",
                "ana"
            ),
        ]),
        "/merge_requests/11/resource_label_events" => json!([
            label(
                111,
                "2020-10-10T12:01:00.000Z",
                "add",
                Some("workflow::in review"),
                "cy"
            ),
            label(
                112,
                "2021-01-01T00:00:00.000Z",
                "add",
                Some("workflow::done"),
                "triage-bot"
            ),
        ]),
        "/merge_requests/11/notes" => json!([
            note(
                121,
                "2020-10-02T09:00:00.000Z",
                "marked this merge request as **draft**",
                true,
                "cy"
            ),
            note(
                122,
                "2020-10-03T09:00:00.000Z",
                "Needs a test for the empty query",
                false,
                "ana"
            ),
            note(
                123,
                "2020-10-10T12:00:00.000Z",
                "marked this merge request as **ready**",
                true,
                "cy"
            ),
        ]),
        "/merge_requests/12/resource_state_events" => json!([]),
        "/merge_requests/12/resource_label_events" => json!([label(
            131,
            "2023-03-02T09:00:00.000Z",
            "add",
            Some("workflow::in dev"),
            "dee"
        ),]),
        "/merge_requests/12/notes" => json!([]),
        "/merge_requests/13/resource_state_events" => json!([
            state(
                141,
                "2024-01-11T04:29:59.000Z",
                "locked",
                "MergeRequest",
                "renovate-bot"
            ),
            state(
                142,
                "2024-01-11T04:30:00.000Z",
                "merged",
                "MergeRequest",
                "renovate-bot"
            ),
        ]),
        "/merge_requests/13/resource_label_events" => json!([]),
        "/merge_requests/13/notes" => json!([note(
            151,
            "2024-01-11T05:00:00.000Z",
            "deleted the `renovate/serde-1.x` branch",
            true,
            "renovate-bot"
        ),]),
        _ => return None,
    })
}

fn pipelines_and_jobs(rest: &str, r: &Request) -> Option<Reply> {
    let t = Some;
    let p5001 = pipeline(
        5001,
        "success",
        [
            t("2022-12-24T09:00:00.000Z"),
            t("2022-12-24T09:01:00.000Z"),
            t("2022-12-24T09:15:00.000Z"),
            t("2024-01-29T10:20:00.000Z"),
        ],
    );
    let p5002 = pipeline(
        5002,
        "success",
        [
            t("2023-02-01T10:00:00.000Z"),
            t("2023-02-01T10:02:00.000Z"),
            t("2023-03-15T16:20:00.000Z"),
            t("2023-03-15T16:20:00.000Z"),
        ],
    );
    let p5003 = pipeline(
        5003,
        "manual",
        [
            t("2024-05-01T08:00:00.000Z"),
            t("2024-05-01T08:01:00.000Z"),
            None,
            t("2024-09-01T00:00:00.000Z"),
        ],
    );
    let p5004 = pipeline(
        5004,
        "running",
        [
            t("2025-01-10T12:00:00.000Z"),
            t("2025-01-10T12:03:00.000Z"),
            None,
            t("2025-01-10T12:03:00.000Z"),
        ],
    );
    let p5005 = pipeline(
        5005,
        "canceled",
        [
            t("2025-02-01T00:00:00.000Z"),
            t("2025-02-01T00:00:00.000Z"),
            t("2025-02-01T00:04:00.000Z"),
            t("2025-02-01T00:04:00.000Z"),
        ],
    );
    let list_item = |p: &Value| {
        json!({"id": p["id"], "iid": p["iid"], "project_id": 278964, "status": p["status"],
               "ref": "main", "sha": p["sha"], "source": "push", "created_at": p["created_at"],
               "updated_at": p["updated_at"], "web_url": p["web_url"]})
    };
    Some(match rest {
        "/pipelines" => match r.param("page").unwrap_or("1") {
            "1" => Reply::json(json!([
                list_item(&p5001),
                list_item(&p5002),
                list_item(&p5003)
            ]))
            .with_header("X-Next-Page", "2"),
            _ => Reply::json(json!([list_item(&p5004), list_item(&p5005)]))
                .with_header("X-Next-Page", ""),
        },
        "/pipelines/5001" => Reply::json(p5001),
        "/pipelines/5002" => Reply::json(p5002),
        "/pipelines/5003" => Reply::json(p5003),
        "/pipelines/5004" => Reply::json(p5004),
        "/pipelines/5005" => Reply::json(p5005),
        "/pipelines/5001/jobs" => Reply::json(json!([
            job(
                1,
                "test",
                "success",
                [
                    t("2022-12-24T09:00:00.100Z"),
                    t("2022-12-24T09:08:30.000Z"),
                    t("2022-12-24T09:15:00.000Z")
                ]
            ),
            job(
                2,
                "build",
                "success",
                [
                    t("2022-12-24T09:00:00.100Z"),
                    t("2022-12-24T09:01:00.000Z"),
                    t("2022-12-24T09:08:00.000Z")
                ]
            ),
        ])),
        // Failed on 1 February; the failed test retried on 15 March, the deploy skipped then
        // run in the re-run (keeping its creation time of 1 February).
        "/pipelines/5002/jobs" => Reply::json(json!([
            job(
                13,
                "test",
                "success",
                [
                    t("2023-03-15T16:00:00.000Z"),
                    t("2023-03-15T16:01:00.000Z"),
                    t("2023-03-15T16:11:00.000Z")
                ]
            ),
            job(
                12,
                "deploy",
                "success",
                [
                    t("2023-02-01T10:00:00.200Z"),
                    t("2023-03-15T16:12:00.000Z"),
                    t("2023-03-15T16:20:00.000Z")
                ]
            ),
            job(
                11,
                "test",
                "failed",
                [
                    t("2023-02-01T10:00:00.200Z"),
                    t("2023-02-01T10:10:00.000Z"),
                    t("2023-02-01T10:30:00.000Z")
                ]
            ),
            job(
                10,
                "build",
                "success",
                [
                    t("2023-02-01T10:00:00.200Z"),
                    t("2023-02-01T10:02:00.000Z"),
                    t("2023-02-01T10:10:00.000Z")
                ]
            ),
        ])),
        "/pipelines/5003/jobs" => Reply::json(json!([
            job(
                21,
                "deploy",
                "manual",
                [t("2024-05-01T08:00:00.100Z"), None, None]
            ),
            job(
                20,
                "build",
                "success",
                [
                    t("2024-05-01T08:00:00.100Z"),
                    t("2024-05-01T08:01:00.000Z"),
                    t("2024-05-01T08:05:00.000Z")
                ]
            ),
        ])),
        "/pipelines/5004/jobs" => Reply::json(json!([job(
            30,
            "build",
            "running",
            [
                t("2025-01-10T12:00:00.100Z"),
                t("2025-01-10T12:03:00.000Z"),
                None
            ]
        ),])),
        "/pipelines/5005/jobs" => Reply::json(json!([job(
            40,
            "build",
            "canceled",
            [
                t("2025-02-01T00:00:00.000Z"),
                t("2025-02-01T00:00:00.000Z"),
                t("2025-02-01T00:04:00.000Z")
            ]
        ),])),
        _ => return None,
    })
}

/// The project's API on gitlab.com.
pub fn gitlab_history() -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    gitlab_history_on(true)
}

/// The project's API on a GitLab that has keyset pagination for issues (`keyset`), or refuses
/// it with 405 as GitLab did before 18.x and pages them by offset only.
pub fn gitlab_history_on(keyset: bool) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, base: &str| {
        let Some(rest) = r.path.strip_prefix(PROJECT) else {
            return Reply::status(404, r#"{"message":"404 Project Not Found"}"#);
        };
        match rest {
            "/issues" => issues_pages(base, r, keyset),
            "/merge_requests" => merge_requests_pages(r),
            "/deployments" => Reply::json(json!([])),
            _ => match (events(rest), pipelines_and_jobs(rest, r)) {
                (Some(v), _) => Reply::json(v),
                (None, Some(reply)) => reply,
                (None, None) => Reply::status(404, r#"{"message":"404 Not found"}"#),
            },
        }
    }
}
