//! Every command the window invokes, declared once.
//!
//! A command is one Rust function inside a [`commands!`] block: its doc comment, whether it
//! changes the map (`changes_map`) or only reads (`reads`), its typed arguments and its result.
//! From that one declaration come
//! - [`dispatch`], which the Tauri shell (`src-tauri`) and the HTTP test backend
//!   (`crates/flowmap-http`) both call with a command's name and JSON arguments;
//! - [`typescript`], the typed calls of `ui/src/generated/commands.ts` (a test fails when it is
//!   stale), and [`tauri_permissions`], the window's capability file;
//! - [`all`], the list a front end can check a name against.
//!
//! What differs between front ends (a native file dialog, opening a browser, how the recovery
//! copy follows the map, the window title) is behind [`Shell`].

mod data;
mod declare;
mod discovery;
mod editor;
mod files;
mod flow;
mod items;
mod lineage;
mod mapping;
mod plan;
mod sources;
mod states;
mod typescript;
mod window;
mod words;

pub use typescript::{command_names, tauri_permissions, typescript};

use crate::editing::RecoveryCopy;
use crate::jobs::Jobs;
use crate::sources::SourceMemory;
use crate::wire::EditorState;
use crate::{ApiError, EditSession};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

/// Whether a command can change the open map (the shell then updates the window title and the
/// recovery copy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Reads,
    ChangesMap,
}

/// One declared command.
pub struct Command {
    /// The name the UI invokes it by (`snake_case`).
    pub name: &'static str,
    /// Its doc comment, for the generated TypeScript.
    pub doc: &'static str,
    pub effect: Effect,
    /// Each argument's name and TypeScript type.
    pub args: fn() -> Vec<(&'static str, String)>,
    /// The result's TypeScript type.
    pub result: fn() -> String,
    run: fn(&Context<'_>, Value) -> Result<Value, ApiError>,
}

/// What a front end serves commands from: the map the window edits (or the error that kept the
/// first one from opening) and where its recovery copy goes.
pub struct Backend {
    session: Mutex<Result<EditSession, ApiError>>,
    recovery: RecoveryCopy,
    jobs: Jobs,
    sources: Arc<SourceMemory>,
}

/// What differs between the app window and the HTTP test backend.
pub trait Shell: Send + Sync {
    /// The current time (the flow view's default `now`).
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    /// A command changed the open map: the window title and the recovery copy follow.
    fn map_changed(&self, backend: &Backend);
    /// A path chosen in a file dialog (`save`: a file to write), of the kind `extension` names;
    /// `None` when cancelled or when there are no dialogs.
    fn choose_path(&self, save: bool, extension: &str) -> Option<String>;
    /// Opens a checked http(s) address in the system's browser.
    fn open_link(&self, url: &str) -> Result<(), ApiError>;
    /// Closes the window for good (the user was asked about unsaved work).
    fn close_window(&self);
}

/// What a command body works with.
pub struct Context<'a> {
    pub backend: &'a Backend,
    pub shell: &'a dyn Shell,
}

impl Backend {
    pub fn new(mut opened: Result<EditSession, ApiError>, recovery: RecoveryCopy) -> Self {
        // The window's first figures need the items: read while the page draws the map.
        if let Ok(session) = &mut opened {
            let _ = session.preload_items();
        }
        Backend {
            session: Mutex::new(opened),
            recovery,
            jobs: Jobs::default(),
            sources: Arc::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Result<EditSession, ApiError>> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the open session; the start-up error when there is none.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut EditSession) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        match &mut *self.lock() {
            Ok(session) => f(session),
            Err(e) => Err(e.clone()),
        }
    }

    /// Edits `session` from now on and returns its state.
    pub fn replace(&self, mut session: EditSession) -> EditorState {
        let _ = session.preload_items();
        let state = session.state();
        *self.lock() = Ok(session);
        state
    }

    /// Whether there is unsaved work.
    pub fn is_dirty(&self) -> bool {
        self.lock().as_ref().is_ok_and(EditSession::is_dirty)
    }

    /// The window title: the map's name and the unsaved-changes marker.
    pub fn window_title(&self) -> String {
        match &*self.lock() {
            Ok(session) => session.title(),
            Err(_) => "Flowmap".to_string(),
        }
    }

    /// The long work (imports) started from the window.
    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    /// What this session remembers about sources: tokens typed without a keychain, and why
    /// syncs failed. Never written.
    pub fn source_memory(&self) -> &Arc<SourceMemory> {
        &self.sources
    }

    /// Where unsaved work is copied.
    pub fn recovery(&self) -> &RecoveryCopy {
        &self.recovery
    }

    /// Brings the recovery copy up to date with the session now: written while work is unsaved,
    /// removed when there is none.
    pub fn update_recovery(&self) -> Result<(), ApiError> {
        self.with(|session| self.recovery.update(session))
    }
}

/// Every declared command, in declaration order.
pub fn all() -> &'static [Command] {
    static ALL: OnceLock<Vec<Command>> = OnceLock::new();
    ALL.get_or_init(|| {
        [
            editor::declared(),
            files::declared(),
            data::declared(),
            sources::declared(),
            discovery::declared(),
            mapping::declared(),
            flow::declared(),
            items::declared(),
            plan::declared(),
            lineage::declared(),
            states::declared(),
            window::declared(),
            words::declared(),
        ]
        .into_iter()
        .flatten()
        .collect()
    })
}

/// Runs the command `name` with its JSON arguments (an object; `null` for none) and returns
/// its result as JSON. A command that changed the map tells the shell.
pub fn dispatch(
    backend: &Backend,
    shell: &dyn Shell,
    name: &str,
    args: Value,
) -> Result<Value, ApiError> {
    let command = all()
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| ApiError::invalid_argument(format!("there is no command {name:?}")))?;
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    let cx = Context { backend, shell };
    let result = (command.run)(&cx, args)?;
    if command.effect == Effect::ChangesMap {
        shell.map_changed(backend);
    }
    Ok(result)
}

/// The arguments of `command`, or an error naming the command and what is wrong with them.
fn arguments<T: serde::de::DeserializeOwned>(command: &str, args: Value) -> Result<T, ApiError> {
    serde_json::from_value(args)
        .map_err(|e| ApiError::invalid_argument(format!("{command}: bad arguments: {e}")))
}

/// A command's result as JSON.
fn to_json<T: serde::Serialize>(command: &str, value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| {
        ApiError::new(
            crate::ErrorCode::Internal,
            format!("{command}: its result cannot be written as JSON: {e}"),
        )
    })
}
