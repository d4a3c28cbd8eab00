//! A small HTTP/1.1 server on `std::net`: one thread per connection, one request per
//! connection. Enough for a test browser and a dev server on the loopback interface.
//!
//! It answers only requests addressed to itself: the `Host` must be `127.0.0.1:PORT`,
//! `localhost:PORT` or `[::1]:PORT` with its own port, so a page whose DNS name was rebound to
//! 127.0.0.1 is turned away. Commands are taken only from no page at all (a test's own client),
//! a page of this server (one of those loopback origins), or the Vite dev server.

use crate::commands::{call, error_json};
use flowmap_api::commands::Backend;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The app window's Content-Security-Policy (src-tauri/tauri.conf.json, without Tauri's IPC
/// origins), sent with the UI's pages so the browser tests catch what it would block.
const CSP: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

/// Origins of the Vite dev server, allowed to call the API from another port.
const DEV_ORIGINS: [&str; 2] = ["http://localhost:5173", "http://127.0.0.1:5173"];
const MAX_BODY: usize = 64 * 1024 * 1024;

struct Request {
    method: String,
    path: String,
    origin: Option<String>,
    host: Option<String>,
    body: Vec<u8>,
}

/// The `host:port` spellings of this server on the loopback interface.
fn own_authorities(port: u16) -> [String; 3] {
    [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ]
}

impl Request {
    /// Addressed to this server by one of its loopback names and its own port. Any other
    /// `Host` (or none) is a page whose DNS name points here, or a confused client.
    fn is_for(&self, port: u16) -> bool {
        self.host.as_deref().is_some_and(|h| {
            let h = h.to_ascii_lowercase();
            own_authorities(port).contains(&h)
        })
    }

    /// A request from a page of this server, from the Vite dev server, or from no page at all
    /// (a test's own client). Any other web page may not run commands: they write files.
    fn is_from_an_allowed_origin(&self, port: u16) -> bool {
        match &self.origin {
            None => true,
            Some(origin) => {
                let origin = origin.to_ascii_lowercase();
                DEV_ORIGINS.contains(&origin.as_str())
                    || own_authorities(port)
                        .iter()
                        .any(|a| origin == format!("http://{a}"))
            }
        }
    }
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

pub fn serve(port: u16, static_dir: Option<PathBuf>, backend: Backend) -> std::io::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let address = listener.local_addr()?;
    let port = address.port();
    println!("listening on http://{address}");
    let backend = Arc::new(backend);
    let static_dir = Arc::new(static_dir);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let backend = Arc::clone(&backend);
        let static_dir = Arc::clone(&static_dir);
        std::thread::spawn(move || {
            if let Err(e) = handle(stream, port, &backend, static_dir.as_deref()) {
                eprintln!("flowmap-http: {e}");
            }
        });
    }
    Ok(())
}

fn handle(
    stream: TcpStream,
    port: u16,
    backend: &Backend,
    static_dir: Option<&Path>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(request) = read_request(&mut reader)? else {
        return Ok(());
    };
    let allowed_origin = request
        .origin
        .as_deref()
        .filter(|o| DEV_ORIGINS.contains(o))
        .map(str::to_string);
    let response = if request.is_for(port) {
        route(&request, port, backend, static_dir)
    } else {
        text(
            421,
            "this server answers only requests addressed to 127.0.0.1, localhost or [::1] \
             with its own port",
        )
    };
    write_response(stream, &response, allowed_origin.as_deref())
}

fn route(request: &Request, port: u16, backend: &Backend, static_dir: Option<&Path>) -> Response {
    if request.method == "OPTIONS" {
        return Response {
            status: 204,
            content_type: "text/plain",
            body: Vec::new(),
        };
    }
    if let Some(command) = request.path.strip_prefix("/api/") {
        if request.method != "POST" {
            return text(405, "commands are POSTed");
        }
        if !request.is_from_an_allowed_origin(port) {
            return text(403, "commands are not taken from pages of other origins");
        }
        let arguments: Value = if request.body.is_empty() {
            Value::Object(Default::default())
        } else {
            match serde_json::from_slice(&request.body) {
                Ok(v) => v,
                Err(e) => return text(400, &format!("the body is not JSON: {e}")),
            }
        };
        let (status, value) = match call(backend, command, arguments) {
            Ok(v) => (200, v),
            Err(e) => (422, error_json(&e)),
        };
        return Response {
            status,
            content_type: "application/json",
            body: serde_json::to_vec(&value).expect("JSON values serialize"),
        };
    }
    if request.method != "GET" {
        return text(405, "only GET outside /api/");
    }
    match static_dir {
        Some(dir) => static_file(dir, &request.path),
        None => text(404, "no --static directory"),
    }
}

fn static_file(dir: &Path, url_path: &str) -> Response {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let relative = PathBuf::from(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return text(404, "not found");
    }
    let mut file = dir.join(&relative);
    if path == "/" || file.is_dir() {
        file = dir.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => Response {
            status: 200,
            content_type: content_type(&file),
            body,
        },
        Err(_) => text(404, "not found"),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, message: &str) -> Response {
    Response {
        status,
        content_type: "text/plain; charset=utf-8",
        body: message.as_bytes().to_vec(),
    }
}

fn read_request(reader: &mut impl BufRead) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let mut length = 0usize;
    let mut origin = None;
    let mut host = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            break;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().unwrap_or(0),
                "origin" => origin = Some(value.to_string()),
                "host" => host = Some(value.to_string()),
                _ => {}
            }
        }
    }
    if length > MAX_BODY {
        return Err(std::io::Error::other("request body too large"));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        method,
        path,
        origin,
        host,
        body,
    }))
}

fn write_response(
    mut stream: TcpStream,
    response: &Response,
    allowed_origin: Option<&str>,
) -> std::io::Result<()> {
    let reason = match response.status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        _ => "Error",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        response.status,
        response.content_type,
        response.body.len()
    );
    if response.content_type.starts_with("text/html") {
        head.push_str(&format!("Content-Security-Policy: {CSP}\r\n"));
    }
    if let Some(origin) = allowed_origin {
        head.push_str(&format!(
            "Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Methods: POST, GET\r\nAccess-Control-Allow-Headers: content-type\r\nVary: Origin\r\n"
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()
}
