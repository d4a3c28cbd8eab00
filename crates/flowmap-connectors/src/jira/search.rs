//! Which Jira this is, and its search: `serverInfo` tells Cloud from Server/Data Center; where
//! a proxy blocks it (403, 404, 405, 410, or a page of HTML instead of JSON), each search API
//! is tried in turn — Cloud's `/rest/api/3/search/jql` (paged by `nextPageToken`), Cloud's older
//! `/rest/api/3/search`, then Server's `/rest/api/2/search` (both paged by `startAt`) — and the
//! first that answers is used.

use super::{Issue, Jira, SearchPage, ServerInfo, FIELDS, PAGE};
use crate::connector::PullContext;
use crate::error::ConnectorError;
use crate::web::endpoint;

/// A search API of Jira's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SearchApi {
    /// Cloud's `GET /rest/api/3/search/jql`.
    CloudJql,
    /// Cloud's older `GET /rest/api/3/search`.
    CloudSearch,
    /// Server/Data Center's `GET /rest/api/2/search`.
    Server,
}

impl SearchApi {
    pub(super) fn is_cloud(self) -> bool {
        self != SearchApi::Server
    }

    fn path(self) -> &'static str {
        match self {
            SearchApi::CloudJql => "/rest/api/3/search/jql",
            SearchApi::CloudSearch => "/rest/api/3/search",
            SearchApi::Server => "/rest/api/2/search",
        }
    }
}

/// What `serverInfo` told.
pub(super) enum Deployment {
    Cloud,
    Server,
    /// It could not be read (a proxy blocks it): why.
    Unknown(String),
}

/// Whether `e` says the endpoint is not there for us (blocked, absent, or answered by something
/// that is not Jira's API), rather than a refused token or an unreachable host.
fn not_there(e: &ConnectorError) -> bool {
    match e {
        ConnectorError::Http { status, .. } => matches!(status, 404 | 405 | 410),
        ConnectorError::Forbidden { .. } | ConnectorError::MalformedJson { .. } => true,
        _ => false,
    }
}

impl Jira {
    /// Cloud or Server/DC as `serverInfo` tells, or why it could not be read. A refused token
    /// or an unreachable host fails.
    pub(super) async fn deployment(&self, ctx: &PullContext) -> Result<Deployment, ConnectorError> {
        let url = endpoint(&self.base, "/rest/api/2/serverInfo", &[]);
        let info = match self
            .http
            .get_json::<ServerInfo>(ctx, &url, &self.auth, &[])
            .await
        {
            Ok(info) => info.body,
            Err(e) if not_there(&e) => return Ok(Deployment::Unknown(e.to_string())),
            Err(e) => return Err(e),
        };
        let cloud = match info.deployment_type.as_deref() {
            Some(t) => t.eq_ignore_ascii_case("cloud"),
            None => self
                .base
                .host_str()
                .is_some_and(|h| h.ends_with(".atlassian.net")),
        };
        Ok(if cloud {
            Deployment::Cloud
        } else {
            Deployment::Server
        })
    }

    /// The issues `jql` selects, through the search API the deployment has; when it is unknown,
    /// through the first of Cloud's and then Server's that answers. Returns the API used and,
    /// when it had to be found, a notice saying so.
    pub(super) async fn search_any(
        &self,
        ctx: &PullContext,
        which: Deployment,
        jql: &str,
    ) -> Result<(SearchApi, Vec<Issue>, Option<String>), ConnectorError> {
        let why = match which {
            Deployment::Cloud => {
                let api = SearchApi::CloudJql;
                return Ok((api, self.search(ctx, api, jql).await?, None));
            }
            Deployment::Server => {
                let api = SearchApi::Server;
                return Ok((api, self.search(ctx, api, jql).await?, None));
            }
            Deployment::Unknown(why) => why,
        };
        let mut tried = Vec::new();
        for api in [
            SearchApi::CloudJql,
            SearchApi::CloudSearch,
            SearchApi::Server,
        ] {
            match self.search(ctx, api, jql).await {
                Ok(issues) => {
                    let notice = format!(
                        "serverInfo could not be read ({why}); the issues were read with {} \
                         ({})",
                        api.path(),
                        if api.is_cloud() {
                            "Jira Cloud"
                        } else {
                            "Jira Server/Data Center"
                        }
                    );
                    return Ok((api, issues, Some(notice)));
                }
                Err(e) if not_there(&e) => tried.push(e.to_string()),
                Err(e) => return Err(e),
            }
        }
        Err(ConnectorError::UnexpectedAnswer {
            endpoint: format!(
                "GET {}",
                endpoint(&self.base, "/rest/api/2/serverInfo", &[])
            ),
            message: format!("{why}; and no search API answered: {}", tried.join("; ")),
        })
    }

    pub(super) async fn search(
        &self,
        ctx: &PullContext,
        api: SearchApi,
        jql: &str,
    ) -> Result<Vec<Issue>, ConnectorError> {
        let mut issues = Vec::new();
        let max = PAGE.to_string();
        if api == SearchApi::CloudJql {
            let mut token: Option<String> = None;
            // A token handed out twice would page in a circle for ever: stop, naming it.
            let mut seen_tokens = std::collections::HashSet::new();
            loop {
                let mut params = vec![
                    ("jql", jql),
                    ("maxResults", max.as_str()),
                    ("fields", FIELDS),
                    ("expand", "changelog"),
                ];
                if let Some(t) = &token {
                    params.push(("nextPageToken", t.as_str()));
                }
                let url = endpoint(&self.base, api.path(), &params);
                let page = self
                    .http
                    .get_json::<SearchPage>(ctx, &url, &self.auth, &[])
                    .await?
                    .body;
                let n = page.issues.len();
                issues.extend(page.issues);
                ctx.report("issues", issues.len() as u64, None);
                match page.next_page_token {
                    Some(t) if page.is_last != Some(true) && n > 0 => {
                        if !seen_tokens.insert(t.clone()) {
                            return Err(ConnectorError::UnexpectedAnswer {
                                endpoint: format!("GET {url}"),
                                message: format!(
                                    "its nextPageToken {} was given already; paging stops \
                                     instead of going round for ever",
                                    crate::error::quoted(&t)
                                ),
                            });
                        }
                        token = Some(t)
                    }
                    _ => break,
                }
            }
        } else {
            let mut start = 0u64;
            loop {
                let start_text = start.to_string();
                let url = endpoint(
                    &self.base,
                    api.path(),
                    &[
                        ("jql", jql),
                        ("startAt", &start_text),
                        ("maxResults", &max),
                        ("fields", FIELDS),
                        ("expand", "changelog"),
                    ],
                );
                let page = self
                    .http
                    .get_json::<SearchPage>(ctx, &url, &self.auth, &[])
                    .await?
                    .body;
                let n = page.issues.len() as u64;
                issues.extend(page.issues);
                ctx.report("issues", issues.len() as u64, page.total);
                start = page.start_at.unwrap_or(start) + n;
                if n == 0 || page.total.map(|t| start >= t).unwrap_or(n < PAGE as u64) {
                    break;
                }
            }
        }
        Ok(issues)
    }
}
