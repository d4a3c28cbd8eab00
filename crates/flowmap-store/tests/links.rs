//! Links between items in the file: written with a source's items, replaced by a re-sync (never
//! a hand link), dropped with the source's items, and an older file upgraded to hold them.

use chrono::{TimeZone, Utc};
use flowmap_core::*;
use flowmap_store::{schema, MapFile, SourceRecord};
use std::collections::HashMap;

fn item(source: &str, key: &str) -> Item {
    Item::new(
        source,
        key,
        format!("{key} title"),
        "Story",
        FlowItemType::Feature,
        Utc.timestamp_millis_opt(0).unwrap(),
    )
}

fn to(source: Option<&str>, key: &str) -> LinkTarget {
    LinkTarget {
        source: source.map(str::to_string),
        key: key.to_string(),
    }
}

fn doc() -> MapDocument {
    MapDocument::new(ValueStreamMap::new("Links").unwrap(), HashMap::new())
}

fn seen(file: &MapFile) -> Vec<(String, String, LinkKind, LinkOrigin)> {
    let items: HashMap<ItemId, String> = file
        .items()
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i.key))
        .collect();
    file.links()
        .unwrap()
        .into_iter()
        .map(|l| (items[&l.from].clone(), l.target.key, l.kind, l.origin))
        .collect()
}

#[test]
fn a_resync_replaces_a_sources_links_and_keeps_hand_links() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.flowmap");
    let story = item("jira", "ABC-2");
    MapFile::create(&path, &doc(), |w| {
        w.add(&story, &[])?;
        w.put_links(
            "jira",
            "ABC-2",
            true,
            &[
                (LinkKind::Parent, to(Some("jira"), "ABC-1"), "Epic".into()),
                (LinkKind::Relates, to(None, "ABC-9"), String::new()),
            ],
        )
    })
    .unwrap();
    let mut file = MapFile::open(&path).unwrap();
    assert!(file
        .link_items(
            (story.source.as_str(), story.key.as_str()),
            &to(None, "REQ-7"),
            LinkKind::Parent
        )
        .unwrap());
    assert!(!file
        .link_items(
            (story.source.as_str(), story.key.as_str()),
            &to(None, "REQ-7"),
            LinkKind::Parent
        )
        .unwrap());
    // The next sync says the story's parent is ABC-3 and nothing else.
    file.write_items(|w| {
        w.add(&story, &[])?;
        w.put_links(
            "jira",
            "ABC-2",
            true,
            &[(LinkKind::Parent, to(Some("jira"), "ABC-3"), "Epic".into())],
        )
    })
    .unwrap();
    assert_eq!(
        seen(&file),
        vec![
            (
                "ABC-2".into(),
                "REQ-7".into(),
                LinkKind::Parent,
                LinkOrigin::Hand
            ),
            (
                "ABC-2".into(),
                "ABC-3".into(),
                LinkKind::Parent,
                LinkOrigin::Source("jira".into())
            ),
        ]
    );
    assert!(file
        .unlink_items(
            (story.source.as_str(), story.key.as_str()),
            &to(None, "REQ-7"),
            LinkKind::Parent
        )
        .unwrap());
    // A source's own link is not removed by hand.
    assert!(!file
        .unlink_items(
            (story.source.as_str(), story.key.as_str()),
            &to(Some("jira"), "ABC-3"),
            LinkKind::Parent
        )
        .unwrap());
    assert_eq!(seen(&file).len(), 1);
    // Linking from an item that is not in the file is refused, naming it.
    let ghost = item("jira", "NOPE-1");
    let err = file
        .link_items(
            (ghost.source.as_str(), ghost.key.as_str()),
            &to(None, "ABC-1"),
            LinkKind::Parent,
        )
        .unwrap_err();
    assert!(err.to_string().contains("no item"), "{err}");
}

#[test]
fn removing_a_source_with_its_items_drops_their_links() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drop.flowmap");
    let story = item("jira", "ABC-2");
    MapFile::create(&path, &doc(), |w| {
        w.put_source(&SourceRecord {
            name: "jira".into(),
            kind: SourceKind::Jira,
            tool: None,
            url: None,
            query: None,
            cursor: None,
        })?;
        w.add(&story, &[])?;
        w.put_links(
            "jira",
            "ABC-2",
            false,
            &[(LinkKind::Parent, to(None, "ABC-1"), String::new())],
        )
    })
    .unwrap();
    let mut file = MapFile::open(&path).unwrap();
    file.write_items(|w| w.remove_source("jira", true).map(|_| ()))
        .unwrap();
    assert!(file.links().unwrap().is_empty());
}

#[test]
fn a_file_of_schema_6_is_upgraded_to_hold_links() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("six.flowmap");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        for m in &schema::MIGRATIONS[..6] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        let story = item("jira", "OLD-1");
        conn.execute_batch("INSERT INTO meta VALUES ('name', 'Six');")
            .unwrap();
        conn.execute(
            "INSERT INTO items (row, id, source, key, title, artifact_type, flow_item_type, created_ms)
             VALUES (1, ?1, 'jira', 'OLD-1', 'Old', 'Story', 'Feature', 0)",
            [story.id.as_bytes().as_slice()],
        )
        .unwrap();
    }
    let mut file = MapFile::open(&path).unwrap();
    assert_eq!(file.schema_version().unwrap(), schema::VERSION);
    assert!(file.links().unwrap().is_empty());
    let old = item("jira", "OLD-1");
    assert!(file
        .link_items(
            (old.source.as_str(), old.key.as_str()),
            &to(Some("sf"), "REQ-1"),
            LinkKind::Parent
        )
        .unwrap());
    assert_eq!(
        seen(&file),
        vec![(
            "OLD-1".into(),
            "REQ-1".into(),
            LinkKind::Parent,
            LinkOrigin::Hand
        )]
    );
}

#[test]
fn lineage_reads_only_the_items_links_start_from_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linked.flowmap");
    // ABC-2 links to ABC-1 of jira and to key X-1 of any source; ABC-3 takes part in no link;
    // X-1 is in two sources, both reached by a target without a source.
    let items = [
        item("jira", "ABC-1"),
        item("jira", "ABC-2"),
        item("jira", "ABC-3"),
        item("github", "X-1"),
        item("gitlab", "X-1"),
    ];
    MapFile::create(&path, &doc(), |w| {
        for it in &items {
            w.add(it, &[])?;
        }
        Ok(())
    })
    .unwrap();
    let mut file = MapFile::open(&path).unwrap();
    assert!(!file.has_links().unwrap());
    assert!(file.last_items_of_bare_targets().unwrap().is_empty());
    assert!(file.linked_items().unwrap().is_empty(), "no link: no item");
    file.link_items(
        ("jira", "ABC-2"),
        &to(Some("jira"), "ABC-1"),
        LinkKind::Parent,
    )
    .unwrap();
    file.link_items(("jira", "ABC-2"), &to(None, "X-1"), LinkKind::Relates)
        .unwrap();
    let linked: Vec<(String, String)> = file
        .linked_items()
        .unwrap()
        .into_iter()
        .map(|i| (i.source, i.key))
        .collect();
    let want = [
        ("jira", "ABC-1"),
        ("jira", "ABC-2"),
        ("github", "X-1"),
        ("gitlab", "X-1"),
    ];
    assert_eq!(
        linked,
        want.map(|(s, k)| (s.to_string(), k.to_string())),
        "in the order they were added"
    );
    let sources: Vec<String> = file
        .items_with_key("X-1")
        .unwrap()
        .into_iter()
        .map(|i| i.source)
        .collect();
    assert_eq!(sources, ["github", "gitlab"]);
    let from: Vec<String> = file
        .links_from("jira", "ABC-2")
        .unwrap()
        .into_iter()
        .map(|l| l.target.key)
        .collect();
    // In the order of `links`: a target without a source first.
    assert_eq!(from, ["X-1", "ABC-1"]);
    assert!(file.links_from("jira", "ABC-1").unwrap().is_empty());
    assert!(file.links_from("jira", "NOPE").unwrap().is_empty());
    // X-1 named without a source: the last item added with that key.
    let bare: Vec<(String, String)> = file
        .last_items_of_bare_targets()
        .unwrap()
        .into_iter()
        .map(|i| (i.source, i.key))
        .collect();
    assert_eq!(bare, [("gitlab".to_string(), "X-1".to_string())]);
    assert!(file.has_item("jira", "ABC-3").unwrap());
    assert!(!file.has_item("github", "ABC-3").unwrap());
}

#[test]
fn items_are_read_by_artifact_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("types.flowmap");
    let mut build = item("github", "#1");
    build.artifact_type = "Build".into();
    let items = [item("jira", "A-1"), build, item("jira", "A-2")];
    MapFile::create(&path, &doc(), |w| {
        for it in &items {
            w.add(it, &[])?;
        }
        Ok(())
    })
    .unwrap();
    let file = MapFile::open(&path).unwrap();
    let mut names = file.artifact_type_names().unwrap();
    names.sort();
    assert_eq!(names, ["Build", "Story"]);
    let keys = |types: &[&str]| -> Vec<String> {
        let types: Vec<String> = types.iter().map(|t| t.to_string()).collect();
        file.items_of_types(&types)
            .unwrap()
            .into_iter()
            .map(|i| i.key)
            .collect()
    };
    assert_eq!(keys(&["Story"]), ["A-1", "A-2"]);
    assert_eq!(
        keys(&["Build", "Story"]),
        ["A-1", "#1", "A-2"],
        "in the order added"
    );
    assert!(keys(&[]).is_empty());
    assert!(keys(&["Deployment"]).is_empty());
}
