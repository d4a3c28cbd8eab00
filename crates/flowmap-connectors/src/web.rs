//! What the network connectors share: URLs, API timestamps, cursors.

use crate::error::ConnectorError;
use crate::time::TimeParser;
use chrono::{DateTime, SecondsFormat, Utc};
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
