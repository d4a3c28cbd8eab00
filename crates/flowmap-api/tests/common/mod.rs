//! What the command tests share: a shell that asks nothing of a window, and calling a command
//! through it.

use chrono::{DateTime, Utc};
use flowmap_api::commands::{self, Backend, Shell};
use flowmap_api::ApiError;
use serde_json::Value;

/// A shell with no dialogs, browser or window; its clock is `now` when given.
pub struct QuietShell {
    pub now: Option<DateTime<Utc>>,
}

impl Shell for QuietShell {
    fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
    fn map_changed(&self, _backend: &Backend) {}
    fn choose_path(&self, _save: bool, _extension: &str) -> Option<String> {
        None
    }
    fn open_link(&self, _url: &str) -> Result<(), ApiError> {
        Ok(())
    }
    fn close_window(&self) {}
}

/// Runs the command `name` with its JSON arguments through a [`QuietShell`] on the real clock.
#[allow(dead_code)] // not every test file calls on the real clock
pub fn call(backend: &Backend, name: &str, args: Value) -> Result<Value, ApiError> {
    commands::dispatch(backend, &QuietShell { now: None }, name, args)
}
