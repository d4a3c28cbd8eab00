//! The event-log readers: CSV as exports write it, ActionableAgile, XES; and no input makes
//! them panic.

use flowmap_connectors::eventlog::{
    detect_kind, ActionableAgileLog, ActionableAgileOptions, Columns, CsvLog, CsvOptions,
    ItemsFile, XesLog, XesOptions,
};
use flowmap_connectors::time::TimeParser;
use flowmap_connectors::{ConnectorError, LogError, Pulled, SourceItem, SourceKind};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn read_csv(path: &Path, options: CsvOptions) -> Result<(Vec<SourceItem>, Pulled), ConnectorError> {
    let mut items = Vec::new();
    let pulled = CsvLog::new(path, options).read(&mut items)?;
    Ok((items, pulled))
}

fn states(item: &SourceItem) -> Vec<&str> {
    item.changes.iter().map(|c| c.to.as_str()).collect()
}

#[test]
fn csv_columns_are_guessed_and_jira_offsets_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "log.csv",
        b"\xEF\xBB\xBFticket,changed_at,from_status,to_status\n\
          A-1,2015-11-21T07:14:01.643-0500,Open,In Progress\n\
          A-1,2015-11-22T07:14:01.643-0500,In Progress,Done\n\
          A-2,2015-11-21,,Open\n",
    );
    let (items, pulled) = read_csv(&p, CsvOptions::default()).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(states(&items[0]), ["In Progress", "Done"]);
    assert_eq!(items[0].changes[0].from.as_deref(), Some("Open"));
    assert_eq!(
        items[0].changes[0].at.to_rfc3339(),
        "2015-11-21T12:14:01.643+00:00"
    );
    assert_eq!(items[1].changes[0].from, None);
    assert_eq!(pulled.records, 3);
    // The day-only date had no zone: said, not hidden.
    assert!(
        pulled.notices[0].contains("1 times had no zone and were read as UTC"),
        "{:?}",
        pulled.notices
    );
}

#[test]
fn csv_delimiters_quotes_named_columns_and_zones() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "log.csv",
        "Case;Status;When;Kind;Summary\n\
         7;\"Ready; for QA\";2024-03-31 01:30;Bug;\"A \"\"quoted\"\"\nmultiline title\"\n\
         7;Done;2024-03-31 03:30;Bug;\n"
            .as_bytes(),
    );
    let options = CsvOptions {
        columns: Columns {
            item: Some("case".into()),
            state: Some("STATUS".into()),
            at: Some("when".into()),
            item_type: Some("Kind".into()),
            title: Some("Summary".into()),
            ..Columns::default()
        },
        time: TimeParser::new(Some("Europe/Berlin".parse().unwrap()), None),
        ..CsvOptions::default()
    };
    let (items, pulled) = read_csv(&p, options).unwrap();
    assert_eq!(items.len(), 1);
    let it = &items[0];
    assert_eq!(states(it), ["Ready; for QA", "Done"]);
    assert_eq!(it.artifact_type, "Bug");
    assert_eq!(it.title, "A \"quoted\"\nmultiline title");
    // 01:30 is winter time (+01:00); 03:30 on the day of the change is summer time (+02:00).
    assert_eq!(it.changes[0].at.to_rfc3339(), "2024-03-31T00:30:00+00:00");
    assert_eq!(it.changes[1].at.to_rfc3339(), "2024-03-31T01:30:00+00:00");
    assert!(pulled.notices[0].contains("read in Europe/Berlin"));
}

#[test]
fn bad_rows_stop_the_read_with_line_and_column_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "log.csv",
        b"item,state,at\nA,Open,2024-01-01T00:00:00Z\nB,Open,yesterday\nC,,2024-01-01T00:00:00Z\nD\n",
    );
    let err = read_csv(&p, CsvOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("log.csv: line 3, column \"at\""), "{text}");
    assert!(text.contains("\"yesterday\" is not a timestamp"), "{text}");

    let (items, pulled) = read_csv(
        &p,
        CsvOptions {
            skip_bad_rows: true,
            ..CsvOptions::default()
        },
    )
    .unwrap();
    assert_eq!(items.len(), 1);
    assert!(
        pulled
            .notices
            .iter()
            .any(|n| n.starts_with("skipped 3 bad rows")),
        "{:?}",
        pulled.notices
    );
    assert!(pulled
        .notices
        .iter()
        .any(|n| n.contains("line 4, column \"state\": the state is empty")));
}

#[test]
fn missing_columns_are_named_with_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "log.csv", b"who,what\nx,y\n");
    let err = read_csv(&p, CsvOptions::default()).unwrap_err().to_string();
    assert!(err.contains("cannot tell which column holds the item id: name it with --item (the header has: who, what)"), "{err}");
    let err = read_csv(
        &p,
        CsvOptions {
            columns: Columns {
                item: Some("ticket".into()),
                ..Columns::default()
            },
            ..CsvOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("no column \"ticket\" for the item id"),
        "{err}"
    );
    let empty = write(dir.path(), "empty.csv", b"");
    assert!(read_csv(&empty, CsvOptions::default()).is_err());
    let missing = dir.path().join("nope.csv");
    let err = read_csv(&missing, CsvOptions::default()).unwrap_err();
    assert!(
        matches!(err, ConnectorError::Log(LogError::Io { .. })),
        "{err}"
    );
}

#[test]
fn unsorted_logs_come_in_parts_and_an_items_file_adds_quiet_items() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "log.csv",
        b"item,state,at\nA,Doing,2024-01-02\nB,Doing,2024-01-03\nA,Done,2024-01-04\n",
    );
    let items_file = write(
        dir.path(),
        "items.csv",
        b"item,date_created,initial_status,Type,Title\nA,2024-01-01,Open,Story,First\nQ,2024-01-01,Open,Bug,Quiet\n",
    );
    let (items, pulled) = read_csv(
        &p,
        CsvOptions {
            items: Some(ItemsFile {
                path: items_file,
                created: None,
                initial_state: None,
            }),
            ..CsvOptions::default()
        },
    )
    .unwrap();
    let keys: Vec<_> = items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["A", "Q", "A", "B", "A"]);
    assert_eq!(items[0].artifact_type, "Story");
    assert_eq!(states(&items[0]), ["Open"]);
    assert_eq!(
        items[0].created.unwrap().to_rfc3339(),
        "2024-01-01T00:00:00+00:00"
    );
    assert_eq!(pulled.items, 5);
}

#[test]
fn actionable_agile_rows_enter_stages_in_column_order() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "aa.csv",
        b"ID,Link,Name,Backlog,Analysis,Development,Done,Type\n\
          1,http://x/1,First,2024-01-01,2024-01-02,,2024-01-09,Story\n\
          2,,Second,2024-01-03,,,,Bug\n",
    );
    assert_eq!(detect_kind(&p).unwrap(), SourceKind::ActionableAgile);
    let mut items = Vec::new();
    ActionableAgileLog::new(&p, ActionableAgileOptions::default())
        .read(&mut items)
        .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(states(&items[0]), ["Backlog", "Analysis", "Done"]);
    assert_eq!(items[0].changes[2].from.as_deref(), Some("Analysis"));
    assert_eq!(items[0].title, "First");
    assert_eq!(items[0].link.as_deref(), Some("http://x/1"));
    assert_eq!(items[0].artifact_type, "Story");
    assert_eq!(states(&items[1]), ["Backlog"]);

    let bad = write(
        dir.path(),
        "bad.csv",
        b"ID,Backlog,Owner\n1,2024-01-01,alice\n",
    );
    let err = ActionableAgileLog::new(&bad, ActionableAgileOptions::default())
        .read(&mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 2, column \"Owner\"") && err.contains("--stages"),
        "{err}"
    );
    let mut items = Vec::new();
    ActionableAgileLog::new(
        &bad,
        ActionableAgileOptions {
            stages: Some(vec!["Backlog".into()]),
            ..ActionableAgileOptions::default()
        },
    )
    .read(&mut items)
    .unwrap();
    assert_eq!(states(&items[0]), ["Backlog"]);
}

const XES: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <classifier name="Activity" keys="concept:name"/>
  <string key="concept:name" value="Example log"/>
  <trace>
    <string key="concept:name" value="case-1"/>
    <event>
      <string key="concept:name" value="Review"/>
      <string key="lifecycle:transition" value="start"/>
      <date key="time:timestamp" value="2024-01-01T10:00:00.000+01:00"/>
      <string key="org:resource" value="Ann"><string key="nested" value="x"/></string>
    </event>
    <event>
      <string key="concept:name" value="Review"/>
      <string key="lifecycle:transition" value="complete"/>
      <date key="time:timestamp" value="2024-01-01T12:00:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="Deploy &amp; verify"/>
      <date key="time:timestamp" value="2024-01-02T09:00:00.000+01:00"/>
    </event>
  </trace>
  <trace>
    <event>
      <string key="concept:name" value="Triage"/>
      <date key="time:timestamp" value="2024-01-03T09:00:00Z"/>
    </event>
  </trace>
</log>"#;

#[test]
fn xes_traces_become_items_with_lifecycle_states() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "log.xes", XES.as_bytes());
    assert_eq!(detect_kind(&p).unwrap(), SourceKind::Xes);
    let mut items = Vec::new();
    let pulled = XesLog::new(&p, XesOptions::default())
        .read(&mut items)
        .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].key, "case-1");
    assert_eq!(
        states(&items[0]),
        ["Review", "Waiting after Review", "Deploy & verify"]
    );
    assert_eq!(
        items[0].changes[0].at.to_rfc3339(),
        "2024-01-01T09:00:00+00:00"
    );
    assert_eq!(items[1].key, "trace 2");
    assert_eq!(pulled.records, 4);

    let bad = write(
        dir.path(),
        "bad.xes",
        b"<log>\n<trace>\n<event>\n<string key=\"concept:name\" value=\"A\"/>\n</event>\n</trace>\n</log>",
    );
    let err = XesLog::new(&bad, XesOptions::default())
        .read(&mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.xes: line 3: an event without a time:timestamp"),
        "{err}"
    );
    let cut = write(dir.path(), "cut.xes", &XES.as_bytes()[..XES.len() / 2]);
    assert!(XesLog::new(&cut, XesOptions::default())
        .read(&mut Vec::new())
        .is_err());
    let html = write(dir.path(), "x.xes", b"<html><body/></html>");
    let err = XesLog::new(&html, XesOptions::default())
        .read(&mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected an XES <log>"), "{err}");
}

#[test]
fn names_past_the_bound_are_refused_naming_the_line_in_xes_and_actionable_agile() {
    let dir = tempfile::tempdir().unwrap();
    let long = "W".repeat(2_000);
    let xes = format!(
        "<log>\n<trace>\n<string key=\"concept:name\" value=\"c1\"/>\n<event>\n\
         <string key=\"concept:name\" value=\"{long}\"/>\n\
         <date key=\"time:timestamp\" value=\"2024-01-01T09:00:00Z\"/>\n</event>\n</trace>\n</log>\n"
    );
    let p = write(dir.path(), "long.xes", xes.as_bytes());
    let err = XesLog::new(&p, XesOptions::default())
        .read(&mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("long.xes: line 5"), "{err}");
    assert!(err.contains("concept:name: 2000 characters"), "{err}");
    assert!(
        err.len() < 400,
        "the message quotes a bounded part: {}",
        err.len()
    );

    let aa = format!("ID,Name,Backlog,Done\n1,{long},2024-01-01,2024-01-02\n");
    let p = write(dir.path(), "long.csv", aa.as_bytes());
    let err = ActionableAgileLog::new(&p, ActionableAgileOptions::default())
        .read(&mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 2, column \"Name\": 2000 characters"),
        "{err}"
    );
    assert!(err.len() < 400, "{}", err.len());

    let header = format!("ID,Backlog,{long}\n1,2024-01-01,2024-01-02\n");
    let p = write(dir.path(), "stage.csv", header.as_bytes());
    let err = ActionableAgileLog::new(&p, ActionableAgileOptions::default())
        .read(&mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("stage column 3 is 2000 characters long"),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn csv_reading_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400),
                                header in "[a-z_,;\t\"]{0,40}",
                                skip in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = format!("item,state,at,from\n{header}\n").into_bytes();
        text.extend_from_slice(&bytes);
        let p = write(dir.path(), "fuzz.csv", &text);
        let options = CsvOptions { skip_bad_rows: skip, ..CsvOptions::default() };
        let _ = read_csv(&p, options);
        let raw = write(dir.path(), "raw.csv", &bytes);
        let _ = read_csv(&raw, CsvOptions::default());
        let _ = detect_kind(&raw);
        let _ = ActionableAgileLog::new(&raw, ActionableAgileOptions::default()).read(&mut Vec::new());
    }

    #[test]
    fn csv_rows_of_timestamps_never_panic(rows in proptest::collection::vec(("[A-Z]{1,3}", ".{0,12}", "[0-9T:+ .Z/-]{0,32}"), 0..30)) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("item,state,at\n");
        for (k, s, t) in rows {
            text.push_str(&format!("{k},\"{}\",{t}\n", s.replace('"', "")));
        }
        let p = write(dir.path(), "t.csv", text.as_bytes());
        let _ = read_csv(&p, CsvOptions { skip_bad_rows: true, ..CsvOptions::default() });
    }

    #[test]
    fn xes_reading_never_panics(cut in 0usize..2000, noise in proptest::collection::vec(any::<u8>(), 0..64), at in 0usize..2000) {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = XES.as_bytes()[..cut.min(XES.len())].to_vec();
        let at = at.min(bytes.len());
        bytes.splice(at..at, noise);
        let p = write(dir.path(), "fuzz.xes", &bytes);
        let _ = XesLog::new(&p, XesOptions::default()).read(&mut Vec::new());
        let _ = XesLog::new(&p, XesOptions { skip_bad_rows: true, ..XesOptions::default() }).read(&mut Vec::new());
    }
}

#[test]
fn a_csv_field_may_hold_1024_characters_however_many_bytes_they_take() {
    let dir = tempfile::tempdir().unwrap();
    // 1,024 two-byte characters (2,048 bytes) are within the limit; 1,025 are not.
    let at_limit = "é".repeat(1024);
    let over = "é".repeat(1025);
    let log = |state: &str| format!("ticket,changed_at,state\nA-1,2026-01-05T10:00:00Z,{state}\n");
    let p = write(dir.path(), "ok.csv", log(&at_limit).as_bytes());
    let (items, _) = read_csv(&p, CsvOptions::default()).unwrap();
    assert_eq!(states(&items[0]), [at_limit.as_str()]);
    let p = write(dir.path(), "long.csv", log(&over).as_bytes());
    let err = read_csv(&p, CsvOptions::default()).unwrap_err().to_string();
    assert!(
        err.contains("1025 characters, more than the 1024 a field may hold"),
        "{err}"
    );
    assert!(err.contains("line 2"), "{err}");
}

/// What a log item told: key, title, type, link and changes (seconds, from, to).
type Told = (
    String,
    String,
    String,
    Option<String>,
    Vec<(i64, Option<u32>, u32)>,
);

/// A sink that keeps what the CSV reader hands over on its log-item path, as it is handed.
#[derive(Default)]
struct LogItems {
    seen: Vec<Told>,
    states: Vec<String>,
}

impl flowmap_connectors::ItemSink for LogItems {
    fn item(&mut self, _: SourceItem) -> Result<(), ConnectorError> {
        panic!("the CSV reader hands items over as log items")
    }

    fn log_item(&mut self, item: flowmap_connectors::LogItem<'_>) -> Result<(), ConnectorError> {
        self.seen.push((
            item.key.into(),
            item.title.into(),
            item.artifact_type.into(),
            item.link.map(str::to_string),
            item.changes
                .iter()
                .map(|c| (c.at_ns.div_euclid(1_000_000_000), c.from, c.to))
                .collect(),
        ));
        self.states = item.states.to_vec();
        Ok(())
    }
}

#[test]
fn csv_items_come_without_a_string_per_field_and_read_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "log.csv",
        b"key,at,from,state,type,title,url\n\
          A-1,1970-01-01T00:00:10Z,,Open,Bug,First,http://a/1\n\
          A-1,1970-01-01T00:00:20Z,Open,Done,,First again,\n\
          B-2,1970-01-01T00:00:30Z,,Open,,,\n\
          A-1,1970-01-01T00:00:40Z,Done,Open,Story,,\n",
    );
    let mut sink = LogItems::default();
    let pulled = CsvLog::new(&p, CsvOptions::default())
        .read(&mut sink)
        .unwrap();
    assert_eq!(pulled.items, 3);
    assert_eq!(sink.states, ["Open", "Done"]);
    // Each item starts with no title, type or link: nothing is carried over from the item
    // before it (the reader reuses its buffers); the last title and type given win.
    assert_eq!(
        sink.seen,
        vec![
            (
                "A-1".into(),
                "First again".into(),
                "Bug".into(),
                Some("http://a/1".into()),
                vec![(10, None, 0), (20, Some(0), 1)]
            ),
            (
                "B-2".into(),
                "".into(),
                "".into(),
                None,
                vec![(30, None, 0)]
            ),
            (
                "A-1".into(),
                "".into(),
                "Story".into(),
                None,
                vec![(40, Some(1), 0)]
            ),
        ]
    );
    // The same log through the default path, as source items.
    let (items, _) = read_csv(&p, CsvOptions::default()).unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].title, "First again");
    assert_eq!(items[0].link.as_deref(), Some("http://a/1"));
    assert_eq!(items[2].changes[0].from.as_deref(), Some("Done"));
    assert_eq!(states(&items[2]), ["Open"]);
}

#[test]
fn csv_parent_and_links_columns_become_links_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "log.csv",
        b"ticket;status;changed_at;type;parent_id;linked_items\n\
          E-1;Open;2024-03-01T09:00:00Z;Epic;;\n\
          S-1;To Do;2024-03-02T09:00:00Z;Story;E-1;\n\
          S-1;Done;2024-03-04T09:00:00Z;Story;E-1;\n\
          S-2;To Do;2024-03-02T10:00:00Z;Story;E-1;blocks:S-1, S-9\n\
          S-2;Done;2024-03-05T10:00:00Z;Story;E-1;\"blocks:S-1; relates-to:OPS-4\"\n",
    );
    let (items, _) = read_csv(&p, CsvOptions::default()).unwrap();
    let links = |key: &str| -> Vec<(String, Option<String>, String)> {
        items
            .iter()
            .find(|i| i.key == key)
            .unwrap()
            .links
            .iter()
            .map(|l| {
                (
                    l.kind.to_string(),
                    l.target.source.clone(),
                    l.target.key.clone(),
                )
            })
            .collect()
    };
    let link = |k: &str, key: &str| (k.to_string(), None, key.to_string());
    assert!(links("E-1").is_empty());
    assert_eq!(links("S-1"), [link("parent", "E-1")]);
    // Repeated on every row, told once; a list split at commas, semicolons and spaces.
    assert_eq!(
        links("S-2"),
        [
            link("parent", "E-1"),
            link("blocks", "S-1"),
            link("relates", "S-9"),
            link("relates", "OPS-4")
        ]
    );
    // A link kind that is not one is refused naming the line and the column.
    let bad = write(
        dir.path(),
        "bad.csv",
        b"ticket,status,changed_at,links\nS-3,Done,2024-03-05T10:00:00Z,dupe:S-1\n",
    );
    let err = read_csv(&bad, CsvOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("\"links\""), "{err}");
    assert!(err.contains("unknown link kind \"dupe\""), "{err}");
}
