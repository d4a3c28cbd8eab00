//! The real Jira event log of the AEA Data Editor (../shared/data/aea-jira), when present:
//! the engine's figures against a simpler, independent computation written here.

use chrono::DateTime;
use flowmap_core::*;
use flowmap_metrics::*;
use std::collections::HashMap;
use std::path::PathBuf;

const WAITING: [&str; 13] = [
    "Open",
    "Assigned",
    "Report Under Review",
    "Pre-Approved",
    "Approved",
    "Pending publication",
    "Pending openICPSR changes",
    "Pending Article DOI",
    "Blocked",
    "Waiting for info",
    "Waiting for external report",
    "Incomplete",
    "Submitted to MC",
];

struct Row {
    ticket: String,
    at: i64,
    from: String,
    to: String,
}

fn rows() -> Option<Vec<Row>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/aea-jira");
    let path = dir.join("status_transitions.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping: the AEA Jira data set is not at {} (it lives in ../shared beside the project)",
            path.display()
        );
        return None;
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 4, "line {}: {line}", n + 1);
        let at = DateTime::parse_from_str(f[1], "%Y-%m-%dT%H:%M:%S%.f%z")
            .unwrap_or_else(|e| panic!("line {}: {e}", n + 1))
            .timestamp_millis();
        out.push(Row {
            ticket: f[0].to_string(),
            at,
            from: f[2].to_string(),
            to: f[3].to_string(),
        });
    }
    Some(out)
}

fn nearest_rank(sorted: &[i64], pct: usize) -> i64 {
    let rank = (pct * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

#[test]
fn aea_jira_figures_match_an_independent_computation() {
    let Some(rows) = rows() else { return };
    assert_eq!(rows.len(), 5754, "the README says 5,754 status changes");

    // Statuses in order of first appearance; each becomes a stage of its own.
    let mut statuses: Vec<String> = Vec::new();
    for r in &rows {
        for s in [&r.from, &r.to] {
            if s != "Done" && !statuses.contains(s) {
                statuses.push(s.clone());
            }
        }
    }
    let nodes: Vec<Node> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Node::Stage(Stage {
                id: NodeId::from_random_bytes([i as u8 + 1; 16]),
                name: s.clone(),
                team: None,
                tool: None,
                partner: None,
                states: vec![s.clone()],
                estimates: Estimates::default(),
            })
        })
        .collect();
    let map = ValueStreamMap::from_parts("AEA", nodes, []).unwrap();
    let mut mappings: Vec<StateMapping> = statuses
        .iter()
        .map(|s| StateMapping {
            source: "aea".into(),
            state: s.clone(),
            stage: None,
            category: if WAITING.contains(&s.as_str()) {
                StateCategory::Waiting
            } else {
                StateCategory::Active
            },
        })
        .collect();
    mappings.push(StateMapping {
        source: "aea".into(),
        state: "Done".into(),
        stage: None,
        category: StateCategory::Done,
    });

    // Tickets in order of first appearance; created at their first change.
    let mut by_ticket: Vec<(String, Vec<&Row>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        let i = *index.entry(&r.ticket).or_insert_with(|| {
            by_ticket.push((r.ticket.clone(), Vec::new()));
            by_ticket.len() - 1
        });
        by_ticket[i].1.push(r);
    }
    // 649 tickets, of which 14 are still Open and never changed status.
    assert_eq!(by_ticket.len(), 649 - 14);
    let now = rows.iter().map(|r| r.at).max().unwrap() + 1;
    let mut b = DatasetBuilder::new();
    for (ticket, rs) in &by_ticket {
        let created = rs.iter().map(|r| r.at).min().unwrap();
        let ix = b
            .add_item("aea", ticket, ticket, FlowItemType::Feature, created)
            .unwrap();
        for r in rs {
            b.add_transition(ix as u64, r.at, Some(&r.from), &r.to)
                .unwrap();
        }
    }
    let data = b.finish().unwrap();
    assert_eq!(
        data.transition_count(),
        5754,
        "every transition accounted for"
    );
    let model = StageModel::new(&map, &mappings, &data).unwrap();

    // Independent: per ticket, rows in file order (already by time), intervals closed at now.
    let mut status_time: HashMap<&str, i64> = HashMap::new();
    let mut flow_times: Vec<i64> = Vec::new();
    let mut completed = 0;
    let mut in_progress_entries: Vec<u32> = Vec::new();
    for (_, rs) in &by_ticket {
        let mut sorted = rs.clone();
        sorted.sort_by_key(|r| r.at); // stable: ties keep file order
        for (k, r) in sorted.iter().enumerate() {
            let end = sorted.get(k + 1).map_or(now, |n| n.at);
            if r.to != "Done" {
                *status_time.entry(&r.to).or_default() += end - r.at;
            }
        }
        let entries = sorted
            .iter()
            .enumerate()
            .filter(|(k, r)| {
                r.to == "In Progress" && (*k == 0 || sorted[k - 1].to != "In Progress")
            })
            .count() as u32;
        if entries > 0 {
            in_progress_entries.push(entries);
        }
        if sorted.last().unwrap().to == "Done" {
            completed += 1;
            let mut k = sorted.len() - 1;
            while k > 0 && sorted[k - 1].to == "Done" {
                k -= 1;
            }
            // Every status but Done is Waiting or Active: work starts at the first change
            // (whose from-status, Open, is itself waiting — but held for no time, as the
            // item was created then).
            let start = sorted[0].at;
            flow_times.push(sorted[k].at - start);
        }
    }
    flow_times.sort_unstable();

    let all = compute(&data, &model, &Query::all_time(now)).unwrap();
    assert_eq!(all.items.completed, completed);
    assert_eq!(all.flow_time.count as usize, flow_times.len());
    assert_eq!(
        all.flow_time.p50,
        Some(nearest_rank(&flow_times, 50) as f64 / 1000.0)
    );
    assert_eq!(
        all.flow_time.p85,
        Some(nearest_rank(&flow_times, 85) as f64 / 1000.0)
    );

    let during = compute(
        &data,
        &model,
        &Query {
            window: WindowKind::During,
            ..Query::all_time(now)
        },
    )
    .unwrap();
    for stage in &during.stages {
        let expected = status_time.get(stage.name.as_str()).copied().unwrap_or(0) as f64 / 1000.0;
        let got = stage.waiting_total_secs + stage.active_total_secs;
        assert!(
            (got - expected).abs() < 1e-3,
            "{}: engine {got} s, independent {expected} s",
            stage.name
        );
    }
    let in_progress = during
        .stages
        .iter()
        .find(|s| s.name == "In Progress")
        .unwrap();
    let reentered = in_progress_entries.iter().filter(|e| **e > 1).count() as f64;
    assert_eq!(in_progress.entered as usize, in_progress_entries.len());
    assert!(
        (in_progress.reentry_rate.unwrap() - reentered / in_progress_entries.len() as f64).abs()
            < 1e-12
    );
    // The bottleneck shares add up to all waiting time (no unmapped states here).
    let shares: f64 = during.stages.iter().map(|s| s.bottleneck_score).sum();
    assert!((shares - 1.0).abs() < 1e-9, "{shares}");
}
