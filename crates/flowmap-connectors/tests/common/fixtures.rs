//! Local servers answering in GitHub's, GitLab's, Azure DevOps' and Jenkins' documented
//! formats (Jira's is in `mod.rs`), and where a test source of each kind points. Shared by the
//! connector tests and flowmap-api's Test connection tests.

use super::{Reply, Request};
use flowmap_core::SourceKind;
use serde_json::json;

/// The URL and query of a test source of `kind` on `base`.
pub fn target(kind: SourceKind, base: &str) -> (String, Option<String>) {
    match kind {
        SourceKind::Jira => (
            base.to_string(),
            Some("project = FLOW ORDER BY rank".into()),
        ),
        SourceKind::Github => (base.to_string(), Some("octo/app?labels=status:".into())),
        SourceKind::Gitlab => (base.to_string(), Some("grp/proj".into())),
        SourceKind::AzureDevops => (
            format!("{base}/org/proj"),
            Some("[System.WorkItemType] <> ''".into()),
        ),
        SourceKind::Jenkins => (format!("{base}/job/app/"), None),
        _ => unreachable!(),
    }
}

pub fn github(empty: bool) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, base: &str| {
        let p = r.path.as_str();
        let incremental = r.param("since").is_some();
        if p == "/repos/octo/app/issues" {
            if empty {
                return Reply::json(json!([]));
            }
            if incremental {
                return Reply::json(json!([
                    {"number": 3, "title": "Flaky login", "state": "closed", "created_at": "2025-03-01T10:00:00Z",
                     "updated_at": "2025-04-01T10:00:00Z", "html_url": "https://github.com/octo/app/issues/3"}
                ]));
            }
            return match r.param("page") {
                None => Reply::json(json!([
                    {"number": 1, "title": "Add export", "state": "closed", "created_at": "2025-03-01T08:00:00Z",
                     "updated_at": "2025-03-05T08:00:00Z", "labels": [{"name": "enhancement"}]},
                    {"number": 2, "title": "Export as CSV", "state": "closed", "created_at": "2025-03-02T08:00:00Z",
                     "updated_at": "2025-03-06T08:00:00Z", "draft": false,
                     "pull_request": {"url": "x", "merged_at": "2025-03-06T08:00:00Z"}}
                ]))
                .with_header("Link", &format!(
                    "<{base}/repositories/42/issues?state=all&page=2>; rel=\"next\", <{base}/repositories/42/issues?state=all&page=2>; rel=\"last\""
                )),
                Some(_) => Reply::status(404, "{}"),
            };
        }
        if p == "/repositories/42/issues" {
            return Reply::json(json!([
                {"number": 3, "title": "Flaky login", "state": "open", "created_at": "2025-03-01T10:00:00Z",
                 "updated_at": "2025-03-07T10:00:00Z"}
            ]))
            .with_header("Link", &format!("<{base}/repos/octo/app/issues?page=1>; rel=\"prev\""));
        }
        if p == "/repos/octo/app/issues/1/timeline" {
            return Reply::json(json!([
                {"event": "labeled", "created_at": "2025-03-01T09:00:00Z", "label": {"name": "enhancement"}},
                {"event": "labeled", "created_at": "2025-03-02T09:00:00Z", "label": {"name": "status: in progress"}},
                {"event": "commented", "created_at": "2025-03-03T09:00:00Z", "body": "hi"},
                {"event": "closed", "created_at": "2025-03-05T08:00:00Z", "state_reason": "completed"}
            ]));
        }
        if p == "/repos/octo/app/issues/2/timeline" {
            return match r.param("page") {
                None => Reply::json(json!([
                    {"event": "review_requested", "created_at": "2025-03-02T09:00:00Z"},
                    {"event": "reviewed", "submitted_at": "2025-03-03T09:00:00Z", "state": "changes_requested"}
                ]))
                .with_header("Link", &format!("<{base}/repos/octo/app/issues/2/timeline?page=2>; rel=\"next\"")),
                Some(_) => Reply::json(json!([
                    {"event": "reviewed", "submitted_at": "2025-03-05T09:00:00Z", "state": "approved"},
                    {"event": "merged", "created_at": "2025-03-06T08:00:00Z"},
                    {"event": "closed", "created_at": "2025-03-06T08:00:00Z"}
                ])),
            };
        }
        if p == "/repos/octo/app/issues/3/timeline" {
            return Reply::json(json!([
                {"event": "closed", "created_at": "2025-04-01T10:00:00Z", "state_reason": "not_planned"}
            ]));
        }
        if p == "/repos/octo/app/actions/runs" {
            if empty || r.param("created").is_some() {
                return Reply::json(json!({"total_count": 0, "workflow_runs": []}));
            }
            return Reply::json(json!({"total_count": 1, "workflow_runs": [
                {"id": 9001, "name": "CI", "run_number": 17, "head_branch": "main", "status": "completed",
                 "conclusion": "success", "created_at": "2025-03-06T08:01:00Z",
                 "run_started_at": "2025-03-06T08:02:00Z", "updated_at": "2025-03-06T08:10:00Z"}
            ]}));
        }
        if p == "/repos/octo/app/actions/runs/9001/jobs" {
            return Reply::json(json!({"total_count": 2, "jobs": [
                {"id": 1, "run_id": 9001, "run_attempt": 1, "status": "completed", "conclusion": "success",
                 "started_at": "2025-03-06T08:02:05Z", "completed_at": "2025-03-06T08:07:00Z"},
                {"id": 2, "run_id": 9001, "run_attempt": 1, "status": "completed", "conclusion": "success",
                 "started_at": "2025-03-06T08:02:10Z", "completed_at": "2025-03-06T08:10:00Z"}
            ]}));
        }
        if p == "/repos/octo/app/deployments" {
            if empty {
                return Reply::json(json!([]));
            }
            return Reply::json(json!([
                {"id": 77, "ref": "main", "environment": "production", "created_at": "2025-03-06T09:00:00Z",
                 "updated_at": "2025-03-06T09:20:00Z"}
            ]));
        }
        if p == "/repos/octo/app/deployments/77/statuses" {
            return Reply::json(json!([
                {"state": "success", "created_at": "2025-03-06T09:20:00Z"},
                {"state": "in_progress", "created_at": "2025-03-06T09:05:00Z"}
            ]));
        }
        Reply::status(404, r#"{"message":"Not Found"}"#)
    }
}

pub fn gitlab(empty: bool) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, base: &str| {
        let p = r.path.as_str();
        let project = "/api/v4/projects/grp%2Fproj";
        let Some(rest) = p.strip_prefix(project) else {
            return Reply::status(404, r#"{"message":"404 Project Not Found"}"#);
        };
        let incremental = r.param("updated_after").is_some();
        match rest {
            "/issues" => {
                if empty {
                    return Reply::json(json!([]));
                }
                if incremental {
                    return Reply::json(
                        json!([{"iid": 2, "title": "Crash", "created_at": "2025-05-02T08:00:00Z",
                        "updated_at": "2025-06-01T08:00:00Z", "issue_type": "incident"}]),
                    );
                }
                // Keyset pagination: the next page is in the Link header.
                match r.param("cursor") {
                    None => Reply::json(json!([{"iid": 1, "title": "Search", "created_at": "2025-05-01T08:00:00Z",
                        "updated_at": "2025-05-04T08:00:00Z", "issue_type": "issue"}]))
                        .with_header("Link", &format!(
                            "<{base}{project}/issues?cursor=eyJpZCI6IjEifQ&pagination=keyset&per_page=1>; rel=\"next\"")),
                    Some(_) => Reply::json(json!([{"iid": 2, "title": "Crash", "created_at": "2025-05-02T08:00:00Z",
                        "updated_at": "2025-05-03T08:00:00Z", "issue_type": "incident"}])),
                }
            }
            "/merge_requests" => {
                if empty || incremental {
                    return Reply::json(json!([]));
                }
                // Offset pagination told by X-Next-Page only.
                match r.param("page") {
                    None => Reply::json(json!([{"iid": 5, "title": "Add search", "created_at": "2025-05-02T09:00:00Z",
                        "updated_at": "2025-05-04T09:00:00Z", "draft": true}]))
                        .with_header("X-Next-Page", "2").with_header("X-Total", "2"),
                    Some("2") => Reply::json(json!([{"iid": 6, "title": "Fix crash", "created_at": "2025-05-03T09:00:00Z",
                        "updated_at": "2025-05-03T10:00:00Z", "draft": false}]))
                        .with_header("X-Next-Page", "").with_header("X-Total", "2"),
                    _ => Reply::json(json!([])),
                }
            }
            "/issues/1/resource_state_events" => Reply::json(json!([
                {"id": 1, "created_at": "2025-05-04T08:00:00Z", "resource_type": "Issue", "resource_id": 1, "state": "closed"}])),
            "/issues/1/resource_label_events" => Reply::json(json!([
                {"id": 11, "created_at": "2025-05-02T08:00:00Z", "resource_type": "Issue", "resource_id": 1,
                 "label": {"id": 3, "name": "workflow::in progress"}, "action": "add"},
                {"id": 12, "created_at": "2025-05-02T09:00:00Z", "resource_type": "Issue", "resource_id": 1,
                 "label": {"id": 4, "name": "priority::high"}, "action": "add"},
                {"id": 13, "created_at": "2025-05-03T08:00:00Z", "resource_type": "Issue", "resource_id": 1,
                 "label": {"id": 5, "name": "workflow::in review"}, "action": "add"},
                {"id": 14, "created_at": "2025-05-03T08:00:00Z", "resource_type": "Issue", "resource_id": 1,
                 "label": {"id": 3, "name": "workflow::in progress"}, "action": "remove"}])),
            "/issues/2/resource_state_events" | "/issues/2/resource_label_events" => {
                Reply::json(json!([]))
            }
            "/merge_requests/5/resource_state_events" => Reply::json(json!([
                {"id": 2, "created_at": "2025-05-04T09:00:00Z", "resource_type": "MergeRequest", "resource_id": 5, "state": "merged"}])),
            "/merge_requests/6/resource_state_events" => Reply::json(json!([
                {"id": 3, "created_at": "2025-05-03T10:00:00Z", "resource_type": "MergeRequest", "resource_id": 6, "state": "closed"}])),
            "/merge_requests/5/resource_label_events"
            | "/merge_requests/6/resource_label_events"
            | "/merge_requests/5/notes"
            | "/merge_requests/6/notes"
            | "/pipelines/300/jobs" => Reply::json(json!([])),
            "/pipelines" => {
                if empty || incremental {
                    return Reply::json(json!([]));
                }
                Reply::json(
                    json!([{"id": 300, "iid": 12, "status": "success", "ref": "main",
                    "created_at": "2025-05-04T09:01:00Z", "updated_at": "2025-05-04T09:10:00Z"}]),
                )
            }
            "/pipelines/300" => Reply::json(
                json!({"id": 300, "iid": 12, "status": "success", "ref": "main",
                "created_at": "2025-05-04T09:01:00Z", "updated_at": "2025-05-04T09:10:00Z",
                "started_at": "2025-05-04T09:02:00Z", "finished_at": "2025-05-04T09:10:00Z"}),
            ),
            "/deployments" => {
                if empty || incremental {
                    return Reply::json(json!([]));
                }
                Reply::json(
                    json!([{"id": 41, "iid": 2, "ref": "main", "status": "success",
                    "created_at": "2025-05-04T09:11:00Z", "updated_at": "2025-05-04T09:20:00Z",
                    "environment": {"id": 1, "name": "production"},
                    "deployable": {"started_at": "2025-05-04T09:12:00Z", "finished_at": "2025-05-04T09:20:00Z", "status": "success"}}]),
                )
            }
            _ => Reply::status(404, r#"{"message":"404 Not found"}"#),
        }
    }
}

pub fn azure(empty: bool) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, _base: &str| {
        let p = r.path.as_str();
        if p == "/org/proj/_apis/wit/wiql" && r.method == "POST" {
            let query: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
            let q = query["query"].as_str().unwrap_or_default();
            let ids: Vec<u64> = if empty {
                vec![]
            } else if q.contains("[System.ChangedDate] >=") {
                vec![2]
            } else {
                (1..=205).collect()
            };
            return Reply::json(json!({"queryType": "flat", "asOf": "2025-07-01T00:00:00Z",
                "workItems": ids.iter().map(|i| json!({"id": i, "url": "x"})).collect::<Vec<_>>()}));
        }
        if p == "/org/proj/_apis/wit/workitems" {
            let ids: Vec<u64> = r
                .param("ids")
                .unwrap_or("")
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect();
            let value: Vec<_> = ids.iter().map(|id| json!({"id": id, "rev": 3, "fields": {
                "System.Title": format!("Item {id}"),
                "System.WorkItemType": if id % 2 == 0 {"Bug"} else {"User Story"},
                "System.CreatedDate": "2025-06-01T08:00:00Z",
                "System.ChangedDate": if *id == 2 {"2025-06-20T08:00:00Z"} else {"2025-06-03T08:00:00Z"},
                "System.State": "Active"}})).collect();
            return Reply::json(json!({"count": value.len(), "value": value}));
        }
        if let Some(id) = p
            .strip_prefix("/org/proj/_apis/wit/workItems/")
            .and_then(|s| s.strip_suffix("/updates"))
        {
            let id: u64 = id.parse().unwrap_or(0);
            let mut value = vec![
                json!({"id": 1, "workItemId": id, "rev": 1, "revisedDate": "2025-06-02T08:00:00Z",
                       "fields": {"System.State": {"newValue": "New"}, "System.ChangedDate": {"newValue": "2025-06-01T08:00:00Z"}}}),
                json!({"id": 2, "workItemId": id, "rev": 2, "revisedDate": "2025-06-03T08:00:00Z",
                       "fields": {"System.Title": {"oldValue": "x", "newValue": "y"}, "System.ChangedDate": {"newValue": "2025-06-01T09:00:00Z"}}}),
                json!({"id": 3, "workItemId": id, "rev": 3, "revisedDate": "9999-01-01T00:00:00Z",
                       "fields": {"System.State": {"oldValue": "New", "newValue": "Active"}, "System.ChangedDate": {"newValue": "2025-06-02T08:00:00Z"}}}),
            ];
            if id == 2 {
                value.push(json!({"id": 4, "workItemId": id, "rev": 4, "fields": {
                    "System.State": {"oldValue": "Active", "newValue": "Closed"},
                    "System.ChangedDate": {"newValue": "2025-06-20T08:00:00Z"}}}));
            }
            return Reply::json(json!({"count": value.len(), "value": value}));
        }
        Reply::status(404, r#"{"message":"TF400898: not found"}"#)
    }
}

pub fn jenkins(empty: bool) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, _base: &str| {
        if r.path != "/job/app/api/json" {
            return Reply::status(404, "<html>Not Found</html>");
        }
        let tree = r.param("tree").unwrap_or("");
        let range = tree
            .rsplit_once('{')
            .map(|(_, x)| x.trim_end_matches('}'))
            .unwrap_or("0,100");
        let (from, to) = range.split_once(',').unwrap_or(("0", "100"));
        let (from, to): (u64, u64) = (from.parse().unwrap_or(0), to.parse().unwrap_or(100));
        let newest = if empty { 0 } else { 150u64 };
        let builds: Vec<_> = (1..=newest)
            .rev()
            .skip(from as usize)
            .take((to - from) as usize)
            .map(|n| {
                let building = n == 150;
                json!({"_class": "hudson.model.FreeStyleBuild", "number": n, "displayName": format!("#{n}"),
                       "timestamp": 1_735_689_600_000i64 + n as i64 * 3_600_000, "duration": if building {0} else {600_000},
                       "result": if building {serde_json::Value::Null} else if n % 10 == 0 {json!("FAILURE")} else {json!("SUCCESS")},
                       "building": building, "url": format!("http://ci/job/app/{n}/")})
            })
            .collect();
        Reply::json(json!({"_class": "hudson.model.FreeStyleProject", "allBuilds": builds}))
    }
}
