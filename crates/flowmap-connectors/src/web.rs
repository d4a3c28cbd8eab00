//! What the network connectors share: URLs, API timestamps, cursors, the tally of the items
//! handed to the sink, fetching per-item details concurrently, and the state categories a tool
//! gives its own states.

use crate::connector::{ItemSink, PullContext, Pulled, Skips, SourceItem};
use crate::error::ConnectorError;
use crate::http::HttpClient;
use crate::time::TimeParser;
use chrono::{DateTime, SecondsFormat, Utc};
use flowmap_core::StateCategory;
use futures_util::{stream, StreamExt, TryStreamExt};
use std::future::Future;
use url::Url;

/// How far back an incremental pull reaches before its cursor: tools filter by local time,
/// minute or day, so the overlap keeps changes near the cursor from being missed. Items fetched
/// twice are stored once.
pub(crate) const CURSOR_OVERLAP: chrono::Duration = chrono::Duration::days(1);

/// Checks a source's base URL: http or https, with a host.
pub(crate) fn base_url(text: &str, what: &str) -> Result<Url, ConnectorError> {
    let url = Url::parse(text.trim()).map_err(|e| {
        ConnectorError::InvalidConfig(format!("{what} URL {text:?} is not a URL: {e}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ConnectorError::InvalidConfig(format!(
            "{what} URL {text:?} must start with https:// (or http://) and name a host"
        )));
    }
    Ok(url)
}

/// `base` + `path` (which starts with `/`) + query parameters, keeping a path the base has
/// (Jira at `https://host/jira`).
pub(crate) fn endpoint(base: &Url, path: &str, params: &[(&str, &str)]) -> Url {
    let mut url = base.clone();
    let joined = format!("{}{}", base.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url.set_query(None);
    url.set_fragment(None);
    if !params.is_empty() {
        let mut q = url.query_pairs_mut();
        for (k, v) in params {
            q.append_pair(k, v);
        }
    }
    url
}

/// An instant as the APIs write them (ISO 8601; Jira's offsets have no colon).
pub(crate) fn api_time(
    text: &str,
    endpoint: &Url,
    field: &str,
) -> Result<DateTime<Utc>, ConnectorError> {
    TimeParser::default()
        .parse(text)
        .map(|p| p.at)
        .map_err(|m| ConnectorError::UnexpectedAnswer {
            endpoint: format!("GET {endpoint}"),
            message: format!("{field}: {m}"),
        })
}

pub(crate) fn optional_time(text: Option<&str>) -> Option<DateTime<Utc>> {
    text.and_then(|t| TimeParser::default().parse(t).ok())
        .map(|p| p.at)
}

/// The stored cursor as an instant, minus the overlap.
pub(crate) fn since(cursor: Option<&str>) -> Option<DateTime<Utc>> {
    cursor
        .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
        .map(|c| c.with_timezone(&Utc) - CURSOR_OVERLAP)
}

/// The cursor to store: the latest update seen, or the old cursor when nothing was fetched.
pub(crate) fn next_cursor(latest: Option<DateTime<Utc>>, old: Option<&str>) -> Option<String> {
    let old_time = old
        .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
        .map(|c| c.with_timezone(&Utc));
    match (latest, old_time) {
        (Some(l), Some(o)) if o > l => Some(o.to_rfc3339_opts(SecondsFormat::Millis, true)),
        (Some(l), _) => Some(l.to_rfc3339_opts(SecondsFormat::Millis, true)),
        (None, _) => old.map(str::to_string),
    }
}

/// `cursor`, or `hold` when that is earlier.
fn held(cursor: Option<String>, hold: Option<DateTime<Utc>>) -> Option<String> {
    let Some(h) = hold else { return cursor };
    let at = cursor
        .as_deref()
        .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
        .map(|c| c.with_timezone(&Utc));
    match at {
        Some(c) if c <= h => cursor,
        _ => Some(h.to_rfc3339_opts(SecondsFormat::Millis, true)),
    }
}

/// `owner/name`-style paths in a query, with an optional `?key=value&…` part.
pub(crate) fn split_query(query: &str) -> (String, Vec<(String, String)>) {
    let (head, tail) = match query.split_once('?') {
        Some((h, t)) => (h, t),
        None => (query, ""),
    };
    let options = url::form_urlencoded::parse(tail.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    (head.trim().trim_matches('/').to_string(), options)
}

/// An instant as the APIs take it in a query: RFC 3339, whole seconds, `Z`.
pub(crate) fn query_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The items a pull has handed to its sink so far: how many, and the latest update among them
/// (the next cursor).
pub(crate) struct Tally<'s> {
    sink: &'s mut dyn ItemSink,
    items: u64,
    latest: Option<DateTime<Utc>>,
    /// The cursor may not pass this instant: an item seen unfinished that the next pull must
    /// read again (a workflow run in progress, listed by its creation time).
    hold: Option<DateTime<Utc>>,
    /// What the pull read and did not store as state changes.
    pub(crate) skips: Skips,
}

impl<'s> Tally<'s> {
    pub(crate) fn new(sink: &'s mut dyn ItemSink) -> Self {
        Tally {
            sink,
            items: 0,
            latest: None,
            hold: None,
            skips: Skips::default(),
        }
    }

    /// Keeps the next cursor at or before `at`, so that the next pull, which lists from the
    /// cursor, reads again what was unfinished at `at`.
    pub(crate) fn hold(&mut self, at: DateTime<Utc>) {
        self.hold = Some(self.hold.map_or(at, |h| h.min(at)));
    }

    /// Hands `item` to the sink; `updated`, when the API says, may move the latest update.
    pub(crate) fn item(
        &mut self,
        updated: Option<DateTime<Utc>>,
        item: SourceItem,
    ) -> Result<(), ConnectorError> {
        if let Some(u) = updated {
            self.latest = Some(self.latest.map_or(u, |l| l.max(u)));
        }
        self.sink.item(item)?;
        self.items += 1;
        Ok(())
    }

    /// How many items the sink has taken.
    pub(crate) fn items(&self) -> u64 {
        self.items
    }

    /// What the pull tells: its items (a record each), the cursor to store (`old` when nothing
    /// newer was seen) and the categories the tool gives its states.
    pub(crate) fn finish(
        self,
        old: Option<&str>,
        state_categories: Vec<(String, StateCategory)>,
    ) -> Pulled {
        Pulled {
            items: self.items,
            records: self.items,
            cursor: held(next_cursor(self.latest, old), self.hold),
            state_categories,
            notices: Vec::new(),
            zoneless: 0,
            skipped: self.skips,
        }
    }
}

/// Fetches what each element of `list` needs (as many at once as the client allows, the answers
/// kept in the list's order) and hands each answer to `take`, reporting `phase` against
/// `total`. Returns how many were taken.
pub(crate) async fn fetch_each<T, R, Fut>(
    ctx: &PullContext,
    http: &HttpClient,
    (phase, total): (&str, u64),
    list: Vec<T>,
    fetch: impl FnMut(T) -> Fut,
    mut take: impl FnMut(R) -> Result<(), ConnectorError>,
) -> Result<u64, ConnectorError>
where
    Fut: Future<Output = Result<R, ConnectorError>>,
{
    let concurrency = http.options().concurrency.max(1);
    let mut answers = stream::iter(list.into_iter().map(fetch)).buffered(concurrency);
    let mut done = 0u64;
    while let Some(answer) = answers.try_next().await? {
        take(answer)?;
        done += 1;
        ctx.report(phase, done, Some(total));
    }
    Ok(done)
}

/// The category a tool itself gives each of its states, for the first proposal of the mapping.
pub(crate) fn categories(states: &[(&str, StateCategory)]) -> Vec<(String, StateCategory)> {
    states.iter().map(|(s, c)| (s.to_string(), *c)).collect()
}

/// A query given in a source's settings, trimmed; `None` when it is empty.
pub(crate) fn given_query(query: Option<&str>) -> Option<String> {
    query
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_the_base_path() {
        let base = Url::parse("https://example.org/jira/").unwrap();
        assert_eq!(
            endpoint(&base, "/rest/api/2/search", &[("jql", "a = b")]).as_str(),
            "https://example.org/jira/rest/api/2/search?jql=a+%3D+b"
        );
    }

    #[test]
    fn cursors_only_move_forward() {
        let t = DateTime::parse_from_rfc3339("2025-01-02T03:04:05Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            next_cursor(Some(t), None).as_deref(),
            Some("2025-01-02T03:04:05.000Z")
        );
        assert_eq!(
            next_cursor(Some(t), Some("2026-01-01T00:00:00.000Z")).as_deref(),
            Some("2026-01-01T00:00:00.000Z")
        );
        assert_eq!(next_cursor(None, Some("x")).as_deref(), Some("x"));
    }

    #[test]
    fn queries_split_into_a_path_and_options() {
        let (p, o) = split_query("octo/hello?labels=status:&parts=issues");
        assert_eq!(p, "octo/hello");
        assert_eq!(o[0], ("labels".to_string(), "status:".to_string()));
    }
}
