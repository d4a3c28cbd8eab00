//! What a killed writer leaves beside a file, and how it is cleared away.
//!
//! New files (`MapFile::create`, Save As) and the api's atomic writes (the recovery copy, JSON
//! and images) are built in a temporary file beside their target, named
//! `.{name}.{pid}-{n}.tmp`, and renamed over the target when complete. A process killed before
//! the rename leaves that temporary file behind; [`remove_stale_temps`] removes those whose
//! process is gone (a live process may still be writing its own). SQLite's own leftover, a hot
//! rollback journal, is rolled back by SQLite when `MapFile::open` takes its first lock.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A fresh temporary path beside `path`, unique in this process, naming this process.
pub fn temp_path_beside(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(
        ".{}.{}-{n}.tmp",
        file_name(path),
        std::process::id()
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "map.flowmap".into())
}

/// Removes the temporary files beside `path` (see [`temp_path_beside`]) left by processes that
/// are gone; returns how many were removed. Failures are ignored: a leftover that cannot be
/// removed now is tried again on the next open or save.
pub fn remove_stale_temps(path: &Path) -> usize {
    let prefix = format!(".{}.", file_name(path));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = leftover_pid(&name, &prefix) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary file's name `{prefix}{pid}-{n}.tmp` (or `{prefix}{pid}.tmp`,
/// as written before the counter was added).
fn leftover_pid(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(".tmp")?;
    let pid = match rest.split_once('-') {
        Some((pid, n)) => {
            n.parse::<u64>().ok()?;
            pid
        }
        None => rest,
    };
    pid.parse().ok()
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only checks whether the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap portable check, a leftover is assumed to belong to a live process: it is
    // never removed while it might still be written.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pid_of_a_leftover_name() {
        assert_eq!(
            leftover_pid(".m.flowmap.123-4.tmp", ".m.flowmap."),
            Some(123)
        );
        assert_eq!(leftover_pid(".m.flowmap.123.tmp", ".m.flowmap."), Some(123));
        assert_eq!(leftover_pid(".m.flowmap.x-4.tmp", ".m.flowmap."), None);
        assert_eq!(leftover_pid(".m.flowmap.123-4.json", ".m.flowmap."), None);
        assert_eq!(leftover_pid(".other.123-4.tmp", ".m.flowmap."), None);
    }
}
