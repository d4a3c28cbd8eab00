//! Flowmap's data sources: where the real state history of work items comes from.
//!
//! Every source is a [`Connector`]: it *pulls* the items of a source (all of them, or those
//! changed since a stored cursor) and hands each [`SourceItem`] — its key, title, type and
//! [`StateChange`]s — to an [`ItemSink`]. What the caller does with them (collect them first and
//! write them in one transaction, as a sync does, or stream them into the file, as a log import
//! does) is its business: no connector knows the `.flowmap` file.
//!
//! - Event logs, read as streams so that a file of millions of rows never sits in memory:
//!   [`eventlog::CsvLog`] (one row per state change, columns mapped by name),
//!   [`eventlog::ActionableAgileLog`] (one row per item, one date column per stage) and
//!   [`eventlog::XesLog`] (IEEE 1849).
//! - The tools of the toolchain, over HTTP on tokio with one shared [`http::HttpClient`]
//!   (rustls, no OpenSSL): [`jira::Jira`] (Cloud and Server/Data Center), [`github::GitHub`],
//!   [`gitlab::GitLab`], [`azure_devops::AzureDevOps`], [`jenkins::Jenkins`]. The client pages
//!   to the end, retries 429 and 5xx with backoff (honouring `Retry-After` and rate-limit
//!   headers), limits how many requests run at once, can be cancelled, and tells 401 from 403
//!   from an unreachable host from malformed JSON, naming the endpoint.
//! - [`secret`]: tokens come from an environment variable or the OS keychain, never from the
//!   map file; [`secret::Secret`] never prints its value.
//! - [`time`]: the timestamp formats found in exports (ISO 8601 with or without offset,
//!   offsets without a colon, dates only, Unix times) and the zone for times that have none.
//! - [`network_connector`] builds the connector of a stored source from its kind, URL and
//!   query.

pub mod azure_devops;
mod connector;
mod error;
pub mod eventlog;
mod forge;
pub mod github;
pub mod gitlab;
pub mod http;
pub mod jenkins;
pub mod jira;
pub mod mentions;
mod paging;
pub mod secret;
pub mod time;
mod web;

pub use connector::{
    default_url, needs_token, network_connector, probe, Connector, ItemSink, LogChange, LogItem,
    Probe, Progress, ProgressFn, PullContext, Pulled, Skips, SourceItem, SourceKind, SourceLink,
    StateChange,
};
pub use error::{quoted, ConnectorError, LogError, MAX_NAME_CHARS};
