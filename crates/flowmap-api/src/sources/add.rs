//! Connecting sources to a map, listing them, and storing their tokens in the OS keychain.

use super::{check_source_name, find_or_add_tool, no_such_source};
use crate::error::ApiError;
use crate::wire::{AddSource, SourceAdded, SourceSummary};
use flowmap_connectors::http::{HttpClient, HttpOptions};
use flowmap_connectors::{default_url, network_connector, secret};
use flowmap_core::MapDocument;
use flowmap_store::{MapFile, SourceRecord};
use std::collections::HashMap;
use std::path::Path;

pub(super) fn summary(
    file: &MapFile,
    doc: &MapDocument,
    record: SourceRecord,
) -> Result<SourceSummary, ApiError> {
    let items = file
        .artifact_types()?
        .into_iter()
        .filter(|t| t.source == record.name)
        .map(|t| t.items)
        .sum();
    Ok(summary_with(doc, record, items))
}

fn summary_with(doc: &MapDocument, record: SourceRecord, items: u64) -> SourceSummary {
    let network = record.kind.is_network();
    SourceSummary {
        tool: record
            .tool
            .and_then(|t| doc.map.node(t))
            .map(|n| n.name().to_string()),
        tool_id: record.tool,
        token_env_var: network.then(|| secret::token_env_var(&record.name)),
        name: record.name,
        kind: record.kind,
        url: record.url,
        query: record.query,
        cursor: record.cursor,
        items,
    }
}

/// The sources of a map, by name.
pub fn list_sources(path: &Path) -> Result<Vec<SourceSummary>, ApiError> {
    let file = MapFile::open(path)?;
    let doc = file.load()?;
    let mut counts: HashMap<String, u64> = HashMap::new();
    for t in file.artifact_types()? {
        *counts.entry(t.source).or_default() += t.items;
    }
    Ok(file
        .sources()?
        .into_iter()
        .map(|r| {
            let n = counts.get(&r.name).copied().unwrap_or(0);
            summary_with(&doc, r, n)
        })
        .collect())
}

/// Connects a network source to the map: checks its kind, URL and query, finds its tool (adding
/// one of that name when the map has none) and stores it. Nothing is fetched.
pub fn add_source(path: &Path, request: &AddSource) -> Result<SourceAdded, ApiError> {
    add_source_with_token(path, request, None)
}

/// [`add_source`], storing the source's token (and user) in the OS keychain first: all or
/// nothing, so when the keychain cannot take the token (none on this machine, access refused)
/// the map file is not touched and the source is not added.
pub fn add_source_with_token(
    path: &Path,
    request: &AddSource,
    credential: Option<(Option<String>, &str)>,
) -> Result<SourceAdded, ApiError> {
    let kind = request.kind;
    if !kind.is_network() {
        return Err(ApiError::invalid_argument(format!(
            "a {kind} source is a file: import it as an event log"
        )));
    }
    let name = request
        .name
        .clone()
        .unwrap_or_else(|| kind.as_str().to_string());
    check_source_name(&name)?;
    let url = match (&request.url, default_url(kind)) {
        (Some(u), _) if !u.trim().is_empty() => u.trim().to_string(),
        (_, Some(d)) => d.to_string(),
        _ => {
            return Err(ApiError::invalid_argument(format!(
                "a {kind} source needs the URL of its server"
            )))
        }
    };
    let query = request
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_string);
    // Checks the URL and query the way a sync will read them.
    let http = HttpClient::new(HttpOptions::default())?;
    network_connector(kind, &url, query.as_deref(), None, &http)?;

    let mut file = MapFile::open(path)?;
    if file.sources()?.iter().any(|s| s.name == name) {
        return Err(ApiError::invalid_argument(format!(
            "{}: the map already has a source named {name:?}; give the new source another name",
            path.display()
        )));
    }
    // The token first: where it cannot be stored, nothing is added (all or nothing).
    if let Some((user, token)) = credential {
        store_in_keychain(&name, &url, user, token).map_err(|e| {
            ApiError::new(
                e.code,
                format!(
                    "source {name:?} was not added, and {} is unchanged: its token could not \
                     be stored: {}",
                    path.display(),
                    e.message
                ),
            )
        })?;
    }
    // One write transaction, its lock taken before anything is read: the check for the name,
    // the tool added to the map and the source stored see and keep every other writer's change.
    let (doc, record, tool_added) = file.write_items(|w| {
        if w.sources()?.iter().any(|s| s.name == name) {
            return Ok(Err(ApiError::invalid_argument(format!(
                "{}: the map already has a source named {name:?}; give the new source another name",
                path.display()
            ))));
        }
        let mut doc = w.load_map()?;
        let (tool, tool_added) =
            match find_or_add_tool(&mut doc.map, &request.tool, kind.tool_kind()) {
                Ok(found) => found,
                Err(e) => return Ok(Err(e)),
            };
        if tool_added {
            doc = MapDocument::new(doc.map.clone(), doc.layout.clone());
            w.write_map(&doc)?;
        }
        let record = SourceRecord {
            name: name.clone(),
            kind,
            tool: Some(tool),
            url: Some(url.clone()),
            query: query.clone(),
            cursor: None,
        };
        w.put_source(&record)?;
        Ok(Ok((doc, record, tool_added)))
    })??;
    Ok(SourceAdded {
        source: summary(&file, &doc, record)?,
        tool_added,
    })
}

/// Stores a source's token (and user, for basic authentication) in the OS keychain, under the
/// source's URL. The map file is not touched.
pub fn store_token(
    path: &Path,
    source: &str,
    user: Option<String>,
    token: &str,
) -> Result<(), ApiError> {
    let file = MapFile::open(path)?;
    let record = file
        .sources()?
        .into_iter()
        .find(|s| s.name == source)
        .ok_or_else(|| no_such_source(path, &file, source))?;
    let url = record.url.ok_or_else(|| {
        ApiError::invalid_argument(format!("source {source:?} has no URL to store a token for"))
    })?;
    store_in_keychain(source, &url, user, token)
}

fn store_in_keychain(
    source: &str,
    url: &str,
    user: Option<String>,
    token: &str,
) -> Result<(), ApiError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(ApiError::invalid_argument("the token is empty"));
    }
    secret::store(
        source,
        url,
        &secret::Credential {
            user,
            token: secret::Secret::new(token),
        },
    )?;
    Ok(())
}
