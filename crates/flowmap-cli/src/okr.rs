//! `flowmap okr`: the map's flow key results with their progress; add and remove them.

use crate::metrics::TypeArg;
use crate::render::duration;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use flowmap_api::wire::{KeyResultDraft, KeyResultView};
use flowmap_api::{ApiError, OpenMap};
use flowmap_core::{KrFigure, KrUnit};
use flowmap_metrics::okr::KrStatus;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct OkrArgs {
    file: PathBuf,
    #[command(subcommand)]
    action: Option<OkrAction>,
    /// Measure at this instant (default: the current time)
    #[arg(long, global = true)]
    now: Option<String>,
    /// Print JSON instead of text (when listing)
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FigureArg {
    FlowTimeP50,
    FlowTimeP85,
    FlowEfficiency,
    FlowLoad,
    FlowVelocity,
    DistributionShare,
    StageWaitingP50,
    StageWaitingP85,
    EndToEndP50,
    EndToEndP85,
}

impl FigureArg {
    fn figure(self) -> KrFigure {
        match self {
            FigureArg::FlowTimeP50 => KrFigure::FlowTimeP50,
            FigureArg::FlowTimeP85 => KrFigure::FlowTimeP85,
            FigureArg::FlowEfficiency => KrFigure::FlowEfficiency,
            FigureArg::FlowLoad => KrFigure::FlowLoad,
            FigureArg::FlowVelocity => KrFigure::FlowVelocity,
            FigureArg::DistributionShare => KrFigure::DistributionShare,
            FigureArg::StageWaitingP50 => KrFigure::StageWaitingP50,
            FigureArg::StageWaitingP85 => KrFigure::StageWaitingP85,
            FigureArg::EndToEndP50 => KrFigure::EndToEndP50,
            FigureArg::EndToEndP85 => KrFigure::EndToEndP85,
        }
    }
}

#[derive(Subcommand)]
pub enum OkrAction {
    /// List the key results with their progress (the default)
    List,
    /// Add a key result
    Add {
        /// The objective it serves, e.g. "Deliver features predictably"
        #[arg(long)]
        objective: String,
        /// The key result in words, e.g. "Feature flow time p85 under 10 days"
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        figure: FigureArg,
        /// Only items of this type (for distribution-share: the type whose share is set)
        #[arg(long = "type", value_enum)]
        flow_item_type: Option<TypeArg>,
        /// The stage (by name), for a stage's waiting time
        #[arg(long)]
        stage: Option<String>,
        /// The value at the start: "20d", "35 %", "12" (in the figure's unit)
        #[arg(long)]
        baseline: String,
        /// The value to reach by the due date
        #[arg(long)]
        target: String,
        /// When it starts (a date)
        #[arg(long)]
        start: String,
        /// When it is due (a date)
        #[arg(long)]
        due: String,
        #[arg(long, default_value = "")]
        owner: String,
    },
    /// Remove a key result by its id (as `flowmap okr FILE --json` shows it)
    Remove { id: String },
}

pub fn okr(args: OkrArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let mut map = OpenMap::open(&args.file)?;
    if let Some(t) = &args.now {
        flowmap_api::parse_instant("--now", t)?;
    }
    match args.action.unwrap_or(OkrAction::List) {
        OkrAction::List => {
            let views = map.key_results(args.now.as_deref(), clock)?;
            Ok(if args.json {
                serde_json::to_string_pretty(&views).expect("key results serialize") + "\n"
            } else {
                render(&views)
            })
        }
        OkrAction::Add {
            objective,
            name,
            figure,
            flow_item_type,
            stage,
            baseline,
            target,
            start,
            due,
            owner,
        } => {
            let stage = stage.map(|s| map.stage_named(&s)).transpose()?;
            let draft = KeyResultDraft {
                id: None,
                version: None,
                objective,
                name,
                figure: figure.figure(),
                flow_item_type: flow_item_type.map(TypeArg::flow_item_type),
                stage,
                baseline,
                target,
                start,
                due,
                owner,
            };
            let kr = map.save_key_result(&draft)?;
            Ok(format!("added key result {:?} ({})\n", kr.name, kr.id))
        }
        OkrAction::Remove { id } => {
            let id = id.parse().map_err(|_| {
                ApiError::invalid_argument(format!("{id:?} is not a key result id (a UUID)"))
            })?;
            let name = map.delete_key_result(id)?;
            Ok(format!("removed key result {name:?}\n"))
        }
    }
}

/// A value in its unit's words: "12.5 d", "35%", "4", "3.5 a week".
pub fn value(unit: KrUnit, v: f64) -> String {
    match unit {
        KrUnit::Seconds => duration(v.round() as i64),
        KrUnit::Share => format!("{:.0}%", v * 100.0),
        KrUnit::Items => format!("{v:.0}"),
        KrUnit::PerWeek => format!("{v:.1} a week"),
    }
}

fn status(s: KrStatus) -> &'static str {
    match s {
        KrStatus::OnTrack => "on track",
        KrStatus::AtRisk => "at risk",
        KrStatus::OffTrack => "off track",
        KrStatus::Achieved => "achieved",
        KrStatus::Missed => "missed",
        KrStatus::NotStarted => "not started",
        KrStatus::NoData => "no data",
        KrStatus::StageMissing => "stage missing",
    }
}

fn render(views: &[KeyResultView]) -> String {
    if views.is_empty() {
        return "no key results (add one with `flowmap okr FILE add …`)\n".into();
    }
    let mut out = String::new();
    let mut objective = None;
    for v in views {
        let kr = &v.key_result;
        if objective != Some(&kr.objective) {
            let _ = writeln!(
                out,
                "{}",
                if kr.objective.is_empty() {
                    "(no objective)"
                } else {
                    &kr.objective
                }
            );
            objective = Some(&kr.objective);
        }
        let on = v
            .stage_name
            .as_deref()
            .map(|s| format!(" in {s}"))
            .unwrap_or_default();
        let kind = kr
            .flow_item_type
            .map(|t| format!(" of {} items", t.to_string().to_lowercase()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} [{}]\n    {}{on}{kind}: {} → {} from {} to {}{}",
            kr.name,
            status(v.progress.status),
            v.figure_label,
            value(v.unit, kr.baseline),
            value(v.unit, kr.target),
            kr.start.format("%Y-%m-%d"),
            kr.due.format("%Y-%m-%d"),
            if kr.owner.is_empty() {
                String::new()
            } else {
                format!(", owner {}", kr.owner)
            },
        );
        let now = v
            .progress
            .current
            .map(|c| value(v.unit, c))
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(out, "    now {now}: {}", v.progress.reason);
    }
    out
}
