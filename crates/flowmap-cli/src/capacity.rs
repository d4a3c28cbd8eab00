//! `flowmap capacity`: the load by flow item type per stage and team, rework per team, and the
//! share of arrivals that were unplanned (docs/metrics.md, "Capacity and unplanned work").

use crate::metrics::MetricsArgs;
use chrono::{DateTime, Utc};
use flowmap_api::{ApiError, OpenMap};
use flowmap_metrics::capacity::{Capacity, TypeLoads};
use std::fmt::Write;

pub fn capacity(args: MetricsArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let (request, file, json) = args.request(clock)?;
    let c = OpenMap::open(&file)?.capacity(&request, clock)?;
    Ok(if json {
        serde_json::to_string_pretty(&c).expect("capacity serializes") + "\n"
    } else {
        render(&c)
    })
}

fn shares(l: &TypeLoads) -> String {
    if l.total <= 0.0 {
        return "no load".into();
    }
    let pc = |v: f64| format!("{:.0}%", v / l.total * 100.0);
    format!(
        "{:>5} {:>5} {:>5} {:>5} {:>8.1}",
        pc(l.feature),
        pc(l.defect),
        pc(l.risk),
        pc(l.debt),
        l.total
    )
}

fn render(c: &Capacity) -> String {
    let mut out = String::new();
    let width = c
        .stages
        .iter()
        .map(|s| s.name.chars().count())
        .chain(c.teams.iter().map(|t| t.team.chars().count() + 5))
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "{:width$}  Feat.  Def.  Risk  Debt     load  rework",
        "Stage"
    );
    for s in &c.stages {
        let rework = if s.entered > 0 {
            format!("{:.0}%", s.reentered as f64 / s.entered as f64 * 100.0)
        } else {
            "–".into()
        };
        let _ = writeln!(out, "{:width$}  {}  {rework:>6}", s.name, shares(&s.load));
    }
    for t in &c.teams {
        let rework = t
            .rework_rate
            .map(|r| format!("{:.0}%", r * 100.0))
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(
            out,
            "{:width$}  {}  {rework:>6}",
            format!("team {}", t.team),
            shares(&t.load)
        );
    }
    let _ = writeln!(
        out,
        "Load: items in the stage on average over the window, by flow item type; rework: share of the items that entered it more than once."
    );
    let a = &c.arrivals;
    let _ = match a.unplanned_share {
        Some(share) => writeln!(
            out,
            "Unplanned: {} of the {} items that arrived in the window were defects ({:.0}%).",
            a.counts.defect,
            a.counts.total,
            share * 100.0
        ),
        None => writeln!(out, "Unplanned: no item arrived in the window."),
    };
    out
}
