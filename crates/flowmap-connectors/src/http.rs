//! The one HTTP client every network connector shares (reqwest on rustls with the *ring*
//! provider; no OpenSSL).
//!
//! [`HttpClient::get_json`] and [`HttpClient::post_json`]:
//! - retry 429 and 5xx answers and timeouts with exponential backoff ([`RetryPolicy`]),
//!   waiting what `Retry-After` (seconds or an HTTP date) or a rate-limit reset header
//!   (`X-RateLimit-Reset`, `RateLimit-Reset`) asks for, up to [`RetryPolicy::max_wait`];
//! - limit the requests in flight to [`HttpOptions::concurrency`];
//! - stop at once when the pull is cancelled;
//! - tell 401 (credentials refused) from 403 (no permission, unless it is GitHub's rate limit),
//!   an unreachable host, and malformed JSON, each naming the endpoint;
//! - retry a connection reset or closed before the answer was complete like a 5xx;
//! - return the `Link: <…>; rel="next"` URL so callers can page to the end ([`Pages`] stops a
//!   list whose next link goes back to a page already read).
//!
//! Credentials go only to the origin (scheme, host, port) a request was made for: a next link
//! or a redirect to another origin stops the request with an error naming it, so a server can
//! never lead the token elsewhere.

use crate::connector::PullContext;
use crate::error::ConnectorError;
use crate::secret::{Credential, Secret};
use base64::Engine;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Semaphore;
use url::Url;

pub use crate::paging::Pages;
use crate::paging::{foreign_link, next_link, same_origin_redirects};

/// When and how often to retry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub base_delay: Duration,
    /// The longest backoff.
    pub max_delay: Duration,
    /// The longest wait a `Retry-After` or rate-limit reset may ask for; a longer one fails
    /// with [`ConnectorError::RateLimited`] instead of hanging.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(300),
        }
    }
}

impl RetryPolicy {
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(16)).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// How the shared client behaves.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    pub retry: RetryPolicy,
    /// Requests in flight at once, over all connectors using the client.
    pub concurrency: usize,
    /// The longest a single request may take.
    pub timeout: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            retry: RetryPolicy::default(),
            concurrency: 4,
            timeout: Duration::from_secs(60),
        }
    }
}

/// How a request authenticates.
#[derive(Clone, Debug, Default)]
pub enum Auth {
    #[default]
    None,
    Basic {
        user: String,
        token: Secret,
    },
    Bearer(Secret),
    /// A header of its own, e.g. GitLab's `PRIVATE-TOKEN`.
    Header {
        name: &'static str,
        value: Secret,
    },
}

impl Auth {
    /// Basic authentication with the credential's user and token; a token without a user is
    /// what `without_user` makes of it; no credential, no authentication.
    pub(crate) fn basic_or(
        credential: Option<Credential>,
        without_user: impl FnOnce(Secret) -> Result<Auth, ConnectorError>,
    ) -> Result<Auth, ConnectorError> {
        match credential {
            Some(Credential {
                user: Some(user),
                token,
            }) => Ok(Auth::Basic { user, token }),
            Some(Credential { user: None, token }) => without_user(token),
            None => Ok(Auth::None),
        }
    }
}

/// A decoded answer and what its headers say about the next page.
#[derive(Debug)]
pub struct Response<T> {
    pub body: T,
    /// The `rel="next"` URL of the `Link` header.
    pub next: Option<Url>,
    pub headers: HeaderMap,
}

impl<T> Response<T> {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The shared HTTP client; cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    options: Arc<HttpOptions>,
    limit: Arc<Semaphore>,
}

impl HttpClient {
    pub fn new(options: HttpOptions) -> Result<Self, ConnectorError> {
        // reqwest is built without a crypto provider of its own: ring is the process's.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(concat!("flowmap/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(15))
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
            .build()
            .map_err(|e| ConnectorError::Client(e.to_string()))?;
        Ok(HttpClient {
            client,
            limit: Arc::new(Semaphore::new(options.concurrency.max(1))),
            options: Arc::new(options),
        })
    }

    pub fn options(&self) -> &HttpOptions {
        &self.options
    }

    /// GETs `url` and decodes its JSON.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        ctx: &PullContext,
        url: &Url,
        auth: &Auth,
        headers: &[(&'static str, &str)],
    ) -> Result<Response<T>, ConnectorError> {
        self.send(ctx, Method::GET, url, auth, headers, None).await
    }

    /// POSTs `body` as JSON to `url` and decodes the JSON answer.
    pub async fn post_json<T: DeserializeOwned>(
        &self,
        ctx: &PullContext,
        url: &Url,
        auth: &Auth,
        headers: &[(&'static str, &str)],
        body: &serde_json::Value,
    ) -> Result<Response<T>, ConnectorError> {
        self.send(ctx, Method::POST, url, auth, headers, Some(body))
            .await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        ctx: &PullContext,
        method: Method,
        url: &Url,
        auth: &Auth,
        headers: &[(&'static str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<Response<T>, ConnectorError> {
        let endpoint = format!("{method} {url}");
        let policy = &self.options.retry;
        let cancel = ctx.cancel_token();
        let mut attempt = 0u32;
        loop {
            ctx.check_cancelled()?;
            let request = self.build(method.clone(), url, auth, headers, body)?;
            let outcome = {
                let _permit = tokio::select! {
                    _ = cancel.cancelled() => return Err(ConnectorError::Cancelled),
                    p = self.limit.acquire() => p.map_err(|_| ConnectorError::Cancelled)?,
                };
                tokio::select! {
                    _ = cancel.cancelled() => return Err(ConnectorError::Cancelled),
                    r = fetch(&self.client, request) => r,
                }
            };
            let wait = match outcome {
                Err(e) if e.is_timeout() => {
                    if attempt >= policy.max_retries {
                        return Err(ConnectorError::Timeout {
                            endpoint,
                            secs: self.options.timeout.as_secs(),
                        });
                    }
                    policy.backoff(attempt)
                }
                Err(e) if e.is_redirect() => {
                    return Err(ConnectorError::UnexpectedAnswer {
                        endpoint,
                        message: root_cause(&e),
                    })
                }
                Err(e) if e.is_connect() => {
                    return Err(ConnectorError::Unreachable {
                        host: host_of(url),
                        reason: root_cause(&e),
                    })
                }
                // A connection reset, or closed before the whole answer came: retried.
                Err(e) => {
                    if attempt >= policy.max_retries {
                        return Err(ConnectorError::Unreachable {
                            host: host_of(url),
                            reason: root_cause(&e),
                        });
                    }
                    policy.backoff(attempt)
                }
                Ok((status, head, bytes)) => {
                    if status.is_success() {
                        let body: T = serde_json::from_slice(&bytes).map_err(|e| {
                            ConnectorError::MalformedJson {
                                endpoint: endpoint.clone(),
                                message: e.to_string(),
                            }
                        })?;
                        let next = next_link(&head, url);
                        if let Some(n) = next.as_ref().filter(|n| n.origin() != url.origin()) {
                            return Err(foreign_link(endpoint, n, url));
                        }
                        return Ok(Response {
                            body,
                            next,
                            headers: head,
                        });
                    }
                    let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
                        || (status == StatusCode::FORBIDDEN && is_rate_limit(&head));
                    if status == StatusCode::UNAUTHORIZED {
                        return Err(ConnectorError::Unauthorized {
                            endpoint,
                            hint: "check the token".into(),
                        });
                    }
                    if status == StatusCode::FORBIDDEN && !rate_limited {
                        return Err(ConnectorError::Forbidden {
                            endpoint,
                            detail: error_detail(&bytes),
                        });
                    }
                    if !(rate_limited || status.is_server_error()) {
                        return Err(ConnectorError::Http {
                            endpoint,
                            status: status.as_u16(),
                            detail: error_detail(&bytes),
                        });
                    }
                    if attempt >= policy.max_retries {
                        return Err(ConnectorError::Http {
                            endpoint: format!("{endpoint} (after {} retries)", attempt),
                            status: status.as_u16(),
                            detail: error_detail(&bytes),
                        });
                    }
                    match asked_wait(&head) {
                        Some(w) if w > policy.max_wait => {
                            return Err(ConnectorError::RateLimited {
                                endpoint,
                                wait_secs: w.as_secs(),
                                max_secs: policy.max_wait.as_secs(),
                            })
                        }
                        Some(w) => w,
                        None => policy.backoff(attempt),
                    }
                }
            };
            attempt += 1;
            tokio::select! {
                _ = cancel.cancelled() => return Err(ConnectorError::Cancelled),
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    fn build(
        &self,
        method: Method,
        url: &Url,
        auth: &Auth,
        headers: &[(&'static str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<reqwest::Request, ConnectorError> {
        let mut b = self.client.request(method, url.clone());
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
        {
            b = b.header("Accept", "application/json");
        }
        for (name, value) in headers {
            b = b.header(*name, *value);
        }
        let sensitive = |text: String| -> Result<HeaderValue, ConnectorError> {
            let mut v = HeaderValue::from_str(&text).map_err(|_| {
                ConnectorError::InvalidConfig(
                    "the token holds characters that cannot be sent in an HTTP header".into(),
                )
            })?;
            v.set_sensitive(true);
            Ok(v)
        };
        match auth {
            Auth::None => {}
            Auth::Basic { user, token } => {
                let encoded = base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", token.expose()));
                b = b.header("Authorization", sensitive(format!("Basic {encoded}"))?);
            }
            Auth::Bearer(token) => {
                b = b.header(
                    "Authorization",
                    sensitive(format!("Bearer {}", token.expose()))?,
                );
            }
            Auth::Header { name, value } => {
                b = b.header(
                    HeaderName::from_static(name),
                    sensitive(value.expose().to_string())?,
                );
            }
        }
        if let Some(body) = body {
            b = b.json(body);
        }
        b.build()
            .map_err(|e| ConnectorError::InvalidConfig(format!("cannot request {url}: {e}")))
    }
}

async fn fetch(
    client: &reqwest::Client,
    request: reqwest::Request,
) -> Result<(StatusCode, HeaderMap, Vec<u8>), reqwest::Error> {
    let response = client.execute(request).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await?;
    Ok((status, headers, bytes.to_vec()))
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.to_string(),
    }
}

/// The innermost cause of a reqwest error ("Connection refused (os error 111)"), without the
/// URL reqwest would repeat.
fn root_cause(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let text = cause.to_string();
    if text.is_empty() {
        e.to_string()
    } else {
        text
    }
}

/// GitHub answers an exhausted rate limit with 403 and `X-RateLimit-Remaining: 0` (or, for its
/// secondary limits, a `Retry-After`).
fn is_rate_limit(h: &HeaderMap) -> bool {
    h.contains_key("retry-after")
        || h.get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim() == "0")
            .unwrap_or(false)
}

/// How long the server asks us to wait: `Retry-After` (seconds or an HTTP date), else the
/// rate-limit reset time (Unix seconds) when the limit is exhausted.
fn asked_wait(h: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(v) = text("retry-after") {
        if let Ok(secs) = v.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Ok(when) = httpdate::parse_http_date(v) {
            return Some(
                when.duration_since(SystemTime::now())
                    .unwrap_or(Duration::ZERO),
            );
        }
    }
    let exhausted = ["x-ratelimit-remaining", "ratelimit-remaining"]
        .iter()
        .any(|n| text(n) == Some("0"));
    if exhausted {
        for name in ["x-ratelimit-reset", "ratelimit-reset"] {
            if let Some(reset) = text(name).and_then(|v| v.parse::<u64>().ok()) {
                let now = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
            }
        }
    }
    None
}

/// The message of an error answer, shortened: Jira's `errorMessages`, GitHub's and GitLab's
/// `message`, Azure DevOps' `message`, or the start of a text body.
fn error_detail(bytes: &[u8]) -> Option<String> {
    let shorten = |s: &str| {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.chars().count() > 200 {
            s.chars().take(200).collect::<String>() + "…"
        } else {
            s
        }
    };
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let pick = v
            .get("errorMessages")
            .and_then(|m| m.as_array())
            .and_then(|a| a.iter().find_map(|x| x.as_str()))
            .or_else(|| v.get("message").and_then(|m| m.as_str()))
            .or_else(|| v.get("error").and_then(|m| m.as_str()))
            .or_else(|| v.get("error_description").and_then(|m| m.as_str()));
        return pick.map(shorten).filter(|s| !s.is_empty());
    }
    let text = String::from_utf8_lossy(bytes);
    let t = shorten(&text);
    if t.is_empty() || t.starts_with('<') {
        None
    } else {
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let p = RetryPolicy {
            max_retries: 9,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
            max_wait: Duration::from_secs(1),
        };
        assert_eq!(p.backoff(0), Duration::from_millis(100));
        assert_eq!(p.backoff(2), Duration::from_millis(400));
        assert_eq!(p.backoff(3), Duration::from_millis(500));
        assert_eq!(p.backoff(40), Duration::from_millis(500));
    }

    #[test]
    fn error_details_come_from_the_documented_fields() {
        assert_eq!(
            error_detail(br#"{"errorMessages":["The value 'X' does not exist"],"errors":{}}"#)
                .as_deref(),
            Some("The value 'X' does not exist")
        );
        assert_eq!(
            error_detail(br#"{"message":"Not Found","documentation_url":"x"}"#).as_deref(),
            Some("Not Found")
        );
        assert_eq!(error_detail(b"<html>oops</html>"), None);
    }
}
