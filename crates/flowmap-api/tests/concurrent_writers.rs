//! Writers on one file at once (threads with their own connections, as two processes would
//! have): `source add`, log imports and the editor's Save, 50 of each, and nothing is lost.

use flowmap_api::wire::{AddSource, Edit, ImportLogOptions};
use flowmap_api::{add_source, import_log, EditSession, ErrorCode};
use flowmap_core::{MapDocument, SourceKind, ValueStreamMap};
use flowmap_store::MapFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const ROUNDS: usize = 50;

fn new_file(dir: &Path) -> PathBuf {
    let path = dir.join("shared.flowmap");
    let doc = MapDocument::new(ValueStreamMap::new("Shared").unwrap(), HashMap::new());
    MapFile::create(&path, &doc, |_| Ok(())).unwrap();
    path
}

fn log(dir: &Path, i: usize, items: usize) -> PathBuf {
    let mut text = String::from("item,state,at\n");
    for n in 0..items {
        text.push_str(&format!("L{i}-{n},Doing,2024-01-01T00:00:00Z\n"));
        text.push_str(&format!("L{i}-{n},Done,2024-01-02T00:00:00Z\n"));
    }
    let p = dir.join(format!("log{i}.csv"));
    std::fs::write(&p, text).unwrap();
    p
}

fn add(path: &Path, name: String, tool: String) {
    add_source(
        path,
        &AddSource {
            name: Some(name),
            kind: SourceKind::Jira,
            url: Some("https://jira.example.com".into()),
            query: Some("project = FLOW".into()),
            tool,
        },
    )
    .unwrap();
}

fn import(path: &Path, log: &Path, source: String, tool: String) {
    let options = ImportLogOptions {
        source: Some(source),
        tool: Some(tool),
        ..ImportLogOptions::default()
    };
    import_log(path, log, &options, None).unwrap();
}

fn tool_names(path: &Path) -> Vec<String> {
    let doc = MapFile::open(path).unwrap().load().unwrap();
    doc.map
        .nodes()
        .filter(|n| n.as_tool().is_some())
        .map(|n| n.name().to_string())
        .collect()
}

#[test]
fn source_adds_and_imports_that_each_add_a_tool_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = new_file(tmp.path());
    let logs: Vec<PathBuf> = (0..ROUNDS).map(|i| log(tmp.path(), i, 20)).collect();
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..ROUNDS {
                add(&path, format!("jira{i}"), format!("Jira {i}"));
            }
        });
        s.spawn(|| {
            for (i, l) in logs.iter().enumerate() {
                import(&path, l, format!("log{i}"), format!("Log tool {i}"));
            }
        });
    });
    let file = MapFile::open(&path).unwrap();
    assert_eq!(file.sources().unwrap().len(), 2 * ROUNDS);
    assert_eq!(file.counts().unwrap().items, (ROUNDS * 20) as u64);
    let tools = tool_names(&path);
    for i in 0..ROUNDS {
        assert!(tools.contains(&format!("Jira {i}")), "Jira {i} lost");
        assert!(
            tools.contains(&format!("Log tool {i}")),
            "Log tool {i} lost"
        );
    }
    assert_eq!(tools.len(), 2 * ROUNDS);
}

#[test]
fn saves_while_sources_are_added_and_logs_imported_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = new_file(tmp.path());
    // The tools exist, so neither the imports nor the source adds change the map: the
    // editor's saves may all go through, and must keep every source and item.
    add(&path, "jira".into(), "Jira".into());
    import(&path, &log(tmp.path(), 999, 1), "log".into(), "Logs".into());
    let logs: Vec<PathBuf> = (0..ROUNDS).map(|i| log(tmp.path(), i, 20)).collect();
    let mut session = EditSession::open(&path).unwrap();
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..ROUNDS {
                add(&path, format!("jira{i}"), "Jira".into());
            }
        });
        s.spawn(|| {
            for (i, l) in logs.iter().enumerate() {
                import(&path, l, format!("log{i}"), "Logs".into());
            }
        });
        s.spawn(|| {
            for i in 0..ROUNDS {
                let name = format!("Saved {i}");
                session.apply(Edit::RenameMap { name }).unwrap();
                session.save().unwrap();
            }
        });
    });
    let file = MapFile::open(&path).unwrap();
    assert_eq!(file.sources().unwrap().len(), 2 * ROUNDS + 2);
    assert_eq!(file.counts().unwrap().items, (ROUNDS * 20 + 1) as u64);
    assert_eq!(
        file.load().unwrap().map.name(),
        format!("Saved {}", ROUNDS - 1)
    );
    assert_eq!(tool_names(&path).len(), 2);
}

#[test]
fn save_refuses_when_another_writer_changed_the_map_and_keeps_its_change() {
    let tmp = tempfile::tempdir().unwrap();
    let path = new_file(tmp.path());
    let mut session = EditSession::open(&path).unwrap();
    session
        .apply(Edit::RenameMap {
            name: "Mine".into(),
        })
        .unwrap();
    // Another program adds a tool to the map while the editor has it open.
    add(&path, "jira".into(), "Jira".into());
    let err = session.save().unwrap_err();
    assert_eq!(err.code, ErrorCode::MapChanged);
    assert!(err.message.contains("shared.flowmap"), "{}", err.message);
    assert!(
        err.message.contains("changed by another program"),
        "{}",
        err.message
    );
    let doc = MapFile::open(&path).unwrap().load().unwrap();
    assert_eq!(doc.map.name(), "Shared");
    assert_eq!(tool_names(&path), vec!["Jira".to_string()]);
    // Save As keeps the editor's version.
    let copy = tmp.path().join("mine.flowmap");
    session.save_as(&copy).unwrap();
    assert_eq!(
        MapFile::open(&copy).unwrap().load().unwrap().map.name(),
        "Mine"
    );
    // And from there on Save works again, on the copy.
    session
        .apply(Edit::RenameMap {
            name: "Mine 2".into(),
        })
        .unwrap();
    session.save().unwrap();
}
