//! Keeps the recovery copy of unsaved work up to date: after an edit, once edits have paused
//! for a moment, the session's work is written to the data directory (or the copy removed when
//! nothing is unsaved). A save or a clean close removes it at once.

use flowmap_api::commands::Backend;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Manager};

const QUIET: Duration = Duration::from_millis(400);

/// The writer thread that follows the map's changes.
pub struct Recovery {
    changed: Mutex<Sender<()>>,
}

impl Recovery {
    /// Starts the writer thread for the copy the app's [`Backend`] names.
    pub fn start(app: AppHandle) -> Self {
        let (changed, receiver) = channel::<()>();
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
                if let Err(e) = app.state::<Backend>().update_recovery() {
                    eprintln!("flowmap: could not write the recovery copy: {e}");
                }
            }
        });
        Recovery {
            changed: Mutex::new(changed),
        }
    }

    /// The map changed: the copy follows once edits pause.
    pub fn map_changed(&self) {
        if let Ok(sender) = self.changed.lock() {
            let _ = sender.send(());
        }
    }
}
