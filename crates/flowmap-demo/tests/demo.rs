//! The demo looks like a real stream: a bottleneck queue, rework, canceled and in-flight items.

use flowmap_core::{Item, Transition};
use flowmap_demo::{demo_map, generate, DemoOptions};
use std::collections::HashMap;

fn run(items: u64, seed: u64) -> Vec<(Item, Vec<Transition>)> {
    let mut out = Vec::new();
    generate::<()>(&DemoOptions::new(items, seed), |i, t| {
        out.push((i, t));
        Ok(())
    })
    .unwrap();
    out
}

#[test]
fn the_demo_map_is_the_documented_toolchain() {
    let demo = demo_map(42);
    let map = &demo.document.map;
    let names: Vec<&str> = map.nodes().map(|n| n.name()).collect();
    for expected in [
        "Salesforce",
        "desk.com",
        "TargetProcess",
        "Jira",
        "GitHub",
        "Jenkins",
        "Nearshore Jira",
        "Nearshore Partner Ltd",
        "Customers",
        "Testing",
    ] {
        assert!(names.contains(&expected), "{expected} missing");
    }
    assert_eq!(map.rework_loops().len(), 2);
    // Every node has a position.
    for n in map.nodes() {
        let owns = map.owned_by(n.id()).next().is_some();
        assert!(
            owns || demo.document.layout.contains_key(&n.id()),
            "{}",
            n.name()
        );
    }
}

#[test]
fn every_item_is_emitted_once_with_a_consistent_history() {
    let opts = DemoOptions::new(1500, 42);
    let items = run(1500, 42);
    assert_eq!(items.len(), 1500);
    let mut keys: Vec<&str> = items.iter().map(|(i, _)| i.key.as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 1500);
    for (item, ts) in &items {
        assert!(!ts.is_empty(), "{} has no history", item.key);
        assert_eq!(ts[0].at, item.created);
        assert_eq!(ts[0].from_state, None);
        for w in ts.windows(2) {
            assert!(w[0].at <= w[1].at, "{} goes back in time", item.key);
            assert_eq!(w[1].from_state.as_deref(), Some(w[0].to_state.as_str()));
        }
        assert!(ts.last().unwrap().at < opts.as_of);
        assert!(item.created >= opts.start);
    }
}

#[test]
fn the_demo_has_done_canceled_in_flight_and_reworked_items() {
    let items = run(2000, 42);
    let last = |ts: &Vec<Transition>| ts.last().unwrap().to_state.clone();
    let done = items.iter().filter(|(_, t)| last(t) == "Done").count();
    let canceled = items.iter().filter(|(_, t)| last(t) == "Won't Do").count();
    let in_flight = items.len() - done - canceled;
    assert!(done > 1000, "done {done}");
    assert!(canceled > 20, "canceled {canceled}");
    assert!(in_flight > 50, "in flight {in_flight}");
    let reworked = items
        .iter()
        .filter(|(_, ts)| ts.iter().filter(|t| t.to_state == "In Progress").count() > 1)
        .count();
    assert!(reworked > 200, "reworked {reworked}");
}

#[test]
fn a_queue_builds_in_front_of_testing() {
    // Median wait in "Ready for QA" in the last quarter of the period exceeds that of the first.
    let opts = DemoOptions::new(2000, 42);
    let items = run(2000, 42);
    let span = (opts.as_of - opts.start).num_milliseconds();
    let mut early = Vec::new();
    let mut late = Vec::new();
    let mut waits: HashMap<String, Vec<i64>> = HashMap::new();
    for (_, ts) in &items {
        for w in ts.windows(2) {
            let d = (w[1].at - w[0].at).num_milliseconds();
            waits.entry(w[0].to_state.clone()).or_default().push(d);
            if w[0].to_state == "Ready for QA" {
                let at = (w[0].at - opts.start).num_milliseconds();
                if at < span / 4 {
                    early.push(d);
                } else if at > span * 3 / 4 {
                    late.push(d);
                }
            }
        }
    }
    let median = |v: &mut Vec<i64>| {
        v.sort();
        v[v.len() / 2]
    };
    let (e, l) = (median(&mut early), median(&mut late));
    assert!(l > e, "the QA queue should grow: early {e} ms, late {l} ms");
    // And it is the longest wait of the active workflow after the backlog.
    let qa = median(waits.get_mut("Ready for QA").unwrap());
    for other in [
        "Selected for Development",
        "Review Requested",
        "Ready to Deploy",
        "Partner Queue",
    ] {
        assert!(qa > median(waits.get_mut(other).unwrap()), "{other}");
    }
}

#[test]
fn the_same_seed_gives_the_same_history_and_another_seed_does_not() {
    let a = run(300, 9);
    let b = run(300, 9);
    let c = run(300, 10);
    assert_eq!(a, b);
    assert_ne!(a, c);
}
