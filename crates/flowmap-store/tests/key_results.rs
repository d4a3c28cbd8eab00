//! Flow key results in the file: added, read back in order, changed only by a writer that read
//! the latest version, removed; two writers never overwrite each other; a damaged body is named.

use chrono::{TimeZone, Utc};
use flowmap_core::*;
use flowmap_store::{MapFile, StoreError};
use std::collections::HashMap;

fn kr(n: u8, name: &str) -> KeyResult {
    KeyResult {
        id: KeyResultId::from_random_bytes([n; 16]),
        objective: "Predictable delivery".into(),
        name: name.into(),
        figure: KrFigure::FlowTimeP85,
        flow_item_type: Some(FlowItemType::Feature),
        stage: None,
        baseline: 20.0 * 86_400.0,
        target: 10.0 * 86_400.0,
        start: Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
        due: Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap(),
        owner: "Dana".into(),
    }
}

fn file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("okr.flowmap");
    let map = ValueStreamMap::from_parts("Stream", Vec::<Node>::new(), Vec::<Edge>::new()).unwrap();
    MapFile::create(&path, &MapDocument::new(map, HashMap::new()), |_| Ok(())).unwrap();
    path
}

#[test]
fn key_results_are_added_changed_and_removed_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path());
    let mut f = MapFile::open(&path).unwrap();
    assert!(f.key_results().unwrap().is_empty());
    assert_eq!(
        f.save_key_result(&kr(1, "Feature flow time"), None)
            .unwrap(),
        1
    );
    assert_eq!(f.save_key_result(&kr(2, "Defect share"), None).unwrap(), 1);
    let changed = KeyResult {
        target: 8.0 * 86_400.0,
        ..kr(1, "Feature flow time")
    };
    assert_eq!(f.save_key_result(&changed, Some(1)).unwrap(), 2);
    drop(f);
    let mut f = MapFile::open(&path).unwrap();
    let stored = f.key_results().unwrap();
    let names: Vec<&str> = stored.iter().map(|s| s.key_result.name.as_str()).collect();
    assert_eq!(names, ["Feature flow time", "Defect share"]);
    assert_eq!(stored[0].key_result, changed);
    assert_eq!(stored[0].version, 2);
    f.delete_key_result(kr(2, "").id, 1).unwrap();
    assert_eq!(f.key_results().unwrap().len(), 1);
    // Adding one that exists is refused.
    let e = f
        .save_key_result(&kr(1, "Feature flow time"), None)
        .unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
}

#[test]
fn a_writer_that_read_an_older_version_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path());
    let mut a = MapFile::open(&path).unwrap();
    let mut b = MapFile::open(&path).unwrap();
    a.save_key_result(&kr(1, "Feature flow time"), None)
        .unwrap();
    // Both read version 1; B writes first.
    let read_a = a.key_results().unwrap()[0].version;
    let read_b = b.key_results().unwrap()[0].version;
    let by_b = KeyResult {
        owner: "Bo".into(),
        ..kr(1, "Feature flow time")
    };
    b.save_key_result(&by_b, Some(read_b)).unwrap();
    let by_a = KeyResult {
        target: 5.0 * 86_400.0,
        ..kr(1, "Feature flow time")
    };
    let e = a.save_key_result(&by_a, Some(read_a)).unwrap_err();
    assert!(matches!(e, StoreError::RecordChanged { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("the key result \"Feature flow time\" as read was changed or removed by another program"),
        "{e}"
    );
    let e = a.delete_key_result(by_a.id, read_a).unwrap_err();
    assert!(matches!(e, StoreError::RecordChanged { .. }), "{e}");
    // B's change stands.
    let now = MapFile::open(&path).unwrap().key_results().unwrap();
    assert_eq!(now[0].key_result.owner, "Bo");
    assert_eq!(now[0].version, 2);
}

#[test]
fn a_damaged_key_result_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path());
    MapFile::open(&path)
        .unwrap()
        .save_key_result(&kr(1, "Feature flow time"), None)
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE key_results SET body = '{\"id\": 3}'", [])
        .unwrap();
    drop(conn);
    let e = MapFile::open(&path).unwrap().key_results().unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("key result 01010101-0101-4101-8101-010101010101"),
        "{text}"
    );
}
