//! A test hook for the real-window tests: the system's file dialog answered from a file.
//!
//! Only in debug builds, and only when `FLOWMAP_TEST_DIALOG_ANSWERS` names a file (set by
//! `tests/e2e/run.sh`): each dialog then takes the file's first line as the path chosen (an
//! empty line is a cancelled dialog), removes it, and appends what was asked — open or save,
//! the filter's name and extensions — to the same path with `.asked` added, so a test sees the
//! dialog the user would have seen. A release build never reads the variable.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

const ANSWERS_VAR: &str = "FLOWMAP_TEST_DIALOG_ANSWERS";

/// The answers file, when the hook is on.
fn answers_file() -> Option<PathBuf> {
    if !cfg!(debug_assertions) {
        return None;
    }
    std::env::var_os(ANSWERS_VAR).map(PathBuf::from)
}

/// `None` when the hook is off (the real dialog opens); otherwise the answer: `Some(None)` for
/// a cancelled dialog (an empty line, or no line left).
pub fn answer(save: bool, filter: &str, extensions: &[&str]) -> Option<Option<String>> {
    let file = answers_file()?;
    let mut asked_path = file.clone().into_os_string();
    asked_path.push(".asked");
    let asked = format!(
        "{} {filter}: {}\n",
        if save { "save" } else { "open" },
        extensions.join(" ")
    );
    let logged = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&asked_path)
        .and_then(|mut f| f.write_all(asked.as_bytes()));
    if let Err(e) = logged {
        eprintln!("flowmap: test dialog: could not write {asked_path:?}: {e}");
    }
    let text = fs::read_to_string(&file).unwrap_or_default();
    let mut lines = text.lines();
    let first = lines.next().map(str::trim).unwrap_or_default().to_string();
    let rest: String = lines.map(|l| format!("{l}\n")).collect();
    if let Err(e) = fs::write(&file, rest) {
        eprintln!(
            "flowmap: test dialog: could not write {}: {e}",
            file.display()
        );
    }
    Some((!first.is_empty()).then_some(first))
}
