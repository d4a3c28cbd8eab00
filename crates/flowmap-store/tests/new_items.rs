//! New items written several per statement (`DataWriter::add_new_items`, the import into a file
//! that held no items) are stored exactly as one item at a time stores them: same rows, row
//! numbers, transitions and counts; an item the file holds already fails the write and leaves
//! the file as it was.

use flowmap_core::{FlowItemType, ItemId, MapDocument, ValueStreamMap};
use flowmap_store::{DataWriter, MapFile, NewItem, StoreError};
use std::collections::HashMap;
use std::path::Path;

type Changes = Vec<(i64, i64, Option<i64>, i64)>;

/// 21 items (chunks of 8, 8 and 5), with 0 to 40 transitions each (more than one statement's
/// 32 for some), states by id 1–3.
fn items() -> Vec<(String, String, Changes)> {
    (0..21)
        .map(|i| {
            let n = (i * 7) % 41;
            let changes = (0..n)
                .map(|k| {
                    let at = 1_700_000_000_000 + (k / 2) * 60_000;
                    let from = (k > 0).then_some(1 + (k - 1) % 3);
                    (at, k % 2, from, 1 + k % 3)
                })
                .collect();
            (format!("K-{i}"), format!("Item {i}"), changes)
        })
        .collect()
}

fn new_item<'a>(key: &'a str, title: &'a str, created_ms: i64) -> NewItem<'a> {
    NewItem {
        id: ItemId::for_source_key("log", key),
        source: "log",
        key,
        title,
        artifact_type: "Story",
        flow_item_type: FlowItemType::Feature,
        created_ms,
    }
}

fn states(w: &mut DataWriter<'_>) -> Result<(), StoreError> {
    for name in ["Open", "Doing", "Done"] {
        w.state_id(name)?;
    }
    Ok(())
}

fn doc() -> MapDocument {
    MapDocument::new(ValueStreamMap::new("Log").unwrap(), HashMap::new())
}

/// Every item and transition row, with row numbers, in the file's order.
fn rows(path: &Path) -> (Vec<String>, Vec<String>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let all = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join(" "))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    (
        all("SELECT row, hex(id), source, key, title, artifact_type, flow_item_type, created_ms FROM items ORDER BY row"),
        all("SELECT item, at_ms, seq, from_state, to_state FROM transitions ORDER BY item, at_ms, seq"),
    )
}

#[test]
fn new_items_in_batches_are_stored_as_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let items = items();
    let one = dir.path().join("one.flowmap");
    let mut counts_one = (0, 0);
    MapFile::create(&one, &doc(), |w| {
        states(w)?;
        for (i, (key, title, changes)) in items.iter().enumerate() {
            let row = w.add_numbered(&new_item(key, title, i as i64), changes)?;
            assert_eq!(row, i as i64 + 1);
        }
        counts_one = w.added();
        Ok(())
    })
    .unwrap();

    let batched = dir.path().join("batched.flowmap");
    let mut counts_batched = (0, 0);
    let mut got_rows = Vec::new();
    MapFile::create(&batched, &doc(), |w| {
        states(w)?;
        let new: Vec<NewItem<'_>> = (items.iter().enumerate())
            .map(|(i, (key, title, _))| new_item(key, title, i as i64))
            .collect();
        let all: Changes = items.iter().flat_map(|i| i.2.clone()).collect();
        let ends: Vec<usize> = (items.iter())
            .scan(0, |end, i| {
                *end += i.2.len();
                Some(*end)
            })
            .collect();
        w.add_new_items(&new, &all, &ends, &mut got_rows)?;
        counts_batched = w.added();
        Ok(())
    })
    .unwrap();

    assert_eq!(got_rows, (1..=21).collect::<Vec<i64>>());
    assert_eq!(counts_batched, counts_one);
    assert_eq!(counts_one.0, 21);
    let (items_one, transitions_one) = rows(&one);
    assert_eq!(transitions_one.len() as u64, counts_one.1);
    assert_eq!(rows(&batched), (items_one, transitions_one));
}

#[test]
fn a_new_item_the_file_holds_already_fails_the_write_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.flowmap");
    MapFile::create(&path, &doc(), |w| {
        states(w)?;
        w.add_numbered(&new_item("K-1", "First", 0), &[(1, 0, None, 1)])?;
        Ok(())
    })
    .unwrap();
    let before = rows(&path);
    let mut file = MapFile::open(&path).unwrap();
    let err = file
        .write_items(|w| {
            let new = [new_item("K-2", "Second", 0), new_item("K-1", "Again", 0)];
            let mut got = Vec::new();
            w.add_new_items(&new, &[(5, 0, None, 2), (6, 0, None, 3)], &[1, 2], &mut got)
        })
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    drop(file);
    assert_eq!(rows(&path), before);
}
