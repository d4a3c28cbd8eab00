//! The Data view's Sources tab: the sources of the open map's file, adding, changing and
//! removing one, testing a connection, and syncing as a job. Sources live in the file, so a
//! map without one is refused with `unsaved`; the map follows what these write (a tool added,
//! items dropped) without an undo step.

use super::declare::commands;
use super::Context;
use crate::error::{ApiError, ErrorCode};
use crate::sources::{self, HttpOptions, RetryPolicy};
use crate::wire::{
    AddSource, ConnectionAccepted, Credentials, SourceDropped, SourceSaved, SourcesView,
    TestConnection, UpdateSource,
};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The open map's file, or `unsaved`.
fn file(cx: &Context<'_>) -> Result<PathBuf, ApiError> {
    cx.backend.with(|s| {
        s.path().map(|p| p.to_path_buf()).ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unsaved,
                "save the map to a file first: its sources are kept in the map's file",
            )
        })
    })
}

/// The map follows what was written to its file (a tool added, item counts).
fn follow(cx: &Context<'_>) -> Result<(), ApiError> {
    cx.backend.with(|s| s.follow_file())
}

/// A connection test waits less than a sync: one retry, 20 s per request.
fn test_http() -> HttpOptions {
    HttpOptions {
        retry: RetryPolicy {
            max_retries: 1,
            ..RetryPolicy::default()
        },
        timeout: Duration::from_secs(20),
        ..HttpOptions::default()
    }
}

commands! {
    /// The environment variable a sync reads the token of source `name` from (where there is
    /// no OS keychain, or to override it): `FLOWMAP_TOKEN_` and the name in capitals.
    reads fn token_env_var(_cx, name: String) -> String {
        Ok(flowmap_connectors::secret::token_env_var(&name))
    }

    /// Every source of the open map's file with its kind, URL, query, tool, items, when it was
    /// last synced and how that went, and where its token is; whether the OS keychain can take
    /// tokens here.
    reads fn list_sources(cx) -> SourcesView {
        let path = cx.backend.with(|s| Ok(s.path().map(|p| p.to_path_buf())))?;
        sources::sources_view(path.as_deref(), cx.backend.source_memory())
    }

    /// Connects a network source to the open map's file (adding its tool when the map has
    /// none of that name). A token typed goes to the OS keychain, or where there is none, to
    /// this session's memory; never to the file.
    changes_map fn add_source(
        cx,
        source: AddSource,
        credentials: Option<Credentials>,
    ) -> SourceSaved {
        let path = file(cx)?;
        let saved = sources::add_from_window(
            &path,
            &source,
            credentials.as_ref(),
            cx.backend.source_memory(),
        )?;
        follow(cx)?;
        Ok(saved)
    }

    /// Changes a source's URL, query, tool or token; a new URL or query makes the next sync
    /// fetch everything again.
    changes_map fn update_source(
        cx,
        name: String,
        update: UpdateSource,
        credentials: Option<Credentials>,
    ) -> SourceSaved {
        let path = file(cx)?;
        let saved = sources::update_from_window(
            &path,
            &name,
            &update,
            credentials.as_ref(),
            cx.backend.source_memory(),
        )?;
        follow(cx)?;
        Ok(saved)
    }

    /// Removes a source; with `dropItems` its items, their transitions and its mapping rows
    /// are deleted too (one transaction), otherwise they stay in the file.
    changes_map fn remove_source(cx, name: String, drop_items: bool) -> SourceDropped {
        let path = file(cx)?;
        let dropped =
            sources::remove_from_window(&path, &name, drop_items, cx.backend.source_memory())?;
        follow(cx)?;
        Ok(dropped)
    }

    /// Sends the token to the source as the form holds it and reads its first page: what it
    /// found, or in words why not (`unauthorized`, `forbidden`, `unreachable`, `not_found`,
    /// `missing_credential`). Nothing is written.
    reads fn test_connection(cx, test: TestConnection) -> ConnectionAccepted {
        let path = cx.backend.with(|s| Ok(s.path().map(|p| p.to_path_buf())))?;
        sources::test_connection(path.as_deref(), &test, cx.backend.source_memory(), test_http())
    }

    /// Starts syncing `source` (every network source when not given) into the open map's
    /// file as a job: returns its id at once (poll `job_status`, which reports each source's
    /// progress). A failed or cancelled sync leaves the file as it was.
    reads fn start_sync(cx, source: Option<String>) -> u32 {
        let path = file(cx)?;
        let memory = Arc::clone(cx.backend.source_memory());
        let what = match &source {
            Some(name) => format!("the sync of {name}"),
            None => "the sync of every source".to_string(),
        };
        cx.backend.jobs().start(
            what,
            Box::new(move |job| {
                sources::sync_job(&path, source.as_deref(), &memory, HttpOptions::default(), job)
            }),
        )
    }

    /// Starts a dry run of `source`'s sync (every network source when not given) as a job
    /// that only reads: it fetches what a sync would and reports, in the job's `dry_run`, the
    /// items new or changed against the file, the state changes per state, the labels seen and
    /// every event read and not stored, with why. Nothing is written.
    reads fn start_dry_run(cx, source: Option<String>) -> u32 {
        let path = file(cx)?;
        let memory = Arc::clone(cx.backend.source_memory());
        let what = match &source {
            Some(name) => format!("the dry run of {name}"),
            None => "the dry run of every source".to_string(),
        };
        cx.backend.jobs().start_reading(
            what,
            Box::new(move |job| {
                sources::dry_run_job(&path, source.as_deref(), &memory, HttpOptions::default(), job)
            }),
        )
    }
}
