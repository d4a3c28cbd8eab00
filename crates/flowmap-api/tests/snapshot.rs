//! The engine's columns stored beside the rows: a map opens from them when they are of the
//! file's current data, and never when they are damaged or stale.

use chrono::{TimeZone, Utc};
use flowmap_api::wire::MetricsRequest;
use flowmap_api::{create_demo, OpenMap};
use flowmap_core::{FlowItemType, Item, Transition};
use flowmap_metrics::SNAPSHOT_FORMAT;
use flowmap_store::MapFile;
use std::path::Path;

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

fn has_snapshot(path: &Path) -> bool {
    MapFile::open(path)
        .unwrap()
        .snapshot(SNAPSHOT_FORMAT)
        .unwrap()
        .is_some()
}

/// Another process adds an item the way imports and syncs do.
fn add_item_elsewhere(path: &Path, key: &str) {
    let at = |d| Utc.with_ymd_and_hms(2026, 10, d, 9, 0, 0).unwrap();
    let item = Item::new(
        "other",
        key,
        "added elsewhere",
        "Bug",
        FlowItemType::Defect,
        at(1),
    );
    let t = |from: Option<&str>, to: &str, d| Transition {
        item: item.id,
        from_state: from.map(str::to_string),
        to_state: to.into(),
        at: at(d),
    };
    let ts = [t(None, "Open", 1), t(Some("Open"), "Done", 3)];
    MapFile::open(path)
        .unwrap()
        .write_items(|w| w.add(&item, &ts))
        .unwrap();
}

#[test]
fn a_map_opens_from_its_snapshot_with_the_same_figures_as_from_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 400, 3).unwrap();
    let open = OpenMap::open(&path).unwrap();
    let rows = open.dataset_from_rows().unwrap();
    assert!(!has_snapshot(&path), "a new file has none yet");
    let figures = metrics_json(&path);
    assert!(has_snapshot(&path), "the first reader stores it");
    // Read back from the snapshot: the same columns, the same figures.
    assert_eq!(OpenMap::open(&path).unwrap().dataset().unwrap(), rows);
    assert_eq!(metrics_json(&path), figures);
    // A snapshot of another format (another build's) is not read: rebuilt in this one's.
    let file = MapFile::open(&path).unwrap();
    let generation = file.data_generation().unwrap();
    assert!(file
        .store_snapshot(
            SNAPSHOT_FORMAT + 1,
            generation,
            file.count_rows().unwrap(),
            b"FMDS from a newer build"
        )
        .unwrap());
    assert!(!has_snapshot(&path));
    assert_eq!(OpenMap::open(&path).unwrap().dataset().unwrap(), rows);
    assert!(has_snapshot(&path));
}

#[test]
fn a_snapshot_with_a_flipped_byte_is_rebuilt_from_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 400, 3).unwrap();
    let figures = metrics_json(&path);
    let rows = OpenMap::open(&path).unwrap().dataset_from_rows().unwrap();
    // Flip a byte of the stored blob on disk: in its count of states, which a reader trusting
    // it would misread.
    let mut bytes = std::fs::read(&path).unwrap();
    let magic = bytes
        .windows(4)
        .position(|w| w == b"FMDS")
        .expect("the snapshot is in the file");
    bytes[magic + 16] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    assert!(!has_snapshot(&path), "its checksum fails: not handed out");
    let open = OpenMap::open(&path).unwrap();
    assert_eq!(open.dataset().unwrap(), rows);
    assert_eq!(metrics_json(&path), figures);
    assert!(has_snapshot(&path), "stored again, whole");
}

#[test]
fn rows_changed_by_another_writer_are_read_not_the_old_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 300, 5).unwrap();
    let before = OpenMap::open(&path).unwrap().dataset().unwrap();
    assert!(has_snapshot(&path));
    // The window keeps the file open while another process imports.
    let window = OpenMap::open(&path).unwrap();
    add_item_elsewhere(&path, "X-1");
    assert!(
        !has_snapshot(&path),
        "the writer deleted it in its transaction"
    );
    let after = window.dataset().unwrap();
    assert_eq!(after.item_count(), before.item_count() + 1);
    assert_eq!(after, window.dataset_from_rows().unwrap());
    assert!(has_snapshot(&path));
    assert_eq!(OpenMap::open(&path).unwrap().dataset().unwrap(), after);
    // The counts kept with it are the rows' counts.
    let file = MapFile::open(&path).unwrap();
    assert_eq!(file.counts().unwrap(), file.count_rows().unwrap());
    assert_eq!(file.counts().unwrap().items, after.item_count() as u64);
    add_item_elsewhere(&path, "X-3");
    assert_eq!(file.counts().unwrap().items, after.item_count() as u64 + 1);
}

#[test]
fn a_snapshot_built_before_another_write_is_not_stored_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 200, 9).unwrap();
    let file = MapFile::open(&path).unwrap();
    let generation = file.data_generation().unwrap();
    let stale = OpenMap::open(&path).unwrap().dataset_from_rows().unwrap();
    add_item_elsewhere(&path, "X-2");
    let stored = file
        .store_snapshot(
            SNAPSHOT_FORMAT,
            generation,
            file.count_rows().unwrap(),
            &stale.encode(),
        )
        .unwrap();
    assert!(!stored, "the data moved on while it was read");
    assert!(!has_snapshot(&path));
    let now = OpenMap::open(&path).unwrap().dataset().unwrap();
    assert_eq!(now.item_count(), stale.item_count() + 1);
}

#[test]
fn a_snapshot_is_not_waited_for_while_another_writer_holds_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.flowmap");
    create_demo(&path, 200, 4).unwrap();
    let reader = MapFile::open(&path).unwrap();
    let generation = reader.data_generation().unwrap();
    let data = OpenMap::open(&path).unwrap().dataset_from_rows().unwrap();
    // An import job holds the file's write lock while the window reads.
    MapFile::open(&path)
        .unwrap()
        .write_items(|_| {
            let counts = reader.count_rows()?;
            let stored =
                reader.store_snapshot(SNAPSHOT_FORMAT, generation, counts, &data.encode())?;
            // Not stored, and not waited for: waiting would fail with `busy` after a minute.
            assert!(!stored, "not stored under another writer's lock");
            Ok(())
        })
        .unwrap();
    assert!(!has_snapshot(&path));
}
