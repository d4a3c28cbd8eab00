//! `flowmap whatif`: the file's items replayed through the stream as it is and as a future
//! state (or the changes typed) would run it.

use crate::metrics::TypeArg;
use chrono::{DateTime, Utc};
use clap::Args;
use flowmap_api::wire::{StageChangeRequest, WhatIfRequest, WhatIfView};
use flowmap_api::{ApiError, OpenMap};
use flowmap_metrics::whatif::{Compared, Figures};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct WhatIfArgs {
    file: PathBuf,
    /// The future state whose changes to simulate (its name)
    #[arg(long)]
    state: Option<String>,
    /// People in a stage after the change, e.g. --people Testing=4 (repeat for several)
    #[arg(long, value_name = "STAGE=N")]
    people: Vec<String>,
    /// A stage's WIP limit, e.g. --wip Testing=5
    #[arg(long, value_name = "STAGE=N")]
    wip: Vec<String>,
    /// Items leave a stage in batches of N, e.g. --batch Release=1
    #[arg(long, value_name = "STAGE=N")]
    batch: Vec<String>,
    /// Remove the handoff into a stage: the stage before goes on with its work
    #[arg(long, value_name = "STAGE")]
    remove_handoff: Vec<String>,
    /// Only items of this flow item type
    #[arg(long = "type", value_enum)]
    flow_item_type: Option<TypeArg>,
    /// Only items of this source (repeat for several)
    #[arg(long = "source")]
    sources: Vec<String>,
    /// Simulate up to this instant (default: the last state change in the data)
    #[arg(long)]
    now: Option<String>,
    /// Compare the items completed in this many days before then
    #[arg(long, default_value_t = 90)]
    days: u32,
    /// Print JSON (docs/metrics.md, "What-if") instead of text
    #[arg(long)]
    json: bool,
}

/// `STAGE=N` of `flag`.
fn stage_count(flag: &str, text: &str) -> Result<(String, u32), ApiError> {
    let bad = || {
        ApiError::invalid_argument(format!(
            "{flag} {text:?}: expected STAGE=N with a whole number, e.g. {flag} Testing=4"
        ))
    };
    let (stage, n) = text.rsplit_once('=').ok_or_else(bad)?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    if stage.trim().is_empty() || n == 0 {
        return Err(bad());
    }
    Ok((stage.trim().to_string(), n))
}

fn changes(args: &WhatIfArgs) -> Result<Vec<StageChangeRequest>, ApiError> {
    let mut out: Vec<StageChangeRequest> = Vec::new();
    let mut at = |stage: &str| -> usize {
        match out.iter().position(|c| c.stage.eq_ignore_ascii_case(stage)) {
            Some(i) => i,
            None => {
                out.push(StageChangeRequest {
                    stage: stage.to_string(),
                    ..StageChangeRequest::default()
                });
                out.len() - 1
            }
        }
    };
    let mut typed: Vec<(usize, &str, u32)> = Vec::new();
    for (flag, list) in [
        ("--people", &args.people),
        ("--wip", &args.wip),
        ("--batch", &args.batch),
    ] {
        for text in list {
            let (stage, n) = stage_count(flag, text)?;
            typed.push((at(&stage), flag, n));
        }
    }
    for stage in &args.remove_handoff {
        let i = at(stage.trim());
        typed.push((i, "--remove-handoff", 0));
    }
    for (i, flag, n) in typed {
        let c = &mut out[i];
        match flag {
            "--people" => c.people = Some(n),
            "--wip" => c.wip_limit = Some(n),
            "--batch" => c.batch_size = Some(n),
            _ => c.remove_handoff_into = true,
        }
    }
    Ok(out)
}

pub fn what_if(args: WhatIfArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let open = OpenMap::open(&args.file)?;
    let state = match &args.state {
        Some(name) => Some(open.future_state_id(name)?),
        None => None,
    };
    let request = WhatIfRequest {
        state,
        changes: changes(&args)?,
        flow_item_type: args.flow_item_type.map(TypeArg::flow_item_type),
        sources: args.sources.clone(),
        now: args.now.clone(),
        window_days: Some(args.days),
    };
    let view = open.what_if(&request, clock)?;
    if args.json {
        return Ok(serde_json::to_string_pretty(&view).expect("a what-if serializes") + "\n");
    }
    Ok(render(&view))
}

fn d(secs: f64) -> String {
    flowmap_api::words::duration(secs)
}

/// `p50 → p50 · p85 → p85` of the baseline and after, with the measured beside.
fn line(c: &Compared) -> String {
    let f = |x: Option<Figures>, g: fn(&Figures) -> f64| x.map(|x| d(g(&x))).unwrap_or("–".into());
    format!(
        "p50 {:>8} → {:>8}   p85 {:>8} → {:>8}   (measured p50 {}, p85 {})",
        f(c.baseline, |x| x.p50_secs),
        f(c.after, |x| x.p50_secs),
        f(c.baseline, |x| x.p85_secs),
        f(c.after, |x| x.p85_secs),
        f(c.measured, |x| x.p50_secs),
        f(c.measured, |x| x.p85_secs),
    )
}

/// The what-if as text: the changes, flow time and each stage before → after, how far the
/// baseline is from what was measured, and the assumptions.
pub fn render(view: &WhatIfView) -> String {
    let w = &view.what_if;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "What-if{}: {} items completed from {} to {} compared ({} replayed)",
        view.state_name
            .as_ref()
            .map(|n| format!(" of {n:?}"))
            .unwrap_or_default(),
        w.items_compared,
        view.window_from.get(..10).unwrap_or(&view.window_from),
        view.now.get(..10).unwrap_or(&view.now),
        w.items_simulated
    );
    if view.changes.is_empty() {
        let _ = writeln!(out, "Changes: none (the baseline alone)");
    }
    for c in &view.changes {
        let _ = writeln!(out, "Change: {c}");
    }
    let _ = writeln!(out, "\nFlow time            {}", line(&w.flow_time));
    let _ = writeln!(
        out,
        "\nStage                people      time in stage, simulated now → after"
    );
    for s in &w.stages {
        if s.visits == 0 {
            continue;
        }
        let people = if s.servers_after == s.servers {
            format!("{}", s.servers)
        } else {
            format!("{} → {}", s.servers, s.servers_after)
        };
        let _ = writeln!(out, "  {:<18} {:>7}   {}", s.name, people, line(&s.time));
    }
    let r = &w.reproduction;
    let _ = writeln!(
        out,
        "\nBaseline against what was measured: largest difference {:.1} % ({}); tolerance {:.0} %: {}",
        r.max_difference * 100.0,
        r.worst_figure,
        r.tolerance * 100.0,
        if r.within { "within" } else { "NOT within: read the changes with care" }
    );
    let _ = writeln!(out, "\nHow it was computed:");
    for a in &w.assumptions {
        let _ = writeln!(out, "  - {a}");
    }
    out
}
