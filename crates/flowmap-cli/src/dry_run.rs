//! What `flowmap sync --dry-run` prints: per source, the items and state changes a sync would
//! store (new or changed against the file), the labels seen, and every event kind read and not
//! stored, with why and how many.

use crate::render::{count, pad, shown};
use flowmap_api::wire::DryRunReport;
use std::fmt::Write;

pub fn render(report: &DryRunReport) -> String {
    let mut out = String::from("dry run: nothing was written\n");
    for r in &report.sources {
        let _ = writeln!(
            out,
            "{:?} ({}): {} items fetched: {} new, {} changed, {} unchanged; {} state changes, {} new",
            r.source,
            r.kind,
            count(r.items_fetched),
            count(r.items_new),
            count(r.items_changed),
            count(r.items_unchanged),
            count(r.changes),
            count(r.new_changes),
        );
        let names: Vec<String> = r.states.iter().map(|s| shown(&s.state)).collect();
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        let _ = writeln!(out, "  state changes by state:");
        for (s, name) in r.states.iter().zip(&names) {
            let _ = writeln!(
                out,
                "    {}  {:>7} changes  {:>7} new",
                pad(name, width),
                count(s.changes),
                count(s.new_changes)
            );
        }
        if !r.labels.is_empty() {
            let _ = writeln!(out, "  labels seen (times added):");
            for l in &r.labels {
                let _ = writeln!(out, "    {}  {}", shown(&l.label), count(l.count));
            }
        }
        let skipped: u64 = r.skipped.iter().map(|s| s.count).sum();
        let _ = writeln!(out, "  skipped ({} events):", count(skipped));
        for s in &r.skipped {
            let _ = writeln!(
                out,
                "    {}  {}: {}",
                count(s.count),
                shown(&s.kind),
                s.reason
            );
        }
        for n in &r.notices {
            let _ = writeln!(out, "  note: {n}");
        }
    }
    out
}
