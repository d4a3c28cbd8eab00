//! Every command the UI invokes goes through [`handle`]: the command's name and JSON arguments
//! are passed to [`flowmap_api::commands::dispatch`] on a blocking thread, so the window stays
//! responsive while a command works. Which commands the window may invoke at all is Tauri's
//! ACL (`capabilities/main-window.json`, generated from the same declarations), checked before
//! this handler runs.

use crate::window::AppShell;
use flowmap_api::commands::{self, Backend};
use flowmap_api::{ApiError, ErrorCode};
use serde_json::Value;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{Manager, Wry};

/// Handles one invocation; `false` for a name no command has (Tauri then says so).
pub fn handle(invoke: Invoke<Wry>) -> bool {
    let name = invoke.message.command().to_string();
    if !commands::all().iter().any(|c| c.name == name) {
        return false;
    }
    let args = match invoke.message.payload() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => Value::Null,
    };
    let app = invoke.message.webview().app_handle().clone();
    invoke.resolver.respond_async(async move {
        let outcome = tauri::async_runtime::spawn_blocking(move || {
            let backend = app.state::<Backend>();
            commands::dispatch(&backend, &AppShell::new(&app), &name, args)
        })
        .await
        .unwrap_or_else(|e| {
            Err(ApiError::new(
                ErrorCode::Internal,
                format!("the command failed unexpectedly: {e}"),
            ))
        });
        outcome.map_err(InvokeError::from)
    });
    true
}
