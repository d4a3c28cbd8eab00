use flowmap_api::wire::MapView;
use flowmap_api::{ApiError, OpenMap};
use std::sync::{Mutex, PoisonError};

/// The map the window shows: the one opened at start, or the last one opened since. Holds the
/// start-up error instead when the app could not open its first map, so the UI can show it.
pub struct CurrentMap(Mutex<Result<OpenMap, ApiError>>);

impl CurrentMap {
    pub fn new(opened: Result<OpenMap, ApiError>) -> Self {
        CurrentMap(Mutex::new(opened))
    }

    /// What the UI draws for the current map, or why there is none.
    pub fn view(&self) -> Result<MapView, ApiError> {
        match &*self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            Ok(open) => open.view(),
            Err(e) => Err(e.clone()),
        }
    }

    /// Shows `open` from now on and returns what to draw for it. The current map stays when
    /// `open` cannot be drawn.
    pub fn replace(&self, open: OpenMap) -> Result<MapView, ApiError> {
        let view = open.view()?;
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Ok(open);
        Ok(view)
    }

    /// "Flowmap — <map name>", or just "Flowmap" when no map is open.
    pub fn window_title(&self) -> String {
        match &*self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            Ok(open) => format!("Flowmap — {}", open.document().map.name()),
            Err(_) => "Flowmap".to_string(),
        }
    }
}
