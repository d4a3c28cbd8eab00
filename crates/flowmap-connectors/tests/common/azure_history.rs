//! A long-lived Azure DevOps project (`fabrikam/Fabrikam Fiber`, 2019–2025) answering like
//! dev.azure.com does: most revisions carry no `System.State` (titles, tags, comments, a sync
//! bot touching a feature 226 times, so its updates take two pages), two revisions by one person
//! within a second, a bug moved from another project and turned into a user story (its state
//! reset by the type change), a migrated task whose first revision names no state, a state change
//! whose revision lacks `System.ChangedDate`, an item reopened two years after it closed, one
//! removed.
//!
//! Where each shape comes from (Azure DevOps REST API 7.1 reference, learn.microsoft.com):
//! - `POST …/_apis/wit/wiql`: "Wiql - Query By Wiql" (`queryType`, `asOf`, `columns`,
//!   `workItems: [{id, url}]`);
//! - `GET …/_apis/wit/workitems?ids=…&fields=…`: "Work Items - List" (`count`, `value: [{id,
//!   rev, fields: {"System.Title", …}, url}]`);
//! - `GET …/_apis/wit/workItems/{id}/updates`: "Updates - List" (`{id, workItemId, rev,
//!   revisedBy, revisedDate, fields: {"System.State": {oldValue, newValue}, …}}`, the first
//!   revision with `newValue` only, the latest revision's `revisedDate` 9999-01-01, updates that
//!   change only links carrying `relations` and no `fields`), paged by `$top`/`$skip`;
//! - `$expand=relations` on "Work Items - List": `relations: [{rel, url, attributes: {isLocked,
//!   name}}]` ("Work Items - Get Work Item" and "Link types reference": `System.LinkTypes.
//!   Hierarchy-Reverse` named "Parent", `…Hierarchy-Forward` "Child", `…Related` "Related",
//!   `…Duplicate-Forward` "Duplicate", `…Dependency-Forward` "Successor", `ArtifactLink` with a
//!   `vstfs:///Git/…` url for commits and pull requests, `Hyperlink`); asking for `fields` and
//!   `$expand` together is answered 400, "The expand parameter can not be used with the fields
//!   parameter."

use crate::common::{Reply, Request};
use serde_json::{json, Map, Value};

pub const PROJECT: &str = "/fabrikam/Fabrikam%20Fiber";

/// One revision: `(field, old, new)` changes, at `changed` (its `System.ChangedDate`, `None`
/// to leave it out) and superseded at `revised`.
fn rev(
    id: u64,
    rev: u64,
    who: &str,
    changed: Option<&str>,
    revised: &str,
    fields: &[(&str, Option<&str>, &str)],
) -> Value {
    let mut f = Map::new();
    for (name, old, new) in fields {
        let mut c = Map::new();
        if let Some(o) = old {
            c.insert("oldValue".into(), json!(o));
        }
        c.insert("newValue".into(), json!(new));
        f.insert(name.to_string(), Value::Object(c));
    }
    if let Some(at) = changed {
        f.insert("System.ChangedDate".into(), json!({"newValue": at}));
        f.insert(
            "System.ChangedBy".into(),
            json!({"newValue": format!("{who} <{who}@fabrikam.com>")}),
        );
        f.insert(
            "System.Rev".into(),
            json!({"oldValue": rev - 1, "newValue": rev}),
        );
    }
    let mut u = json!({"id": rev, "workItemId": id, "rev": rev,
        "revisedBy": {"id": "d6245f20-2af8-44f4-9451-8107cb2767db", "displayName": who, "uniqueName": format!("{who}@fabrikam.com")},
        "revisedDate": revised,
        "url": format!("https://dev.azure.com/fabrikam/_apis/wit/workItems/{id}/updates/{rev}")});
    if !f.is_empty() {
        u["fields"] = Value::Object(f);
    }
    u
}

const LATEST: &str = "9999-01-01T00:00:00Z";

/// Every work item's updates, in the order the API gives them (by revision).
fn updates(id: u64) -> Vec<Value> {
    let s = "System.State";
    match id {
        // Two revisions by Ana within a second: Resolved, then Closed, at one instant.
        101 => vec![
            rev(
                101,
                1,
                "Ana",
                Some("2019-04-01T09:00:00.000Z"),
                "2019-04-02T10:00:00.000Z",
                &[
                    (s, None, "New"),
                    ("System.Title", None, "Customer can reset a password"),
                ],
            ),
            rev(
                101,
                2,
                "Ana",
                Some("2019-04-02T10:00:00.000Z"),
                "2019-04-10T08:00:00.000Z",
                &[(
                    "System.Title",
                    Some("Customer can reset a password"),
                    "Customers can reset their password",
                )],
            ),
            rev(
                101,
                3,
                "Ben",
                Some("2019-04-10T08:00:00.000Z"),
                "2019-04-20T10:00:00.400Z",
                &[(s, Some("New"), "Active")],
            ),
            rev(
                101,
                4,
                "Ana",
                Some("2019-04-20T10:00:00.400Z"),
                "2019-04-20T10:00:00.400Z",
                &[
                    (s, Some("Active"), "Resolved"),
                    ("Microsoft.VSTS.Common.ResolvedReason", None, "Fixed"),
                ],
            ),
            rev(
                101,
                5,
                "Ana",
                Some("2019-04-20T10:00:00.400Z"),
                "2021-06-01T12:00:00.000Z",
                &[(s, Some("Resolved"), "Closed")],
            ),
            rev(
                101,
                6,
                "Dee",
                Some("2021-06-01T12:00:00.000Z"),
                "2023-02-02T02:00:00.000Z",
                &[(
                    "System.History",
                    None,
                    "Still seeing this on the mobile app?",
                )],
            ),
            rev(
                101,
                7,
                "Sync Bot",
                Some("2023-02-02T02:00:00.000Z"),
                LATEST,
                &[("System.Tags", None, "legacy; migrated")],
            ),
        ],
        // A bug moved from Fabrikam Legacy and made a user story in one revision.
        102 => vec![
            rev(
                102,
                1,
                "Cy",
                Some("2020-01-15T09:00:00.000Z"),
                "2020-02-01T09:00:00.000Z",
                &[
                    (s, None, "New"),
                    ("System.TeamProject", None, "Fabrikam Legacy"),
                    ("System.WorkItemType", None, "Bug"),
                ],
            ),
            rev(
                102,
                2,
                "Cy",
                Some("2020-02-01T09:00:00.000Z"),
                "2020-05-05T09:00:00.000Z",
                &[(s, Some("New"), "Active")],
            ),
            rev(
                102,
                3,
                "Ana",
                Some("2020-05-05T09:00:00.000Z"),
                "2020-05-10T09:00:00.000Z",
                &[
                    (
                        "System.TeamProject",
                        Some("Fabrikam Legacy"),
                        "Fabrikam Fiber",
                    ),
                    ("System.WorkItemType", Some("Bug"), "User Story"),
                    (
                        "System.AreaPath",
                        Some("Fabrikam Legacy"),
                        "Fabrikam Fiber\\Web",
                    ),
                    (s, Some("Active"), "New"),
                ],
            ),
            rev(
                102,
                4,
                "Cy",
                Some("2020-05-10T09:00:00.000Z"),
                "2020-06-01T09:00:00.000Z",
                &[(s, Some("New"), "Active")],
            ),
            rev(
                102,
                5,
                "Cy",
                Some("2020-06-01T09:00:00.000Z"),
                LATEST,
                &[(s, Some("Active"), "Closed")],
            ),
        ],
        // Migrated: the first revision names no state; a state change lacks its ChangedDate
        // (its time is the previous revision's revisedDate); a links-only update.
        103 => vec![
            rev(
                103,
                1,
                "Migration",
                Some("2019-08-01T00:00:00.000Z"),
                "2019-08-05T09:00:00.000Z",
                &[("System.Title", None, "Set up the build agents")],
            ),
            rev(
                103,
                2,
                "Ben",
                None,
                "2019-08-09T17:00:00.000Z",
                &[(s, Some("To Do"), "Doing")],
            ),
            rev(
                103,
                3,
                "Ben",
                Some("2019-08-09T17:00:00.000Z"),
                "2019-09-01T00:00:00.000Z",
                &[(s, Some("Doing"), "Done")],
            ),
            rev(103, 4, "Ben", None, LATEST, &[]),
        ],
        // A feature a sync bot touched 226 times: its updates take two pages of 200.
        104 => {
            let mut v = vec![
                rev(
                    104,
                    1,
                    "Ana",
                    Some("2019-02-01T09:00:00.000Z"),
                    "2019-03-01T09:00:00.000Z",
                    &[(s, None, "New")],
                ),
                rev(
                    104,
                    2,
                    "Ana",
                    Some("2019-03-01T09:00:00.000Z"),
                    "2019-03-02T00:00:00.000Z",
                    &[(s, Some("New"), "Active")],
                ),
            ];
            for r in 3..=228u64 {
                let day = chrono::NaiveDate::from_ymd_opt(2019, 3, 2).unwrap()
                    + chrono::Duration::days((r as i64 - 3) * 7);
                let at = format!("{day}T00:00:00.000Z");
                let next = format!("{}T00:00:00.000Z", day + chrono::Duration::days(7));
                v.push(rev(
                    104,
                    r,
                    "Sync Bot",
                    Some(&at),
                    &next,
                    &[("Custom.ExternalRevision", None, &format!("r{r}"))],
                ));
            }
            // The 228th revision is superseded by the closing one.
            v.push(rev(
                104,
                229,
                "Ana",
                Some("2023-07-01T09:00:00.000Z"),
                LATEST,
                &[(s, Some("Active"), "Closed")],
            ));
            v
        }
        // Closed, reopened two years later, closed again.
        105 => vec![
            rev(
                105,
                1,
                "Dee",
                Some("2021-01-04T09:00:00.000Z"),
                "2021-01-05T09:00:00.000Z",
                &[(s, None, "New")],
            ),
            rev(
                105,
                2,
                "Dee",
                Some("2021-01-05T09:00:00.000Z"),
                "2021-02-01T09:00:00.000Z",
                &[(s, Some("New"), "Active")],
            ),
            rev(
                105,
                3,
                "Dee",
                Some("2021-02-01T09:00:00.000Z"),
                "2023-03-01T09:00:00.000Z",
                &[(s, Some("Active"), "Closed")],
            ),
            rev(
                105,
                4,
                "Ben",
                Some("2023-03-01T09:00:00.000Z"),
                "2023-03-08T09:00:00.000Z",
                &[
                    (s, Some("Closed"), "Active"),
                    ("System.Reason", Some("Fixed"), "Reactivated"),
                ],
            ),
            rev(
                105,
                5,
                "Ben",
                Some("2023-03-08T09:00:00.000Z"),
                LATEST,
                &[(s, Some("Active"), "Closed")],
            ),
        ],
        // Removed: canceled work.
        106 => vec![
            rev(
                106,
                1,
                "Cy",
                Some("2022-05-05T09:00:00.000Z"),
                "2022-05-06T09:00:00.000Z",
                &[(s, None, "New")],
            ),
            rev(
                106,
                2,
                "Cy",
                Some("2022-05-06T09:00:00.000Z"),
                LATEST,
                &[(s, Some("New"), "Removed")],
            ),
        ],
        // Still active; edited since without a state.
        107 => vec![
            rev(
                107,
                1,
                "Ana",
                Some("2024-11-01T09:00:00.000Z"),
                "2024-11-02T09:00:00.000Z",
                &[(s, None, "New")],
            ),
            rev(
                107,
                2,
                "Ana",
                Some("2024-11-02T09:00:00.000Z"),
                "2025-01-15T09:00:00.000Z",
                &[(s, Some("New"), "Active")],
            ),
            rev(
                107,
                3,
                "Ben",
                Some("2025-01-15T09:00:00.000Z"),
                LATEST,
                &[("Microsoft.VSTS.Scheduling.StoryPoints", None, "5")],
            ),
        ],
        _ => vec![],
    }
}

/// Each work item as "Work Items - List" gives it: (id, type, title, created, changed, state).
const ITEMS: [(u64, &str, &str, &str, &str, &str); 7] = [
    (
        101,
        "User Story",
        "Customers can reset their password",
        "2019-04-01T09:00:00.000Z",
        "2023-02-02T02:00:00.000Z",
        "Closed",
    ),
    (
        102,
        "User Story",
        "Checkout times out",
        "2020-01-15T09:00:00.000Z",
        "2020-06-01T09:00:00.000Z",
        "Closed",
    ),
    (
        103,
        "Task",
        "Set up the build agents",
        "2019-08-01T00:00:00.000Z",
        "2019-09-01T00:00:00.000Z",
        "Done",
    ),
    (
        104,
        "Feature",
        "Single sign-on",
        "2019-02-01T09:00:00.000Z",
        "2023-07-01T09:00:00.000Z",
        "Closed",
    ),
    (
        105,
        "Bug",
        "Invoice totals round wrong",
        "2021-01-04T09:00:00.000Z",
        "2023-03-08T09:00:00.000Z",
        "Closed",
    ),
    (
        106,
        "Bug",
        "Duplicate of 105",
        "2022-05-05T09:00:00.000Z",
        "2022-05-06T09:00:00.000Z",
        "Removed",
    ),
    (
        107,
        "User Story",
        "Export to CSV",
        "2024-11-01T09:00:00.000Z",
        "2025-01-15T09:00:00.000Z",
        "Active",
    ),
];

/// A work item's relations, as `$expand=relations` gives them.
fn relations(id: u64) -> Value {
    let wi = |rel: &str, name: &str, to: u64| {
        json!({"rel": rel, "url": format!("https://dev.azure.com/fabrikam/_apis/wit/workItems/{to}"),
            "attributes": {"isLocked": false, "name": name}})
    };
    let rels: Vec<Value> = match id {
        101 | 102 => vec![wi("System.LinkTypes.Hierarchy-Reverse", "Parent", 104)],
        104 => vec![
            wi("System.LinkTypes.Hierarchy-Forward", "Child", 101),
            wi("System.LinkTypes.Hierarchy-Forward", "Child", 102),
        ],
        105 => vec![
            wi("System.LinkTypes.Related", "Related", 101),
            wi("System.LinkTypes.Duplicate-Forward", "Duplicate", 106),
            json!({"rel": "ArtifactLink",
                "url": "vstfs:///Git/PullRequestId/7c1a%2F9f3e%2F412",
                "attributes": {"isLocked": false, "name": "Pull Request"}}),
        ],
        103 => vec![
            wi("System.LinkTypes.Dependency-Forward", "Successor", 101),
            json!({"rel": "Hyperlink", "url": "https://wiki.fabrikam.example/agents",
                "attributes": {"comment": "runbook"}}),
        ],
        _ => vec![],
    };
    Value::Array(rels)
}

/// The organization's API for the project.
pub fn azure_history() -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, _base: &str| {
        let Some(rest) = r.path.strip_prefix(PROJECT) else {
            return Reply::status(
                404,
                r#"{"message":"TF200016: The following project does not exist"}"#,
            );
        };
        if rest == "/_apis/wit/wiql" && r.method == "POST" {
            let refs: Vec<Value> = ITEMS
                .iter()
                .map(|i| {
                    json!({"id": i.0,
                "url": format!("https://dev.azure.com/fabrikam/_apis/wit/workItems/{}", i.0)})
                })
                .collect();
            return Reply::json(json!({"queryType": "flat", "queryResultType": "workItem",
                "asOf": "2025-02-01T00:00:00.000Z",
                "columns": [{"referenceName": "System.Id", "name": "ID"}], "workItems": refs}));
        }
        if rest == "/_apis/wit/workitems" {
            if r.param("fields").is_some() && r.param("$expand").is_some() {
                return Reply::status(
                    400,
                    r#"{"$id":"1","innerException":null,"message":"The expand parameter can not be used with the fields parameter.","typeName":"Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemTrackingException","typeKey":"WorkItemTrackingException","errorCode":0,"eventId":3200}"#,
                );
            }
            let expand = r
                .param("$expand")
                .is_some_and(|e| e.eq_ignore_ascii_case("relations"));
            let ids: Vec<u64> = r
                .param("ids")
                .unwrap_or("")
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect();
            let value: Vec<Value> = ITEMS
                .iter()
                .filter(|i| ids.contains(&i.0))
                .map(|(id, kind, title, created, changed, state)| {
                    let mut w = json!({
                "id": id, "rev": updates(*id).len(), "fields": {
                    "System.TeamProject": "Fabrikam Fiber", "System.WorkItemType": kind,
                    "System.Title": title, "System.State": state,
                    "System.CreatedDate": created, "System.ChangedDate": changed},
                "url": format!("https://dev.azure.com/fabrikam/_apis/wit/workItems/{id}")});
                    if expand {
                        w["relations"] = relations(*id);
                    }
                    w
                })
                .collect();
            return Reply::json(json!({"count": value.len(), "value": value}));
        }
        if let Some(id) = rest
            .strip_prefix("/_apis/wit/workItems/")
            .and_then(|s| s.strip_suffix("/updates"))
        {
            let all = updates(id.parse().unwrap_or(0));
            let skip: usize = r.param("$skip").and_then(|s| s.parse().ok()).unwrap_or(0);
            let top: usize = r.param("$top").and_then(|s| s.parse().ok()).unwrap_or(200);
            let page: Vec<Value> = all.into_iter().skip(skip).take(top).collect();
            return Reply::json(json!({"count": page.len(), "value": page}));
        }
        Reply::status(404, r#"{"message":"TF400898: An Internal Error Occurred"}"#)
    }
}
