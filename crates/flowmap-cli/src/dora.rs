//! `flowmap dora`: deployment frequency, lead time for changes, change failure rate and time
//! to restore (docs/metrics.md, "Delivery metrics (DORA)").

use crate::metrics::MetricsArgs;
use crate::render::{count, duration};
use chrono::{DateTime, Utc};
use clap::Args;
use flowmap_api::wire::{DoraRequest, DoraView};
use flowmap_api::{ApiError, OpenMap};
use flowmap_metrics::Distribution;
use std::fmt::Write;

#[derive(Args)]
pub struct DoraArgs {
    #[command(flatten)]
    window: MetricsArgs,
    /// An artifact type that is a deployment (repeat for several; default: those named like
    /// deployments or releases, else like builds or pipelines)
    #[arg(long = "deployment-type")]
    deployment_types: Vec<String>,
    /// An artifact type that is a change (repeat; default: pull and merge requests)
    #[arg(long = "change-type")]
    change_types: Vec<String>,
}

pub fn dora(args: DoraArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let (window, file, json) = args.window.request(clock)?;
    let request = DoraRequest {
        window,
        deployment_types: args.deployment_types,
        change_types: args.change_types,
    };
    let view = OpenMap::open(&file)?.dora(&request, clock)?;
    Ok(if json {
        serde_json::to_string_pretty(&view).expect("DORA figures serialize") + "\n"
    } else {
        render(&view)
    })
}

fn spread(d: &Distribution) -> String {
    match (d.p50, d.p85) {
        (Some(p50), Some(p85)) => format!(
            "p50 {}, p85 {} over {}",
            duration(p50.round() as i64),
            duration(p85.round() as i64),
            count(d.count)
        ),
        _ => "–".into(),
    }
}

fn render(v: &DoraView) -> String {
    let d = &v.dora;
    let mut out = String::new();
    let types = |t: &[String]| {
        if t.is_empty() {
            "none found".to_string()
        } else {
            t.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "Delivery metrics from {} to {} ({:.0} days)",
        v.from.get(..10).unwrap_or(&v.from),
        v.to.get(..10).unwrap_or(&v.to),
        d.days
    );
    let _ = writeln!(
        out,
        "  deployments: {}; changes: {}",
        types(&v.deployment_types),
        types(&v.change_types)
    );
    let _ = writeln!(
        out,
        "Deployment frequency   {:.1} a week ({} successful deployments)",
        d.per_week,
        count(d.succeeded)
    );
    let _ = writeln!(
        out,
        "Lead time for changes  {} (linked {}, next deployment {}, waiting {})",
        spread(&d.lead_time),
        count(d.changes.linked),
        count(d.changes.next_deploy),
        count(d.changes.waiting)
    );
    let _ = writeln!(
        out,
        "Change failure rate    {} ({} failed of {})",
        d.change_failure_rate
            .map(|r| format!("{:.0}%", r * 100.0))
            .unwrap_or_else(|| "–".into()),
        count(d.failed),
        count(d.succeeded + d.failed)
    );
    let _ = writeln!(
        out,
        "Time to restore        {}{}",
        spread(&d.time_to_restore),
        if d.unrestored > 0 {
            format!(" ({} not restored yet)", count(d.unrestored))
        } else {
            String::new()
        }
    );
    out
}
