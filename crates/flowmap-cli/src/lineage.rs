//! `flowmap lineage` (roots with their end-to-end figures, or one root's tree) and `flowmap
//! link` (links made or removed by hand).

use crate::render::{duration, pad, shown};
use chrono::{DateTime, Utc};
use clap::Args;
use flowmap_api::wire::{ItemLineage, LineageRoot, LineageSummaryView, LinkRequest};
use flowmap_api::{ApiError, OpenMap};
use flowmap_core::LinkKind;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct LineageArgs {
    file: PathBuf,
    /// Show the tree of this item's root (its key), each item with its states
    #[arg(long)]
    root: Option<String>,
    /// The source of --root, when two sources hold that key
    #[arg(long)]
    source: Option<String>,
    /// The instant measured (default: the current time)
    #[arg(long)]
    now: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct LinkArgs {
    file: PathBuf,
    /// The source of the item linked from
    source: String,
    /// The key of the item linked from
    key: String,
    /// The key of the item linked to
    #[arg(long)]
    to: String,
    /// The source of the item linked to (default: any source holding that key)
    #[arg(long)]
    to_source: Option<String>,
    /// parent, child, relates, blocks, fixes, mentions, built-by or object
    #[arg(long, default_value = "parent")]
    kind: String,
    /// Remove the hand link instead of adding it
    #[arg(long)]
    remove: bool,
}

fn secs(s: Option<f64>) -> String {
    s.map_or_else(|| "–".into(), |s| duration(s.round() as i64))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| ApiError::new(flowmap_api::ErrorCode::Internal, e.to_string()))
}

pub fn lineage(args: LineageArgs, clock: DateTime<Utc>) -> Result<String, ApiError> {
    let open = OpenMap::open(&args.file)?;
    let summary = open.lineage_summary(args.now.as_deref(), clock)?;
    match &args.root {
        None if args.json => json(&summary),
        None => Ok(summary_text(&summary)),
        Some(key) => {
            let source = match &args.source {
                Some(s) => s.clone(),
                None => source_of(&open, key)?,
            };
            let tree = open.item_lineage(&source, key, args.now.as_deref(), clock)?;
            if args.json {
                json(&tree)
            } else {
                Ok(tree_text(&tree))
            }
        }
    }
}

/// The one source holding `key`; refused, naming them, when none or several do.
fn source_of(open: &OpenMap, key: &str) -> Result<String, ApiError> {
    let sources = open.sources_of_key(key)?;
    match sources.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(ApiError::new(
            flowmap_api::ErrorCode::NotFound,
            format!("no item {key:?} in {}", open.path().display()),
        )),
        many => Err(ApiError::invalid_argument(format!(
            "{key:?} is an item of {}: say which with --source",
            many.join(", ")
        ))),
    }
}

fn status(r: &LineageRoot) -> &'static str {
    use flowmap_api::wire::RootStatusView::*;
    match r.status {
        NotStarted => "not started",
        InProgress => "in progress",
        Finished => "finished",
        Canceled => "canceled",
    }
}

fn tools_line(r: &LineageRoot) -> String {
    let mut parts: Vec<String> = r
        .in_tools
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                t.tool.as_deref().unwrap_or("(no tool)"),
                secs(Some(t.secs))
            )
        })
        .collect();
    parts.push(format!(
        "between tools {}",
        secs(Some(r.between_tools_secs))
    ));
    parts.join(", ")
}

fn summary_text(s: &LineageSummaryView) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Lineage at {}: {} roots, {} links ({} not resolved yet)",
        s.now,
        s.roots.len(),
        s.links,
        s.unresolved
    );
    if !s.by_type.is_empty() {
        let _ = writeln!(
            out,
            "\nEnd-to-end flow time by flow item type (finished roots)"
        );
        for t in &s.by_type {
            let _ = writeln!(
                out,
                "  {} {} finished, p50 {}, p85 {}; {} in progress",
                pad(t.flow_item_type.as_str(), 8),
                t.finished,
                secs(t.p50_secs),
                secs(t.p85_secs),
                t.in_progress
            );
        }
    }
    if !s.crossings.is_empty() {
        let _ = writeln!(
            out,
            "\nCrossing time per artifact flow (done → next started)"
        );
        for c in &s.crossings {
            let _ = writeln!(
                out,
                "  {} → {} ({}): {} crossings, p50 {}, p85 {}",
                c.from_tool,
                c.to_tool,
                shown(&c.label),
                c.count,
                secs(c.p50_secs),
                secs(c.p85_secs)
            );
        }
    }
    if !s.roots.is_empty() {
        let _ = writeln!(out, "\nRoots");
    }
    for r in &s.roots {
        let _ = writeln!(
            out,
            "  {} {} ({}, {}): {}, end to end {}, {} items\n      {}",
            pad(&r.key, 10),
            shown(&r.title),
            r.artifact_type,
            r.tool.as_deref().unwrap_or(&r.source),
            status(r),
            secs(r.end_to_end_secs),
            r.items,
            tools_line(r)
        );
    }
    out
}

fn tree_text(t: &ItemLineage) -> String {
    let r = &t.root;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({}): {}, end to end {}\n  {}",
        r.key,
        shown(&r.title),
        r.tool.as_deref().unwrap_or(&r.source),
        status(r),
        secs(r.end_to_end_secs),
        tools_line(r)
    );
    for n in &t.items {
        let indent = "  ".repeat(n.depth as usize + 1);
        let crossing = n
            .crossing_secs
            .map(|c| format!(", crossed in {}", secs(Some(c))))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{indent}{} {} [{} in {}]{crossing}",
            n.key,
            shown(&n.title),
            n.artifact_type,
            n.tool.as_deref().unwrap_or(&n.source)
        );
        let states: Vec<String> = n
            .steps
            .iter()
            .map(|s| format!("{} {}", s.state, &s.at[..10.min(s.at.len())]))
            .collect();
        if !states.is_empty() {
            let _ = writeln!(out, "{indent}  {}", states.join(" → "));
        }
    }
    out
}

pub fn link(args: LinkArgs) -> Result<String, ApiError> {
    let kind: LinkKind = args
        .kind
        .parse()
        .map_err(|e: flowmap_core::UnknownLinkKind| ApiError::invalid_argument(e.to_string()))?;
    let mut open = OpenMap::open(&args.file)?;
    let request = LinkRequest {
        source: args.source.clone(),
        key: args.key.clone(),
        target_source: args.to_source.clone(),
        target_key: args.to.clone(),
        kind,
    };
    let out = open.hand_link(&request, !args.remove)?;
    let (verb, none) = if args.remove {
        ("removed", "there was no such hand link")
    } else {
        ("linked", "the link was already there")
    };
    Ok(if out.changed {
        format!("{verb}: {} {} {kind} {}\n", args.source, args.key, args.to)
    } else {
        format!("{none}\n")
    })
}
