//! Azure DevOps Boards: work items found by WIQL, with their updates.
//!
//! The URL is the organization and project (`https://dev.azure.com/{org}/{project}`); the query
//! a WIQL condition (`[System.WorkItemType] IN ('User Story', 'Bug')`), the project's work
//! items when none is given.
//!
//! - `POST {url}/_apis/wit/wiql?timePrecision=true` with
//!   `SELECT [System.Id] FROM WorkItems WHERE (…) AND [System.ChangedDate] >= '…'` for an
//!   incremental pull (WIQL answers at most 20,000 ids).
//! - `GET {url}/_apis/wit/workitems?ids=…&fields=…` in batches of 200: title, type, creation.
//! - `GET {url}/_apis/wit/workItems/{id}/updates?$top=200&$skip=…`: every update that changes
//!   `System.State` (its `oldValue` and `newValue`) at its `System.ChangedDate`; the first one
//!   (no `oldValue`) is the state the item was created in.
//! - The personal access token goes with basic authentication and an empty user.
//! - Cursor: the latest `System.ChangedDate` seen.

use crate::connector::{Connector, ItemSink, PullContext, Pulled, SourceItem, StateChange};
use crate::error::ConnectorError;
use crate::http::{Auth, HttpClient};
use crate::secret::Credential;
use crate::web::{
    base_url, categories, endpoint, fetch_each, given_query, optional_time, query_time, since,
    Tally,
};
use chrono::{DateTime, Utc};
use flowmap_core::StateCategory;
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use url::Url;

const API: (&str, &str) = ("api-version", "7.1");
const BATCH: usize = 200;
const UPDATES_PAGE: usize = 200;
const FIELDS: &str =
    "System.Title,System.WorkItemType,System.CreatedDate,System.ChangedDate,System.State";

/// An Azure DevOps project and a WIQL condition.
pub struct AzureDevOps {
    base: Url,
    condition: Option<String>,
    auth: Auth,
    http: HttpClient,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct WiqlResult {
    work_items: Vec<WorkItemRef>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WorkItemRef {
    id: u64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct List<T> {
    count: Option<u64>,
    value: Vec<T>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WorkItem {
    id: u64,
    fields: HashMap<String, Value>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Update {
    rev: Option<u64>,
    fields: HashMap<String, FieldChange>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct FieldChange {
    old_value: Option<Value>,
    new_value: Option<Value>,
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

impl AzureDevOps {
    pub fn new(
        url: &str,
        query: Option<&str>,
        credential: Option<Credential>,
        http: HttpClient,
    ) -> Result<Self, ConnectorError> {
        let base = base_url(url, "the Azure DevOps")?;
        // A personal access token goes with an empty user.
        let auth = Auth::basic_or(credential, |token| {
            Ok(Auth::Basic {
                user: String::new(),
                token,
            })
        })?;
        Ok(AzureDevOps {
            base,
            condition: given_query(query),
            auth,
            http,
        })
    }

    /// The WIQL of a pull.
    pub fn wiql(&self, since: Option<DateTime<Utc>>) -> String {
        let mut clauses = vec![match &self.condition {
            Some(c) => format!("({c})"),
            None => "[System.TeamProject] = @project".to_string(),
        }];
        if let Some(s) = since {
            clauses.push(format!("[System.ChangedDate] >= '{}'", query_time(s)));
        }
        format!(
            "SELECT [System.Id] FROM WorkItems WHERE {} ORDER BY [System.Id]",
            clauses.join(" AND ")
        )
    }

    /// The ids of the work items the WIQL finds.
    async fn ids(
        &self,
        ctx: &PullContext,
        cursor: Option<&str>,
    ) -> Result<Vec<u64>, ConnectorError> {
        let url = endpoint(
            &self.base,
            "/_apis/wit/wiql",
            &[("timePrecision", "true"), API],
        );
        let body = serde_json::json!({ "query": self.wiql(since(cursor)) });
        Ok(self
            .http
            .post_json::<WiqlResult>(ctx, &url, &self.auth, &[], &body)
            .await?
            .body
            .work_items
            .into_iter()
            .map(|w| w.id)
            .collect())
    }

    /// The work items of `ids` with the fields an item needs, in batches.
    async fn work_items(
        &self,
        ctx: &PullContext,
        ids: &[u64],
    ) -> Result<Vec<WorkItem>, ConnectorError> {
        let total = ids.len() as u64;
        ctx.report("work items", 0, Some(total));
        let mut items: Vec<WorkItem> = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            let list = chunk
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",");
            let url = endpoint(
                &self.base,
                "/_apis/wit/workitems",
                &[("ids", &list), ("fields", FIELDS), API],
            );
            let page = self
                .http
                .get_json::<List<WorkItem>>(ctx, &url, &self.auth, &[])
                .await?
                .body;
            let _ = page.count;
            items.extend(page.value);
            ctx.report("work items", items.len() as u64, Some(total));
        }
        Ok(items)
    }

    async fn updates(&self, ctx: &PullContext, id: u64) -> Result<Vec<Update>, ConnectorError> {
        let mut out = Vec::new();
        loop {
            let skip = out.len().to_string();
            let top = UPDATES_PAGE.to_string();
            let url = endpoint(
                &self.base,
                &format!("/_apis/wit/workItems/{id}/updates"),
                &[("$top", &top), ("$skip", &skip), API],
            );
            let page = self
                .http
                .get_json::<List<Update>>(ctx, &url, &self.auth, &[])
                .await?
                .body;
            let n = page.value.len();
            out.extend(page.value);
            if n < UPDATES_PAGE {
                break;
            }
        }
        Ok(out)
    }

    fn item(&self, w: WorkItem, updates: Vec<Update>) -> SourceItem {
        let field = |name: &str| text(w.fields.get(name));
        let created = optional_time(field("System.CreatedDate").as_deref());
        let mut changes: Vec<StateChange> = Vec::new();
        let mut updates = updates;
        updates.sort_by_key(|u| u.rev.unwrap_or(0));
        for u in updates {
            let Some(state) = u.fields.get("System.State") else {
                continue;
            };
            let Some(to) = text(state.new_value.as_ref()) else {
                continue;
            };
            let at = u
                .fields
                .get("System.ChangedDate")
                .and_then(|c| text(c.new_value.as_ref()))
                .and_then(|t| optional_time(Some(&t)))
                .or(if changes.is_empty() { created } else { None });
            let Some(at) = at else { continue };
            changes.push(StateChange {
                at,
                from: text(state.old_value.as_ref()),
                to,
            });
        }
        SourceItem {
            key: w.id.to_string(),
            title: field("System.Title").unwrap_or_default(),
            artifact_type: field("System.WorkItemType").unwrap_or_default(),
            created,
            link: Some(format!(
                "{}/_workitems/edit/{}",
                self.base.as_str().trim_end_matches('/'),
                w.id
            )),
            changes,
            links: Vec::new(),
        }
    }
}

/// What the states of Azure DevOps' process templates mean, for the first proposal of the
/// mapping.
fn azure_categories() -> Vec<(String, StateCategory)> {
    use StateCategory::*;
    categories(&[
        ("New", New),
        ("Proposed", New),
        ("To Do", Waiting),
        ("Approved", Waiting),
        ("Committed", Active),
        ("Active", Active),
        ("Doing", Active),
        ("Resolved", Waiting),
        ("Closed", Done),
        ("Done", Done),
        ("Removed", Canceled),
    ])
}

impl Connector for AzureDevOps {
    fn describe(&self) -> String {
        format!("Azure DevOps {}", self.base)
    }

    fn pull<'a>(
        &'a self,
        ctx: &'a PullContext,
        cursor: Option<&'a str>,
        sink: &'a mut dyn ItemSink,
    ) -> LocalBoxFuture<'a, Result<Pulled, ConnectorError>> {
        Box::pin(async move {
            let ids = self.ids(ctx, cursor).await?;
            let items = self.work_items(ctx, &ids).await?;
            let mut tally = Tally::new(sink);
            let updates = |w: WorkItem| async move {
                let u = self.updates(ctx, w.id).await?;
                Ok::<_, ConnectorError>((w, u))
            };
            let take = |(w, updates): (WorkItem, Vec<Update>)| {
                let changed = optional_time(text(w.fields.get("System.ChangedDate")).as_deref());
                tally.item(changed, self.item(w, updates))
            };
            let phase = ("updates", ids.len() as u64);
            fetch_each(ctx, &self.http, phase, items, updates, take).await?;
            Ok(tally.finish(cursor, azure_categories()))
        })
    }
}
