//! Schema 9: items have no index on their id (found by source and key). A file written by
//! schema 8 opens, reads the same, and takes the writes it took before.

use chrono::{TimeZone, Utc};
use flowmap_core::*;
use flowmap_store::{schema, MapFile};

fn item(key: &str, title: &str) -> Item {
    let created = Utc.timestamp_millis_opt(1_000).unwrap();
    Item::new("jira", key, title, "Bug", FlowItemType::Defect, created)
}

fn target(key: &str) -> LinkTarget {
    LinkTarget {
        source: None,
        key: key.into(),
    }
}

fn at(ms: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).unwrap()
}

fn change(item: &Item, ms: i64, from: Option<&str>, to: &str) -> Transition {
    Transition {
        item: item.id,
        from_state: from.map(str::to_string),
        to_state: to.into(),
        at: at(ms),
    }
}

/// Everything a reader sees of the items, transitions and links, in a stable order.
fn contents(file: &MapFile) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut items: Vec<String> = file
        .items()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {} {} {:?} {}",
                i.id,
                i.source,
                i.key,
                i.title,
                i.artifact_type,
                i.flow_item_type,
                i.created.timestamp_millis()
            )
        })
        .collect();
    items.sort();
    let transitions = file
        .transitions()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} {:?} {} {}",
                t.item,
                t.from_state,
                t.to_state,
                t.at.timestamp_millis()
            )
        })
        .collect();
    let links = file
        .links()
        .unwrap()
        .iter()
        .map(|l| format!("{} {:?} {:?} {:?}", l.from, l.target, l.kind, l.origin))
        .collect();
    (items, transitions, links)
}

fn index_names(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'")
        .unwrap();
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    names
}

#[test]
fn a_file_of_schema_8_opens_reads_the_same_and_takes_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eight.flowmap");
    let a = item("ABC-1", "First");
    let b = item("ABC-2", "Second");
    // A version-8 file as the previous release wrote it: two items (rows 1 and 3: a gap left
    // by a removed item), their transitions and a link.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        for m in &schema::MIGRATIONS[..8] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 8).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('name', 'Eight');
             INSERT INTO states (id, name) VALUES (1, 'To Do'), (2, 'Done');",
        )
        .unwrap();
        for (row, i) in [(1, &a), (3, &b)] {
            conn.execute(
                "INSERT INTO items (row, id, source, key, title, artifact_type, flow_item_type, created_ms)
                 VALUES (?1, ?2, 'jira', ?3, ?4, 'Bug', 'Defect', 1000)",
                rusqlite::params![row, i.id.as_bytes().as_slice(), i.key, i.title],
            )
            .unwrap();
        }
        conn.execute_batch(
            "INSERT INTO transitions (item, at_ms, seq, to_state, from_state) VALUES
                 (1, 2000, 0, 1, 0), (1, 3000, 0, 2, 1), (3, 2500, 0, 1, 0);
             INSERT INTO links VALUES (3, 'jira', 'ABC-1', 'parent', 'Epic', 'jira');",
        )
        .unwrap();
    }
    let before = {
        // What the previous schema reads, by hand: the rows in the same order.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT row, key FROM items ORDER BY row")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    };
    assert!(index_names(&path).len() >= 2, "schema 8 indexes ids");
    let mut file = MapFile::open(&path).unwrap();
    assert_eq!(file.schema_version().unwrap(), schema::VERSION);
    let (items, transitions, links) = contents(&file);
    assert_eq!(items.len(), 2);
    assert!(
        items[0].contains("ABC-1 First Bug Defect 1000"),
        "{items:?}"
    );
    assert_eq!(
        transitions,
        vec![
            format!("{} None To Do 2000", a.id),
            format!("{} Some(\"To Do\") Done 3000", a.id),
            format!("{} None To Do 2500", b.id),
        ]
    );
    assert_eq!(links.len(), 1);
    assert!(links[0].starts_with(&b.id.to_string()), "{links:?}");
    // The rows kept their numbers (transitions and links refer to them) and the id's index
    // is gone; the (source, key) one stays.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT row, key FROM items ORDER BY row")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, before);
        let fk: Vec<(String, i64)> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(fk.is_empty(), "foreign keys hold: {fk:?}");
    }
    assert_eq!(index_names(&path).len(), 1, "{:?}", index_names(&path));
    // The same item again is updated where it is (by source and key), with its history
    // stored once; a new one takes the next row; links find items by key.
    let renamed = item("ABC-1", "First, renamed");
    let c = item("ABC-3", "Third");
    let added = file
        .write_items(|w| {
            w.add(
                &renamed,
                &[
                    change(&renamed, 2000, None, "To Do"),
                    change(&renamed, 3000, Some("To Do"), "Done"),
                ],
            )?;
            w.add(&c, &[change(&c, 4000, None, "To Do")])?;
            w.put_links(
                "jira",
                "ABC-3",
                true,
                &[(LinkKind::Parent, target("ABC-1"), String::new())],
            )?;
            Ok(w.added())
        })
        .unwrap();
    assert_eq!(added, (2, 1), "only ABC-3's transition is new");
    let (items, transitions, links) = contents(&file);
    assert_eq!(items.len(), 3);
    assert!(
        items.iter().any(|i| i.contains("ABC-1 First, renamed")),
        "{items:?}"
    );
    assert_eq!(transitions.len(), 4);
    assert_eq!(links.len(), 2);
    assert!(file
        .link_items(("jira", "ABC-2"), &target("ABC-3"), LinkKind::Relates)
        .unwrap());
    let err = file
        .link_items(("jira", "NOPE"), &target("ABC-3"), LinkKind::Relates)
        .unwrap_err();
    assert!(err.to_string().contains("\"NOPE\""), "{err}");
    drop(file);
    let rows: Vec<i64> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let rows = conn
            .prepare("SELECT row FROM items ORDER BY row")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    };
    assert_eq!(rows, vec![1, 3, 4]);
}
