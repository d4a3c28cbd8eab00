//! The commands that need the window around the map: file dialogs, the system's browser,
//! closing. Each asks the [`super::Shell`].

use super::declare::commands;
use crate::check_link;

commands! {
    /// A path chosen in the system's file dialog: a file to open (`save` false) or to save to,
    /// of the kind `extension` names ("flowmap", "json", "png", "svg", or "log": an event log
    /// in CSV or XES). `null` when cancelled or where there are no dialogs (a plain browser).
    reads fn choose_path(cx, save: bool, extension: String) -> Option<String> {
        Ok(cx.shell.choose_path(save, &extension))
    }

    /// Opens an item's page (an http or https address) in the system's browser, never in the
    /// app's window.
    reads fn open_link(cx, url: String) -> () {
        check_link(&url)?;
        cx.shell.open_link(&url)
    }

    /// Closes the window for good (after the user was asked about unsaved work); the recovery
    /// copy goes.
    reads fn close_window(cx) -> () {
        cx.backend.recovery().remove()?;
        cx.shell.close_window();
        Ok(())
    }
}
