use flowmap_api::wire::EditorState;
use flowmap_api::{ApiError, EditSession};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The map the window edits: the one opened at start, or the last one opened since. Holds the
/// start-up error instead when the app could not open its first map, so the UI can show it.
pub struct CurrentMap(Mutex<Result<EditSession, ApiError>>);

impl CurrentMap {
    pub fn new(opened: Result<EditSession, ApiError>) -> Self {
        CurrentMap(Mutex::new(opened))
    }

    fn lock(&self) -> MutexGuard<'_, Result<EditSession, ApiError>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
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
    pub fn replace(&self, session: EditSession) -> EditorState {
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
}
