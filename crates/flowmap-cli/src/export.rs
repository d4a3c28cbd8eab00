//! `flowmap export`: the map as SVG or PNG, the one-page PDF report, and the file's data as
//! OCEL 2.0 (JSON, or SQLite by the file's extension) or XES per artifact type; the drawings are made by the same code as the app's exports, under the filters saved with the map.

use clap::{Args, ValueEnum};
use flowmap_api::wire::{ExportRequest, OverlayMode, Percentile};
use flowmap_api::{ApiError, EditSession};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ExportArgs {
    /// The .flowmap file
    file: PathBuf,
    /// Write the map as SVG (real vector: shapes and text) to this file
    #[arg(long, value_name = "OUT")]
    svg: Option<PathBuf>,
    /// Write the map as PNG to this file
    #[arg(long, value_name = "OUT")]
    png: Option<PathBuf>,
    /// Write the one-page report (PDF) to this file
    #[arg(long, value_name = "OUT")]
    pdf: Option<PathBuf>,
    /// What the stages' heat shows
    #[arg(long, value_enum, default_value_t = Overlay::Waiting)]
    overlay: Overlay,
    /// The percentile the waiting and time overlays read
    #[arg(long, value_enum, default_value_t = Pct::P50)]
    percentile: Pct,
    /// Write the file's items, events and links as an OCEL 2.0 log to this file: SQLite when it
    /// ends in .sqlite, .sqlite3 or .db, else JSON
    #[arg(long, value_name = "OUT")]
    ocel: Option<PathBuf>,
    /// Write the file's items as XES, one log per artifact type, into this folder
    #[arg(long, value_name = "DIR")]
    xes: Option<PathBuf>,
    /// The "as of" instant (RFC 3339 or a date); default: the filters saved with the map, else now
    #[arg(long)]
    now: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Overlay {
    None,
    Waiting,
    Time,
    Efficiency,
    Load,
    Bottleneck,
    Rework,
}

#[derive(Clone, Copy, ValueEnum)]
enum Pct {
    P50,
    P85,
}

/// Writes what `args` asks for and says what it wrote.
pub fn export(args: ExportArgs, clock: chrono::DateTime<chrono::Utc>) -> Result<String, ApiError> {
    let outputs: Vec<(&Path, bool)> = [
        (args.svg.as_deref(), false),
        (args.png.as_deref(), false),
        (args.pdf.as_deref(), true),
    ]
    .into_iter()
    .filter_map(|(p, report)| p.map(|p| (p, report)))
    .collect();
    if outputs.is_empty() && args.ocel.is_none() && args.xes.is_none() {
        return Err(ApiError::invalid_argument(
            "export: say what to write: --svg OUT, --png OUT, --pdf OUT, --ocel OUT or --xes DIR",
        ));
    }
    let mut said = String::new();
    if let Some(out) = args
        .ocel
        .as_deref()
        .filter(|o| flowmap_api::is_sqlite_name(o))
    {
        flowmap_api::export_ocel_sqlite(&args.file, out)?;
        said.push_str(&format!("wrote {}\n", out.display()));
    } else if let Some(out) = &args.ocel {
        let log = flowmap_api::export_ocel(&args.file)?;
        let text = serde_json::to_string_pretty(&log)
            .map_err(|e| ApiError::new(flowmap_api::ErrorCode::Internal, e.to_string()))?;
        crate::write_file_atomically(out, text.as_bytes())?;
        said.push_str(&format!("wrote {}\n", out.display()));
    }
    if let Some(dir) = &args.xes {
        for path in flowmap_api::export_xes(&args.file, dir)? {
            said.push_str(&format!("wrote {}\n", path.display()));
        }
    }
    if outputs.is_empty() {
        return Ok(said);
    }
    let mut session = EditSession::open(&args.file)?;
    let mut filters = session.flow_filters()?;
    if args.now.is_some() {
        filters.now = args.now;
    }
    let request = ExportRequest {
        filters,
        overlay: match args.overlay {
            Overlay::None => OverlayMode::None,
            Overlay::Waiting => OverlayMode::Waiting,
            Overlay::Time => OverlayMode::Time,
            Overlay::Efficiency => OverlayMode::Efficiency,
            Overlay::Load => OverlayMode::Load,
            Overlay::Bottleneck => OverlayMode::Bottleneck,
            Overlay::Rework => OverlayMode::Rework,
        },
        percentile: match args.percentile {
            Pct::P50 => Percentile::P50,
            Pct::P85 => Percentile::P85,
        },
    };
    for (path, report) in outputs {
        if report {
            session.export_report(path, &request, clock)?;
        } else {
            session.export_map(path, &request, clock)?;
        }
        said.push_str(&format!("wrote {}\n", path.display()));
    }
    Ok(said)
}
