//! `flowmap metrics` and `flowmap mapping`.

use crate::render::{count, duration, pad, shown};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use flowmap_api::wire::{MappingRow, MappingStatus, MetricsRequest};
use flowmap_api::{ApiError, OpenMap};
use flowmap_core::{FlowItemType, StateCategory};
use flowmap_metrics::{Distribution, FigureSource, Metrics, WindowKind};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum)]
pub enum WindowArg {
    /// Items completed in [from, to); their whole history counts
    Completed,
    /// Every item's time clipped to [from, to)
    During,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TypeArg {
    Feature,
    Defect,
    Risk,
    Debt,
}

impl TypeArg {
    pub fn flow_item_type(self) -> FlowItemType {
        match self {
            TypeArg::Feature => FlowItemType::Feature,
            TypeArg::Defect => FlowItemType::Defect,
            TypeArg::Risk => FlowItemType::Risk,
            TypeArg::Debt => FlowItemType::Debt,
        }
    }
}

#[derive(Args)]
pub struct MetricsArgs {
    file: PathBuf,
    /// The instant at which in-flight work is measured (default: the current time). Dates
    /// (2026-11-02) are midnight UTC; times without a zone are UTC
    #[arg(long)]
    now: Option<String>,
    /// Start of the window (inclusive)
    #[arg(long)]
    from: Option<String>,
    /// End of the window (exclusive; default: now)
    #[arg(long)]
    to: Option<String>,
    /// Which items and which time the window counts
    #[arg(long, value_enum, default_value = "completed")]
    window: WindowArg,
    /// Only items of this flow item type
    #[arg(long = "type", value_enum)]
    flow_item_type: Option<TypeArg>,
    /// Only items of this source (repeat for several)
    #[arg(long = "source")]
    sources: Vec<String>,
    /// Only items that were in a stage this partner owns (its name)
    #[arg(long)]
    partner: Option<String>,
    /// Print JSON (documented in docs/metrics.md) instead of tables
    #[arg(long)]
    json: bool,
}

/// Reads the request's instants as the use case does, but with errors that name this command's
/// options (the use case's own messages name what both front ends show).
fn check_instants(request: &MetricsRequest) -> Result<(), ApiError> {
    let instant = |option: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| flowmap_api::parse_instant(option, t))
            .transpose()
    };
    instant("--now", &request.now)?;
    let from = instant("--from", &request.from)?;
    let to = instant("--to", &request.to)?;
    match (from, to) {
        (Some(f), Some(t)) if f >= t => Err(ApiError::invalid_argument(format!(
            "--from ({}) must be before --to ({})",
            f.to_rfc3339(),
            t.to_rfc3339()
        ))),
        _ => Ok(()),
    }
}

impl MetricsArgs {
    /// The request these options ask for, its instants checked (errors name the options); and
    /// the file and whether JSON was asked for.
    pub fn request(
        self,
        clock: DateTime<Utc>,
    ) -> Result<(MetricsRequest, PathBuf, bool), ApiError> {
        let (file, json) = (self.file.clone(), self.json);
        let request = request_of(self);
        check_instants(&request)?;
        request.query(clock)?;
        Ok((request, file, json))
    }
}

fn request_of(args: MetricsArgs) -> MetricsRequest {
    MetricsRequest {
        now: args.now,
        from: args.from,
        to: args.to,
        window: Some(match args.window {
            WindowArg::Completed => WindowKind::Completed,
            WindowArg::During => WindowKind::During,
        }),
        flow_item_type: args.flow_item_type.map(TypeArg::flow_item_type),
        sources: args.sources,
        partner: args.partner,
        ..MetricsRequest::default()
    }
}

pub fn metrics(args: MetricsArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let file = args.file.clone();
    let json = args.json;
    let request = request_of(args);
    // Arguments first: a bad date is reported before the file is read.
    check_instants(&request)?;
    request.query(clock)?;
    let m = OpenMap::open(&file)?.metrics(&request, clock)?;
    Ok(if json {
        serde_json::to_string_pretty(&m).expect("metrics serialize") + "\n"
    } else {
        let mut only = Vec::new();
        if !request.sources.is_empty() {
            only.push(format!("items of {}", request.sources.join(", ")));
        }
        if let Some(p) = &request.partner {
            only.push(format!("items that went through a stage of {p}"));
        }
        let text = render_metrics(&m);
        if only.is_empty() {
            text
        } else {
            text.replacen(
                "  Durations are calendar time.",
                &format!(
                    "  Only {}.\n  Durations are calendar time.",
                    only.join("; ")
                ),
                1,
            )
        }
    })
}

fn opt_duration(secs: Option<f64>) -> String {
    secs.map_or_else(|| "–".to_string(), |s| duration(s.round() as i64))
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{:.0}%", v * 100.0))
}

fn dist(d: &Distribution) -> String {
    if d.count == 0 {
        return "no items".to_string();
    }
    format!(
        "p50 {}  p85 {}  p95 {}  mean {}  max {}  ({} items)",
        opt_duration(d.p50),
        opt_duration(d.p85),
        opt_duration(d.p95),
        opt_duration(d.mean),
        opt_duration(d.max),
        count(d.count)
    )
}

fn source_word(s: FigureSource) -> &'static str {
    match s {
        FigureSource::Measured => "measured",
        FigureSource::Estimate => "estimate",
        FigureSource::None => "no data",
    }
}

pub fn render_metrics(m: &Metrics) -> String {
    let mut out = String::new();
    // Stage names and ladder rungs share one column width.
    let name_w = m
        .stages
        .iter()
        .map(|s| shown(&s.name).chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    render_window(&mut out, m);
    render_stages(&mut out, m, name_w);
    render_flow(&mut out, m);
    render_ladder(&mut out, m, name_w);
    render_littles_law_and_unmapped(&mut out, m);
    out
}

/// The window the figures cover.
fn render_window(w: &mut String, m: &Metrics) {
    let win = &m.window;
    let kind = match win.kind {
        WindowKind::Completed => "completed (items completed in the window, whole history)",
        WindowKind::During => "during (all time spent in the window)",
    };
    let from = win
        .from
        .map_or_else(|| "the first event".to_string(), |f| f.to_rfc3339());
    let _ = writeln!(w, "Window: {kind}");
    let _ = writeln!(
        w,
        "  from {from} to {} ({:.1} days), measured at {}; {}",
        win.to.to_rfc3339(),
        win.days,
        win.now.to_rfc3339(),
        win.flow_item_type.map_or_else(
            || "all flow item types".to_string(),
            |t| format!("{t} items only")
        )
    );
    let _ = writeln!(w, "  Durations are calendar time.");
    let _ = writeln!(w);
}

/// One row per stage, in flow order.
fn render_stages(w: &mut String, m: &Metrics, name_w: usize) {
    let _ = writeln!(w, "Stages (flow order)");
    let _ = writeln!(
        w,
        "  {}  {:>7}  {:>6}  {:>9}  {:>9}  {:>9}  {:>9}  {:>10}  {:>8}  {:>5}",
        pad("Stage", name_w),
        "Entered",
        "In now",
        "Time p50",
        "Time p85",
        "Wait p50",
        "Work p50",
        "Wait share",
        "Re-entry",
        "%C&A"
    );
    for s in &m.stages {
        let mark = if s.bottleneck_rank == 1 && s.bottleneck_score > 0.0 {
            " ◀ bottleneck"
        } else {
            ""
        };
        let _ = writeln!(
            w,
            "  {}  {:>7}  {:>6}  {:>9}  {:>9}  {:>9}  {:>9}  {:>10}  {:>8}  {:>5}{mark}",
            pad(&shown(&s.name), name_w),
            count(s.entered),
            count(s.inside_now),
            opt_duration(s.time.p50),
            opt_duration(s.time.p85),
            opt_duration(s.waiting.p50),
            opt_duration(s.active.p50),
            pct(Some(s.bottleneck_score)),
            pct(s.reentry_rate),
            pct(s.complete_accurate),
        );
    }
    let _ = writeln!(
        w,
        "  Time = waiting + active time per item in the stage, every re-entry included; percentiles over items."
    );
    if m.unmapped_waiting_share > 0.0 {
        let _ = writeln!(
            w,
            "  {} of all waiting time is in states no stage claims (see below).",
            pct(Some(m.unmapped_waiting_share))
        );
    }
    let _ = writeln!(w);
}

/// The Flow Framework metrics.
fn render_flow(w: &mut String, m: &Metrics) {
    let c = &m.items;
    let _ = writeln!(w, "Flow");
    let _ = writeln!(
        w,
        "  Items: {} completed, {} canceled in the window; {} in flight now",
        count(c.completed),
        count(c.canceled),
        count(c.in_flight)
    );
    if c.completed_without_work_start > 0 {
        let _ = writeln!(
            w,
            "  ({} completed without passing a Waiting or Active state: no flow time)",
            count(c.completed_without_work_start)
        );
    }
    let _ = writeln!(w, "  Flow time        {}", dist(&m.flow_time));
    let e = &m.flow_efficiency;
    let _ = writeln!(
        w,
        "  Flow efficiency  {} = Σ active ÷ Σ (active + waiting); per item p50 {} ({} items)",
        pct(e.aggregate),
        pct(e.per_item.p50),
        count(e.per_item.count)
    );
    let _ = writeln!(
        w,
        "  Flow load        {} now; {:.1} on average over the window",
        count(m.flow_load.current),
        m.flow_load.average
    );
    let recent: Vec<String> = m
        .flow_velocity
        .weekly
        .iter()
        .rev()
        .take(6)
        .rev()
        .map(|p| format!("{} {}", p.label, p.completed.total))
        .collect();
    let _ = writeln!(
        w,
        "  Flow velocity    last weeks: {}",
        if recent.is_empty() {
            "–".into()
        } else {
            recent.join(", ")
        }
    );
    let shares = |s: &flowmap_metrics::TypeShares| {
        format!(
            "Feature {} · Defect {} · Risk {} · Debt {} (of {})",
            pct(Some(s.feature)),
            pct(Some(s.defect)),
            pct(Some(s.risk)),
            pct(Some(s.debt)),
            count(s.counts.total)
        )
    };
    let _ = writeln!(
        w,
        "  Flow distribution completed: {}",
        shares(&m.flow_distribution.completed)
    );
    let _ = writeln!(
        w,
        "                    in progress: {}",
        shares(&m.flow_distribution.in_progress)
    );
    let _ = writeln!(w);
}

/// The timeline ladder along the critical path.
fn render_ladder(w: &mut String, m: &Metrics, name_w: usize) {
    let l = &m.ladder;
    let _ = writeln!(w, "Timeline ladder (critical path; sums of per-stage means over the items that visited each stage)");
    for r in &l.rungs {
        let _ = writeln!(
            w,
            "  {}  process {:>8} ({})  lead {:>8} ({})  wait {:>8}  %C&A {:>4}",
            pad(&shown(&r.name), name_w),
            opt_duration(r.process_time.value),
            source_word(r.process_time.source),
            opt_duration(r.lead_time.value),
            source_word(r.lead_time.source),
            opt_duration(r.waiting_secs),
            pct(r.complete_accurate.value),
        );
    }
    let _ = writeln!(
        w,
        "  Total: process {}, lead {}; activity ratio {}; rolled %C&A {}",
        duration(l.total_process_secs.round() as i64),
        duration(l.total_lead_secs.round() as i64),
        pct(l.activity_ratio),
        pct(l.rolled_complete_accurate)
    );
    let _ = writeln!(w);
}

/// Little's law, and the states no stage claims.
fn render_littles_law_and_unmapped(w: &mut String, m: &Metrics) {
    let ll = &m.littles_law;
    let _ = writeln!(
        w,
        "Little's law: average load L = {:.1}; throughput λ = {:.2}/day × average flow time W = {} gives {}; L ÷ λW = {}",
        ll.average_load,
        ll.throughput_per_day,
        ll.average_flow_time_days.map_or("–".to_string(), |d| format!("{d:.1} days")),
        ll.predicted_load.map_or("–".to_string(), |p| format!("{p:.1}")),
        ll.ratio.map_or("–".to_string(), |r| format!("{r:.2}")),
    );
    if !m.unmapped_states.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "States in no stage (their time is on no stage of the map)"
        );
        for u in &m.unmapped_states {
            let _ = writeln!(
                w,
                "  {} / {:?} ({}): {} items, {}",
                u.source,
                u.state,
                u.category,
                count(u.items),
                duration(u.time_secs.round() as i64)
            );
        }
    }
}

#[derive(Args)]
pub struct MappingArgs {
    file: PathBuf,
    #[command(subcommand)]
    action: Option<MappingAction>,
    /// Print JSON instead of a table (when listing)
    #[arg(long)]
    json: bool,
    /// Close open intervals at this instant when totalling time (default: the current time)
    #[arg(long)]
    now: Option<String>,
}

#[derive(Subcommand)]
pub enum MappingAction {
    /// List every state with its stage, category, items and time (the default)
    List,
    /// Set a state's category and, optionally, its stage
    Set {
        #[arg(long)]
        source: String,
        #[arg(long)]
        state: String,
        /// New, Waiting, Active, Done, Canceled or Ignore
        #[arg(long)]
        category: String,
        /// The stage (by name) the state belongs to; without it, the stages' state lists decide
        #[arg(long)]
        stage: Option<String>,
    },
    /// Remove a state's stored row (its category is then guessed from its name)
    Clear {
        #[arg(long)]
        source: String,
        #[arg(long)]
        state: String,
    },
}

pub fn mapping(args: MappingArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let mut map = OpenMap::open(&args.file)?;
    match args.action.unwrap_or(MappingAction::List) {
        MappingAction::List => {
            let now = match &args.now {
                Some(t) => flowmap_api::parse_instant("--now", t)?,
                None => clock,
            };
            let rows = map.mapping_review(now)?;
            Ok(if args.json {
                serde_json::to_string_pretty(&rows).expect("rows serialize") + "\n"
            } else {
                render_mapping(&rows)
            })
        }
        MappingAction::Set {
            source,
            state,
            category,
            stage,
        } => {
            let category: StateCategory = category
                .parse()
                .map_err(|e| ApiError::invalid_argument(format!("--category: {e}")))?;
            map.set_state_mapping(&source, &state, stage.as_deref(), category)?;
            Ok(format!(
                "{source} / {state:?}: {category}{}\n",
                stage
                    .map(|s| format!(" in stage {s:?}"))
                    .unwrap_or_default()
            ))
        }
        MappingAction::Clear { source, state } => {
            map.clear_state_mapping(&source, &state)?;
            Ok(format!(
                "{source} / {state:?}: cleared; its category is now guessed from its name\n"
            ))
        }
    }
}

fn render_mapping(rows: &[MappingRow]) -> String {
    let mut out = String::new();
    let state_w = rows
        .iter()
        .map(|r| shown(&r.state).chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let src_w = rows
        .iter()
        .map(|r| shown(&r.source).chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "{}  {}  {:<9}  {:<24}  {:>7}  {:>9}",
        pad("Source", src_w),
        pad("State", state_w),
        "Category",
        "Stage",
        "Items",
        "Time"
    );
    for r in rows {
        let stage = match r.status {
            MappingStatus::Mapped => shown(r.stage.as_deref().unwrap_or_default()),
            MappingStatus::NoStageNeeded => "–".to_string(),
            MappingStatus::Unmapped => "UNMAPPED".to_string(),
            MappingStatus::NotFlowItems => "– (not flow items)".to_string(),
            MappingStatus::Conflict => format!("CONFLICT: {}", r.conflict_stages.join(" & ")),
        };
        let category = format!("{}{}", r.category, if r.explicit { "" } else { "?" });
        // Time after an item is done or canceled is no one's wait.
        let time = match r.category {
            StateCategory::Done | StateCategory::Canceled => "–".to_string(),
            _ => duration(r.time_secs.round() as i64),
        };
        let _ = writeln!(
            out,
            "{}  {}  {:<9}  {:<24}  {:>7}  {:>9}",
            pad(&shown(&r.source), src_w),
            pad(&shown(&r.state), state_w),
            category,
            stage,
            count(r.items),
            time
        );
    }
    let _ = writeln!(
        out,
        "\n? = guessed from the state's name; set it with `flowmap mapping FILE set`."
    );
    let unmapped = rows
        .iter()
        .filter(|r| r.status == MappingStatus::Unmapped)
        .count();
    let conflicts = rows
        .iter()
        .filter(|r| r.status == MappingStatus::Conflict)
        .count();
    if unmapped + conflicts > 0 {
        let _ = writeln!(
            out,
            "{unmapped} unmapped and {conflicts} conflicting states: their time is on no stage (or on two)."
        );
    }
    out
}
