//! The HTTP backend answers commands as the app's Tauri commands do.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data_dir: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowmap-http"))
        .args(["--port", "0", "--data-dir"])
        .arg(data_dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    Server { child, port }
}

fn post(server: &Server, command: &str, body: &str) -> (u16, serde_json::Value) {
    let (status, text) = post_from(server, command, body, None);
    (status, serde_json::from_str(&text).unwrap())
}

fn post_from(server: &Server, command: &str, body: &str, origin: Option<&str>) -> (u16, String) {
    let host = format!("127.0.0.1:{}", server.port);
    post_to(server, Some(&host), command, body, origin)
}

/// POSTs with the `Host` header given (none when `None`).
fn post_to(
    server: &Server,
    host: Option<&str>,
    command: &str,
    body: &str,
    origin: Option<&str>,
) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(
        stream,
        "POST /api/{command} HTTP/1.1\r\n{host}{origin}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

#[test]
fn pages_of_other_origins_may_not_run_commands() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let own = format!("http://127.0.0.1:{}", server.port);
    assert_eq!(post_from(&server, "editor_state", "{}", Some(&own)).0, 200);
    assert_eq!(
        post_from(&server, "editor_state", "{}", Some("http://localhost:5173")).0,
        200
    );
    let (status, _) = post_from(&server, "new_map", "{}", Some("http://elsewhere.example"));
    assert_eq!(status, 403);
}

#[test]
fn only_requests_addressed_to_this_server_by_a_loopback_name_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let port = server.port;
    let state = |host: Option<&str>, origin: Option<&str>| {
        post_to(&server, host, "editor_state", "{}", origin).0
    };
    // The server's own names and port, with or without the page's own origin.
    for authority in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(state(Some(&authority), None), 200, "{authority}");
        let origin = format!("http://{}", authority.to_ascii_lowercase());
        assert_eq!(state(Some(&authority), Some(&origin)), 200, "{authority}");
    }
    // DNS rebinding: a page of rebound.example whose name now points at 127.0.0.1 sends its
    // own name as Host and Origin. Refused before any command runs, even without an Origin.
    let rebound = format!("rebound.example:{port}");
    let rebound_origin = format!("http://{rebound}");
    assert_eq!(state(Some(&rebound), Some(&rebound_origin)), 421);
    let (status, _) = post_to(&server, Some(&rebound), "new_map", "{}", None);
    assert_eq!(status, 421);
    // Another port, no port, no Host at all.
    assert_eq!(state(Some(&format!("127.0.0.1:{}", port ^ 1)), None), 421);
    assert_eq!(state(Some("127.0.0.1"), None), 421);
    assert_eq!(state(None, None), 421);
    // A loopback Host with a foreign or opaque page origin, or the right name on another port.
    let own = format!("127.0.0.1:{port}");
    assert_eq!(state(Some(&own), Some(&rebound_origin)), 403);
    assert_eq!(state(Some(&own), Some("null")), 403);
    assert_eq!(
        state(Some(&own), Some(&format!("http://127.0.0.1:{}", port ^ 1))),
        403
    );
    assert_eq!(state(Some(&own), Some(&format!("https://{own}"))), 403);
    // Static files too.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: {rebound}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 421"), "{response}");
}

#[test]
fn edits_undo_and_errors_cross_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let (status, state) = post(&server, "editor_state", "{}");
    assert_eq!(status, 200);
    assert_eq!(state["view"]["name"], "Untitled map");
    let add = r#"{"edit":{"kind":"add_node","x":0,"y":0,"node":{"kind":"stage","id":"6f1c2b7e-0000-4000-8000-000000000001","name":"Plan","states":[],"estimates":{}}}}"#;
    let (status, outcome) = post(&server, "apply_edit", add);
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["state"]["dirty"], true);
    assert_eq!(outcome["state"]["view"]["nodes"][0]["node"]["name"], "Plan");
    assert!(dir.path().join("recovery.json").exists());

    let (status, error) = post(&server, "apply_edit", add);
    assert_eq!(status, 422);
    assert_eq!(error["code"], "invalid_map");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("two nodes have the id"));

    let (_, state) = post(&server, "undo", "{}");
    assert_eq!(state["view"]["nodes"].as_array().unwrap().len(), 0);
    assert!(!dir.path().join("recovery.json").exists());

    let (status, error) = post(&server, "no_such_command", "{}");
    assert_eq!(
        (status, error["code"].as_str()),
        (422, Some("invalid_argument"))
    );
}
