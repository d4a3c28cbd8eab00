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
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "POST /api/{command} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{origin}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        server.port,
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
