//! A long-lived Jira Cloud project (`LL`, 2019–2024) answering as the real API does, not as
//! the documentation's happy path: the search paged by `nextPageToken`, changelogs full of
//! changes to other fields than the status (rank, sprint, labels, assignee, resolution — the
//! most common by far in real projects), an issue whose embedded changelog is truncated at 100
//! histories of 150 and read from its own changelog in two pages, an issue reopened two years
//! after it was done and then relabelled, an issue moved from another project (its key changed,
//! its history kept), a status change that names no status, and two status changes at one
//! instant listed newest first.
//!
//! Where each shape comes from:
//! - `GET /rest/api/2/serverInfo` (`deploymentType: "Cloud"`) and `GET /rest/api/2/status` with
//!   `statusCategory.key` `new` / `indeterminate` / `done` (developer.atlassian.com, "The Jira
//!   Cloud platform REST API", server-info and workflow-statuses).
//! - `GET /rest/api/3/search/jql?jql=…&expand=changelog&fields=…` answering `{issues,
//!   nextPageToken, isLast}` (the enhanced search that replaced `/search`, Atlassian developer
//!   changelog CHANGE-2046); each issue's embedded `changelog` is `{startAt, maxResults, total,
//!   histories}` with at most 100 histories.
//! - `GET /rest/api/3/issue/{key}/changelog?startAt=&maxResults=` answering a `PageBeanChangelog`
//!   `{self, maxResults, startAt, total, isLast, values}`.
//! - A history is `{id, author, created: "2019-01-11T10:00:00.000+0000", items: [{field,
//!   fieldtype, fieldId, from, fromString, to, toString}]}`; Rank changes carry `fieldId:
//!   "customfield_10019"` and `field: "Rank"`, sprint changes `field: "Sprint"`, a move `field:
//!   "Key"` and `field: "project"` (Jira's changelog of a moved issue).
//! - `fields.parent` `{id, key, fields}` and `fields.issuelinks` `[{id, type: {name, inward,
//!   outward}, inwardIssue | outwardIssue: {id, key}}]` (the issue resource's fields).

use crate::common::{Reply, Request};
use serde_json::{json, Value};

fn item(field: &str, field_id: Option<&str>, from: Option<&str>, to: Option<&str>) -> Value {
    json!({"field": field, "fieldtype": if field_id.is_some() { "jira" } else { "custom" },
           "fieldId": field_id, "from": null, "fromString": from, "to": null, "toString": to})
}

fn status(from: &str, to: &str) -> Value {
    item("status", Some("status"), Some(from), Some(to))
}

fn history(id: u64, at: &str, items: Vec<Value>) -> Value {
    json!({"id": id.to_string(), "author": {"displayName": "Dana"}, "created": at, "items": items})
}

/// LL-2's 150 histories from 2020-01-01, one a day: every 15th (ids 215, 230, … 350) moves the
/// status between In Progress and In Review, the rest are rank changes.
pub fn ll2_histories() -> Vec<Value> {
    (1..=150u64)
        .map(|n| {
            let day =
                chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(n - 1);
            let at = format!("{}T09:00:00.000+0000", day.format("%Y-%m-%d"));
            let items = if n % 15 == 0 {
                let k = n / 15;
                let (from, to) = if k == 1 {
                    ("To Do", "In Progress")
                } else if k % 2 == 0 {
                    ("In Progress", "In Review")
                } else {
                    ("In Review", "In Progress")
                };
                vec![status(from, to)]
            } else {
                vec![item(
                    "Rank",
                    Some("customfield_10019"),
                    None,
                    Some("Ranked higher"),
                )]
            };
            history(200 + n, &at, items)
        })
        .collect()
}

fn issue(
    key: &str,
    kind: &str,
    created: &str,
    updated: &str,
    now: &str,
    histories: Vec<Value>,
    total: usize,
) -> Value {
    json!({"id": "1", "key": key, "self": "x",
           "fields": {"summary": format!("{key} summary"), "issuetype": {"name": kind},
                      "created": created, "updated": updated,
                      "status": {"name": now, "statusCategory": {"key": "indeterminate"}}},
           "changelog": {"startAt": 0, "maxResults": histories.len(), "total": total, "histories": histories}})
}

fn issues() -> (Vec<Value>, Vec<Value>) {
    let ll1 = issue(
        "LL-1",
        "Story",
        "2019-01-10T09:00:00.000+0000",
        "2023-03-01T09:00:00.000+0000",
        "Done",
        vec![
            history(
                101,
                "2019-01-11T10:00:00.000+0000",
                vec![
                    status("To Do", "In Progress"),
                    item("assignee", Some("assignee"), None, Some("Dana")),
                ],
            ),
            history(
                102,
                "2019-01-20T10:00:00.000+0000",
                vec![item(
                    "Sprint",
                    Some("customfield_10020"),
                    None,
                    Some("Sprint 3"),
                )],
            ),
            history(
                103,
                "2019-02-01T10:00:00.000+0000",
                vec![
                    status("In Progress", "Done"),
                    item("resolution", Some("resolution"), None, Some("Done")),
                ],
            ),
            history(
                104,
                "2021-06-01T10:00:00.000+0000",
                vec![
                    status("Done", "Reopened"),
                    item("resolution", Some("resolution"), Some("Done"), None),
                ],
            ),
            history(
                105,
                "2021-06-02T10:00:00.000+0000",
                vec![status("Reopened", "In Progress")],
            ),
            history(
                106,
                "2021-06-10T10:00:00.000+0000",
                vec![status("In Progress", "Done")],
            ),
            history(
                107,
                "2023-03-01T09:00:00.000+0000",
                vec![item("labels", Some("labels"), None, Some("release-2023.1"))],
            ),
        ],
        7,
    );
    // LL-1 belongs to epic LL-100, blocks LL-2 and is cloned by LL-9 (fields.parent and
    // fields.issuelinks, with each link type's inward and outward words).
    let mut ll1 = ll1;
    ll1["fields"]["parent"] =
        json!({"id": "10100", "key": "LL-100", "fields": {"summary": "Epic"}});
    ll1["fields"]["issuelinks"] = json!([
        {"id": "1", "type": {"id": "10000", "name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
         "outwardIssue": {"id": "2", "key": "LL-2"}},
        {"id": "2", "type": {"id": "10001", "name": "Cloners", "inward": "is cloned by", "outward": "clones"},
         "inwardIssue": {"id": "9", "key": "LL-9"}}
    ]);
    let embedded: Vec<Value> = ll2_histories().into_iter().take(100).collect();
    let ll2 = issue(
        "LL-2",
        "Bug",
        "2019-12-30T09:00:00.000+0000",
        "2020-05-29T09:00:00.000+0000",
        "In Review",
        embedded,
        150,
    );
    let new7 = issue(
        "LL-7",
        "Story",
        "2022-01-03T09:00:00.000+0000",
        "2022-02-01T09:00:00.000+0000",
        "Done",
        vec![
            history(
                701,
                "2022-01-04T09:00:00.000+0000",
                vec![status("Backlog", "Selected for Development")],
            ),
            history(
                702,
                "2022-01-10T09:00:00.000+0000",
                vec![
                    item("Key", None, Some("OLD-3"), Some("LL-7")),
                    item(
                        "project",
                        Some("project"),
                        Some("Old platform"),
                        Some("Long Lived"),
                    ),
                    item("Workflow", None, Some("Old workflow"), Some("LL workflow")),
                    status("Selected for Development", "To Do"),
                ],
            ),
            history(
                703,
                "2022-01-12T09:00:00.000+0000",
                vec![status("To Do", "In Progress")],
            ),
            history(
                704,
                "2022-02-01T09:00:00.000+0000",
                vec![status("In Progress", "Done")],
            ),
        ],
        4,
    );
    // Two changes at one instant, listed newest first; a change to a deleted status.
    let ll8 = issue(
        "LL-8",
        "Task",
        "2024-03-01T09:00:00.000+0000",
        "2024-03-05T09:00:00.000+0000",
        "Done",
        vec![
            history(
                802,
                "2024-03-05T09:00:00.000+0000",
                vec![status("In Review", "Done")],
            ),
            history(
                801,
                "2024-03-05T09:00:00.000+0000",
                vec![status("In Progress", "In Review")],
            ),
            history(
                800,
                "2024-03-02T09:00:00.000+0000",
                vec![status("To Do", "In Progress")],
            ),
            history(
                799,
                "2024-03-01T12:00:00.000+0000",
                vec![item("status", Some("status"), Some("To Do"), None)],
            ),
        ],
        4,
    );
    let ll9 = issue(
        "LL-9",
        "Task",
        "2024-06-01T09:00:00.000+0000",
        "2024-06-01T09:00:00.000+0000",
        "To Do",
        vec![],
        0,
    );
    (vec![ll1, ll2], vec![new7, ll8, ll9])
}

/// The project's Jira Cloud: `GET /rest/api/3/search/jql` in two pages, LL-2's changelog read
/// from `/rest/api/3/issue/LL-2/changelog` in pages of 100.
pub fn long_lived() -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    let (first, second) = issues();
    move |r: &Request, _base: &str| {
        let p = r.path.as_str();
        if p == "/rest/api/2/serverInfo" {
            return Reply::json(
                json!({"baseUrl": "x", "version": "1001.0.0", "deploymentType": "Cloud"}),
            );
        }
        if p == "/rest/api/2/status" {
            let s = |name: &str, key: &str| json!({"name": name, "statusCategory": {"key": key}});
            return Reply::json(json!([
                s("To Do", "new"),
                s("Backlog", "new"),
                s("In Progress", "indeterminate"),
                s("In Review", "indeterminate"),
                s("Reopened", "new"),
                s("Selected for Development", "new"),
                s("Done", "done")
            ]));
        }
        if p == "/rest/api/3/search/jql" {
            if r.param("expand") != Some("changelog") {
                return Reply::status(
                    400,
                    r#"{"errorMessages":["the test wants expand=changelog"]}"#,
                );
            }
            return match r.param("nextPageToken") {
                None => Reply::json(
                    json!({"issues": first, "nextPageToken": "CAEaAggD", "isLast": false}),
                ),
                Some("CAEaAggD") => Reply::json(json!({"issues": second, "isLast": true})),
                Some(other) => Reply::status(
                    400,
                    &format!(r#"{{"errorMessages":["unknown token {other}"]}}"#),
                ),
            };
        }
        if p == "/rest/api/3/issue/LL-2/changelog" {
            let start: usize = r.param("startAt").and_then(|s| s.parse().ok()).unwrap_or(0);
            let all = ll2_histories();
            let values: Vec<Value> = all.iter().skip(start).take(100).cloned().collect();
            let last = start + values.len() >= all.len();
            return Reply::json(
                json!({"self": "x", "maxResults": 100, "startAt": start, "total": all.len(),
                                      "isLast": last, "values": values}),
            );
        }
        Reply::status(
            404,
            r#"{"errorMessages":["Issue does not exist or you do not have permission to see it."]}"#,
        )
    }
}
