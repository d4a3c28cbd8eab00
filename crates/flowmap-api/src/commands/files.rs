//! The commands on files: new, open, save, save as, JSON import and export, the map's images
//! and the one-page report, and the recovery copy of unsaved work.

use super::declare::commands;
use crate::wire::{Edit, EditorState, ExportRequest, FileChanges, RecoveryInfo};
use crate::{EditSession, NEW_MAP_NAME};
use std::path::PathBuf;

commands! {
    /// A new, empty map (unsaved until Save As).
    changes_map fn new_map(cx) -> EditorState {
        Ok(cx.backend.replace(EditSession::new_map()))
    }

    /// Opens the `.flowmap` file at `path` (taken from the current directory when relative)
    /// and edits it from now on.
    changes_map fn open_map(cx, path: PathBuf) -> EditorState {
        let path = std::path::absolute(&path).unwrap_or(path);
        Ok(cx.backend.replace(EditSession::open(&path)?))
    }

    /// Saves the map to its file.
    changes_map fn save_map(cx) -> EditorState {
        let state = cx.backend.with(|s| s.save())?;
        cx.backend.recovery().remove()?;
        Ok(state)
    }

    /// Saves the map, its items, sources and mappings to a new file at `path`, and edits that
    /// file from now on. A new map still called "Untitled map" is named after its file first
    /// (as `flowmap new` names one), an edit Undo can take back.
    changes_map fn save_map_as(cx, path: PathBuf) -> EditorState {
        let state = cx.backend.with(|s| {
            let untitled = s.path().is_none() && s.document().map.name() == NEW_MAP_NAME;
            let stem = path.file_stem().map(|n| n.to_string_lossy().trim().to_string());
            if let Some(name) = stem.filter(|n| untitled && !n.is_empty()) {
                s.apply(Edit::RenameMap { name })?;
            }
            s.save_as(&path)
        })?;
        cx.backend.recovery().remove()?;
        Ok(state)
    }

    /// How the open map's file stands against other writers (the CLI, a sync, another
    /// window), asked about every second while the window is visible. When another writer
    /// committed to the file, the map follows it first: the item counts, the nodes it added
    /// (the whole stored map when nothing is unsaved); the window then reloads the editor
    /// state and the figures. `map_changed`: Save will be refused, Save As keeps this version.
    reads fn file_changes(cx) -> FileChanges {
        let (changes, followed) = cx.backend.with(|s| s.file_changes())?;
        if followed {
            // The title and the recovery copy follow the map, as after a changing command.
            cx.shell.map_changed(cx.backend);
        }
        Ok(changes)
    }

    /// Writes the map's JSON (no items) to `path`.
    reads fn export_json(cx, path: PathBuf) -> () {
        cx.backend.with(|s| s.write_json(&path))
    }

    /// A new, unsaved map holding the map of the JSON file at `path`.
    changes_map fn import_json(cx, path: PathBuf) -> EditorState {
        Ok(cx.backend.replace(EditSession::import_json(&path)?))
    }

    /// Writes the map to `path` as SVG or PNG (by its extension): title, as-of instant, the
    /// overlay's heat and figures, legend and timeline ladder, drawn from the working map.
    reads fn export_map(cx, path: PathBuf, request: ExportRequest) -> () {
        let now = cx.shell.now();
        cx.backend.with(|s| s.export_map(&path, &request, now))
    }

    /// Writes the one-page report (PDF) to `path`: the map with heat, the ladder, the five
    /// flow metrics with their trend, the bottleneck's figures and the kaizen bursts.
    reads fn export_report(cx, path: PathBuf, request: ExportRequest) -> () {
        let now = cx.shell.now();
        cx.backend.with(|s| s.export_report(&path, &request, now))
    }

    /// The recovery copy a session that did not end cleanly left, if any.
    reads fn recovery_info(cx) -> Option<RecoveryInfo> {
        cx.backend.recovery().info()
    }

    /// Edits the work the recovery copy holds, unsaved.
    changes_map fn restore_recovery(cx) -> EditorState {
        Ok(cx.backend.replace(cx.backend.recovery().restore()?))
    }

    /// Gives up the recovery copy.
    reads fn discard_recovery(cx) -> () {
        cx.backend.recovery().remove()
    }
}
