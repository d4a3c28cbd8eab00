//! Paging through lists and where credentials may go: the `Link: rel="next"` of an answer,
//! [`Pages`] (which stops a list whose next link goes back to a page already read), and the
//! refusal of next links and redirects to another origin (scheme, host, port) than the
//! request's, so a server can never lead a source's token elsewhere.

use crate::error::ConnectorError;
use reqwest::header::HeaderMap;
use std::collections::HashSet;
use url::Url;

/// A redirect is followed (up to ten times) only within the origin of the first request: the
/// credentials it carries belong to that server alone.
pub(crate) fn same_origin_redirects(
    attempt: reqwest::redirect::Attempt<'_>,
) -> reqwest::redirect::Action {
    let first = attempt.previous().first().map(Url::origin);
    if attempt.previous().len() > 10 {
        attempt.error("more than ten redirects")
    } else if first.is_some_and(|o| o != attempt.url().origin()) {
        let message = format!(
            "redirected to {}, another origin than the source's; credentials go only to the \
             source's own server, so the request stops",
            attempt.url()
        );
        attempt.error(message)
    } else {
        attempt.follow()
    }
}

pub(crate) fn foreign_link(endpoint: String, link: &Url, from: &Url) -> ConnectorError {
    ConnectorError::UnexpectedAnswer {
        endpoint,
        message: format!(
            "its next page {link} is on another origin than {}; credentials go only to the \
             source's own server, so paging stops",
            from.origin().ascii_serialization()
        ),
    }
}

/// The pages of one list, followed by their next links. A link back to a page already read
/// stops the paging with an error naming it: a server paging in a circle would never end.
pub struct Pages {
    seen: HashSet<Url>,
}

impl Pages {
    /// The list that starts at `first`.
    pub fn new(first: &Url) -> Self {
        Pages {
            seen: HashSet::from([first.clone()]),
        }
    }

    /// The page after `from`: `next`, unless it was read already.
    pub fn follow(&mut self, from: &Url, next: Option<Url>) -> Result<Option<Url>, ConnectorError> {
        let Some(next) = next else { return Ok(None) };
        if !self.seen.insert(next.clone()) {
            return Err(ConnectorError::UnexpectedAnswer {
                endpoint: format!("GET {from}"),
                message: format!(
                    "its next page {next} was read already; paging stops instead of going \
                     round for ever"
                ),
            });
        }
        Ok(Some(next))
    }
}

/// The `rel="next"` target of a `Link` header, resolved against the request URL.
pub(crate) fn next_link(h: &HeaderMap, base: &Url) -> Option<Url> {
    for value in h.get_all("link") {
        let Ok(text) = value.to_str() else { continue };
        for part in text.split(',') {
            let mut pieces = part.split(';');
            let target = pieces.next()?.trim();
            let is_next = pieces.any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "rel=\"next\"" || p == "rel=next"
            });
            if is_next {
                let target = target.trim_start_matches('<').trim_end_matches('>');
                return base.join(target).ok();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn link_headers_give_the_next_page() {
        let mut h = HeaderMap::new();
        h.insert(
            "link",
            HeaderValue::from_static(
                "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", \
                 <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"",
            ),
        );
        let base = Url::parse("https://api.github.com/repos/o/r/issues").unwrap();
        assert_eq!(
            next_link(&h, &base).unwrap().as_str(),
            "https://api.github.com/repositories/1/issues?page=2"
        );
        let mut h = HeaderMap::new();
        h.insert(
            "link",
            HeaderValue::from_static("<https://x/a?page=1>; rel=\"prev\""),
        );
        assert!(next_link(&h, &base).is_none());
    }

    #[test]
    fn pages_stop_at_a_link_back_to_a_page_already_read() {
        let first = Url::parse("https://x.org/a?page=1").unwrap();
        let second = Url::parse("https://x.org/a?page=2").unwrap();
        let mut pages = Pages::new(&first);
        assert_eq!(
            pages.follow(&first, Some(second.clone())).unwrap(),
            Some(second.clone())
        );
        assert_eq!(pages.follow(&second, None).unwrap(), None);
        let err = pages.follow(&second, Some(first.clone())).unwrap_err();
        assert!(
            err.to_string()
                .contains("next page https://x.org/a?page=1 was read already"),
            "{err}"
        );
    }
}
