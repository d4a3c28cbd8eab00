//! A tiny HTTP/1.1 server on 127.0.0.1 for the connector tests, answering from a handler the
//! test gives (fixtures written after the tools' public API documentation), and the faults the
//! tests inject. It serves one request per connection, stops when dropped, and never runs
//! longer than two minutes. Also used by flowmap-api's tests (included by path).

#![allow(dead_code)]

pub mod fixtures;
pub mod github_history;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A request as the handler sees it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The path as sent (percent-encoding kept).
    pub path: String,
    /// Decoded query parameters.
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(value: serde_json::Value) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: value.to_string(),
        }
    }

    pub fn status(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

pub type Handler = Arc<dyn Fn(&Request, &str) -> Reply + Send + Sync>;

/// A running server; stops when dropped.
pub struct TestServer {
    pub base: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl TestServer {
    pub fn start(handler: impl Fn(&Request, &str) -> Reply + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        {
            let stop = stop.clone();
            let requests = requests.clone();
            let base = base.clone();
            std::thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(120);
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) || Instant::now() > deadline {
                        break;
                    }
                    let Ok(stream) = conn else { continue };
                    let handler = handler.clone();
                    let requests = requests.clone();
                    let base = base.clone();
                    std::thread::spawn(move || serve(stream, &handler, &requests, &base));
                }
            });
        }
        TestServer {
            base,
            requests,
            stop,
            port,
        }
    }

    /// Requests whose path contains `part`.
    pub fn count(&self, part: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path.contains(part))
            .count()
    }

    pub fn all(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Request>>, base: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 {
            break;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    let _ = reader.read_exact(&mut body);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    let query = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let request = Request {
        method,
        path,
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log.lock().unwrap().push(request.clone());
    let reply = handler(&request, base);
    let mut out = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&reply.body);
    let mut stream = stream;
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.flush();
}

/// A fault injected into the requests whose path contains a part.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// 429 with `Retry-After: secs`, once.
    TooManyRequests {
        retry_after: u32,
    },
    /// 500, once.
    ServerErrorOnce,
    /// 500, always.
    ServerErrorAlways,
    /// A body that is not JSON.
    Malformed,
    Unauthorized,
    Forbidden,
    /// GitHub's exhausted rate limit: 403 with `X-RateLimit-Remaining: 0`, once.
    RateLimitExhausted,
}

/// Wraps a handler so that requests whose path contains `part` meet `fault`.
pub fn with_fault(
    handler: impl Fn(&Request, &str) -> Reply + Send + Sync + 'static,
    part: &'static str,
    fault: Fault,
) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    let hits = AtomicUsize::new(0);
    move |r: &Request, base: &str| {
        if !r.path.contains(part) {
            return handler(r, base);
        }
        let n = hits.fetch_add(1, Ordering::SeqCst);
        match fault {
            Fault::TooManyRequests { retry_after } if n == 0 => {
                Reply::status(429, r#"{"message":"slow down"}"#)
                    .with_header("Retry-After", &retry_after.to_string())
            }
            Fault::ServerErrorOnce if n == 0 => Reply::status(500, "<html>oops</html>"),
            Fault::ServerErrorAlways => Reply::status(500, r#"{"message":"down"}"#),
            Fault::Malformed => Reply::status(200, r#"{"issues": [ {"key": "#),
            Fault::Unauthorized => Reply::status(401, r#"{"message":"Bad credentials"}"#),
            Fault::Forbidden => Reply::status(
                403,
                r#"{"message":"Resource not accessible by integration"}"#,
            ),
            Fault::RateLimitExhausted if n == 0 => {
                let reset = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs();
                Reply::status(403, r#"{"message":"API rate limit exceeded"}"#)
                    .with_header("X-RateLimit-Remaining", "0")
                    .with_header("X-RateLimit-Reset", &reset.to_string())
            }
            _ => handler(r, base),
        }
    }
}

/// A Jira Server/Data Center with five issues in pages of two, one of whose embedded changelog
/// is truncated; with `since` in the JQL (an incremental sync) only FLOW-2 comes, with one more
/// change. `cloud` answers as Jira Cloud instead (enhanced search, nextPageToken, the changelog
/// endpoint). Written after the REST API v2/v3 documentation.
pub fn jira(cloud: bool, empty: bool) -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    use serde_json::json;
    fn history(id: u32, at: &str, from: &str, to: &str) -> serde_json::Value {
        json!({"id": id.to_string(), "author": {"displayName": "A"}, "created": at,
               "items": [{"field": "status", "fieldtype": "jira", "fieldId": "status",
                          "from": "1", "fromString": from, "to": "2", "toString": to}]})
    }
    fn issue(
        key: &str,
        kind: &str,
        created: &str,
        updated: &str,
        status: &str,
        histories: Vec<serde_json::Value>,
        total: usize,
    ) -> serde_json::Value {
        json!({"id": "1", "key": key, "self": "x",
               "fields": {"summary": format!("Summary of {key}"), "issuetype": {"name": kind},
                          "created": created, "updated": updated,
                          "status": {"name": status, "statusCategory": {"key": "new"}}},
               "changelog": {"startAt": 0, "maxResults": histories.len(), "total": total,
                             "histories": histories}})
    }
    let flow3_all = vec![
        history(301, "2025-01-05T10:00:00.000+0000", "To Do", "In Progress"),
        history(
            302,
            "2025-01-06T10:00:00.000+0000",
            "In Progress",
            "Waiting for customer",
        ),
        history(
            303,
            "2025-01-07T10:00:00.000+0000",
            "Waiting for customer",
            "Done",
        ),
    ];
    let issues = vec![
        issue(
            "FLOW-1",
            "Story",
            "2025-01-02T09:00:00.000+0000",
            "2025-01-04T09:00:00.000+0000",
            "Done",
            vec![
                history(101, "2025-01-03T10:00:00.000+0000", "To Do", "In Progress"),
                history(102, "2025-01-04T09:00:00.000+0000", "In Progress", "Done"),
            ],
            2,
        ),
        issue(
            "FLOW-2",
            "Bug",
            "2025-01-02T11:00:00.000-0500",
            "2025-01-03T12:00:00.000+0000",
            "In Progress",
            vec![history(
                201,
                "2025-01-03T12:00:00.000+0000",
                "To Do",
                "In Progress",
            )],
            1,
        ),
        issue(
            "FLOW-3",
            "Story",
            "2025-01-04T08:00:00.000+0000",
            "2025-01-07T10:00:00.000+0000",
            "Done",
            vec![flow3_all[2].clone()],
            3,
        ),
        issue(
            "FLOW-4",
            "Task",
            "2025-01-05T08:00:00.000+0000",
            "2025-01-05T08:00:00.000+0000",
            "To Do",
            vec![],
            0,
        ),
        issue(
            "FLOW-5",
            "Story",
            "2025-01-06T08:00:00.000+0000",
            "2025-01-08T08:00:00.000+0000",
            "Done",
            vec![
                history(501, "2025-01-07T08:00:00.000+0000", "To Do", "In Progress"),
                history(502, "2025-01-08T08:00:00.000+0000", "In Progress", "Done"),
            ],
            2,
        ),
    ];
    let changed = issue(
        "FLOW-2",
        "Bug",
        "2025-01-02T11:00:00.000-0500",
        "2025-02-01T12:00:00.000+0000",
        "Done",
        vec![
            history(201, "2025-01-03T12:00:00.000+0000", "To Do", "In Progress"),
            history(202, "2025-02-01T12:00:00.000+0000", "In Progress", "Done"),
        ],
        2,
    );
    move |r: &Request, _base: &str| {
        let p = r.path.as_str();
        if p.ends_with("/rest/api/2/serverInfo") {
            return Reply::json(
                json!({"baseUrl": "x", "version": if cloud {"1001.0.0"} else {"9.12.0"},
                                      "deploymentType": if cloud {"Cloud"} else {"Server"}}),
            );
        }
        if p.ends_with("/rest/api/2/status") {
            return Reply::json(json!([
                {"name": "To Do", "id": "1", "statusCategory": {"id": 2, "key": "new", "name": "To Do"}},
                {"name": "In Progress", "id": "3", "statusCategory": {"id": 4, "key": "indeterminate", "name": "In Progress"}},
                {"name": "Waiting for customer", "id": "4", "statusCategory": {"id": 4, "key": "indeterminate", "name": "In Progress"}},
                {"name": "Done", "id": "5", "statusCategory": {"id": 3, "key": "done", "name": "Done"}}
            ]));
        }
        let jql = r.param("jql").unwrap_or("");
        let incremental = jql.contains("updated >=");
        let list: Vec<serde_json::Value> = if empty {
            vec![]
        } else if incremental {
            vec![changed.clone()]
        } else {
            issues.clone()
        };
        if p.ends_with("/rest/api/2/search") && !cloud {
            let start: usize = r.param("startAt").and_then(|s| s.parse().ok()).unwrap_or(0);
            let page: Vec<_> = list.iter().skip(start).take(2).cloned().collect();
            return Reply::json(
                json!({"startAt": start, "maxResults": 2, "total": list.len(), "issues": page}),
            );
        }
        if p.ends_with("/rest/api/3/search/jql") && cloud {
            let start: usize = match r.param("nextPageToken") {
                Some(t) => t.trim_start_matches("page-").parse().unwrap_or(0),
                None => 0,
            };
            let page: Vec<_> = list.iter().skip(start).take(2).cloned().collect();
            let last = start + 2 >= list.len();
            let mut body = json!({"issues": page, "isLast": last});
            if !last {
                body["nextPageToken"] = json!(format!("page-{}", start + 2));
            }
            return Reply::json(body);
        }
        if p.ends_with("/rest/api/3/issue/FLOW-3/changelog") && cloud {
            let start: usize = r.param("startAt").and_then(|s| s.parse().ok()).unwrap_or(0);
            let page: Vec<_> = flow3_all.iter().skip(start).take(2).cloned().collect();
            return Reply::json(json!({"startAt": start, "maxResults": 2, "total": 3,
                                      "isLast": start + 2 >= 3, "values": page}));
        }
        if p.ends_with("/rest/api/2/issue/FLOW-3") && !cloud {
            return Reply::json(
                json!({"key": "FLOW-3", "fields": {"status": {"name": "Done"}},
                                      "changelog": {"startAt": 0, "maxResults": 3, "total": 3,
                                                    "histories": flow3_all}}),
            );
        }
        Reply::status(404, r#"{"errorMessages":["no such endpoint"]}"#)
    }
}
