//! The Data view's commands: previewing an event log, importing it as a job, and the jobs'
//! status and cancelling.

use super::declare::commands;
use crate::error::{ApiError, ErrorCode};
use crate::sources::{self, import_job};
use crate::wire::{ImportLogOptions, JobStatus, LogPreview};
use std::path::PathBuf;

commands! {
    /// The first rows of the event log at `path` as the importer reads them with `options`,
    /// the columns it chose for each role, and what importing it will do (rows, items, time
    /// span, times without a zone); nothing is written. Returns at once: a log over 4 MiB is
    /// counted by a job (`summary_job`; poll `job_status`, cancel it when the options change).
    reads fn preview_log(cx, path: PathBuf, options: ImportLogOptions) -> LogPreview {
        sources::preview_log(&path, &options, cx.backend.jobs(), sources::COUNT_AT_ONCE)
    }

    /// Keeps the bytes of a file dropped on a browser page (`name`, its bytes as base64 in
    /// `data`, at most 32 MB) in the backend's data directory and returns its path, for
    /// `preview_log`. A file that is not text (an image) is refused, naming it.
    reads fn store_dropped_file(cx, name: String, data: String) -> PathBuf {
        let dir = cx.backend.recovery().path().parent().map(PathBuf::from).unwrap_or_default();
        sources::store_dropped(&dir, &name, &data)
    }

    /// Starts importing the event log at `path` into the open map's file, in one transaction,
    /// as a job: returns its id at once (poll `job_status`). The map must have a file.
    reads fn start_import(cx, path: PathBuf, options: ImportLogOptions) -> u32 {
        let file = cx.backend.with(|s| {
            s.path().map(|p| p.to_path_buf()).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Unsaved,
                    "save the map to a file first: an import writes its items into the map's file",
                )
            })
        })?;
        let what = format!(
            "the import of {}",
            path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        );
        cx.backend
            .jobs()
            .start(what, Box::new(move |job| {
                import_job(&file, &path, &options, job).map(Into::into)
            }))
    }

    /// How job `id` is going, or how it ended. Once an import has written to the open map's
    /// file, the map follows it (item counts, a tool the import added); the flow view reloads
    /// the items by itself (the file's data version changed).
    reads fn job_status(cx, id: u32) -> JobStatus {
        let status = cx.backend.jobs().status(id)?;
        if cx.backend.jobs().take_written(id) {
            cx.backend.with(|s| s.follow_file())?;
        }
        Ok(status)
    }

    /// Cancels job `id`: an import stops and leaves the file as it was.
    reads fn cancel_job(cx, id: u32) -> JobStatus {
        cx.backend.jobs().cancel(id)
    }
}
