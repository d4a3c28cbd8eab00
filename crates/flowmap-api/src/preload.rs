//! The file's items read in the background as soon as a window opens a map, so that the
//! window's first figures do not wait for the whole read: the page draws the map and asks for
//! its saved filters meanwhile (`docs/benchmarks.md`, "open to the first heat").
//!
//! Only the snapshot of the engine's columns is read this way, on a connection of its own; when
//! the file has none that is current, nothing is preloaded and the flow view loads the items
//! itself (and stores the snapshot), as it always did. The preloaded items are used only when the
//! file's data has not changed since the read began ([`MapFile::data_version`] of the session's
//! connection, which changes when another connection commits).

use crate::editing::EditSession;
use crate::error::ApiError;
use flowmap_metrics::Dataset;
use flowmap_store::MapFile;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

/// Items being read for a file, as of one data version of the session's connection.
pub(crate) struct Preload {
    path: PathBuf,
    version: i64,
    reading: JoinHandle<Option<Dataset>>,
}

impl Preload {
    /// The items read, when they are of `path` at data version `version`; waits for the read
    /// to end. `None` when they are not (the caller loads them).
    pub(crate) fn take(self, path: &Path, version: i64) -> Option<Dataset> {
        // Waited for even when of no use: two reads of a large file at once would hold twice
        // its items in memory.
        let read = self.reading.join().ok().flatten();
        (self.path == path && self.version == version)
            .then_some(read)
            .flatten()
    }
}

/// The snapshot of the file at `path`, decoded; `None` when it has none that is current.
fn read_snapshot(path: &Path) -> Option<Dataset> {
    crate::metrics::snapshot_dataset(&MapFile::open(path).ok()?)
        .ok()
        .flatten()
}

impl EditSession {
    /// Starts reading the file's items in the background (see the module's doc). A window
    /// calls it when it opens a map; without a file, or with items already loaded, it does
    /// nothing.
    pub fn preload_items(&mut self) -> Result<(), ApiError> {
        let Some(open) = self.saved() else {
            return Ok(());
        };
        if self.flow.data.is_some() || self.flow.preload.is_some() {
            return Ok(());
        }
        let path = open.path().to_path_buf();
        let version = open.file.data_version()?;
        let reading = {
            let path = path.clone();
            std::thread::Builder::new()
                .name("flowmap-preload".into())
                .spawn(move || read_snapshot(&path))
        };
        // A thread that cannot start is no loss: the flow view reads the items itself.
        if let Ok(reading) = reading {
            self.flow.preload = Some(Preload {
                path,
                version,
                reading,
            });
        }
        Ok(())
    }
}
