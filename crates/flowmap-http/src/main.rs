//! `flowmap-http`: serves the map editor's use cases over HTTP on 127.0.0.1, so the UI can run
//! in a plain browser against the real Rust backend (the browser tests, `npm run dev`). Not part
//! of the app.
//!
//! `POST /api/<command>` with the command's arguments as a JSON object answers with the
//! command's result as JSON (200), or with the `ApiError` as JSON (422). Any other `GET` serves
//! a file of `--static` (the built UI). The server listens on 127.0.0.1 only and prints
//! `listening on http://127.0.0.1:<port>` once it accepts connections.
//!
//! ```text
//! flowmap-http [--port N] [--static ui/dist] [--data-dir DIR] [MAP.flowmap]
//! ```

mod commands;
mod server;

use flowmap_api::commands::Backend;
use flowmap_api::{EditSession, RecoveryCopy};
use std::path::PathBuf;
use std::process::ExitCode;

struct Options {
    port: u16,
    static_dir: Option<PathBuf>,
    data_dir: PathBuf,
    map: Option<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        static_dir: None,
        data_dir: std::env::temp_dir().join("flowmap-http"),
        map: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                options.port = value("--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?
            }
            "--static" => options.static_dir = Some(value("--static")?.into()),
            "--data-dir" => options.data_dir = value("--data-dir")?.into(),
            "--help" | "-h" => {
                return Err(
                    "usage: flowmap-http [--port N] [--static DIR] [--data-dir DIR] [MAP.flowmap]"
                        .into(),
                )
            }
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => options.map = Some(arg.into()),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("flowmap-http: {e}");
            return ExitCode::FAILURE;
        }
    };
    let session = match &options.map {
        Some(path) => EditSession::open(path),
        None => Ok(EditSession::new_map()),
    };
    if let Err(e) = &session {
        eprintln!("flowmap-http: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = std::fs::create_dir_all(&options.data_dir) {
        eprintln!("flowmap-http: {}: {e}", options.data_dir.display());
        return ExitCode::FAILURE;
    }
    let backend = Backend::new(
        session,
        RecoveryCopy::new(options.data_dir.join("recovery.json")),
    );
    match server::serve(options.port, options.static_dir, backend) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("flowmap-http: {e}");
            ExitCode::FAILURE
        }
    }
}
