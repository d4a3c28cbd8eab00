//! The backend's [`Shell`]: how the declared commands (`flowmap_api::commands`) behave outside
//! the app window. There are no file dialogs or system browser here (the page opens links
//! itself), and the recovery copy is written at once after each change (without the app's
//! pause), so the browser tests find it at once.

use flowmap_api::commands::{Backend, Shell};
use flowmap_api::{ApiError, ErrorCode};
use serde_json::{json, Value};

pub struct HttpShell;

impl Shell for HttpShell {
    fn map_changed(&self, backend: &Backend) {
        if let Err(e) = backend.update_recovery() {
            eprintln!("flowmap-http: recovery copy: {e}");
        }
    }

    fn choose_path(&self, _save: bool, _extension: &str) -> Option<String> {
        None
    }

    fn open_link(&self, url: &str) -> Result<(), ApiError> {
        Err(ApiError::new(
            ErrorCode::InvalidArgument,
            format!("{url}: a browser page opens links itself"),
        ))
    }

    fn close_window(&self) {}
}

/// Runs `command` with its JSON arguments; the result as JSON.
pub fn call(backend: &Backend, command: &str, arguments: Value) -> Result<Value, ApiError> {
    flowmap_api::commands::dispatch(backend, &HttpShell, command, arguments)
}

/// The JSON of an error, as the app's commands reject with it.
pub fn error_json(e: &ApiError) -> Value {
    json!({ "code": e.code, "message": e.message })
}
