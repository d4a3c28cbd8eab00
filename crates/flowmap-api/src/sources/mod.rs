//! Data sources: connecting a map to the tools of its value stream, syncing them, importing
//! event logs, and proposing the map's stages from how items actually move.
//!
//! - [`add_source`], [`list_sources`], [`store_token`]: the sources of a map. A source belongs to
//!   a tool node; the file keeps its kind, URL, query and cursor, never a secret.
//! - [`sync`]: fetches every network source (all of them first, then one transaction writes
//!   items, transitions, cursors and proposed mapping rows), so a sync that fails — or is
//!   cancelled — leaves the file as it was, and re-running one stores nothing twice.
//! - [`import_log`]: streams a CSV, ActionableAgile or XES log into the file (creating the file
//!   when there is none) in one transaction: a reading thread parses while this one writes.
//! - [`discover`]: stages and handoffs proposed from the directly-follows counts.
//!
//! After a sync or import every state of the source without a mapping row gets a proposed one
//! (the tool's own category where it gives one, a waiting word in the name winning), and the
//! report lists the source's states and types.

use crate::error::{ApiError, ErrorCode};
use crate::wire::{
    AddSource, DiscoveryProposal, ImportLogOptions, ProposedHandoff, ProposedStage, SourceAdded,
    SourceSummary, SourceSyncReport, StateSeen, SyncProgress, SyncReport, TypeSeen,
};
use flowmap_connectors::eventlog::{
    detect_kind, ActionableAgileLog, ActionableAgileOptions, Columns, CsvLog, CsvOptions,
    ItemsFile, XesLog, XesOptions, DEFAULT_TYPE,
};
use flowmap_connectors::http::HttpClient;
pub use flowmap_connectors::http::{HttpOptions, RetryPolicy};
use flowmap_connectors::time::{TimeParser, Zone};
use flowmap_connectors::{
    network_connector, secret, Connector, ConnectorError, ItemSink, LogError, Progress,
    PullContext, Pulled, SourceItem, SourceKind,
};
use flowmap_core::mapping::resolve;
use flowmap_core::{
    Edge, FlowItemType, Handoff, Item, MapDocument, Node, NodeId, Stage, StateCategory,
    StateMapping, Tool, ToolKind, Transition, ValueStreamMap,
};
use flowmap_store::{DataWriter, MapFile, SourceRecord, StoreError};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::time::Instant;
pub use tokio_util::sync::CancellationToken;

/// How a sync talks to its sources.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    pub http: HttpOptions,
    /// Cancel it to stop a sync; the file is left as it was.
    pub cancel: CancellationToken,
}

/// Receives progress while a sync or import runs.
pub type OnProgress = Arc<dyn Fn(&SyncProgress) + Send + Sync>;

impl From<ConnectorError> for ApiError {
    fn from(e: ConnectorError) -> Self {
        let code = match &e {
            ConnectorError::Unauthorized { .. } => ErrorCode::Unauthorized,
            ConnectorError::Forbidden { .. } => ErrorCode::Forbidden,
            ConnectorError::RateLimited { .. } => ErrorCode::RateLimited,
            ConnectorError::Unreachable { .. } | ConnectorError::Timeout { .. } => {
                ErrorCode::Unreachable
            }
            ConnectorError::Http { .. }
            | ConnectorError::MalformedJson { .. }
            | ConnectorError::UnexpectedAnswer { .. } => ErrorCode::SourceFailed,
            ConnectorError::Cancelled => ErrorCode::Cancelled,
            ConnectorError::MissingCredential { .. } | ConnectorError::Keychain { .. } => {
                ErrorCode::MissingCredential
            }
            ConnectorError::InvalidConfig(_) => ErrorCode::InvalidArgument,
            ConnectorError::Client(_) | ConnectorError::Sink(_) => ErrorCode::Internal,
            ConnectorError::Log(LogError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                ErrorCode::NotFound
            }
            ConnectorError::Log(_) => ErrorCode::InvalidLog,
        };
        let message = match e {
            ConnectorError::Cancelled => "the sync was cancelled; the file is unchanged".into(),
            other => other.to_string(),
        };
        ApiError::new(code, message)
    }
}

impl From<LogError> for ApiError {
    fn from(e: LogError) -> Self {
        ConnectorError::Log(e).into()
    }
}

fn parse_kind(text: &str) -> Result<SourceKind, ApiError> {
    text.parse::<SourceKind>()
        .map_err(|e| ApiError::invalid_argument(e.to_string()))
}

fn tool_kind(kind: SourceKind) -> ToolKind {
    match kind {
        SourceKind::Jira => ToolKind::Jira,
        SourceKind::Github => ToolKind::Github,
        SourceKind::Gitlab => ToolKind::Gitlab,
        SourceKind::AzureDevops => ToolKind::AzureDevops,
        SourceKind::Jenkins => ToolKind::Jenkins,
        SourceKind::Csv | SourceKind::ActionableAgile | SourceKind::Xes => ToolKind::Other,
    }
}

fn check_source_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() || name.chars().any(char::is_control) || name.chars().count() > 100 {
        return Err(ApiError::invalid_argument(format!(
            "{name:?} cannot name a source: give 1 to 100 printable characters"
        )));
    }
    Ok(())
}

/// The tool named `tool` (by name, case-insensitively, or by id); added to the map when there
/// is none. Returns its id and whether it was added.
fn find_or_add_tool(
    map: &mut ValueStreamMap,
    tool: &str,
    kind: ToolKind,
) -> Result<(NodeId, bool), ApiError> {
    let wanted = tool.trim();
    if wanted.is_empty() {
        return Err(ApiError::invalid_argument("the tool's name is empty"));
    }
    if let Ok(id) = wanted.parse::<NodeId>() {
        return match map.node(id) {
            Some(Node::Tool(t)) => Ok((t.id, false)),
            Some(n) => Err(ApiError::invalid_argument(format!(
                "{wanted} is the {} {:?}, not a tool",
                n.kind_name(),
                n.name()
            ))),
            None => Err(ApiError::invalid_argument(format!(
                "the map has no node with id {wanted}"
            ))),
        };
    }
    if let Some(n) = map
        .nodes()
        .find(|n| n.name().trim().eq_ignore_ascii_case(wanted))
    {
        return match n {
            Node::Tool(t) => Ok((t.id, false)),
            other => Err(ApiError::invalid_argument(format!(
                "{wanted:?} is a {} of the map, not a tool",
                other.kind_name()
            ))),
        };
    }
    let id = NodeId::from(uuid::Uuid::new_v4());
    map.add_node(Node::Tool(Tool {
        id,
        name: wanted.to_string(),
        tool_kind: kind,
        partner: None,
        artifact_types: Vec::new(),
    }))?;
    Ok((id, true))
}

fn summary(
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
    let network = record
        .kind
        .parse::<SourceKind>()
        .map(SourceKind::is_network)
        .unwrap_or(false);
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
    let kind = parse_kind(&request.kind)?;
    if !kind.is_network() {
        return Err(ApiError::invalid_argument(format!(
            "a {kind} source is a file: import it with `flowmap import-log`"
        )));
    }
    let name = request
        .name
        .clone()
        .unwrap_or_else(|| kind.as_str().to_string());
    check_source_name(&name)?;
    let url = match (&request.url, kind.default_url()) {
        (Some(u), _) if !u.trim().is_empty() => u.trim().to_string(),
        (_, Some(d)) => d.to_string(),
        _ => {
            return Err(ApiError::invalid_argument(format!(
                "a {kind} source needs --url"
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
            "{}: the map already has a source named {name:?}; give another with --name",
            path.display()
        )));
    }
    let mut doc = file.load()?;
    let (tool, tool_added) = find_or_add_tool(&mut doc.map, &request.tool, tool_kind(kind))?;
    if tool_added {
        let doc2 = MapDocument::new(doc.map.clone(), doc.layout.clone());
        file.save(&doc2)?;
        doc = doc2;
    }
    let record = SourceRecord {
        name,
        kind: kind.as_str().to_string(),
        tool: Some(tool),
        url: Some(url),
        query,
        cursor: None,
    };
    file.put_source(&record)?;
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
    let token = token.trim();
    if token.is_empty() {
        return Err(ApiError::invalid_argument("the token is empty"));
    }
    secret::store(
        source,
        &url,
        &secret::Credential {
            user,
            token: secret::Secret::new(token),
        },
    )?;
    Ok(())
}

fn no_such_source(path: &Path, file: &MapFile, source: &str) -> ApiError {
    let names: Vec<String> = file
        .sources()
        .map(|s| s.into_iter().map(|s| s.name).collect())
        .unwrap_or_default();
    ApiError::new(
        ErrorCode::NotFound,
        if names.is_empty() {
            format!("{}: the map has no sources", path.display())
        } else {
            format!(
                "{}: no source named {source:?} (the map has: {})",
                path.display(),
                names.join(", ")
            )
        },
    )
}

/// The category proposed for a state: the tool's own where it gives one, except that a name
/// that says waiting (or canceled) wins — Jira's "To Do" is in its "new" category, but it is a
/// queue.
fn propose_category(state: &str, hint: Option<StateCategory>) -> StateCategory {
    let guess = StateCategory::guess_from_name(state);
    match hint {
        Some(h) if h == StateCategory::Canceled => h,
        Some(_) if matches!(guess, StateCategory::Waiting | StateCategory::Canceled) => guess,
        Some(h) => h,
        None => guess,
    }
}

/// The flow item type an artifact type's name suggests, when the tool does not say.
fn guess_flow_item_type(artifact_type: &str) -> FlowItemType {
    let n = artifact_type.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&[
        "bug", "defect", "incident", "problem", "fault", "hotfix", "error",
    ]) {
        FlowItemType::Defect
    } else if has(&[
        "risk",
        "security",
        "vulnerab",
        "compliance",
        "audit",
        "legal",
        "cve",
    ]) {
        FlowItemType::Risk
    } else if has(&[
        "debt",
        "refactor",
        "chore",
        "maintenance",
        "upgrade",
        "cleanup",
    ]) {
        FlowItemType::Debt
    } else {
        FlowItemType::Feature
    }
}

/// FNV-1a for the maps keyed by item keys and state names, looked up once or twice per row of a
/// log of millions: SipHash's resistance to crafted keys buys nothing for one import.
#[derive(Clone, Copy, Default)]
struct BuildFnv;

struct Fnv(u64);

impl std::hash::BuildHasher for BuildFnv {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Turns pulled items into the file's items and transitions, and remembers which states and
/// types it wrote, for the report.
struct ItemWriter {
    source: String,
    default_type: String,
    /// The tool's artifact types by lower-cased name, and guesses made so far.
    types: HashMap<String, FlowItemType>,
    /// Per key, what earlier parts of the item said (logs need not be sorted).
    seen: HashMap<String, Seen, BuildFnv>,
    state_names: Vec<String>,
    state_index: HashMap<String, u32, BuildFnv>,
    without_time: u64,
    first_without_time: Option<String>,
}

struct Seen {
    created: chrono::DateTime<chrono::Utc>,
    title: String,
    artifact_type: String,
    flow_item_type: FlowItemType,
    /// The states the item entered (indices into `state_names`, sorted).
    entered: Vec<u32>,
}

impl ItemWriter {
    fn new(source: &str, tool: Option<&Tool>, default_type: Option<&str>) -> Self {
        let types = tool
            .map(|t| {
                t.artifact_types
                    .iter()
                    .map(|a| (a.name.trim().to_lowercase(), a.flow_item_type))
                    .collect()
            })
            .unwrap_or_default();
        ItemWriter {
            source: source.to_string(),
            default_type: default_type
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(DEFAULT_TYPE)
                .to_string(),
            types,
            seen: HashMap::default(),
            state_names: Vec::new(),
            state_index: HashMap::default(),
            without_time: 0,
            first_without_time: None,
        }
    }

    fn flow_item_type(&mut self, artifact_type: &str) -> FlowItemType {
        if let Some(f) = self.types.get(artifact_type) {
            return *f;
        }
        let key = artifact_type.trim().to_lowercase();
        let fit = *self
            .types
            .entry(key)
            .or_insert_with(|| guess_flow_item_type(artifact_type));
        self.types.insert(artifact_type.to_string(), fit);
        fit
    }

    fn state(&mut self, name: &str) -> u32 {
        if let Some(i) = self.state_index.get(name) {
            return *i;
        }
        let i = self.state_names.len() as u32;
        self.state_names.push(name.to_string());
        self.state_index.insert(name.to_string(), i);
        i
    }

    /// The file's item and transitions for a pulled item; `None` for an item with no time at
    /// all (counted and reported).
    fn prepare(&mut self, item: SourceItem) -> Option<(Item, Vec<Transition>)> {
        let own_created = item.created_or_first_change();
        let mut entered: Vec<u32> = Vec::with_capacity(item.changes.len());
        for c in &item.changes {
            if let Some(f) = &c.from {
                self.state(f);
            }
            let to = self.state(&c.to);
            if !entered.contains(&to) {
                entered.push(to);
            }
        }
        let known = self.seen.contains_key(&item.key);
        if !known {
            let Some(created) = own_created else {
                self.without_time += 1;
                if self.first_without_time.is_none() {
                    self.first_without_time = Some(item.key);
                }
                return None;
            };
            let artifact_type = if item.artifact_type.trim().is_empty() {
                self.default_type.clone()
            } else {
                item.artifact_type.clone()
            };
            let fit = self.flow_item_type(&artifact_type);
            self.seen.insert(
                item.key.clone(),
                Seen {
                    created,
                    title: String::new(),
                    artifact_type,
                    flow_item_type: fit,
                    entered: Vec::new(),
                },
            );
        } else if !item.artifact_type.trim().is_empty() {
            let fit = self.flow_item_type(&item.artifact_type);
            let prev = self.seen.get_mut(&item.key).expect("known");
            prev.artifact_type.clone_from(&item.artifact_type);
            prev.flow_item_type = fit;
        }
        let prev = self.seen.get_mut(&item.key).expect("inserted above");
        if let Some(c) = own_created {
            prev.created = prev.created.min(c);
        }
        if !item.title.is_empty() {
            prev.title = item.title;
        }
        for e in entered {
            if let Err(at) = prev.entered.binary_search(&e) {
                prev.entered.insert(at, e);
            }
        }
        let core = Item::new(
            self.source.as_str(),
            item.key,
            prev.title.clone(),
            prev.artifact_type.clone(),
            prev.flow_item_type,
            prev.created,
        );
        let transitions: Vec<Transition> = item
            .changes
            .into_iter()
            .map(|c| Transition {
                item: core.id,
                from_state: c.from,
                to_state: c.to,
                at: c.at,
            })
            .collect();
        Some((core, transitions))
    }

    fn write(&mut self, w: &mut DataWriter<'_>, item: SourceItem) -> Result<(), StoreError> {
        match self.prepare(item) {
            Some((core, transitions)) => w.add(&core, &transitions),
            None => Ok(()),
        }
    }

    /// Every state written (entered or left).
    fn states(&self) -> BTreeSet<String> {
        self.state_names.iter().cloned().collect()
    }

    fn notices(&self) -> Vec<String> {
        match &self.first_without_time {
            Some(key) => vec![format!(
                "left out {} items with neither a creation time nor a state change (the first: {key:?})",
                self.without_time
            )],
            None => Vec::new(),
        }
    }

    /// The states the written items entered, with how many items entered each, and the types
    /// of the written items.
    fn describe(
        &self,
        categories: &HashMap<String, StateCategory>,
        proposed: &BTreeSet<String>,
    ) -> (Vec<StateSeen>, Vec<TypeSeen>) {
        let mut entered = vec![0u64; self.state_names.len()];
        let mut types: BTreeMap<(String, FlowItemType), u64> = BTreeMap::new();
        for s in self.seen.values() {
            for e in &s.entered {
                entered[*e as usize] += 1;
            }
            *types
                .entry((s.artifact_type.clone(), s.flow_item_type))
                .or_default() += 1;
        }
        let mut states: Vec<StateSeen> = self
            .state_names
            .iter()
            .zip(entered)
            .filter(|(_, n)| *n > 0)
            .map(|(name, items)| StateSeen {
                state: name.clone(),
                items,
                category: categories.get(name).copied(),
                proposed: proposed.contains(name),
            })
            .collect();
        states.sort_by(|a, b| a.state.cmp(&b.state));
        let types = types
            .into_iter()
            .map(|((name, flow_item_type), items)| TypeSeen {
                name,
                flow_item_type,
                items,
            })
            .collect();
        (states, types)
    }
}

/// Proposes mapping rows for the states that have none; returns how many.
fn propose_mappings(
    w: &mut DataWriter<'_>,
    source: &str,
    states: &BTreeSet<String>,
    existing: &HashSet<(String, String)>,
    hints: &[(String, StateCategory)],
) -> Result<u64, StoreError> {
    let hints: HashMap<&str, StateCategory> = hints.iter().map(|(s, c)| (s.as_str(), *c)).collect();
    let mut n = 0;
    for state in states {
        if existing.contains(&(source.to_string(), state.clone())) {
            continue;
        }
        w.put_state_mapping(&StateMapping {
            source: source.to_string(),
            state: state.clone(),
            stage: None,
            category: propose_category(state, hints.get(state.as_str()).copied()),
        })?;
        n += 1;
    }
    Ok(n)
}

/// The stored categories of a source's states.
fn categories(file: &MapFile, source: &str) -> Result<HashMap<String, StateCategory>, ApiError> {
    Ok(file
        .state_mappings()?
        .into_iter()
        .filter(|m| m.source == source)
        .map(|m| (m.state, m.category))
        .collect())
}

fn runtime() -> Result<tokio::runtime::Runtime, ApiError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot start the runtime: {e}"),
            )
        })
}

/// A connector error of one source, with what the user can do about it.
fn source_error(source: &SourceRecord, had_credential: bool, e: ConnectorError) -> ApiError {
    let env = secret::token_env_var(&source.name);
    let url = source.url.clone().unwrap_or_default();
    let e = match e {
        ConnectorError::Unauthorized { endpoint, .. } => ConnectorError::Unauthorized {
            endpoint,
            hint: if had_credential {
                format!("check the token in {env} or in the OS keychain entry for {url}")
            } else {
                format!("no token was given: set {env}, or store one with `flowmap source add … --token-stdin`")
            },
        },
        other => other,
    };
    let mut err = ApiError::from(e);
    if err.code != ErrorCode::Cancelled {
        err.message = format!("source {:?}: {}", source.name, err.message);
    }
    err
}

/// Syncs the map's network sources (or only `only`): fetches what changed since each one's
/// cursor, then writes all of it in one transaction. Blocks; run it off the UI thread.
pub fn sync(
    path: &Path,
    only: Option<&str>,
    options: &SyncOptions,
    progress: Option<OnProgress>,
) -> Result<SyncReport, ApiError> {
    let mut file = MapFile::open(path)?;
    let doc = file.load()?;
    let all = file.sources()?;
    let chosen: Vec<SourceRecord> = match only {
        Some(name) => {
            let s = all
                .iter()
                .find(|s| s.name == name)
                .cloned()
                .ok_or_else(|| no_such_source(path, &file, name))?;
            if !parse_kind(&s.kind)?.is_network() {
                return Err(ApiError::invalid_argument(format!(
                    "source {name:?} is a {} file: import it again with `flowmap import-log`",
                    s.kind
                )));
            }
            vec![s]
        }
        None => all
            .into_iter()
            .filter(|s| {
                s.kind
                    .parse::<SourceKind>()
                    .map(SourceKind::is_network)
                    .unwrap_or(false)
            })
            .collect(),
    };
    if chosen.is_empty() {
        return Err(ApiError::invalid_argument(format!(
            "{}: no source to sync: connect one with `flowmap source add`",
            path.display()
        )));
    }
    let http = HttpClient::new(options.http.clone())?;
    let rt = runtime()?;
    struct Fetched {
        record: SourceRecord,
        kind: SourceKind,
        items: Vec<SourceItem>,
        pulled: Pulled,
        started: Instant,
    }
    let mut fetched = Vec::new();
    for record in chosen {
        let started = Instant::now();
        let kind = parse_kind(&record.kind)?;
        let url = record.url.clone().ok_or_else(|| {
            ApiError::invalid_argument(format!("source {:?} has no URL", record.name))
        })?;
        // Secrets are read before the runtime runs: the keychain may block.
        let credential = secret::lookup(&record.name, &url, kind.needs_token())
            .map_err(|e| source_error(&record, false, e))?;
        let had_credential = credential.is_some();
        let connector = network_connector(kind, &url, record.query.as_deref(), credential, &http)
            .map_err(|e| source_error(&record, had_credential, e))?;
        let mut ctx = PullContext::new(options.cancel.clone());
        if let Some(p) = &progress {
            let p = p.clone();
            let name = record.name.clone();
            ctx = ctx.with_progress(Arc::new(move |pr: &Progress| {
                p(&SyncProgress {
                    source: name.clone(),
                    phase: pr.phase.clone(),
                    fetched: pr.fetched,
                    total: pr.total,
                })
            }));
        }
        let mut items: Vec<SourceItem> = Vec::new();
        let pulled = rt
            .block_on(connector.pull(&ctx, record.cursor.as_deref(), &mut items))
            .map_err(|e| source_error(&record, had_credential, e))?;
        fetched.push(Fetched {
            record,
            kind,
            items,
            pulled,
            started,
        });
    }
    options
        .cancel
        .is_cancelled()
        .then_some(())
        .map_or(Ok(()), |_| Err(ApiError::from(ConnectorError::Cancelled)))?;

    let existing: HashSet<(String, String)> = file
        .state_mappings()?
        .into_iter()
        .map(|m| (m.source, m.state))
        .collect();
    let written = file.write_items(|w| {
        let mut out = Vec::new();
        for f in fetched {
            let tool = f
                .record
                .tool
                .and_then(|t| doc.map.node(t))
                .and_then(Node::as_tool);
            let mut writer = ItemWriter::new(&f.record.name, tool, None);
            let before = w.added().1;
            let total = f.items.len() as u64;
            for (i, item) in f.items.into_iter().enumerate() {
                writer.write(w, item)?;
                if let Some(p) = &progress {
                    if i % 500 == 0 {
                        p(&SyncProgress {
                            source: f.record.name.clone(),
                            phase: "writing".into(),
                            fetched: i as u64,
                            total: Some(total),
                        });
                    }
                }
            }
            let transitions_added = w.added().1 - before;
            let mut record = f.record.clone();
            record.cursor = f.pulled.cursor.clone().or(record.cursor);
            w.put_source(&record)?;
            let all_states = writer.states();
            let proposed: BTreeSet<String> = all_states
                .iter()
                .filter(|s| !existing.contains(&(record.name.clone(), (*s).clone())))
                .cloned()
                .collect();
            let n = propose_mappings(
                w,
                &record.name,
                &all_states,
                &existing,
                &f.pulled.state_categories,
            )?;
            let mut notices = f.pulled.notices.clone();
            notices.extend(writer.notices());
            out.push((
                record,
                f.kind,
                f.pulled,
                transitions_added,
                (proposed, writer),
                n,
                notices,
                f.started,
            ));
        }
        Ok(out)
    })?;
    let mut reports = Vec::new();
    for (record, kind, pulled, transitions_added, (proposed, writer), n, notices, started) in
        written
    {
        let (states, types) = writer.describe(&categories(&file, &record.name)?, &proposed);
        reports.push(SourceSyncReport {
            source: record.name,
            kind: kind.as_str().to_string(),
            items_fetched: pulled.items,
            records: pulled.records,
            transitions_added,
            cursor: record.cursor,
            states,
            types,
            proposed_mappings: n,
            notices,
            millis: started.elapsed().as_millis() as u64,
        });
    }
    Ok(SyncReport { sources: reports })
}

/// An event log reader of any of the three formats.
enum LogReader {
    Csv(CsvLog),
    ActionableAgile(ActionableAgileLog),
    Xes(XesLog),
}

impl LogReader {
    fn connector(&self) -> &dyn Connector {
        match self {
            LogReader::Csv(r) => r,
            LogReader::ActionableAgile(r) => r,
            LogReader::Xes(r) => r,
        }
    }
}

fn log_reader(kind: SourceKind, log: &Path, o: &ImportLogOptions) -> Result<LogReader, ApiError> {
    let zone = match &o.tz {
        Some(z) => Some(
            z.parse::<Zone>()
                .map_err(|e| ApiError::invalid_argument(e.to_string()))?,
        ),
        None => None,
    };
    let time = TimeParser::new(zone, o.time_format.clone());
    let delimiter = match &o.delimiter {
        None => None,
        Some(d) => {
            let d = if d == "\\t" || d.eq_ignore_ascii_case("tab") {
                "\t"
            } else {
                d.as_str()
            };
            match d.as_bytes() {
                [b] if b.is_ascii() => Some(*b),
                _ => {
                    return Err(ApiError::invalid_argument(format!(
                        "the delimiter must be one character, not {d:?}"
                    )))
                }
            }
        }
    };
    let default_type = o
        .default_type
        .clone()
        .unwrap_or_else(|| DEFAULT_TYPE.to_string());
    let c = &o.columns;
    Ok(match kind {
        SourceKind::Csv => LogReader::Csv(CsvLog::new(
            log,
            CsvOptions {
                columns: Columns {
                    item: c.item.clone(),
                    state: c.state.clone(),
                    at: c.at.clone(),
                    from: c.from.clone(),
                    item_type: c.item_type.clone(),
                    title: c.title.clone(),
                    link: c.link.clone(),
                },
                delimiter,
                time,
                default_type,
                skip_bad_rows: o.skip_bad_rows,
                items: o.items_file.as_ref().map(|p| ItemsFile {
                    path: p.into(),
                    created: o.created_column.clone(),
                    initial_state: o.initial_state_column.clone(),
                }),
            },
        )),
        SourceKind::ActionableAgile => LogReader::ActionableAgile(ActionableAgileLog::new(
            log,
            ActionableAgileOptions {
                id: c.item.clone(),
                title: c.title.clone(),
                link: c.link.clone(),
                item_type: c.item_type.clone(),
                stages: o.stages.clone(),
                delimiter,
                time,
                default_type,
                skip_bad_rows: o.skip_bad_rows,
            },
        )),
        SourceKind::Xes => LogReader::Xes(XesLog::new(
            log,
            XesOptions {
                time,
                default_type,
                skip_bad_rows: o.skip_bad_rows,
            },
        )),
        other => {
            return Err(ApiError::invalid_argument(format!(
                "{other} is not a log format: expected csv, actionable-agile or xes"
            )))
        }
    })
}

/// Prepares pulled items in the reading thread and hands them to the writing thread in
/// batches; batches come back to be dropped here, so memory is freed by the thread that
/// allocated it (freeing across threads contends for the allocator's locks).
struct ChannelSink<'w> {
    prepare: &'w mut ItemWriter,
    tx: SyncSender<Batch>,
    used: Receiver<Batch>,
    batch: Batch,
}

type Batch = Vec<(Item, Vec<Transition>)>;

const BATCH: usize = 2048;

impl ItemSink for ChannelSink<'_> {
    fn item(&mut self, item: SourceItem) -> Result<(), ConnectorError> {
        if let Some(prepared) = self.prepare.prepare(item) {
            self.batch.push(prepared);
            if self.batch.len() >= BATCH {
                self.flush()?;
            }
        }
        Ok(())
    }
}

impl ChannelSink<'_> {
    fn flush(&mut self) -> Result<(), ConnectorError> {
        // Free what the writer is done with here, and reuse one of its vectors.
        let mut spare = None;
        while let Ok(mut used) = self.used.try_recv() {
            used.clear();
            spare = Some(used);
        }
        if self.batch.is_empty() {
            return Ok(());
        }
        let next = spare.unwrap_or_else(|| Vec::with_capacity(BATCH));
        let batch = std::mem::replace(&mut self.batch, next);
        self.tx
            .send(batch)
            .map_err(|_| ConnectorError::Sink("the writer stopped".into()))
    }
}

/// Imports an event log into the map file at `path`, creating the file (a map named after the
/// log, with one tool) when there is none. The whole log is written in one transaction: a log
/// with a bad row (unless bad rows are skipped) changes nothing.
pub fn import_log(
    path: &Path,
    log: &Path,
    options: &ImportLogOptions,
    progress: Option<OnProgress>,
) -> Result<SourceSyncReport, ApiError> {
    let started = Instant::now();
    let kind = match &options.format {
        Some(f) => {
            let k = parse_kind(f)?;
            if k.is_network() {
                return Err(ApiError::invalid_argument(format!(
                    "{k} is not a log format: expected csv, actionable-agile or xes"
                )));
            }
            k
        }
        None if options.columns.state.is_some() || options.columns.at.is_some() => SourceKind::Csv,
        None => detect_kind(log)?,
    };
    let stem = log
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "event log".into());
    let source = options.source.clone().unwrap_or_else(|| stem.clone());
    check_source_name(&source)?;
    let reader = log_reader(kind, log, options)?;
    // Fail on a missing or unreadable log before creating anything.
    std::fs::File::open(log).map_err(|e| LogError::Io {
        path: log.to_path_buf(),
        source: e,
    })?;

    // An existing file is written in one transaction; a new one is built beside its path and
    // renamed into place only when complete.
    let created_now = !path.exists();
    let mut file = if path.exists() {
        Some(MapFile::open(path)?)
    } else {
        None
    };
    let mut doc = match &file {
        Some(f) => f.load()?,
        None => MapDocument::new(ValueStreamMap::new(stem.clone())?, HashMap::new()),
    };
    let sources = match &file {
        Some(f) => f.sources()?,
        None => Vec::new(),
    };
    let previous = sources.into_iter().find(|s| s.name == source);
    if let Some(p) = &previous {
        if p.kind != kind.as_str() {
            return Err(ApiError::invalid_argument(format!(
                "{}: the source {source:?} is a {} source; name this log's source with --source",
                path.display(),
                p.kind
            )));
        }
    }
    let tool_name = options.tool.clone().or_else(|| {
        previous
            .as_ref()
            .and_then(|p| p.tool)
            .and_then(|t| doc.map.node(t))
            .map(|n| n.name().to_string())
    });
    let tool_name = tool_name.unwrap_or_else(|| source.clone());
    let (tool, tool_added) = find_or_add_tool(&mut doc.map, &tool_name, ToolKind::Other)?;
    if tool_added {
        doc = MapDocument::new(doc.map.clone(), doc.layout.clone());
    }
    let existing: HashSet<(String, String)> = match &file {
        Some(f) => f
            .state_mappings()?
            .into_iter()
            .map(|m| (m.source, m.state))
            .collect(),
        None => HashSet::new(),
    };
    let tool_node = doc.map.node(tool).and_then(Node::as_tool).cloned();
    let mut writer = ItemWriter::new(&source, tool_node.as_ref(), options.default_type.as_deref());
    let mut failure: Option<ApiError> = None;
    let record = SourceRecord {
        name: source.clone(),
        kind: kind.as_str().to_string(),
        tool: Some(tool),
        url: None,
        query: log.file_name().map(|n| n.to_string_lossy().into_owned()),
        cursor: None,
    };
    let mut work = |w: &mut DataWriter<'_>| {
        let before = w.added().1;
        let pulled = std::thread::scope(|s| {
            let (tx, rx) = sync_channel::<Batch>(4);
            let (give_back, used) = channel::<Batch>();
            let prepare = &mut writer;
            let reader = &reader;
            let reading = s.spawn(move || {
                let rt = runtime()?;
                let ctx = PullContext::default();
                let mut sink = ChannelSink {
                    prepare,
                    tx,
                    used,
                    batch: Vec::with_capacity(BATCH),
                };
                let pulled = rt.block_on(reader.connector().pull(&ctx, None, &mut sink))?;
                sink.flush()?;
                drop(sink.tx);
                // Drop what the writer gives back until it is done.
                for used in sink.used.iter() {
                    drop(used);
                }
                Ok::<Pulled, ApiError>(pulled)
            });
            let mut written = 0u64;
            let mut store_error = None;
            for batch in rx.iter() {
                for (item, transitions) in &batch {
                    if let Err(e) = w.add(item, transitions) {
                        store_error = Some(e);
                        break;
                    }
                    written += 1;
                }
                let _ = give_back.send(batch);
                if store_error.is_some() {
                    break;
                }
                if let Some(p) = &progress {
                    p(&SyncProgress {
                        source: source.clone(),
                        phase: "items".into(),
                        fetched: written,
                        total: None,
                    });
                }
            }
            drop(rx);
            drop(give_back);
            let read = reading.join().unwrap_or_else(|_| {
                Err(ApiError::new(ErrorCode::Internal, "the log reader crashed"))
            });
            match (store_error, read) {
                (Some(e), _) => Err(e),
                (None, Err(e)) => {
                    failure = Some(e);
                    Err(StoreError::InvalidData {
                        path: log.to_path_buf(),
                        message: "the log could not be read".into(),
                    })
                }
                (None, Ok(p)) => Ok(p),
            }
        })?;
        let transitions_added = w.added().1 - before;
        w.put_source(&record)?;
        let all_states = writer.states();
        let proposed: BTreeSet<String> = all_states
            .iter()
            .filter(|s| !existing.contains(&(source.clone(), (*s).clone())))
            .cloned()
            .collect();
        let n = propose_mappings(w, &source, &all_states, &existing, &[])?;
        Ok((pulled, transitions_added, proposed, n))
    };
    let (result, file) = match file.take() {
        Some(mut f) => (f.write_items(&mut work), Ok(f)),
        None => {
            let mut out = None;
            let created = MapFile::create(path, &doc, |w| {
                out = Some(work(w)?);
                Ok(())
            });
            match (created, out) {
                (Ok(f), Some(v)) => (Ok(v), Ok(f)),
                (Err(e), _) => (Err(e), Err(())),
                (Ok(f), None) => (
                    Err(StoreError::InvalidData {
                        path: path.to_path_buf(),
                        message: "nothing was written".into(),
                    }),
                    Ok(f),
                ),
            }
        }
    };
    let (pulled, transitions_added, proposed, n) = match (result, failure) {
        (_, Some(f)) => return Err(f),
        (Err(e), None) => return Err(e.into()),
        (Ok(v), None) => v,
    };
    let mut file =
        file.map_err(|_| ApiError::new(ErrorCode::Internal, "the map file was not created"))?;
    if tool_added && !created_now {
        file.save(&doc)?;
    }
    let (states, types) = writer.describe(&categories(&file, &source)?, &proposed);
    let mut notices = pulled.notices.clone();
    notices.extend(writer.notices());
    if tool_added {
        notices.push(format!("added the tool {tool_name:?} to the map"));
    }
    Ok(SourceSyncReport {
        source,
        kind: kind.as_str().to_string(),
        items_fetched: writer.seen.len() as u64,
        records: pulled.records,
        transitions_added,
        cursor: None,
        states,
        types,
        proposed_mappings: n,
        notices,
        millis: started.elapsed().as_millis() as u64,
    })
}

/// Proposes the map's stages and handoffs from how items of `source` (or of every source)
/// actually move: one stage per Waiting or Active state (or per stage the mapping already puts
/// states in), ordered so that as many moves as possible go forward (a greedy minimum feedback
/// arc order over the directly-follows counts), handoffs for the moves made at least
/// `min_count` times (1% of the items by default), backward ones marked as rework loops.
/// With `apply`, the stages and handoffs the map lacks are added to it.
pub fn discover(
    path: &Path,
    source: Option<&str>,
    min_count: Option<u64>,
    apply: bool,
) -> Result<DiscoveryProposal, ApiError> {
    let mut file = MapFile::open(path)?;
    let mut doc = file.load()?;
    let records = file.sources()?;
    if let Some(s) = source {
        if !records.iter().any(|r| r.name == s) {
            return Err(no_such_source(path, &file, s));
        }
    }
    let rows: HashMap<(String, String), StateMapping> = file
        .state_mappings()?
        .into_iter()
        .map(|m| ((m.source.clone(), m.state.clone()), m))
        .collect();
    let names: HashMap<i64, String> = file.state_names()?.into_iter().collect();

    // Item rows of the chosen sources, and the source of each.
    let mut source_of_row: HashMap<i64, u32> = HashMap::new();
    let mut source_names: Vec<String> = Vec::new();
    file.scan_items(|r| {
        if source.map(|s| s == r.source).unwrap_or(true) {
            let idx = match source_names.iter().position(|n| n == r.source) {
                Some(i) => i,
                None => {
                    source_names.push(r.source.to_string());
                    source_names.len() - 1
                }
            };
            source_of_row.insert(r.row, idx as u32);
        }
        Ok(())
    })?;

    // Where each (source, state) goes: a group (stage) or out of the flow.
    enum Place {
        Group(usize),
        Out,
    }
    struct Group {
        name: String,
        states: BTreeSet<String>,
        category: StateCategory,
        existing: Option<NodeId>,
        items: u64,
        position_sum: f64,
        position_n: u64,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut group_by_name: HashMap<String, usize> = HashMap::new();
    let mut place: HashMap<(u32, i64), Place> = HashMap::new();
    for src in 0..source_names.len() as u32 {
        for (state_id, state) in &names {
            let res = resolve(&doc.map, &rows, &source_names[src as usize], state);
            let category = res.category();
            let p = if matches!(category, StateCategory::Waiting | StateCategory::Active) {
                let (gname, existing) = match &res {
                    flowmap_core::Resolution::Mapped {
                        stage: Some(id), ..
                    } => (
                        doc.map
                            .node(*id)
                            .map(|n| n.name().to_string())
                            .unwrap_or_else(|| state.clone()),
                        Some(*id),
                    ),
                    _ => (state.clone(), None),
                };
                let idx = *group_by_name.entry(gname.clone()).or_insert_with(|| {
                    groups.push(Group {
                        name: gname,
                        states: BTreeSet::new(),
                        category,
                        existing,
                        items: 0,
                        position_sum: 0.0,
                        position_n: 0,
                    });
                    groups.len() - 1
                });
                Place::Group(idx)
            } else {
                Place::Out
            };
            place.insert((src, *state_id), p);
        }
    }

    // Directly-follows counts over each item's sequence of groups (repeats collapsed).
    let mut follows: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    let mut seen: HashSet<(u32, i64)> = HashSet::new();
    let mut items = 0u64;
    let mut current_item: Option<i64> = None;
    let mut sequence: Vec<usize> = Vec::new();
    let finish = |sequence: &mut Vec<usize>,
                  groups: &mut Vec<Group>,
                  follows: &mut BTreeMap<(usize, usize), u64>| {
        let len = sequence.len();
        let mut entered: HashSet<usize> = HashSet::new();
        for (i, g) in sequence.iter().enumerate() {
            if entered.insert(*g) {
                groups[*g].items += 1;
                groups[*g].position_sum += if len > 1 {
                    i as f64 / (len - 1) as f64
                } else {
                    0.5
                };
                groups[*g].position_n += 1;
            }
            if i > 0 {
                *follows.entry((sequence[i - 1], *g)).or_default() += 1;
            }
        }
        sequence.clear();
    };
    file.scan_transitions(|t| {
        let Some(src) = source_of_row.get(&t.item).copied() else {
            return Ok(());
        };
        if current_item != Some(t.item) {
            if current_item.is_some() {
                finish(&mut sequence, &mut groups, &mut follows);
            }
            current_item = Some(t.item);
            items += 1;
        }
        seen.insert((src, t.to_state));
        if let Some(Place::Group(g)) = place.get(&(src, t.to_state)) {
            if sequence.last() != Some(g) {
                sequence.push(*g);
            }
        }
        Ok(())
    })?;
    if current_item.is_some() {
        finish(&mut sequence, &mut groups, &mut follows);
    }
    let mut left_out: BTreeSet<String> = BTreeSet::new();
    for (src, state_id) in &seen {
        let state = names.get(state_id).cloned().unwrap_or_default();
        match place.get(&(*src, *state_id)) {
            Some(Place::Group(g)) => {
                groups[*g].states.insert(state);
            }
            _ => {
                left_out.insert(state);
            }
        }
    }
    // Only groups some item entered.
    let used: Vec<usize> = (0..groups.len()).filter(|g| groups[*g].items > 0).collect();
    let renumber: HashMap<usize, usize> = used.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let groups: Vec<Group> = groups
        .into_iter()
        .enumerate()
        .filter(|(i, _)| renumber.contains_key(i))
        .map(|(_, g)| g)
        .collect();
    let follows: BTreeMap<(usize, usize), u64> = follows
        .into_iter()
        .filter_map(|((a, b), n)| Some(((*renumber.get(&a)?, *renumber.get(&b)?), n)))
        .collect();

    let order = feedback_arc_order(groups.len(), &follows, |g| {
        let gr = &groups[g];
        (
            if gr.position_n > 0 {
                gr.position_sum / gr.position_n as f64
            } else {
                1.0
            },
            gr.name.clone(),
        )
    });
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let min_count = min_count
        .unwrap_or_else(|| ((items as f64) * 0.01).round() as u64)
        .max(1);
    let mut handoffs = Vec::new();
    let mut rare = 0;
    let mut edges: Vec<(&(usize, usize), &u64)> =
        follows.iter().filter(|((a, b), _)| a != b).collect();
    edges.sort_by_key(|((a, b), n)| (position[a], position[b], std::cmp::Reverse(**n)));
    for ((a, b), n) in edges {
        if *n < min_count {
            rare += 1;
            continue;
        }
        handoffs.push((*a, *b, *n, position[b] < position[a]));
    }
    // Every stage after the first keeps its most frequent way in, however rare: a stage that
    // nothing hands off to would start the map's flow and turn the order around.
    for &g in order.iter().skip(1) {
        let has_way_in = handoffs.iter().any(|h| h.1 == g && !h.3);
        if has_way_in {
            continue;
        }
        let best = follows
            .iter()
            .filter(|((a, b), _)| *b == g && a != b && position[a] < position[b])
            .max_by_key(|(_, n)| **n);
        if let Some(((a, b), n)) = best {
            handoffs.push((*a, *b, *n, false));
            rare -= 1;
        }
    }
    handoffs.sort_by_key(|(a, b, n, _)| (position[a], position[b], std::cmp::Reverse(*n)));

    // The proposal is drawn as a map through the core, so the order and the rework loops it
    // reports are the ones the map will have once applied: the core decides them, not a second
    // algorithm here.
    let tool = match source {
        Some(s) => records.iter().find(|r| r.name == s).and_then(|r| r.tool),
        None if records.len() == 1 => records[0].tool,
        None => None,
    }
    .filter(|t| matches!(doc.map.node(*t), Some(Node::Tool(_))));
    let mut map = doc.map.clone();
    let mut stage_of: HashMap<usize, NodeId> = HashMap::new();
    let mut stages_added = 0;
    let mut handoffs_added = 0;
    for &g in &order {
        let gr = &groups[g];
        let id = match gr.existing {
            Some(id) => id,
            None => {
                let id = NodeId::from(uuid::Uuid::new_v4());
                map.add_node(Node::Stage(Stage {
                    id,
                    name: gr.name.clone(),
                    team: None,
                    tool,
                    partner: None,
                    states: gr.states.iter().cloned().collect(),
                    estimates: Default::default(),
                }))?;
                stages_added += 1;
                id
            }
        };
        stage_of.insert(g, id);
    }
    // Forward handoffs first, so the depth-first search that finds rework loops follows them.
    let mut ordered = handoffs.clone();
    ordered.sort_by_key(|h| h.3);
    let mut edge_of: HashMap<(usize, usize), flowmap_core::EdgeId> = HashMap::new();
    for (a, b, n, _) in ordered {
        let (from, to) = (stage_of[&a], stage_of[&b]);
        let existing = map.edges().find_map(|e| match e {
            Edge::Handoff(h) if h.from == from && h.to == to => Some(h.id),
            _ => None,
        });
        let id = match existing {
            Some(id) => id,
            None => {
                let id = flowmap_core::EdgeId::from(uuid::Uuid::new_v4());
                map.add_edge(Edge::Handoff(Handoff {
                    id,
                    from,
                    to,
                    label: Some(format!("{n} moves")),
                }))?;
                handoffs_added += 1;
                id
            }
        };
        edge_of.insert((a, b), id);
    }
    let flow = map.flow_order();
    let group_of: HashMap<NodeId, usize> = stage_of.iter().map(|(g, id)| (*id, *g)).collect();
    let order: Vec<usize> = flow
        .stages
        .iter()
        .filter_map(|id| group_of.get(id).copied())
        .collect();
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let rework: HashSet<flowmap_core::EdgeId> = flow.rework.iter().copied().collect();
    let mut handoffs: Vec<(usize, usize, u64, bool)> = handoffs
        .into_iter()
        .map(|(a, b, n, _)| (a, b, n, rework.contains(&edge_of[&(a, b)])))
        .collect();
    handoffs.sort_by_key(|(a, b, n, _)| (position[a], position[b], std::cmp::Reverse(*n)));
    if apply && stages_added + handoffs_added > 0 {
        doc = MapDocument::new(map, doc.layout.clone());
        file.save(&doc)?;
    }
    if !apply {
        stages_added = 0;
        handoffs_added = 0;
    }

    Ok(DiscoveryProposal {
        sources: source_names,
        items,
        stages: order
            .iter()
            .map(|&g| {
                let gr = &groups[g];
                ProposedStage {
                    name: gr.name.clone(),
                    states: gr.states.iter().cloned().collect(),
                    category: gr.category,
                    items: gr.items,
                    existing: gr.existing,
                }
            })
            .collect(),
        handoffs: handoffs
            .into_iter()
            .map(|(a, b, n, rework)| ProposedHandoff {
                from: groups[a].name.clone(),
                to: groups[b].name.clone(),
                count: n,
                rework,
            })
            .collect(),
        rare_handoffs: rare,
        min_count,
        left_out: left_out.into_iter().collect(),
        applied: apply,
        stages_added,
        handoffs_added,
    })
}

/// Orders `n` nodes so that the weight of edges going backward is small: the greedy heuristic
/// of Eades, Lin and Smyth (1993) on weighted edges — take sinks to the back, sources to the
/// front, otherwise the node whose outgoing weight most exceeds its incoming weight. Ties go to
/// the smaller `tie` key. Linear in nodes × edges, fine for the tens of states a workflow has.
fn feedback_arc_order<K: PartialOrd>(
    n: usize,
    weights: &BTreeMap<(usize, usize), u64>,
    tie: impl Fn(usize) -> K,
) -> Vec<usize> {
    let mut alive: BTreeSet<usize> = (0..n).collect();
    let mut front = Vec::new();
    let mut back = Vec::new();
    let flow = |alive: &BTreeSet<usize>, v: usize| -> (u64, u64) {
        let mut out = 0;
        let mut inc = 0;
        for ((a, b), w) in weights {
            if a == b || !alive.contains(a) || !alive.contains(b) {
                continue;
            }
            if *a == v {
                out += w;
            }
            if *b == v {
                inc += w;
            }
        }
        (out, inc)
    };
    let pick = |cands: Vec<usize>| -> Option<usize> {
        cands.into_iter().min_by(|a, b| {
            tie(*a)
                .partial_cmp(&tie(*b))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
    };
    while !alive.is_empty() {
        let sinks: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|v| flow(&alive, *v).0 == 0 && flow(&alive, *v).1 > 0)
            .collect();
        if !sinks.is_empty() {
            // The latest-looking sink goes last.
            let v = sinks
                .into_iter()
                .max_by(|a, b| {
                    tie(*a)
                        .partial_cmp(&tie(*b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .expect("not empty");
            alive.remove(&v);
            back.push(v);
            continue;
        }
        let sources: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|v| flow(&alive, *v).1 == 0)
            .collect();
        if let Some(v) = pick(sources) {
            alive.remove(&v);
            front.push(v);
            continue;
        }
        let best = alive
            .iter()
            .map(|v| {
                let (o, i) = flow(&alive, *v);
                (*v, o as i64 - i as i64)
            })
            .max_by_key(|(_, d)| *d)
            .map(|(_, d)| d)
            .unwrap_or(0);
        let cands: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|v| {
                let (o, i) = flow(&alive, *v);
                o as i64 - i as i64 == best
            })
            .collect();
        let v = pick(cands).expect("a node is alive");
        alive.remove(&v);
        front.push(v);
    }
    back.reverse();
    front.extend(back);
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_follow_the_tool_and_waiting_words_win() {
        use StateCategory::*;
        assert_eq!(propose_category("In Progress", Some(Active)), Active);
        assert_eq!(propose_category("To Do", Some(New)), Waiting);
        assert_eq!(
            propose_category("Waiting for customer", Some(Active)),
            Waiting
        );
        assert_eq!(propose_category("Won't Do", Some(Done)), Canceled);
        assert_eq!(propose_category("Approved", Some(Waiting)), Waiting);
        assert_eq!(propose_category("Blocked", None), Waiting);
        assert_eq!(propose_category("Failed", Some(Canceled)), Canceled);
    }

    #[test]
    fn artifact_types_suggest_flow_item_types() {
        assert_eq!(guess_flow_item_type("Bug"), FlowItemType::Defect);
        assert_eq!(guess_flow_item_type("Security finding"), FlowItemType::Risk);
        assert_eq!(guess_flow_item_type("Tech debt"), FlowItemType::Debt);
        assert_eq!(guess_flow_item_type("Story"), FlowItemType::Feature);
    }

    #[test]
    fn the_order_puts_most_moves_forward() {
        // a → b → c, with c → b rework.
        let mut w = BTreeMap::new();
        w.insert((0, 1), 10);
        w.insert((1, 2), 10);
        w.insert((2, 1), 3);
        assert_eq!(feedback_arc_order(3, &w, |v| v), vec![0, 1, 2]);
        // Named the other way round, the order still follows the moves.
        let mut w = BTreeMap::new();
        w.insert((2, 1), 10);
        w.insert((1, 0), 10);
        w.insert((0, 1), 2);
        assert_eq!(feedback_arc_order(3, &w, |v| v), vec![2, 1, 0]);
    }
}
