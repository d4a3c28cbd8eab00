//! Credentials go only to the source's own server, and paging ends: a next link or a redirect
//! to another origin is refused before anything is sent there, a page linking to itself stops
//! with an error naming the link, and a connection reset is retried like a 5xx. Every server
//! here listens on 127.0.0.1.

mod common;

use common::{Reply, Request, TestServer};
use flowmap_connectors::http::{Auth, HttpClient, HttpOptions, RetryPolicy};
use flowmap_connectors::secret::{Credential, Secret};
use flowmap_connectors::{network_connector, ConnectorError, PullContext, SourceKind};
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const TOKEN: &str = "t0ken-value";

fn http() -> HttpClient {
    HttpClient::new(HttpOptions {
        retry: RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(10),
            max_wait: Duration::from_secs(5),
        },
        concurrency: 2,
        timeout: Duration::from_secs(10),
    })
    .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Pulls the issues of GitHub repository octo/app on `base` with a token.
fn pull_github(base: &str) -> Result<usize, ConnectorError> {
    let connector = network_connector(
        SourceKind::Github,
        base,
        Some("octo/app?parts=issues"),
        Some(Credential {
            user: None,
            token: Secret::new(TOKEN),
        }),
        &http(),
    )?;
    let mut items = Vec::new();
    runtime().block_on(connector.pull(&PullContext::default(), None, &mut items))?;
    Ok(items.len())
}

/// A GitHub whose list of issues answers with `reply` (given the request and the server's
/// base).
fn github(
    reply: impl Fn(&Request, &str) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, base: &str| {
        if r.path == "/repos/octo/app/issues" {
            return reply(r, base);
        }
        if r.path.ends_with("/timeline") {
            return Reply::json(json!([]));
        }
        Reply::status(404, r#"{"message":"Not Found"}"#)
    }
}

fn one_issue() -> Reply {
    Reply::json(json!([{"number": 1, "title": "A", "state": "open",
                        "created_at": "2025-03-01T08:00:00Z", "updated_at": "2025-03-01T08:00:00Z"}]))
}

#[test]
fn a_next_link_to_another_origin_is_refused_and_the_token_never_goes_there() {
    let foreign = TestServer::start(|_: &Request, _: &str| Reply::json(json!([])));
    let next = format!("{}/repos/octo/app/issues?page=2", foreign.base);
    let link = next.clone();
    let server = TestServer::start(github(move |_, _| {
        one_issue().with_header("Link", &format!("<{link}>; rel=\"next\""))
    }));
    let err = pull_github(&server.base).unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&next), "names the link: {text}");
    assert!(text.contains("another origin"), "{text}");
    assert!(
        foreign.all().is_empty(),
        "nothing reached the foreign server"
    );
    assert!(!text.contains(TOKEN));
    // The source's own server did get the token.
    assert_eq!(
        server.all()[0].header("authorization"),
        Some("Bearer t0ken-value")
    );
}

#[test]
fn a_redirect_to_another_origin_is_refused() {
    let foreign = TestServer::start(|_: &Request, _: &str| Reply::json(json!([])));
    let target = format!("{}/steal", foreign.base);
    let location = target.clone();
    let server = TestServer::start(github(move |_, _| {
        Reply::status(302, "").with_header("Location", &location)
    }));
    let err = pull_github(&server.base).unwrap_err();
    assert!(err.to_string().contains(&target), "{err}");
    assert!(
        foreign.all().is_empty(),
        "nothing reached the foreign server"
    );
}

#[test]
fn a_page_linking_to_itself_stops_with_an_error_naming_the_link() {
    // The next link is the URL the page was asked for.
    let server = TestServer::start(github(|r, base| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&r.query)
            .finish();
        one_issue().with_header("Link", &format!("<{base}{}?{query}>; rel=\"next\"", r.path))
    }));
    let started = std::time::Instant::now();
    let err = pull_github(&server.base).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20));
    let text = err.to_string();
    assert!(text.contains("was read already"), "{text}");
    assert!(text.contains("/repos/octo/app/issues"), "{text}");
    assert!(
        server.count("/repos/octo/app/issues") <= 3,
        "{}",
        server.all().len()
    );
}

#[test]
fn a_two_page_circle_stops_too() {
    let server = TestServer::start(github(|_, base| {
        one_issue().with_header(
            "Link",
            &format!("<{base}/repos/octo/app/issues?page=2>; rel=\"next\""),
        )
    }));
    let err = pull_github(&server.base).unwrap_err();
    assert!(
        err.to_string()
            .contains("/repos/octo/app/issues?page=2 was read already"),
        "{err}"
    );
}

#[test]
fn a_reset_connection_is_retried() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let Ok(mut stream) = stream else { continue };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            if n == 0 {
                // Read one byte and close with the rest unread: the kernel answers with a reset.
                let _ = stream.read(&mut [0u8; 1]);
                std::thread::sleep(Duration::from_millis(50));
                drop(stream);
                continue;
            }
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => request.extend_from_slice(&buf[..k]),
                }
            }
            let body = r#"{"ok":true}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let url = url::Url::parse(&format!("http://127.0.0.1:{port}/x")).unwrap();
    let answer = runtime()
        .block_on(http().get_json::<serde_json::Value>(
            &PullContext::default(),
            &url,
            &Auth::None,
            &[],
        ))
        .unwrap_or_else(|e| panic!("a reset connection was not retried: {e}"));
    assert_eq!(answer.body, json!({"ok": true}));
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}
