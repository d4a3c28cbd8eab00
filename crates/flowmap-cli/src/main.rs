//! `flowmap`: the command line of Flowmap. Every command is a thin layer over `flowmap-api`, the
//! same use cases the desktop app calls. An error prints one line on stderr and exits with 1.

mod capacity;
mod dora;
mod dry_run;
mod export;
mod forecast;
mod lineage;
mod metrics;
mod okr;
mod render;
mod sources;
mod sync_report;
mod what_if;

use clap::{Parser, Subcommand};
use flowmap_api::{ApiError, OpenMap};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "flowmap",
    version,
    about = "Draw value streams, measure them with real data: work with .flowmap files",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the demo map of a realistic toolchain with simulated work items
    Demo {
        /// The .flowmap file to write (replaced if it exists)
        out: PathBuf,
        /// How many work items to simulate
        #[arg(long, default_value_t = 2000)]
        items: u64,
        /// Seed of the simulation: the same seed gives the same file
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Only the stories, bugs, risks and debts in Jira: without the other tools' items
        /// (requests, features, epics, pull requests, builds) linked to them, which
        /// `flowmap lineage` follows and no flow figure counts (for benchmarks)
        #[arg(long, conflicts_with = "lineage")]
        plain: bool,
        /// The other tools' items linked to the stories: the default, kept for scripts
        #[arg(long, hide = true)]
        lineage: bool,
    },
    /// Create an empty map file, to draw in the app, add sources to or import a log into
    New {
        /// The .flowmap file to create (an existing file is never replaced)
        file: PathBuf,
        /// The map's name (default: the file's name without extension)
        #[arg(long)]
        name: Option<String>,
    },
    /// Show a map: stages in flow order, tools, partners, flows, item and transition counts
    Info {
        file: PathBuf,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write the map (without items) as JSON, for review and diffs
    ExportJson {
        file: PathBuf,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write the map as SVG or PNG (title, heat, legend, ladder, as-of) or the one-page PDF report
    Export(export::ExportArgs),
    /// Flow metrics per stage and for the whole stream (docs/metrics.md defines each)
    Metrics(metrics::MetricsArgs),
    /// The load by flow item type per stage and team, rework per team, and the share of the
    /// items that arrived unplanned (docs/metrics.md, "Capacity and unplanned work")
    Capacity(metrics::MetricsArgs),
    /// Delivery metrics (DORA): deployment frequency, lead time for changes, change failure
    /// rate and time to restore (docs/metrics.md, "Delivery metrics (DORA)")
    Dora(dora::DoraArgs),
    /// Forecast how many items will be done by a date, or when N items will be done, from the
    /// map's own throughput (Monte Carlo, seeded; docs/metrics.md, "Forecasts")
    Forecast(forecast::ForecastArgs),
    /// What-if: the map's items replayed through the stream as it is and as a future state (or
    /// the changes given: people, WIP limits, batch sizes, handoffs removed) would run it
    /// (docs/metrics.md, "What-if")
    Whatif(what_if::WhatIfArgs),
    /// Flow key results: list them with their progress week by week, add and remove them
    /// (docs/metrics.md, "Flow key results")
    Okr(okr::OkrArgs),
    /// Items linked across tools: roots with end-to-end flow time, time in each tool and between
    /// tools, crossing times per artifact flow; --root KEY shows one root's tree
    Lineage(lineage::LineageArgs),
    /// Link two items by hand (kept through re-syncs), or remove such a link with --remove
    Link(lineage::LinkArgs),
    /// List, set and clear which stage and category each source state belongs to
    Mapping(metrics::MappingArgs),
    /// Connect and list data sources (Jira, GitHub, GitLab, Azure DevOps, Jenkins)
    Source(sources::SourceArgs),
    /// Fetch what changed in the map's sources since the last sync (all or nothing); with
    /// --dry-run, report what it would store and skip, writing nothing
    Sync(sources::SyncArgs),
    /// Import an event log (CSV, ActionableAgile CSV, XES) into a map file
    ImportLog(Box<sources::ImportLogArgs>),
    /// Propose stages and handoffs from how items actually move
    Discover(sources::DiscoverArgs),
    /// Set a stage's workshop estimates with units and words: "2d", "90 min", "1h30", "85 %"
    /// (docs/workshop.md); a bare number is hours; an empty value clears it
    Estimate {
        /// The .flowmap file
        file: PathBuf,
        /// The stage's name (any case)
        stage: String,
        /// Process time, e.g. "90 min", "1.5 h", "1h30"
        #[arg(long)]
        process: Option<String>,
        /// Lead time, e.g. "2d", "3 days", "2 wk"
        #[arg(long)]
        lead: Option<String>,
        /// %C&A, e.g. "85 %", "85" or "0.85"
        #[arg(long = "ca")]
        complete_accurate: Option<String>,
        /// Items waiting in front of the stage
        #[arg(long)]
        queue: Option<String>,
        /// Items the stage takes on at once (at least 1)
        #[arg(long)]
        batch: Option<String>,
        /// People who work in the stage
        #[arg(long)]
        people: Option<String>,
        /// The most items the stage may hold at once (its WIP limit)
        #[arg(long)]
        wip: Option<String>,
    },
    /// Create a .flowmap file from a map's JSON
    ImportJson {
        /// The JSON written by `flowmap export-json`
        input: PathBuf,
        /// The .flowmap file to create (replaced if it exists)
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e.message));
            ExitCode::FAILURE
        }
    }
}

/// The message on one line, control characters escaped, and past 1,000 characters cut with an
/// ellipsis and the full length: an error never floods or drives the terminal.
fn one_line(message: &str) -> String {
    const SHOWN: usize = 1000;
    let text = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = text.chars().count();
    let mut out: String = text
        .chars()
        .take(SHOWN)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if n > SHOWN {
        out.push_str(&format!("… ({} characters)", render::count(n as u64)));
    }
    out
}

fn run(command: Command) -> Result<(), ApiError> {
    let text = output_of(command)?;
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| ApiError::new(flowmap_api::ErrorCode::Io, format!("standard output: {e}")))
}

/// What a command prints.
fn output_of(command: Command) -> Result<String, ApiError> {
    let now = chrono::Utc::now;
    Ok(match command {
        Command::Demo {
            out,
            items,
            seed,
            plain,
            lineage: _,
        } => {
            let map = flowmap_api::create_demo_with(&out, items, seed, !plain)?;
            let info = map.info()?;
            let linked = info.items.saturating_sub(items);
            let items = if linked == 0 {
                format!("{} items", info.items)
            } else {
                format!(
                    "{} items ({items} flowing through the stages, {linked} linked to them in the other tools)",
                    info.items
                )
            };
            format!(
                "wrote {}: {} stages, {} tools, {items}, {} transitions\n",
                out.display(),
                info.stages.len(),
                info.tools.len(),
                info.transitions
            )
        }
        Command::New { file, name } => {
            let info = flowmap_api::create_map(&file, name.as_deref())?.info()?;
            format!(
                "wrote {}: an empty map named {:?}; draw it with the app, or add a source \
                 (`flowmap source add`) or an event log (`flowmap import-log`)\n",
                file.display(),
                info.name
            )
        }
        Command::Info { file, json } => {
            let info = OpenMap::open(&file)?.info()?;
            if json {
                serde_json::to_string_pretty(&info).expect("info serializes") + "\n"
            } else {
                render::info(&info)
            }
        }
        Command::ExportJson { file, output } => {
            let text = flowmap_api::export_json(&file)?;
            match output {
                Some(path) => {
                    write_file_atomically(&path, text.as_bytes())?;
                    String::new()
                }
                None => text,
            }
        }
        Command::Export(args) => export::export(args, now())?,
        Command::Metrics(args) => metrics::metrics(args, now())?,
        Command::Capacity(args) => capacity::capacity(args, now())?,
        Command::Dora(args) => dora::dora(args, now())?,
        Command::Forecast(args) => forecast::forecast(args, now())?,
        Command::Whatif(args) => what_if::what_if(args, now())?,
        Command::Okr(args) => okr::okr(args, now())?,
        Command::Lineage(args) => lineage::lineage(args, now())?,
        Command::Link(args) => lineage::link(args)?,
        Command::Mapping(args) => metrics::mapping(args, now())?,
        Command::Source(args) => sources::source(args)?,
        Command::Sync(args) => sources::sync(args)?,
        Command::ImportLog(args) => sources::import_log(*args)?,
        Command::Discover(args) => sources::discover(args)?,
        Command::Estimate {
            file,
            stage,
            process,
            lead,
            complete_accurate,
            queue,
            batch,
            people,
            wip,
        } => {
            let words = flowmap_api::EstimateWords {
                process,
                lead,
                complete_accurate,
                queue,
                batch,
                people,
                wip,
            };
            let (name, estimates) = flowmap_api::set_estimates(&file, &stage, &words)?;
            let shown = render::estimates(&estimates).unwrap_or_else(|| "no estimates".into());
            format!("{name}: {shown}\n")
        }
        Command::ImportJson { input, out } => {
            let map = flowmap_api::import_json(&input, &out)?;
            let info = map.info()?;
            format!(
                "wrote {}: {} stages, {} tools, {} partners\n",
                out.display(),
                info.stages.len(),
                info.tools.len(),
                info.partners.len()
            )
        }
    })
}

/// Writes beside the target and renames, so an interrupted export never leaves half a file.
pub(crate) fn write_file_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), ApiError> {
    let io = |e: std::io::Error| {
        ApiError::new(
            flowmap_api::ErrorCode::Io,
            format!("{}: {e}", path.display()),
        )
    };
    let name = path.file_name().ok_or_else(|| {
        ApiError::invalid_argument(format!("{}: not a file name", path.display()))
    })?;
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
