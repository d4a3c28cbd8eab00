//! The one trait every source implements, and what flows through it.

use crate::azure_devops::AzureDevOps;
use crate::error::ConnectorError;
use crate::github::GitHub;
use crate::gitlab::GitLab;
use crate::http::HttpClient;
use crate::jenkins::Jenkins;
use crate::jira::Jira;
use crate::secret::Credential;
use chrono::{DateTime, Utc};
use flowmap_core::StateCategory;
use futures_util::future::LocalBoxFuture;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

pub use flowmap_core::SourceKind;

/// Whether a sync of a source of this kind cannot work without a token (public GitHub, GitLab
/// and Jenkins can).
pub fn needs_token(kind: SourceKind) -> bool {
    matches!(kind, SourceKind::Jira | SourceKind::AzureDevops)
}

/// The server a source of this kind talks to when no URL is given.
pub fn default_url(kind: SourceKind) -> Option<&'static str> {
    match kind {
        SourceKind::Github => Some("https://api.github.com"),
        SourceKind::Gitlab => Some("https://gitlab.com"),
        _ => None,
    }
}

/// A change of an item's state, as the source tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateChange {
    pub at: DateTime<Utc>,
    /// The state left, when the source says.
    pub from: Option<String>,
    pub to: String,
}

/// A work item as a source tells it. The same key may come more than once in one pull (an
/// event log need not be sorted): each time with more of its changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceItem {
    /// The item's key in its source, e.g. "FLOW-123" or "#42".
    pub key: String,
    pub title: String,
    /// The source's type of the item, e.g. "Bug", "Pull request", "Build".
    pub artifact_type: String,
    /// When the item was created; `None` when the source does not say (then its first change
    /// stands for it).
    pub created: Option<DateTime<Utc>>,
    /// Where the item is shown in its tool, when the source says.
    pub link: Option<String>,
    pub changes: Vec<StateChange>,
    /// The items this one links to, as the source says (kept by key: the target may be in
    /// another source, or not synced yet).
    pub links: Vec<SourceLink>,
}

/// A link a source tells for one of its items (`flowmap_core::link`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLink {
    pub kind: flowmap_core::LinkKind,
    pub target: flowmap_core::LinkTarget,
    /// The tool's own name for the link, or an OCEL qualifier ("" when none).
    pub qualifier: String,
}

impl SourceItem {
    /// The creation time, or else the first change.
    pub fn created_or_first_change(&self) -> Option<DateTime<Utc>> {
        self.created
            .or_else(|| self.changes.iter().map(|c| c.at).min())
    }
}

/// Where a connector hands the items it pulls.
pub trait ItemSink {
    /// Takes one item; an error stops the pull.
    fn item(&mut self, item: SourceItem) -> Result<(), ConnectorError>;

    /// Takes one item of an event log read without a string per field (the CSV reader's
    /// path); by default as a [`SourceItem`].
    fn log_item(&mut self, item: LogItem<'_>) -> Result<(), ConnectorError> {
        self.item(item.to_source_item())
    }
}

/// An item of an event log as the CSV reader hands it over: its fields borrowed from the
/// reader's buffers, its changes' states as indices into the names the reader has met so far
/// (`states`, which only grow during a read). The same key may come more than once, as in
/// [`SourceItem`].
#[derive(Clone, Copy, Debug)]
pub struct LogItem<'a> {
    pub key: &'a str,
    /// Empty when the log does not say.
    pub title: &'a str,
    pub artifact_type: &'a str,
    pub link: Option<&'a str>,
    pub changes: &'a [LogChange],
    pub states: &'a [String],
    /// Its parent and links (a log's columns for them).
    pub links: &'a [SourceLink],
}

/// A change of a [`LogItem`], its states as indices into [`LogItem::states`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogChange {
    /// The instant in Unix nanoseconds (every accepted time fits: see [`crate::time::YEARS`]).
    pub at_ns: i64,
    pub from: Option<u32>,
    pub to: u32,
}

impl LogItem<'_> {
    /// The same item as a [`SourceItem`].
    pub fn to_source_item(&self) -> SourceItem {
        let name = |i: u32| self.states[i as usize].clone();
        SourceItem {
            key: self.key.to_string(),
            title: self.title.to_string(),
            artifact_type: self.artifact_type.to_string(),
            created: None,
            link: self.link.map(str::to_string),
            changes: self
                .changes
                .iter()
                .map(|c| StateChange {
                    at: DateTime::from_timestamp_nanos(c.at_ns),
                    from: c.from.map(name),
                    to: name(c.to),
                })
                .collect(),
            links: self.links.to_vec(),
        }
    }
}

impl ItemSink for Vec<SourceItem> {
    fn item(&mut self, item: SourceItem) -> Result<(), ConnectorError> {
        self.push(item);
        Ok(())
    }
}

/// How far a pull has come: `fetched` of `total` (when the source tells the total) in a
/// phase such as "issues" or "changelogs".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub phase: String,
    pub fetched: u64,
    pub total: Option<u64>,
}

/// Receives progress; called from the pulling thread, so it should return quickly.
pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// What a pull may use besides its source: progress reporting and cancellation.
#[derive(Clone, Default)]
pub struct PullContext {
    progress: Option<ProgressFn>,
    cancel: CancellationToken,
}

impl PullContext {
    pub fn new(cancel: CancellationToken) -> Self {
        PullContext {
            progress: None,
            cancel,
        }
    }

    pub fn with_progress(mut self, progress: ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }

    pub fn cancel_token(&self) -> &CancellationToken {
        &self.cancel
    }

    /// Fails with [`ConnectorError::Cancelled`] once the pull is cancelled.
    pub fn check_cancelled(&self) -> Result<(), ConnectorError> {
        if self.cancel.is_cancelled() {
            Err(ConnectorError::Cancelled)
        } else {
            Ok(())
        }
    }

    pub fn report(&self, phase: &str, fetched: u64, total: Option<u64>) {
        if let Some(f) = &self.progress {
            f(&Progress {
                phase: phase.to_string(),
                fetched,
                total,
            });
        }
    }
}

/// What a pull tells besides its items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pulled {
    /// Items handed to the sink.
    pub items: u64,
    /// Rows, events or changes read (for event logs: rows or events).
    pub records: u64,
    /// The cursor to store for the next incremental pull; `None` keeps the stored one.
    pub cursor: Option<String>,
    /// The category the source itself gives some states (Jira's status categories, a build's
    /// result), for the first proposal of the state mapping.
    pub state_categories: Vec<(String, StateCategory)>,
    /// Things the user should know, e.g. "312 times had no zone and were read as UTC".
    pub notices: Vec<String>,
    /// Times read without a zone (read in the zone given, or as UTC).
    pub zoneless: u64,
    /// What the pull read and did not store as a state change, counted by kind and reason
    /// (e.g. "review on a merged pull request": 312). A dry run reports it.
    pub skipped: Skips,
}

/// Events a pull read and did not turn into state changes, counted by (kind, reason), in a
/// stable order; and the labels it read, with how often each was added, so that a user can pick
/// which of them are workflow states (a dry run shows both).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skips {
    counts: std::collections::BTreeMap<(String, String), u64>,
    labels: std::collections::BTreeMap<String, u64>,
}

impl Skips {
    /// Counts one skipped event of `kind` (e.g. "review_requested") for `reason` (e.g. "the
    /// pull request was already merged").
    pub fn skip(&mut self, kind: &str, reason: &str) {
        self.add(kind, reason, 1);
    }

    /// Counts `n` skipped events of `kind` for `reason`.
    pub fn add(&mut self, kind: &str, reason: &str, n: u64) {
        if n > 0 {
            *self
                .counts
                .entry((kind.to_string(), reason.to_string()))
                .or_default() += n;
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Skips) {
        for ((kind, reason), n) in &other.counts {
            self.add(kind, reason, *n);
        }
        for (label, n) in &other.labels {
            *self.labels.entry(label.clone()).or_default() += n;
        }
    }

    /// Counts one adding of the label `name` to an item.
    pub fn label(&mut self, name: &str) {
        *self.labels.entry(name.to_string()).or_default() += 1;
    }

    /// The labels read, (name, times added), by name.
    pub fn labels(&self) -> impl Iterator<Item = (&str, u64)> {
        self.labels.iter().map(|(l, n)| (l.as_str(), *n))
    }

    /// (kind, reason, count) in order of kind, then reason.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, u64)> {
        self.counts
            .iter()
            .map(|((k, r), n)| (k.as_str(), r.as_str(), *n))
    }

    /// Every skipped event.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty() && self.labels.is_empty()
    }
}

/// A source of work items. Implementations read an event log or fetch from a tool's API; they
/// hand every item to the sink and never write the map file themselves.
pub trait Connector {
    /// What is read, for messages: "Jira https://acme.atlassian.net (project = FLOW)".
    fn describe(&self) -> String;

    /// Pulls the items changed since `cursor` (all of them when `None`) into `sink`.
    fn pull<'a>(
        &'a self,
        ctx: &'a PullContext,
        cursor: Option<&'a str>,
        sink: &'a mut dyn ItemSink,
    ) -> LocalBoxFuture<'a, Result<Pulled, ConnectorError>>;
}

/// The connector of a network source, as stored in a map file: its kind, URL and query, with
/// the credential looked up by the caller and the shared HTTP client.
pub fn network_connector(
    kind: SourceKind,
    url: &str,
    query: Option<&str>,
    credential: Option<Credential>,
    http: &HttpClient,
) -> Result<Box<dyn Connector>, ConnectorError> {
    let http = http.clone();
    Ok(match kind {
        SourceKind::Jira => Box::new(Jira::new(url, query, credential, http)?),
        SourceKind::Github => Box::new(GitHub::new(url, query, credential, http)?),
        SourceKind::Gitlab => Box::new(GitLab::new(url, query, credential, http)?),
        SourceKind::AzureDevops => Box::new(AzureDevOps::new(url, query, credential, http)?),
        SourceKind::Jenkins => Box::new(Jenkins::new(url, query, credential, http)?),
        SourceKind::Csv | SourceKind::ActionableAgile | SourceKind::Xes | SourceKind::Ocel => {
            return Err(ConnectorError::InvalidConfig(format!(
                "a {kind} source is a file: import it with `flowmap import-log`"
            )))
        }
    })
}

/// What a look at a source saw: the first progress it reported (`fetched` of `total` in
/// `phase`, e.g. 100 of 1,234 "issues"), or the items of a pull that ended before it said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub phase: String,
    pub fetched: u64,
    pub total: Option<u64>,
}

/// Checks that `connector` can read its source with its credential: starts a full pull and
/// stops it at the first progress it reports or the first item it hands over, so a large
/// source costs one page. A refused token, a missing project or an unreachable host fails as
/// the pull would. Nothing is kept.
pub async fn probe(connector: &dyn Connector, ctx: &PullContext) -> Result<Probe, ConnectorError> {
    use std::sync::Mutex;
    let stop = ctx.cancel_token().child_token();
    let seen: Arc<Mutex<Option<Progress>>> = Arc::default();
    let probe_ctx = {
        let (stop, seen) = (stop.clone(), Arc::clone(&seen));
        PullContext::new(stop.clone()).with_progress(Arc::new(move |p: &Progress| {
            let mut s = seen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if s.is_none() {
                *s = Some(p.clone());
            }
            stop.cancel();
        }))
    };
    struct FirstItem(u64, CancellationToken);
    impl ItemSink for FirstItem {
        fn item(&mut self, _item: SourceItem) -> Result<(), ConnectorError> {
            self.0 += 1;
            self.1.cancel();
            Ok(())
        }
    }
    let mut sink = FirstItem(0, stop.clone());
    let outcome = connector.pull(&probe_ctx, None, &mut sink).await;
    let first = seen
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    match outcome {
        Ok(pulled) => Ok(Probe {
            phase: "items".into(),
            fetched: pulled.items,
            total: Some(pulled.items),
        }),
        Err(ConnectorError::Cancelled) if !ctx.cancel_token().is_cancelled() => Ok(match first {
            Some(p) => Probe {
                phase: p.phase,
                fetched: p.fetched.max(sink.0),
                total: p.total,
            },
            None => Probe {
                phase: "items".into(),
                fetched: sink.0,
                total: None,
            },
        }),
        Err(e) => Err(e),
    }
}
