//! What the fuzz targets share: the input written as a file, since every reader under test
//! takes a path.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A directory of this process's own under the system temp directory, made once.
fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("flowmap-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("creating the fuzz scratch directory");
        dir
    })
}

/// Writes `data` to `name` in the scratch directory (replacing the last input, and removing
/// SQLite's `-journal`, `-wal` and `-shm` files beside it so no state leaks from one run to the
/// next) and returns its path.
pub fn input_file(name: &str, data: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::write(&path, data).expect("writing the fuzz input");
    path
}
