//! Why a pull failed. Every message names the endpoint, file, line, column or item concerned,
//! and none ever holds a token.

use std::path::PathBuf;

/// A failure of a connector.
#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    /// The server refused the credentials (HTTP 401).
    #[error("{endpoint}: 401 Unauthorized: the server refused the credentials; {hint}")]
    Unauthorized { endpoint: String, hint: String },
    /// The credentials were accepted but may not read this (HTTP 403).
    #[error("{endpoint}: 403 Forbidden: the credentials were accepted but lack permission to read this{}", detail_suffix(.detail))]
    Forbidden {
        endpoint: String,
        detail: Option<String>,
    },
    /// The rate limit is exhausted for longer than we are willing to wait.
    #[error("{endpoint}: rate limit exhausted; the server asks to wait {wait_secs} s, longer than the {max_secs} s this sync waits; try again later")]
    RateLimited {
        endpoint: String,
        wait_secs: u64,
        max_secs: u64,
    },
    /// No connection could be made.
    #[error("cannot reach {host}: {reason}")]
    Unreachable { host: String, reason: String },
    #[error("{endpoint}: no answer within {secs} s")]
    Timeout { endpoint: String, secs: u64 },
    /// Any other HTTP error status, after retries where they apply.
    #[error("{endpoint}: HTTP {status}{}", detail_suffix(.detail))]
    Http {
        endpoint: String,
        status: u16,
        detail: Option<String>,
    },
    /// The answer was not the JSON the endpoint documents.
    #[error("{endpoint}: malformed JSON: {message}")]
    MalformedJson { endpoint: String, message: String },
    /// The answer was JSON but lacked something we need.
    #[error("{endpoint}: unexpected answer: {message}")]
    UnexpectedAnswer { endpoint: String, message: String },
    #[error("the sync was cancelled")]
    Cancelled,
    /// No token was found for a source that needs one.
    #[error("no token for source {source_name:?}: set the environment variable {env_var}, or store one in the OS keychain with `flowmap source add … --token-stdin`{}", detail_suffix(.keychain))]
    MissingCredential {
        source_name: String,
        env_var: String,
        keychain: Option<String>,
    },
    /// The OS keychain could not be used.
    #[error("the OS keychain is not available ({reason}); set the environment variable {env_var} instead")]
    Keychain { env_var: String, reason: String },
    /// The source's URL or query cannot be used.
    #[error("{0}")]
    InvalidConfig(String),
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    /// An event log could not be read.
    #[error(transparent)]
    Log(#[from] LogError),
    /// The sink refused an item (its own error is kept by the sink).
    #[error("{0}")]
    Sink(String),
}

/// The longest name (item id, state, type, title, link) an event log may hold, in characters.
pub const MAX_NAME_CHARS: usize = 1024;

/// A value as messages quote it: in double quotes with control characters escaped, and past 80
/// characters cut with an ellipsis and the full length, so a hostile field never floods or
/// drives the terminal.
pub fn quoted(text: &str) -> String {
    const SHOWN: usize = 80;
    let n = text.chars().count();
    if n <= SHOWN {
        return format!("{text:?}");
    }
    let head: String = text.chars().take(SHOWN).collect();
    let head = format!("{head:?}");
    format!("{}…\" ({n} characters)", &head[..head.len() - 1])
}

fn detail_suffix(detail: &Option<String>) -> String {
    match detail {
        Some(d) if !d.is_empty() => format!(" ({d})"),
        _ => String::new(),
    }
}

/// Why an event log could not be read. Every variant names the file, and the line (1-based,
/// counting the header) and column where it applies.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Header { path: PathBuf, message: String },
    #[error("{}: line {line}, column {column:?}: {message}", path.display())]
    Field {
        path: PathBuf,
        line: u64,
        column: String,
        message: String,
    },
    #[error("{}: line {line}: {message}", path.display())]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Xml { path: PathBuf, message: String },
    #[error("{}: line {line}: {message}", path.display())]
    Xes {
        path: PathBuf,
        line: u64,
        message: String,
    },
}
