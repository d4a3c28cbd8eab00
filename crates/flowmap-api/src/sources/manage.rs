//! The Sources tab's use cases: the sources of a map with how their last sync went, adding one
//! with its token from the window, changing and removing one, testing a connection, and the
//! sync job. Tokens typed in the window go to the OS keychain; where there is none they stay
//! in this process's memory ([`SourceMemory`]) for the session, never written anywhere.

use super::add::{add_source, summary};
use super::sync::{sync, SyncOptions};
use super::{find_or_add_tool, no_such_source, runtime};
use crate::error::{ApiError, ErrorCode};
use crate::jobs::{JobHandle, JobOutput};
use crate::wire::{
    AddSource, ConnectionAccepted, Credentials, KeychainStatus, SourceDropped, SourceRow,
    SourceSaved, SourcesView, SyncState, TestConnection, TokenPlace, UpdateSource,
};
use chrono::{TimeZone, Utc};
use flowmap_connectors::http::{HttpClient, HttpOptions};
use flowmap_connectors::secret::{self, Credential, Secret};
use flowmap_connectors::{
    default_url, needs_token, network_connector, probe, ConnectorError, PullContext,
};
use flowmap_core::MapDocument;
use flowmap_store::{MapFile, SourceRecord, SourceUpdate};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use tokio_util::sync::CancellationToken;

/// What the backend remembers about sources for this session only: tokens typed where there
/// is no keychain, and why each source's last sync failed. Never written.
#[derive(Default)]
pub struct SourceMemory {
    tokens: Mutex<HashMap<String, Credential>>,
    failures: Mutex<HashMap<String, ApiError>>,
}

impl SourceMemory {
    fn token(&self, source: &str) -> Option<Credential> {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(source)
            .cloned()
    }

    fn keep_token(&self, source: &str, credential: Credential) {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(source.to_string(), credential);
    }

    fn forget(&self, source: &str) {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(source);
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(source);
    }

    fn failure(&self, source: &str) -> Option<ApiError> {
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(source)
            .cloned()
    }

    fn set_failure(&self, source: &str, failure: Option<ApiError>) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        match failure {
            Some(f) => failures.insert(source.to_string(), f),
            None => failures.remove(source),
        };
    }

    pub(super) fn all_tokens(&self) -> HashMap<String, Credential> {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Whether tokens can go into the OS keychain here.
pub(crate) fn keychain() -> KeychainStatus {
    match secret::keychain_status() {
        Ok(()) => KeychainStatus {
            available: true,
            reason: None,
        },
        Err(reason) => KeychainStatus {
            available: false,
            reason: Some(reason),
        },
    }
}

/// The sources of the map at `path` (none for a map without a file), each with how it stands.
pub fn sources_view(path: Option<&Path>, memory: &SourceMemory) -> Result<SourcesView, ApiError> {
    let keychain = keychain();
    let Some(path) = path else {
        return Ok(SourcesView {
            sources: Vec::new(),
            keychain,
            has_file: false,
        });
    };
    let file = MapFile::open(path)?;
    let records: HashMap<String, SourceRecord> = file
        .sources()?
        .into_iter()
        .map(|r| (r.name.clone(), r))
        .collect();
    let synced = file.source_synced_times()?;
    let rows = super::list_sources(path)?
        .into_iter()
        .map(|summary| {
            let record = &records[&summary.name];
            let failure = memory.failure(&summary.name);
            let synced_ms = synced.get(&summary.name).copied();
            let state = if record.is_demo() {
                SyncState::Demo
            } else if failure.is_some() {
                SyncState::Failed
            } else if synced_ms.is_some() || !record.kind.is_network() {
                SyncState::Synced
            } else {
                SyncState::Never
            };
            SourceRow {
                token: token_place(record, memory),
                synced_at: synced_ms
                    .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                state,
                failure,
                source: summary,
            }
        })
        .collect();
    Ok(SourcesView {
        sources: rows,
        keychain,
        has_file: true,
    })
}

fn token_place(record: &SourceRecord, memory: &SourceMemory) -> TokenPlace {
    if !record.kind.is_network() || record.is_demo() {
        TokenPlace::None
    } else if memory.token(&record.name).is_some() {
        TokenPlace::Session
    } else if std::env::var(secret::token_env_var(&record.name)).is_ok_and(|t| !t.is_empty()) {
        TokenPlace::Environment
    } else {
        TokenPlace::Keychain
    }
}

fn credential(c: &Credentials) -> Result<Credential, ApiError> {
    let token = c.token.trim();
    if token.is_empty() {
        return Err(ApiError::invalid_argument("the token is empty"));
    }
    Ok(Credential {
        user: c
            .user
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string),
        token: Secret::new(token),
    })
}

/// Puts a token typed in the window in the OS keychain, or, where there is none, in this
/// session's memory. Returns where it went and why not the keychain.
fn keep_token(
    memory: &SourceMemory,
    source: &str,
    url: &str,
    credential: Credential,
) -> (TokenPlace, Option<String>) {
    match secret::store(source, url, &credential) {
        Ok(()) => {
            memory
                .tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(source);
            (TokenPlace::Keychain, None)
        }
        Err(e) => {
            let reason = match e {
                ConnectorError::Keychain { reason, .. } => reason,
                other => other.to_string(),
            };
            memory.keep_token(source, credential);
            (TokenPlace::Session, Some(reason))
        }
    }
}

/// Adds a network source from the window, with its token when one is typed (see
/// [`keep_token`]).
pub fn add_from_window(
    path: &Path,
    request: &AddSource,
    credentials: Option<&Credentials>,
    memory: &SourceMemory,
) -> Result<SourceSaved, ApiError> {
    let credential = credentials.map(credential).transpose()?;
    let added = add_source(path, request)?;
    let name = added.source.name.clone();
    memory.forget(&name);
    let (token, keychain_reason) = match (credential, &added.source.url) {
        (Some(c), Some(url)) => {
            let (place, reason) = keep_token(memory, &name, url, c);
            (Some(place), reason)
        }
        _ => (None, None),
    };
    Ok(SourceSaved {
        source: added.source,
        tool_added: added.tool_added,
        token,
        keychain_reason,
    })
}

/// Changes a source's URL, query or tool (in one transaction; a new URL or query clears its
/// cursor, so the next sync fetches everything again), and its token when one is typed.
pub fn update_from_window(
    path: &Path,
    name: &str,
    update: &UpdateSource,
    credentials: Option<&Credentials>,
    memory: &SourceMemory,
) -> Result<SourceSaved, ApiError> {
    let credential = credentials.map(credential).transpose()?;
    let mut file = MapFile::open(path)?;
    let record = file
        .sources()?
        .into_iter()
        .find(|s| s.name == name)
        .ok_or_else(|| no_such_source(path, &file, name))?;
    if record.is_demo() {
        return Err(ApiError::invalid_argument(format!(
            "source {name:?} is the demo's simulated data: it cannot be changed"
        )));
    }
    let url = update
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string);
    let query = update
        .query
        .as_deref()
        .map(|q| Some(q.trim().to_string()).filter(|q| !q.is_empty()));
    if record.kind.is_network() {
        // Checks the settings the way a sync will read them.
        let http = HttpClient::new(HttpOptions::default())?;
        let check_url = url.clone().or(record.url.clone()).unwrap_or_default();
        let check_query = query.clone().unwrap_or(record.query.clone());
        network_connector(record.kind, &check_url, check_query.as_deref(), None, &http)?;
    }
    let (doc, tool_added) = file.write_items(|w| {
        let mut doc = w.load_map()?;
        let mut tool = None;
        let mut tool_added = false;
        if let Some(t) = &update.tool {
            match find_or_add_tool(&mut doc.map, t, record.kind.tool_kind()) {
                Ok((id, added)) => (tool, tool_added) = (Some(id), added),
                Err(e) => return Ok(Err(e)),
            }
        }
        if tool_added {
            doc = MapDocument::new(doc.map.clone(), doc.layout.clone());
            w.write_map(&doc)?;
        }
        let changes = SourceUpdate {
            url: url.clone(),
            query: query.clone(),
            tool,
        };
        w.update_source(name, &changes)?;
        Ok(Ok((doc, tool_added)))
    })??;
    let record = file
        .sources()?
        .into_iter()
        .find(|s| s.name == name)
        .ok_or_else(|| no_such_source(path, &file, name))?;
    let (token, keychain_reason) = match (credential, &record.url) {
        (Some(c), Some(url)) => {
            let (place, reason) = keep_token(memory, name, url, c);
            (Some(place), reason)
        }
        _ => (None, None),
    };
    memory.set_failure(name, None);
    Ok(SourceSaved {
        source: summary(&file, &doc, record)?,
        tool_added,
        token,
        keychain_reason,
    })
}

/// Removes a source; with `drop_items` its items, their transitions and its mapping rows go
/// too, in one transaction.
pub fn remove_from_window(
    path: &Path,
    name: &str,
    drop_items: bool,
    memory: &SourceMemory,
) -> Result<SourceDropped, ApiError> {
    let mut file = MapFile::open(path)?;
    let removed = file
        .write_items(|w| w.remove_source(name, drop_items))?
        .ok_or_else(|| no_such_source(path, &file, name))?;
    memory.forget(name);
    Ok(SourceDropped {
        source: name.to_string(),
        items: removed.items,
        transitions: removed.transitions,
        mappings: removed.mappings,
    })
}

/// Tries a source as the form holds it: its token (typed, or the stored one of `source`) is
/// sent and the first page read; nothing is written. Errors say in words what went wrong.
pub fn test_connection(
    path: Option<&Path>,
    test: &TestConnection,
    memory: &SourceMemory,
    http: HttpOptions,
) -> Result<ConnectionAccepted, ApiError> {
    let kind = test.kind;
    if !kind.is_network() {
        return Err(ApiError::invalid_argument(format!(
            "a {kind} source is a file: there is no connection to test"
        )));
    }
    let stored = match (path, &test.source) {
        (Some(p), Some(name)) => MapFile::open(p)?
            .sources()?
            .into_iter()
            .find(|s| &s.name == name),
        _ => None,
    };
    if stored.as_ref().is_some_and(SourceRecord::is_demo) {
        return Ok(ConnectionAccepted {
            message: "demo data, simulated by Flowmap: there is nothing to connect to".into(),
            phase: "items".into(),
            fetched: 0,
            total: None,
        });
    }
    let url = test
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .or_else(|| stored.as_ref().and_then(|s| s.url.clone()))
        .or_else(|| default_url(kind).map(str::to_string))
        .ok_or_else(|| ApiError::invalid_argument(format!("a {kind} source needs a URL")))?;
    let query = test
        .query
        .clone()
        .or_else(|| stored.as_ref().and_then(|s| s.query.clone()));
    let credential = match (&test.credentials, &stored) {
        (Some(c), _) => Some(credential(c)?),
        (None, Some(s)) => match memory.token(&s.name) {
            Some(c) => Some(c),
            None => secret::lookup(&s.name, &url, false)?,
        },
        (None, None) => None,
    };
    if credential.is_none() && needs_token(kind) {
        return Err(ApiError::new(
            ErrorCode::MissingCredential,
            "no token: type the token to test the connection",
        ));
    }
    let client = HttpClient::new(http)?;
    let connector = network_connector(kind, &url, query.as_deref(), credential, &client)?;
    let ctx = PullContext::new(CancellationToken::new());
    let seen = runtime()?
        .block_on(probe(connector.as_ref(), &ctx))
        .map_err(|e| connection_error(e, &url, query.as_deref()))?;
    // "1 issue", "1,234 issues": the phase names what is counted, in the plural.
    let counted = |n: u64| match seen.phase.strip_suffix('s') {
        Some(one) if n == 1 => format!("1 {one}"),
        _ => format!("{} {}", crate::words::count(n), seen.phase),
    };
    let message = match seen.total {
        Some(t) => format!("accepted: found {}", counted(t)),
        None => format!(
            "accepted: found {} on the first page",
            counted(seen.fetched)
        ),
    };
    Ok(ConnectionAccepted {
        message,
        phase: seen.phase,
        fetched: seen.fetched,
        total: seen.total,
    })
}

/// A failed connection test in words a user acts on; the code tells the window which.
fn connection_error(e: ConnectorError, url: &str, query: Option<&str>) -> ApiError {
    let what = query.map(|q| format!(" {q:?}")).unwrap_or_default();
    match e {
        ConnectorError::Unauthorized { endpoint, .. } => ApiError::new(
            ErrorCode::Unauthorized,
            format!("the token was refused ({endpoint}: 401 Unauthorized)"),
        ),
        ConnectorError::Forbidden { endpoint, .. } => ApiError::new(
            ErrorCode::Forbidden,
            format!("the token cannot read this project{what} ({endpoint}: 403 Forbidden)"),
        ),
        ConnectorError::Unreachable { host, reason } => ApiError::new(
            ErrorCode::Unreachable,
            format!("cannot reach host {host}: {reason}"),
        ),
        ConnectorError::Timeout { endpoint, secs } => ApiError::new(
            ErrorCode::Unreachable,
            format!("cannot reach host of {endpoint}: no answer within {secs} s"),
        ),
        ConnectorError::Http {
            status: 404,
            endpoint,
            ..
        } => ApiError::new(
            ErrorCode::NotFound,
            format!("no project{what} at {url} ({endpoint}: 404 Not Found)"),
        ),
        other => ApiError::from(other),
    }
}

/// 1234567 as "1,234,567".
/// The sync job: syncs `only` (or every network source but the demo's) of the file at `file`
/// with the tokens held in `memory`, reporting each source's progress; remembers why it
/// failed, or that it did not.
pub fn sync_job(
    file: &Path,
    only: Option<&str>,
    memory: &Arc<SourceMemory>,
    http: HttpOptions,
    job: &JobHandle,
) -> Result<JobOutput, ApiError> {
    let options = SyncOptions {
        http,
        cancel: job.cancel_token().clone(),
        credentials: memory.all_tokens(),
    };
    let names: Vec<String> = match only {
        Some(n) => vec![n.to_string()],
        None => MapFile::open(file)?
            .sources()?
            .into_iter()
            .filter(|s| s.kind.is_network() && !s.is_demo())
            .map(|s| s.name)
            .collect(),
    };
    let handle = job.clone();
    let progress: super::OnProgress = Arc::new(move |p| handle.source_progress(p));
    match sync(file, only, &options, Some(progress)) {
        Ok(report) => {
            for n in &names {
                memory.set_failure(n, None);
            }
            Ok(JobOutput::Sync(report))
        }
        Err(e) => {
            if e.code != ErrorCode::Cancelled {
                // The source the failure names, or every one chosen when it names none.
                let named: Vec<&String> = names
                    .iter()
                    .filter(|n| e.message.starts_with(&format!("source {n:?}:")))
                    .collect();
                let blamed = if named.is_empty() {
                    names.iter().collect()
                } else {
                    named
                };
                for n in blamed {
                    memory.set_failure(n, Some(e.clone()));
                }
            }
            Err(e)
        }
    }
}
