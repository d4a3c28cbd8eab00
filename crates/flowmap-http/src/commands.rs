//! The command table: the same command names and argument shapes as the app's Tauri commands
//! (`src-tauri/src/commands.rs`), each calling the same `flowmap-api` use case.

use flowmap_api::wire::{Edit, MetricsRequest};
use flowmap_api::{write_image, ApiError, EditSession, RecoveryCopy};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// The open map and where its recovery copy goes.
pub struct Backend {
    session: Mutex<EditSession>,
    recovery: RecoveryCopy,
}

#[derive(Deserialize)]
struct PathArg {
    path: PathBuf,
}

#[derive(Deserialize)]
struct EditArg {
    edit: Edit,
}

#[derive(Deserialize)]
struct FiltersArg {
    filters: MetricsRequest,
}

#[derive(Deserialize)]
struct ImageArg {
    path: PathBuf,
    #[serde(rename = "dataUrl")]
    data_url: String,
}

fn args<T: DeserializeOwned>(command: &str, value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value)
        .map_err(|e| ApiError::invalid_argument(format!("{command}: bad arguments: {e}")))
}

fn to_value<T: serde::Serialize>(value: T) -> Result<Value, ApiError> {
    Ok(serde_json::to_value(value).expect("wire types serialize"))
}

impl Backend {
    pub fn new(session: EditSession, recovery: RecoveryCopy) -> Self {
        Backend {
            session: Mutex::new(session),
            recovery,
        }
    }

    /// Runs `command` with its JSON arguments; the result as JSON.
    pub fn call(&self, command: &str, arguments: Value) -> Result<Value, ApiError> {
        let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        let result = match command {
            "editor_state" => to_value(session.state()),
            "apply_edit" => {
                let EditArg { edit } = args(command, arguments)?;
                to_value(session.apply(edit)?)
            }
            "undo" => to_value(session.undo()),
            "redo" => to_value(session.redo()),
            "new_map" => {
                *session = EditSession::new_map();
                to_value(session.state())
            }
            "open_map" => {
                let PathArg { path } = args(command, arguments)?;
                *session = EditSession::open(&path)?;
                to_value(session.state())
            }
            "save_map" => to_value(session.save()?),
            "save_map_as" => {
                let PathArg { path } = args(command, arguments)?;
                to_value(session.save_as(&path)?)
            }
            "export_json" => {
                let PathArg { path } = args(command, arguments)?;
                session.write_json(&path)?;
                Ok(Value::Null)
            }
            "import_json" => {
                let PathArg { path } = args(command, arguments)?;
                *session = EditSession::import_json(&path)?;
                to_value(session.state())
            }
            "export_image" => {
                let ImageArg { path, data_url } = args(command, arguments)?;
                write_image(&path, &data_url)?;
                Ok(Value::Null)
            }
            "recovery_info" => to_value(self.recovery.info()?),
            "restore_recovery" => {
                *session = self.recovery.restore()?;
                to_value(session.state())
            }
            "discard_recovery" => {
                self.recovery.remove()?;
                Ok(Value::Null)
            }
            "flow_view" => {
                let FiltersArg { filters } = args(command, arguments)?;
                to_value(session.flow_view(&filters, chrono::Utc::now())?)
            }
            "flow_filters" => to_value(session.flow_filters()?),
            "save_flow_filters" => {
                let FiltersArg { filters } = args(command, arguments)?;
                session.save_flow_filters(&filters, chrono::Utc::now())?;
                Ok(Value::Null)
            }
            _ => Err(ApiError::invalid_argument(format!(
                "unknown command {command:?}"
            ))),
        }?;
        let changes_the_map = !matches!(
            command,
            "editor_state"
                | "export_json"
                | "export_image"
                | "recovery_info"
                | "discard_recovery"
                | "flow_view"
                | "flow_filters"
                | "save_flow_filters"
        );
        if changes_the_map {
            // Without the app's debounce: the browser tests want the copy at once.
            if let Err(e) = self.recovery.update(&session) {
                eprintln!("flowmap-http: recovery copy: {e}");
            }
        }
        Ok(result)
    }
}

/// The JSON of an error, as the app's commands reject with it.
pub fn error_json(e: &ApiError) -> Value {
    json!({ "code": e.code, "message": e.message })
}
