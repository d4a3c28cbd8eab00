//! Jira Cloud and Jira Server / Data Center.
//!
//! - Which one: `GET /rest/api/2/serverInfo` (`deploymentType` "Cloud", "Server" or
//!   "DataCenter"). When a proxy blocks it (403, 404, a page of HTML), the search APIs are tried
//!   in turn — Cloud's `/rest/api/3/search/jql`, Cloud's older `/rest/api/3/search`, then
//!   Server's `/rest/api/2/search` — and the first that answers is used (`search.rs`); a notice
//!   says so.
//! - Status categories: `GET /rest/api/2/status` (`statusCategory.key` new, indeterminate,
//!   done), given as hints for the first state mapping.
//! - Issues with their changelog: Cloud `GET /rest/api/3/search/jql?jql=…&expand=changelog`,
//!   paged by `nextPageToken` until `isLast`; Server/DC `GET /rest/api/2/search?…&expand=changelog`
//!   paged by `startAt`/`maxResults` up to `total`. The JQL is the source's query (an `ORDER BY`
//!   of its own is replaced) `AND updated >= "…"` for an incremental pull, ordered by creation
//!   so that paging is stable while issues change.
//! - When an issue's embedded changelog is truncated (fewer histories than its `total`), the
//!   rest comes from Cloud's `GET /rest/api/3/issue/{key}/changelog` (paged by `startAt`) or,
//!   on Server/DC, `GET /rest/api/2/issue/{key}?expand=changelog`.
//! - Each issue: its type, summary and `created`; its first state (the `fromString` of its
//!   first status change, or its current status) entered at `created`; every status change.
//! - Authentication: basic with e-mail and API token (Cloud) when a user is given, otherwise
//!   the token as a bearer personal access token (Server/DC).
//! - Cursor: the latest `updated` seen.

use crate::connector::{Connector, ItemSink, PullContext, Pulled, Skips, SourceItem, StateChange};
use crate::error::ConnectorError;
use crate::http::{Auth, HttpClient};
use crate::secret::Credential;
use crate::web::{
    api_time, base_url, endpoint, fetch_each, given_query, optional_time, since, Tally,
};
use chrono::{DateTime, Utc};
use flowmap_core::StateCategory;
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use std::collections::HashMap;
use url::Url;

mod search;

const PAGE: usize = 100;
const FIELDS: &str = "summary,issuetype,created,updated,status,resolutiondate,parent,issuelinks";

/// A Jira site and a JQL query.
pub struct Jira {
    base: Url,
    query: Option<String>,
    auth: Auth,
    http: HttpClient,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ServerInfo {
    deployment_type: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Status {
    name: String,
    status_category: Option<StatusCategory>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusCategory {
    key: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SearchPage {
    issues: Vec<Issue>,
    // Server/DC
    start_at: Option<u64>,
    total: Option<u64>,
    // Cloud
    next_page_token: Option<String>,
    is_last: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Issue {
    key: String,
    fields: Fields,
    changelog: Option<Changelog>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Fields {
    summary: Option<String>,
    issuetype: Option<Named>,
    created: Option<String>,
    updated: Option<String>,
    status: Option<Named>,
    /// A sub-task's parent, or (team-managed projects, and company-managed ones since 2023) an
    /// issue's epic.
    parent: Option<KeyRef>,
    issuelinks: Vec<IssueLink>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KeyRef {
    key: String,
}

/// An issue link: its type and the other issue, on the inward or the outward side.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct IssueLink {
    #[serde(rename = "type")]
    kind: LinkType,
    inward_issue: Option<KeyRef>,
    outward_issue: Option<KeyRef>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LinkType {
    name: String,
    inward: String,
    outward: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Named {
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Changelog {
    start_at: u64,
    total: Option<u64>,
    histories: Vec<History>,
}

/// Cloud's `PageBeanChangelog`.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ChangelogPage {
    start_at: u64,
    total: Option<u64>,
    is_last: Option<bool>,
    values: Vec<History>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct History {
    id: String,
    created: String,
    items: Vec<HistoryItem>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default, rename_all = "camelCase")]
struct HistoryItem {
    field: String,
    field_id: Option<String>,
    from_string: Option<String>,
    to_string: Option<String>,
}

impl Jira {
    pub fn new(
        url: &str,
        query: Option<&str>,
        credential: Option<Credential>,
        http: HttpClient,
    ) -> Result<Self, ConnectorError> {
        let base = base_url(url, "the Jira")?;
        // Cloud: e-mail and API token; Server/DC: a personal access token.
        let auth = Auth::basic_or(credential, |token| Ok(Auth::Bearer(token)))?;
        Ok(Jira {
            base,
            query: given_query(query),
            auth,
            http,
        })
    }

    /// The JQL of a pull: the query without its `ORDER BY`, the incremental bound, and an
    /// order that stays stable while issues change.
    pub fn jql(&self, since: Option<DateTime<Utc>>) -> String {
        let filter = self
            .query
            .as_deref()
            .map(strip_order_by)
            .unwrap_or_default();
        let mut clauses = Vec::new();
        if !filter.is_empty() {
            clauses.push(format!("({filter})"));
        }
        if let Some(s) = since {
            clauses.push(format!("updated >= \"{}\"", s.format("%Y/%m/%d %H:%M")));
        }
        let mut jql = clauses.join(" AND ");
        if !jql.is_empty() {
            jql.push(' ');
        }
        jql.push_str("ORDER BY created ASC, key ASC");
        jql
    }

    async fn status_categories(
        &self,
        ctx: &PullContext,
    ) -> Result<Vec<(String, StateCategory)>, ConnectorError> {
        let url = endpoint(&self.base, "/rest/api/2/status", &[]);
        let statuses = match self
            .http
            .get_json::<Vec<Status>>(ctx, &url, &self.auth, &[])
            .await
        {
            Ok(r) => r.body,
            // Not worth failing a sync for (a proxy may block it): the names still give a
            // proposal.
            Err(
                ConnectorError::Http { .. }
                | ConnectorError::Forbidden { .. }
                | ConnectorError::MalformedJson { .. },
            ) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out: Vec<(String, StateCategory)> = statuses
            .into_iter()
            .filter_map(|s| {
                let c = match s.status_category?.key.as_str() {
                    "new" => StateCategory::New,
                    "indeterminate" => StateCategory::Active,
                    "done" => StateCategory::Done,
                    _ => return None,
                };
                Some((s.name, c))
            })
            .collect();
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        Ok(out)
    }

    /// The whole changelog of an issue whose embedded one was truncated.
    async fn full_changelog(
        &self,
        ctx: &PullContext,
        cloud: bool,
        key: &str,
    ) -> Result<Vec<History>, ConnectorError> {
        let path = format!("/rest/api/3/issue/{}/changelog", encode(key));
        if !cloud {
            let url = endpoint(
                &self.base,
                &format!("/rest/api/2/issue/{}", encode(key)),
                &[("expand", "changelog"), ("fields", "status")],
            );
            let issue = self
                .http
                .get_json::<Issue>(ctx, &url, &self.auth, &[])
                .await?
                .body;
            return Ok(issue.changelog.map(|c| c.histories).unwrap_or_default());
        }
        let mut out = Vec::new();
        let mut start = 0u64;
        loop {
            let start_text = start.to_string();
            let max = PAGE.to_string();
            let url = endpoint(
                &self.base,
                &path,
                &[("startAt", &start_text), ("maxResults", &max)],
            );
            let page = self
                .http
                .get_json::<ChangelogPage>(ctx, &url, &self.auth, &[])
                .await?
                .body;
            let n = page.values.len() as u64;
            out.extend(page.values);
            start = page.start_at + n;
            let done = page.is_last == Some(true)
                || n == 0
                || page.total.map(|t| start >= t).unwrap_or(false);
            if done {
                break;
            }
        }
        Ok(out)
    }

    fn item(
        &self,
        issue: Issue,
        histories: Vec<History>,
        url: &Url,
        skips: &mut Skips,
        notices: &mut Vec<String>,
    ) -> Result<SourceItem, ConnectorError> {
        let created = match issue.fields.created.as_deref() {
            Some(c) => Some(api_time(c, url, &format!("{}: fields.created", issue.key))?),
            None => None,
        };
        let mut status_changes: Vec<(DateTime<Utc>, &str, HistoryItem)> = Vec::new();
        for h in &histories {
            for it in &h.items {
                let is_status = it.field_id.as_deref() == Some("status")
                    || (it.field_id.is_none() && it.field.eq_ignore_ascii_case("status"));
                if !is_status {
                    if it.field.eq_ignore_ascii_case("key") {
                        notices.push(moved(&issue.key, it));
                    }
                    skips.skip(&it.field, NOT_THE_STATUS);
                    continue;
                }
                if it.to_string.is_none() {
                    skips.skip("status", NO_STATUS_NAMED);
                    continue;
                }
                let at = api_time(
                    &h.created,
                    url,
                    &format!("{}: changelog {}", issue.key, h.id),
                )?;
                status_changes.push((at, h.id.as_str(), it.clone()));
            }
        }
        status_changes.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| natural(a.1).cmp(&natural(b.1))));
        let mut changes = Vec::with_capacity(status_changes.len() + 1);
        let first_state = status_changes
            .first()
            .and_then(|c| c.2.from_string.clone())
            .or_else(|| issue.fields.status.as_ref().map(|s| s.name.clone()));
        if let (Some(at), Some(state)) = (created, first_state) {
            changes.push(StateChange {
                at,
                from: None,
                to: state,
            });
        }
        for (at, _, it) in status_changes {
            if let Some(to) = it.to_string {
                changes.push(StateChange {
                    at,
                    from: it.from_string,
                    to,
                });
            }
        }
        let links = links_of(&issue.fields);
        Ok(SourceItem {
            link: Some(format!(
                "{}/browse/{}",
                self.base.as_str().trim_end_matches('/'),
                issue.key
            )),
            key: issue.key,
            title: issue.fields.summary.unwrap_or_default(),
            artifact_type: issue.fields.issuetype.map(|t| t.name).unwrap_or_default(),
            created,
            changes,
            links,
        })
    }
}

/// An issue's parent and issue links (`docs/sources.md`, "Links between items"): the parent as
/// `parent`; "blocks" on the outward side as `blocks`; every other link as `relates`, named by
/// the link's own words ("is cloned by", "duplicates"). Targets are Jira keys, found in any
/// source that holds them.
fn links_of(fields: &Fields) -> Vec<crate::connector::SourceLink> {
    use flowmap_core::{LinkKind, LinkTarget};
    let link = |kind, key: &str, qualifier: &str| crate::connector::SourceLink {
        kind,
        target: LinkTarget {
            source: None,
            key: key.to_string(),
        },
        qualifier: qualifier.to_string(),
    };
    let mut out = Vec::new();
    if let Some(p) = fields.parent.as_ref().filter(|p| !p.key.is_empty()) {
        out.push(link(LinkKind::Parent, &p.key, ""));
    }
    for l in &fields.issuelinks {
        if let Some(o) = &l.outward_issue {
            let blocks = l.kind.name.eq_ignore_ascii_case("blocks");
            let kind = if blocks {
                LinkKind::Blocks
            } else {
                LinkKind::Relates
            };
            out.push(link(kind, &o.key, &l.kind.outward));
        }
        if let Some(i) = &l.inward_issue {
            out.push(link(LinkKind::Relates, &i.key, &l.kind.inward));
        }
    }
    out
}

const NOT_THE_STATUS: &str =
    "a change of another field than the status: only the status moves an item";
const NO_STATUS_NAMED: &str = "the change names no status it went to (the status was deleted)";

/// What the sync says about an issue moved to another project (its key changed).
fn moved(key: &str, it: &HistoryItem) -> String {
    let from = it.from_string.as_deref().unwrap_or("another key");
    format!(
        "{key} was moved from {from} (a key change in its changelog): it is stored as {key} with its whole history; an item stored as {from} by an earlier sync is no longer updated"
    )
}

/// Changelog ids are numbers; order them so within one instant.
fn natural(id: &str) -> (usize, &str) {
    (id.len(), id)
}

fn encode(key: &str) -> String {
    url::form_urlencoded::byte_serialize(key.as_bytes()).collect()
}

/// The query without a trailing `ORDER BY …` clause.
fn strip_order_by(q: &str) -> String {
    let lower = q.to_ascii_lowercase();
    let cut = lower
        .rfind("order by")
        .filter(|i| *i == 0 || lower.as_bytes()[i - 1].is_ascii_whitespace());
    match cut {
        Some(i) => q[..i].trim().to_string(),
        None => q.trim().to_string(),
    }
}

impl Connector for Jira {
    fn describe(&self) -> String {
        match &self.query {
            Some(q) => format!("Jira {} ({q})", self.base),
            None => format!("Jira {}", self.base),
        }
    }

    fn pull<'a>(
        &'a self,
        ctx: &'a PullContext,
        cursor: Option<&'a str>,
        sink: &'a mut dyn ItemSink,
    ) -> LocalBoxFuture<'a, Result<Pulled, ConnectorError>> {
        Box::pin(async move {
            let which = self.deployment(ctx).await?;
            let categories = self.status_categories(ctx).await?;
            let jql = self.jql(since(cursor));
            let (api, issues, notice) = self.search_any(ctx, which, &jql).await?;
            let cloud = api.is_cloud();
            let total = issues.len() as u64;
            let search_url = endpoint(&self.base, "/rest/api/2/search", &[]);
            let truncated = truncated(&issues);
            let mut full: HashMap<usize, Vec<History>> = HashMap::new();
            let changelog = |n: usize| {
                let key = issues[n].key.clone();
                async move { self.full_changelog(ctx, cloud, &key).await.map(|h| (n, h)) }
            };
            let take = |(n, h): (usize, Vec<History>)| {
                full.insert(n, h);
                Ok(())
            };
            let phase = ("changelogs", truncated.len() as u64);
            fetch_each(ctx, &self.http, phase, truncated, changelog, take).await?;
            let mut tally = Tally::new(sink);
            let mut moves = Vec::new();
            for (n, mut issue) in issues.into_iter().enumerate() {
                ctx.check_cancelled()?;
                let updated = optional_time(issue.fields.updated.as_deref());
                let histories = match full.remove(&n) {
                    Some(h) => h,
                    None => issue
                        .changelog
                        .take()
                        .map(|c| c.histories)
                        .unwrap_or_default(),
                };
                let item =
                    self.item(issue, histories, &search_url, &mut tally.skips, &mut moves)?;
                tally.item(updated, item)?;
            }
            ctx.report("issues", tally.items(), Some(total));
            let mut pulled = tally.finish(cursor, categories);
            pulled.notices.extend(notice);
            pulled.notices.extend(moves);
            Ok(pulled)
        })
    }
}

/// The issues whose embedded changelog is not the whole of it, by their place in `issues`.
fn truncated(issues: &[Issue]) -> Vec<usize> {
    issues
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            i.changelog
                .as_ref()
                .map(|c| {
                    c.start_at > 0
                        || c.total
                            .map(|t| (c.histories.len() as u64) < t)
                            .unwrap_or(false)
                })
                .unwrap_or(false)
        })
        .map(|(n, _)| n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jql_keeps_the_filter_and_replaces_the_order() {
        let http = HttpClient::new(Default::default()).unwrap();
        let j = Jira::new(
            "https://x.atlassian.net",
            Some("project = FLOW ORDER BY rank"),
            None,
            http,
        )
        .unwrap();
        assert_eq!(
            j.jql(None),
            "(project = FLOW) ORDER BY created ASC, key ASC"
        );
        let t = DateTime::parse_from_rfc3339("2025-03-04T05:06:07Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            j.jql(Some(t)),
            "(project = FLOW) AND updated >= \"2025/03/04 05:06\" ORDER BY created ASC, key ASC"
        );
        assert_eq!(
            strip_order_by("status changed to Done"),
            "status changed to Done"
        );
    }
}
