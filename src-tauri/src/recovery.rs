//! Keeps the recovery copy of unsaved work up to date: after an edit, once edits have paused
//! for a moment, the session's work is written to the data directory (or the copy removed when
//! nothing is unsaved). A save or a clean close removes it at once.

use crate::CurrentMap;
use flowmap_api::RecoveryCopy;
use std::path::PathBuf;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Manager};

const QUIET: Duration = Duration::from_millis(400);

/// Where the copy goes, and the writer thread that follows the map's changes.
pub struct Recovery {
    path: PathBuf,
    changed: Mutex<Sender<()>>,
}

impl Recovery {
    /// Starts the writer thread for the copy at `path`.
    pub fn start(app: AppHandle, path: PathBuf) -> Self {
        let (changed, receiver) = channel::<()>();
        let copy = RecoveryCopy::new(path.clone());
        std::thread::spawn(move || {
            while receiver.recv().is_ok() {
                // Wait until edits pause.
                loop {
                    match receiver.recv_timeout(QUIET) {
                        Ok(()) => continue,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                let current = app.state::<CurrentMap>();
                if let Err(e) = current.with(|session| copy.update(session)) {
                    eprintln!("flowmap: could not write the recovery copy: {e}");
                }
            }
        });
        Recovery {
            path,
            changed: Mutex::new(changed),
        }
    }

    pub fn copy(&self) -> RecoveryCopy {
        RecoveryCopy::new(self.path.clone())
    }

    /// The map changed: the copy follows once edits pause.
    pub fn map_changed(&self) {
        if let Ok(sender) = self.changed.lock() {
            let _ = sender.send(());
        }
    }

    /// The work is saved (or given up): the copy goes now.
    pub fn saved(&self) {
        if let Err(e) = self.copy().remove() {
            eprintln!("flowmap: could not remove the recovery copy: {e}");
        }
    }
}
