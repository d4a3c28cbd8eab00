//! An import stores the engine's columns of what the file holds in its own transaction: the
//! first open after it reads the snapshot, not the rows, and sees what the rows say — into a
//! new file, into a file holding another source's items, and not when the import changed items
//! stored before (the first reader builds them then). A cancelled import leaves the old ones.

use chrono::Utc;
use flowmap_api::commands::Backend;
use flowmap_api::wire::{ImportLogOptions, MetricsRequest};
use flowmap_api::{create_demo, import_log, EditSession, OpenMap, RecoveryCopy};
use flowmap_metrics::{Dataset, SNAPSHOT_FORMAT};
use flowmap_store::MapFile;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

/// The stored snapshot of the file's current data, decoded; `None` when there is none.
fn snapshot(path: &Path) -> Option<Dataset> {
    let bytes = MapFile::open(path)
        .unwrap()
        .snapshot(SNAPSHOT_FORMAT)
        .unwrap()?;
    Some(Dataset::decode(&bytes).unwrap())
}

fn metrics_json(path: &Path) -> String {
    let request = MetricsRequest {
        now: Some("2026-11-02".into()),
        ..Default::default()
    };
    let m = OpenMap::open(path)
        .unwrap()
        .metrics(&request, Utc::now())
        .unwrap();
    serde_json::to_string(&m).unwrap()
}

/// The figures of a copy of `path` whose snapshot is of another format: computed from rows.
fn metrics_from_rows(path: &Path) -> String {
    let copy = path.with_extension("rows.flowmap");
    std::fs::copy(path, &copy).unwrap();
    let file = MapFile::open(&copy).unwrap();
    let generation = file.data_generation().unwrap();
    let counts = file.count_rows().unwrap();
    assert!(file
        .store_snapshot(SNAPSHOT_FORMAT + 1, generation, counts, b"another build's")
        .unwrap());
    drop(file);
    assert!(snapshot(&copy).is_none());
    let figures = metrics_json(&copy);
    std::fs::remove_file(&copy).unwrap();
    figures
}

/// The snapshot is of the current data and equals the columns built from the rows; the
/// figures from it are those from the rows. Returns the columns.
fn assert_current(path: &Path) -> Dataset {
    let stored = snapshot(path).expect("the import stored the engine's columns");
    let file = MapFile::open(path).unwrap();
    let counts = file.counts().unwrap();
    assert_eq!(counts, file.count_rows().unwrap(), "counts kept with it");
    let rows = OpenMap::open(path).unwrap().dataset_from_rows().unwrap();
    assert_eq!(stored, rows, "the snapshot is what the rows say");
    assert_eq!(metrics_json(path), metrics_from_rows(path));
    stored
}

/// A log in no order: items interleaved, an item's rows apart (it is read in parts), ties at
/// one instant in the source's order and a chain, a repeated row, a zoneless time.
fn unsorted_log(dir: &Path, name: &str, prefix: &str, items: usize) -> PathBuf {
    let mut text = String::from("ticket,changed_at,from_status,to_status,type,summary\n");
    let states = ["Open", "In progress", "Review", "Done"];
    for round in 0..states.len() {
        for i in 0..items {
            let item = (i * 7 + round) % items;
            if item % 5 == 4 && round == 3 {
                continue; // still in review
            }
            let day = 1 + item % 20 + round * 2;
            let from = if round == 0 { "" } else { states[round - 1] };
            let kind = ["Story", "Bug", "Task"][item % 3];
            text.push_str(&format!(
                "{prefix}-{item},2026-03-{day:02}T09:00:00Z,{from},{},{kind},\"Item, {item}\"\n",
                states[round]
            ));
            if item.is_multiple_of(9) && round == 1 {
                // Back to Open and on again at one instant, and the row repeated.
                text.push_str(&format!(
                    "{prefix}-{item},2026-03-{day:02}T09:00:00Z,In progress,Open,{kind},x\n\
                     {prefix}-{item},2026-03-{day:02}T09:00:00Z,Open,In progress,{kind},x\n\
                     {prefix}-{item},2026-03-{day:02}T09:00:00Z,Open,In progress,{kind},x\n"
                ));
            }
            if item.is_multiple_of(11) && round == 2 {
                text.push_str(&format!(
                    "{prefix}-{item},2026-03-{day:02} 15:30,Review,In progress,{kind},x\n"
                ));
            }
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn after_an_import_into_a_new_file_the_snapshot_is_current_and_what_the_rows_say() {
    let tmp = tempfile::tempdir().unwrap();
    let log = unsorted_log(tmp.path(), "team.csv", "T", 300);
    let file = tmp.path().join("team.flowmap");
    let report = import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
    assert_eq!(report.items_fetched, 300);
    let data = assert_current(&file);
    assert_eq!(data.item_count(), 300);
    assert_eq!(data.transition_count() as u64, report.transitions_added);
}

#[test]
fn an_import_into_a_file_with_another_sources_items_appends_to_its_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("demo.flowmap");
    create_demo(&file, 300, 5).unwrap();
    // The demo has no snapshot yet: the import cannot extend one, and stores none.
    assert!(snapshot(&file).is_none());
    let first = unsorted_log(tmp.path(), "first.csv", "F", 40);
    import_log(&file, &first, &ImportLogOptions::default(), None).unwrap();
    assert!(
        snapshot(&file).is_none(),
        "no columns of the demo's items to extend"
    );
    // A reader stores the columns; the next import extends them.
    let before = OpenMap::open(&file).unwrap().dataset().unwrap();
    assert!(snapshot(&file).is_some());
    let second = unsorted_log(tmp.path(), "second.csv", "S", 120);
    import_log(&file, &second, &ImportLogOptions::default(), None).unwrap();
    let after = assert_current(&file);
    assert_eq!(after.item_count(), before.item_count() + 120);
    assert_eq!(
        after.sources(),
        ["jira", "first", "second"].map(String::from)
    );
    // A third log into the same source, new items only: its states are already known.
    let more = unsorted_log(tmp.path(), "more.csv", "M", 30);
    let options = ImportLogOptions {
        source: Some("second".into()),
        ..Default::default()
    };
    import_log(&file, &more, &options, None).unwrap();
    assert_eq!(
        assert_current(&file).item_count(),
        before.item_count() + 150
    );
}

#[test]
fn an_import_that_changes_stored_items_leaves_the_columns_to_the_first_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let log = unsorted_log(tmp.path(), "team.csv", "T", 50);
    let file = tmp.path().join("team.flowmap");
    import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
    assert!(snapshot(&file).is_some());
    // The same items again, one more change each: the stored items change.
    let mut text = std::fs::read_to_string(&log).unwrap();
    for i in 0..50 {
        text.push_str(&format!(
            "T-{i},2026-04-20T09:00:00Z,Done,Reopened,Story,again\n"
        ));
    }
    std::fs::write(&log, text).unwrap();
    let report = import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
    assert_eq!(report.items_new, 0);
    assert!(snapshot(&file).is_none(), "stale columns are never stored");
    metrics_json(&file);
    let data = assert_current(&file);
    assert!(
        data.state_keys().any(|(_, _, state)| state == "Reopened"),
        "the first reader built the columns of the new changes"
    );
    assert_eq!(
        data.transition_count() as u64,
        MapFile::open(&file)
            .unwrap()
            .count_rows()
            .unwrap()
            .transitions
    );
}

#[test]
fn a_cancelled_import_leaves_the_old_rows_and_the_old_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("team.flowmap");
    let small = unsorted_log(tmp.path(), "small.csv", "A", 20);
    import_log(&file, &small, &ImportLogOptions::default(), None).unwrap();
    let old = assert_current(&file);
    let big = unsorted_log(tmp.path(), "big.csv", "B", 40_000);
    let backend = Backend::new(
        EditSession::open(&file),
        RecoveryCopy::new(tmp.path().join("recovery.json")),
    );
    let options = json!({ "columns": {}, "skip_bad_rows": false });
    let id = common::call(
        &backend,
        "start_import",
        json!({ "path": big, "options": options }),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = common::call(&backend, "job_status", json!({ "id": id })).unwrap();
        if s["phase"] == "writing" || s["state"] != "running" {
            break;
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(5));
    }
    common::call(&backend, "cancel_job", json!({ "id": id })).unwrap();
    let status = loop {
        let s = common::call(&backend, "job_status", json!({ "id": id })).unwrap();
        if s["state"] != "running" {
            break s;
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status["state"], "cancelled", "{status}");
    assert_eq!(
        snapshot(&file),
        Some(old.clone()),
        "the old snapshot, still current"
    );
    assert_eq!(assert_current(&file), old);
}

/// A log sorted by item, each item's rows in time order (ties at one instant in the source's
/// order and a repeated row among them); with `later_parts`, the last change of some of the
/// first half's items comes at the end of the log, so they are read in two parts after many
/// items came whole.
fn sorted_log(dir: &Path, name: &str, prefix: &str, items: usize, later_parts: bool) -> PathBuf {
    let mut text = String::from("ticket,changed_at,from_status,to_status,type,summary\n");
    let mut at_end = String::new();
    for item in 0..items {
        let kind = ["Story", "Bug", "Task"][item % 3];
        let day = 1 + item % 20;
        let row = |day: usize, hour: usize, from: &str, to: &str| {
            format!("{prefix}-{item},2026-03-{day:02}T{hour:02}:00:00Z,{from},{to},{kind},\"Item, {item}\"\n")
        };
        text.push_str(&row(day, 9, "", "Open"));
        text.push_str(&row(day, 10, "Open", "In progress"));
        if item.is_multiple_of(9) {
            // Back to Open and on again at one instant, and the row repeated.
            text.push_str(&row(day, 11, "In progress", "Open"));
            text.push_str(&row(day, 11, "Open", "In progress"));
            text.push_str(&row(day, 11, "Open", "In progress"));
        }
        text.push_str(&row(day + 1, 9, "In progress", "Review"));
        if item % 5 != 4 {
            let done = row(day + 2, 9, "Review", "Done");
            match later_parts && item % 4 == 1 && item < items / 2 {
                true => at_end.push_str(&done),
                false => text.push_str(&done),
            }
        }
    }
    text.push_str(&at_end);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The reading thread builds the columns as items come while the log is sorted by item, and
/// from a record of the rows once an item comes in parts: either way they are what the rows say.
#[test]
fn a_log_sorted_by_item_whole_or_with_later_parts_gives_the_snapshot_the_rows_give() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, later_parts) in [("whole.csv", false), ("parts.csv", true)] {
        let log = sorted_log(tmp.path(), name, "T", 400, later_parts);
        let file = tmp.path().join(name).with_extension("flowmap");
        let report = import_log(&file, &log, &ImportLogOptions::default(), None).unwrap();
        assert_eq!(report.items_fetched, 400);
        let data = assert_current(&file);
        assert_eq!(data.item_count(), 400, "{name}");
        assert_eq!(data.transition_count() as u64, report.transitions_added);
        // T-45 went back to Open and on again at one instant (the repeated row is one change),
        // then to Review and (in its second part, in the log with later parts) Done.
        let t45 = (0..400).find(|i| data.item_key(*i) == "T-45").unwrap();
        let states: Vec<&str> = data
            .item_states(t45)
            .iter()
            .map(|k| data.state_keys().nth(*k as usize).unwrap().2)
            .collect();
        assert_eq!(
            states,
            [
                "Open",
                "In progress",
                "Open",
                "In progress",
                "Review",
                "Done"
            ],
            "{name}"
        );
    }
}

/// A sorted log into a file holding another source's items and their snapshot: the columns the
/// reading thread built are appended to the file's.
#[test]
fn a_sorted_log_into_a_file_with_a_snapshot_extends_it() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("team.flowmap");
    let first = unsorted_log(tmp.path(), "first.csv", "F", 60);
    import_log(&file, &first, &ImportLogOptions::default(), None).unwrap();
    let before = assert_current(&file);
    let second = sorted_log(tmp.path(), "second.csv", "S", 90, false);
    import_log(&file, &second, &ImportLogOptions::default(), None).unwrap();
    let after = assert_current(&file);
    assert_eq!(after.item_count(), before.item_count() + 90);
    assert_eq!(after.sources(), ["first", "second"].map(String::from));
}
