//! What `flowmap sync` and `flowmap import-log` print after the first line: the states and
//! types written, what reading did to the rows, and the notices.

use crate::render::{count, pad, shown};
use flowmap_api::wire::SourceSyncReport;
use std::fmt::Write;

pub fn render_states_and_types(out: &mut String, r: &SourceSyncReport) {
    let names: Vec<String> = r.states.iter().map(|s| shown(&s.state)).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "  states ({}; {} mapping rows proposed, change them with `flowmap mapping`):",
        r.states.len(),
        r.proposed_mappings
    );
    for (s, name) in r.states.iter().zip(&names) {
        let _ = writeln!(
            out,
            "    {}  {:>7} items  {}{}",
            pad(name, width),
            count(s.items),
            s.category.map(|c| c.as_str()).unwrap_or("-"),
            if s.proposed { " (proposed)" } else { "" }
        );
    }
    let _ = writeln!(out, "  types:");
    for t in &r.types {
        let _ = writeln!(
            out,
            "    {} ({}): {} items",
            t.name,
            t.flow_item_type,
            count(t.items)
        );
    }
    render_read(out, r);
    for n in &r.notices {
        let _ = writeln!(out, "  note: {n}");
    }
}

/// What reading did to the rows (docs/metrics.md, "Reading a history").
fn render_read(out: &mut String, r: &SourceSyncReport) {
    let c = &r.read;
    let _ = writeln!(
        out,
        "  changes at one instant: {} groups in the source's order, {} by the from-state chain",
        count(c.ties_in_source_order),
        count(c.ties_by_chain)
    );
    if c.duplicate_rows > 0 {
        let _ = writeln!(
            out,
            "  dropped {} rows that repeated the item's previous change exactly",
            count(c.duplicate_rows)
        );
    }
    if c.zoneless_times > 0 {
        let _ = writeln!(out, "  {} times had no zone", count(c.zoneless_times));
    }
    if c.started_done > 0 {
        let _ = writeln!(
            out,
            "  {} items start already Done: no work start, so no flow time",
            count(c.started_done)
        );
    }
    if c.after_now > 0 {
        let _ = writeln!(
            out,
            "  {} changes are later than now: the metrics leave out changes after their `now`",
            count(c.after_now)
        );
    }
}
