//! Plain-text rendering of the CLI's results.

use flowmap_api::wire::MapInfo;
use std::fmt::Write;

/// A name as the terminal shows it: control characters escaped (`\n`, `\u{1b}`), and past 60
/// characters cut with an ellipsis and the full length. What a file holds never drives the
/// terminal or floods it.
pub fn shown(text: &str) -> String {
    const SHOWN: usize = 60;
    let mut out = String::new();
    let mut n = 0usize;
    for c in text.chars() {
        n += 1;
        if n <= SHOWN {
            if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
    }
    if n > SHOWN {
        out.push_str(&format!("… ({} characters)", count(n as u64)));
    }
    out
}

/// `text` followed by spaces up to `width` characters. Never a format width (`{:<w$}`), which
/// panics past 65,535.
pub fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    let mut out = String::with_capacity(text.len() + width.saturating_sub(n));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(n)));
    out
}

pub use flowmap_api::words::count;

/// A duration in the unit that reads best: "45 min", "6 h", "2.5 d", "3 wk".
pub fn duration(secs: i64) -> String {
    flowmap_api::words::duration(secs as f64)
}

pub fn info(info: &MapInfo) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{}", info.name);
    let _ = writeln!(w, "{} (file format {})", info.path, info.schema_version);
    let _ = writeln!(w);
    let _ = writeln!(w, "Stages in flow order ({})", info.stages.len());
    let names: Vec<String> = info.stages.iter().map(|s| shown(&s.name)).collect();
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (i, s) in info.stages.iter().enumerate() {
        let mut line = format!("  {:>2}. {}", i + 1, pad(&names[i], name_width));
        if let Some(tool) = &s.tool {
            let _ = write!(line, "  in {tool}");
        }
        if let Some(team) = &s.team {
            let _ = write!(line, "  team {team}");
        }
        if let Some(partner) = &s.partner {
            let _ = write!(line, "  partner {partner}");
        }
        if let Some(est) = estimates(&s.estimates) {
            let _ = write!(line, "  (estimates: {est})");
        }
        let _ = writeln!(w, "{}", line.trim_end());
        if !s.states.is_empty() {
            let states: Vec<String> = s.states.iter().map(|s| shown(s)).collect();
            let _ = writeln!(w, "      states: {}", states.join(", "));
        }
    }
    let rework: Vec<_> = info.handoffs.iter().filter(|h| h.rework).collect();
    if !rework.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "Rework loops ({})", rework.len());
        for h in rework {
            let _ = writeln!(w, "  {} → {}", h.from, h.to);
        }
    }
    if !info.critical_path.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "Critical path: {}", info.critical_path.join(" → "));
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "Tools ({})", info.tools.len());
    for t in &info.tools {
        let types: Vec<String> = t
            .artifact_types
            .iter()
            .map(|a| format!("{} [{}]", a.name, a.flow_item_type))
            .collect();
        let mut line = format!("  {} ({})", t.name, kind_name(&t.tool_kind));
        if let Some(p) = &t.partner {
            let _ = write!(line, "  partner {p}");
        }
        if !types.is_empty() {
            let _ = write!(line, ": {}", types.join(", "));
        }
        let _ = writeln!(w, "{line}");
    }
    if !info.artifact_flows.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "Artifact flows ({})", info.artifact_flows.len());
        for f in &info.artifact_flows {
            let links: Vec<String> = f
                .links
                .iter()
                .map(|l| {
                    format!(
                        "{} → {} [{}]",
                        l.source_type, l.target_type, l.flow_item_type
                    )
                })
                .collect();
            let _ = writeln!(w, "  {} → {}: {}", f.from, f.to, links.join(", "));
        }
    }
    if !info.partners.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "Partners ({})", info.partners.len());
        for p in &info.partners {
            if p.owns.is_empty() {
                let _ = writeln!(w, "  {}", p.name);
            } else {
                let _ = writeln!(w, "  {}: owns {}", p.name, p.owns.join(", "));
            }
        }
    }
    if !info.customers.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "Customers: {}", info.customers.join(", "));
    }
    if !info.sources.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "Sources ({})", info.sources.len());
        for s in &info.sources {
            let mut line = format!("  {} ({})", s.name, s.kind);
            if let Some(t) = &s.tool {
                let _ = write!(line, " for tool {t}");
            }
            if let Some(u) = &s.url {
                let _ = write!(line, "  {u}");
            }
            if let Some(q) = &s.query {
                let _ = write!(line, "  query: {q}");
            }
            let _ = writeln!(w, "{line}");
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "Items: {}   Transitions: {}",
        count(info.items),
        count(info.transitions)
    );
    out
}

fn kind_name(kind: &flowmap_core::ToolKind) -> &'static str {
    kind.as_str()
}

/// A stage's workshop estimates on one line ("PT 1.5 h, LT 2 d, %C&A 85%, queue 12"); `None`
/// when there are none.
pub fn estimates(e: &flowmap_core::Estimates) -> Option<String> {
    let mut est = Vec::new();
    if let Some(p) = e.process_time_secs {
        est.push(format!("PT {}", duration(p)));
    }
    if let Some(l) = e.lead_time_secs {
        est.push(format!("LT {}", duration(l)));
    }
    if let Some(ca) = e.complete_accurate {
        est.push(format!("%C&A {:.0}%", ca * 100.0));
    }
    if let Some(q) = e.queue_size {
        est.push(format!("queue {q}"));
    }
    if let Some(b) = e.batch_size {
        est.push(format!("batch {b}"));
    }
    if let Some(n) = e.people {
        est.push(format!("{n} {}", if n == 1 { "person" } else { "people" }));
    }
    if let Some(w) = e.wip_limit {
        est.push(format!("WIP limit {w}"));
    }
    (!est.is_empty()).then(|| est.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_escaped_cut_and_padded_without_a_format_width() {
        assert_eq!(shown("In Progress"), "In Progress");
        assert_eq!(shown("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
        let long = "x".repeat(70_000);
        assert_eq!(
            shown(&long),
            format!("{}… (70,000 characters)", "x".repeat(60))
        );
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abc", 1), "abc");
        assert_eq!(pad("", 70_000).len(), 70_000);
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn durations_read_in_the_best_unit() {
        assert_eq!(duration(1800), "30 min");
        assert_eq!(duration(2 * 3600), "2 h");
        assert_eq!(duration(36 * 3600), "1.5 d");
        assert_eq!(duration(21 * 86_400), "3 wk");
    }
}
