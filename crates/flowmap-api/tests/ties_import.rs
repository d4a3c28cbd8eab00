//! An import's report of ties, duplicates, zoneless times, items that start Done and changes
//! after now; the source's order of tied changes kept through the file; a re-import stores
//! nothing twice.

use flowmap_api::import_log;
use flowmap_api::wire::ImportLogOptions;
use flowmap_store::MapFile;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn states_of(file: &Path, key: &str) -> Vec<(Option<String>, String)> {
    let f = MapFile::open(file).unwrap();
    let id = f
        .items()
        .unwrap()
        .into_iter()
        .find(|i| i.key == key)
        .unwrap()
        .id;
    f.transitions()
        .unwrap()
        .into_iter()
        .filter(|t| t.item == id)
        .map(|t| (t.from_state, t.to_state))
        .collect()
}

const LOG: &str = "item,state,at
A,Active,2024-01-01 00:00
A,Resolved,2024-01-01T02:00:00Z
A,Closed,2024-01-01T02:00:00Z
E,Active,2024-01-01T00:00:00Z
E,Awaiting,2024-01-01T01:00:00Z
E,Active,2024-01-01T01:00:00Z
E,Active,2024-01-01T01:00:00Z
F,Closed,2024-01-01T00:00:00Z
G,Active,2199-01-01T00:00:00Z
";

#[test]
fn the_report_counts_what_reading_did_and_a_reimport_stores_nothing_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("m.flowmap");
    let log = write(tmp.path(), "log.csv", LOG);
    let r = import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
    // E's last row repeats its previous change exactly: dropped. A: 3, E: 3, F: 1, G: 1.
    assert_eq!(r.read.duplicate_rows, 1);
    assert_eq!(r.transitions_added, 8);
    assert_eq!(r.read.zoneless_times, 1);
    // F's first state is Closed (proposed Done): no work start.
    assert_eq!(r.read.started_done, 1);
    assert_eq!(r.read.after_now, 1);
    // A at 2 h and E at 1 h, without from-states: the file's order.
    assert_eq!((r.read.ties_in_source_order, r.read.ties_by_chain), (2, 0));
    let names = |v: Vec<(Option<String>, String)>| v.into_iter().map(|t| t.1).collect::<Vec<_>>();
    assert_eq!(
        names(states_of(&file, "A")),
        ["Active", "Resolved", "Closed"]
    );
    assert_eq!(
        names(states_of(&file, "E")),
        ["Active", "Awaiting", "Active"]
    );

    let again = import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
    assert_eq!(again.transitions_added, 0);
    assert_eq!(
        MapFile::open(&file).unwrap().counts().unwrap().transitions,
        8
    );
    assert_eq!(
        names(states_of(&file, "E")),
        ["Active", "Awaiting", "Active"]
    );
}

#[test]
fn a_consistent_from_state_chain_is_reported_and_the_file_keeps_the_source_order() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("m.flowmap");
    let log = write(
        tmp.path(),
        "log.csv",
        "item,from,state,at
B,,Active,2024-01-01T00:00:00Z
B,Resolved,Closed,2024-01-01T03:00:00Z
B,Active,Resolved,2024-01-01T03:00:00Z
C,Active,Awaiting,2024-01-01T00:00:00Z
C,,Active,2024-01-01T00:00:00Z
",
    );
    let r = import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
    // B at 3 h: the chain puts Resolved first; C at 0 h: its row without a from-state first.
    assert_eq!((r.read.ties_in_source_order, r.read.ties_by_chain), (0, 2));
    // The file keeps the source's order; the engine applies the rule when it reads.
    let b = states_of(&file, "B");
    assert_eq!(b[1], (Some("Resolved".into()), "Closed".into()));
    assert_eq!(b[2], (Some("Active".into()), "Resolved".into()));
}
