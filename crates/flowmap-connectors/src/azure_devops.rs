//! Azure DevOps Boards: work items found by WIQL, with their updates.
//!
//! The URL is the organization and project (`https://dev.azure.com/{org}/{project}`); the query
//! a WIQL condition (`[System.WorkItemType] IN ('User Story', 'Bug')`), the project's work
//! items when none is given.
//!
//! - `POST {url}/_apis/wit/wiql?timePrecision=true` with
//!   `SELECT [System.Id] FROM WorkItems WHERE (…) AND [System.ChangedDate] >= '…'` for an
//!   incremental pull (WIQL answers at most 20,000 ids).
//! - `GET {url}/_apis/wit/workitems?ids=…&$expand=relations` in batches of 200: title, type,
//!   creation, and the work item's relations (Azure DevOps refuses `fields` together with
//!   `$expand`, so every field comes back). Links to other work items are kept
//!   (`docs/sources.md`, "Links between items"): `System.LinkTypes.Hierarchy-Reverse` → `parent`,
//!   `-Forward` → `child`, `System.LinkTypes.Dependency-Forward` (successor) → `blocks`, every
//!   other work-item link → `relates` named by the link's own name ("Related", "Tested By"); the
//!   target is the work item id at the end of the relation's `url`, in the same source. Links to
//!   commits, pull requests, builds, hyperlinks and attachments name no work item: counted as
//!   skipped by their name.
//! - `GET {url}/_apis/wit/workItems/{id}/updates?$top=200&$skip=…`: the updates in the order of
//!   their revision numbers (`rev`, the source's order: one person's edits within a second keep
//!   it). Each one that changes `System.State` (`fields["System.State"]` with `oldValue` and
//!   `newValue`) is a change at its `System.ChangedDate` (else the previous revision's
//!   `revisedDate`; never before the change before it). A revision without `System.State`
//!   leaves the state as it was (counted as skipped); the first state change's `oldValue`, when
//!   no earlier revision named a state, is the state the item was created in.
//! - A work item moved to another project or type (`System.TeamProject` or
//!   `System.WorkItemType` changed) stays one item under its id, with its type of now; the pull
//!   says which items moved.
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
    relations: Vec<Relation>,
}

/// A work item's relation (`$expand=relations`): `rel` is the link type's reference name.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Relation {
    rel: String,
    url: String,
    attributes: RelationAttributes,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RelationAttributes {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Update {
    rev: Option<u64>,
    revised_date: Option<String>,
    fields: HashMap<String, FieldChange>,
}

/// What reading a work item's updates found besides its changes.
#[derive(Default)]
struct Findings {
    skips: crate::connector::Skips,
    /// "42 (project A → B, type Bug → User Story)", one per moved item.
    moves: Vec<String>,
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
                &[("ids", &list), ("$expand", "relations"), API],
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

    fn item(&self, w: WorkItem, mut updates: Vec<Update>, found: &mut Findings) -> SourceItem {
        let field = |name: &str| text(w.fields.get(name));
        let created = optional_time(field("System.CreatedDate").as_deref());
        updates.sort_by_key(|u| u.rev.unwrap_or(0));
        let changes = state_changes(created, &updates, &mut found.skips);
        let mut moved = Vec::new();
        for (name, what) in [
            ("System.TeamProject", "project"),
            ("System.WorkItemType", "type"),
        ] {
            for u in &updates {
                let Some(c) = u.fields.get(name) else {
                    continue;
                };
                let (Some(old), Some(new)) =
                    (text(c.old_value.as_ref()), text(c.new_value.as_ref()))
                else {
                    continue;
                };
                found.skips.skip(
                    &format!("{name} change"),
                    "a move: the work item stays one item under its id",
                );
                moved.push(format!("{what} {old} → {new}"));
            }
        }
        if !moved.is_empty() {
            found.moves.push(format!("{} ({})", w.id, moved.join(", ")));
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
            links: links_of(&w.relations, &mut found.skips),
        }
    }
}

/// A work item's links to other work items (see the module's doc); other relations are
/// counted as skipped.
fn links_of(
    relations: &[Relation],
    skips: &mut crate::connector::Skips,
) -> Vec<crate::connector::SourceLink> {
    use flowmap_core::{LinkKind, LinkTarget};
    let mut out = Vec::new();
    for r in relations {
        let name = r.attributes.name.clone().unwrap_or_else(|| r.rel.clone());
        let target = r
            .url
            .rsplit_once('/')
            .filter(|(path, _)| path.to_ascii_lowercase().ends_with("/_apis/wit/workitems"))
            .and_then(|(_, id)| id.parse::<u64>().ok());
        let Some(id) = target else {
            skips.skip(
                &format!("{name} link"),
                "it names no work item (a commit, pull request, build, hyperlink or attachment)",
            );
            continue;
        };
        let (kind, qualifier) = match r.rel.as_str() {
            "System.LinkTypes.Hierarchy-Reverse" => (LinkKind::Parent, String::new()),
            "System.LinkTypes.Hierarchy-Forward" => (LinkKind::Child, String::new()),
            "System.LinkTypes.Dependency-Forward" => (LinkKind::Blocks, name),
            _ => (LinkKind::Relates, name),
        };
        out.push(crate::connector::SourceLink {
            kind,
            target: LinkTarget {
                source: Some(crate::mentions::SAME_SOURCE.to_string()),
                key: id.to_string(),
            },
            qualifier,
        });
    }
    out
}

/// The state changes in a work item's updates (in revision order): see the module's doc.
fn state_changes(
    created: Option<DateTime<Utc>>,
    updates: &[Update],
    skips: &mut crate::connector::Skips,
) -> Vec<StateChange> {
    let mut changes: Vec<StateChange> = Vec::new();
    let mut previous_revised: Option<DateTime<Utc>> = None;
    for u in updates {
        let revised = optional_time(u.revised_date.as_deref());
        let fallback = previous_revised;
        previous_revised = revised;
        let Some(state) = u.fields.get("System.State") else {
            skips.skip("revision", "no System.State in it: the state carries over");
            continue;
        };
        let Some(to) = text(state.new_value.as_ref()) else {
            skips.skip("revision", "System.State without a new value");
            continue;
        };
        let from = text(state.old_value.as_ref());
        let at = u
            .fields
            .get("System.ChangedDate")
            .and_then(|c| optional_time(text(c.new_value.as_ref()).as_deref()))
            .or(fallback)
            .or(if changes.is_empty() { created } else { None });
        let Some(at) = at else {
            skips.skip(
                "revision",
                "a state change with no time (no System.ChangedDate)",
            );
            continue;
        };
        if let (true, Some(old), Some(c)) = (changes.is_empty(), &from, created) {
            // The item was created in the state this first change leaves.
            if c < at {
                changes.push(StateChange {
                    at: c,
                    from: None,
                    to: old.clone(),
                });
            }
        }
        let at = changes.last().map_or(at, |l| at.max(l.at));
        if changes.last().map(|l| l.to.as_str()) == Some(to.as_str()) {
            skips.skip("revision", "System.State set to the state it had");
            continue;
        }
        changes.push(StateChange { at, from, to });
    }
    changes
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

/// What the pull tells about moved work items, naming the first ten.
fn moves_notice(moves: &[String]) -> Option<String> {
    let (n, shown) = (
        moves.len(),
        moves.iter().take(10).cloned().collect::<Vec<_>>(),
    );
    let more = if n > 10 {
        format!(" and {} more", n - 10)
    } else {
        String::new()
    };
    (n > 0).then(|| {
        let items = if n == 1 { "work item" } else { "work items" };
        format!(
            "{n} {items} moved to another project or type, each kept as one item under its id: {}{more}",
            shown.join("; ")
        )
    })
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
            let mut found = Findings::default();
            let updates = |w: WorkItem| async move {
                let u = self.updates(ctx, w.id).await?;
                Ok::<_, ConnectorError>((w, u))
            };
            let take = |(w, updates): (WorkItem, Vec<Update>)| {
                let changed = optional_time(text(w.fields.get("System.ChangedDate")).as_deref());
                tally.item(changed, self.item(w, updates, &mut found))
            };
            let phase = ("updates", ids.len() as u64);
            fetch_each(ctx, &self.http, phase, items, updates, take).await?;
            let mut pulled = tally.finish(cursor, azure_categories());
            pulled.skipped.merge(&found.skips);
            if let Some(notice) = moves_notice(&found.moves) {
                pulled.notices.push(notice);
            }
            Ok(pulled)
        })
    }
}
