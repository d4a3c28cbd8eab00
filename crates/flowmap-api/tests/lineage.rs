//! Lineage on a real file: four tools joined by artifact flows, one item in each, linked by
//! their sources and by hand; the summary, one root's tree and the commands as the window calls
//! them, against hand-computed times.

use chrono::{TimeZone, Utc};
use flowmap_api::commands::{dispatch, Backend, Shell};
use flowmap_api::wire::{ItemLineage, LineageSummaryView, LinkRequest, RootStatusView};
use flowmap_api::{EditSession, OpenMap, RecoveryCopy};
use flowmap_core::*;
use flowmap_store::{MapFile, SourceRecord};
use serde_json::json;
use std::path::{Path, PathBuf};

const H: i64 = 3_600_000;
const T0: i64 = 1_767_225_600_000; // 2026-01-01

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}

fn at(h: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(T0 + h * H).unwrap()
}

/// (tool, source, tool name, key, artifact type, start h, done h)
const CHAIN: [(u8, &str, &str, &str, &str, i64, i64); 4] = [
    (1, "sf", "Salesforce", "REQ-1", "Feature Request", 0, 10),
    (2, "tp", "Targetprocess", "F-1", "Feature", 12, 40),
    (3, "jira", "Jira", "S-1", "Story", 14, 30),
    (4, "jenkins", "Jenkins", "7", "Build", 35, 50),
];

fn write_file(dir: &Path) -> PathBuf {
    let path = dir.join("lineage.flowmap");
    let tools = CHAIN.iter().map(|(n, _, name, ..)| {
        Node::Tool(Tool {
            id: nid(*n),
            name: (*name).into(),
            tool_kind: ToolKind::Other,
            partner: None,
            artifact_types: vec![],
        })
    });
    let flows = CHAIN.windows(2).enumerate().map(|(i, w)| {
        Edge::ArtifactFlow(ArtifactFlow {
            id: EdgeId::from_random_bytes([40 + i as u8; 16]),
            from: nid(w[0].0),
            to: nid(w[1].0),
            links: vec![ArtifactLink {
                source_type: w[0].4.into(),
                target_type: w[1].4.into(),
                flow_item_type: FlowItemType::Feature,
            }],
        })
    });
    let map = ValueStreamMap::from_parts("Lineage", tools, flows).unwrap();
    let doc = MapDocument::laid_out(map);
    MapFile::create(&path, &doc, |w| {
        for (n, source, _, key, kind, start, done) in CHAIN {
            w.put_source(&SourceRecord {
                name: source.into(),
                kind: SourceKind::Csv,
                tool: Some(nid(n)),
                url: None,
                query: None,
                cursor: None,
            })?;
            for (state, category) in [
                ("In Progress", StateCategory::Active),
                ("Done", StateCategory::Done),
            ] {
                w.put_state_mapping(&StateMapping {
                    source: source.into(),
                    state: state.into(),
                    stage: None,
                    category,
                })?;
            }
            let item = Item::new(
                source,
                key,
                format!("{key} title"),
                kind,
                FlowItemType::Feature,
                at(start),
            );
            let changes = [("In Progress", start), ("Done", done)].map(|(s, h)| Transition {
                item: item.id,
                from_state: None,
                to_state: s.into(),
                at: at(h),
            });
            w.add(&item, &changes)?;
        }
        let target = |s: Option<&str>, k: &str| LinkTarget {
            source: s.map(str::to_string),
            key: k.into(),
        };
        w.put_links(
            "tp",
            "F-1",
            true,
            &[(LinkKind::Parent, target(None, "REQ-1"), String::new())],
        )?;
        // The build names the story it built; the story's feature link is made by hand below.
        w.put_links(
            "jenkins",
            "7",
            true,
            &[(LinkKind::Fixes, target(Some("jira"), "S-1"), String::new())],
        )?;
        w.put_links(
            "jira",
            "S-1",
            true,
            &[(
                LinkKind::Mentions,
                target(None, "NOT-SYNCED-1"),
                String::new(),
            )],
        )
    })
    .unwrap();
    path
}

#[test]
fn the_summary_and_a_roots_tree_are_measured_across_tools() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path());
    let mut open = OpenMap::open(&path).unwrap();
    let now = Some("2026-02-01T00:00:00Z");
    // Before the hand link the story's branch is cut off: REQ-1 → F-1 is a root, and so is the
    // story with its build.
    let before = open.lineage_summary(now, Utc::now()).unwrap();
    let keys: Vec<&str> = before.roots.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["REQ-1", "S-1"]);
    let request = LinkRequest {
        source: "jira".into(),
        key: "S-1".into(),
        target_source: None,
        target_key: "F-1".into(),
        kind: LinkKind::Parent,
    };
    assert!(open.hand_link(&request, true).unwrap().changed);
    let s = open.lineage_summary(now, Utc::now()).unwrap();
    assert_eq!((s.links, s.unresolved), (4, 1));
    assert_eq!(s.roots.len(), 1);
    let r = &s.roots[0];
    assert_eq!(r.status, RootStatusView::Finished);
    // 0 h to 50 h: Salesforce 0–10, nothing 10–12, Targetprocess 12–14 and 30–35, Jira 14–30,
    // Jenkins 35–50.
    assert_eq!(r.end_to_end_secs, Some(50.0 * 3600.0));
    let tool = |name: &str| {
        r.in_tools
            .iter()
            .find(|t| t.tool.as_deref() == Some(name))
            .map(|t| t.secs / 3600.0)
    };
    assert_eq!(tool("Salesforce"), Some(10.0));
    assert_eq!(tool("Targetprocess"), Some(7.0));
    assert_eq!(tool("Jira"), Some(16.0));
    assert_eq!(tool("Jenkins"), Some(15.0));
    assert_eq!(r.between_tools_secs / 3600.0, 2.0);
    let crossing = |from: &str| {
        let c = s.crossings.iter().find(|c| c.from_tool == from).unwrap();
        (c.count, c.p50_secs.map(|x| x / 3600.0))
    };
    assert_eq!(crossing("Salesforce"), (1, Some(2.0)));
    assert_eq!(crossing("Targetprocess"), (1, Some(0.0)));
    assert_eq!(crossing("Jira"), (1, Some(5.0)));
    // The slowest crossing of each flow names both items.
    let jira = s.crossings.iter().find(|c| c.from_tool == "Jira").unwrap();
    assert_eq!(
        jira.slowest
            .iter()
            .map(|x| (x.from_key.as_str(), x.to_key.as_str(), x.secs / 3600.0))
            .collect::<Vec<_>>(),
        [("S-1", "7", 5.0)]
    );
    assert_eq!(s.by_type[0].p50_secs, Some(50.0 * 3600.0));

    let tree = open.item_lineage("jenkins", "7", now, Utc::now()).unwrap();
    assert_eq!(tree.root.key, "REQ-1");
    let rows: Vec<(&str, Option<&str>, u32, usize)> = tree
        .items
        .iter()
        .map(|n| (n.key.as_str(), n.parent.as_deref(), n.depth, n.steps.len()))
        .collect();
    assert_eq!(
        rows,
        [
            ("REQ-1", None, 0, 2),
            ("F-1", Some("REQ-1"), 1, 2),
            ("S-1", Some("F-1"), 2, 2),
            ("7", Some("S-1"), 3, 2)
        ]
    );
    assert_eq!(tree.items[3].crossing_secs, Some(5.0 * 3600.0));
    let err = open
        .item_lineage("sf", "NOPE", now, Utc::now())
        .unwrap_err();
    assert!(err.message.contains("NOPE"), "{}", err.message);
}

struct TestShell;
impl Shell for TestShell {
    fn map_changed(&self, _: &Backend) {}
    fn choose_path(&self, _: bool, _: &str) -> Option<String> {
        None
    }
    fn open_link(&self, _: &str) -> Result<(), flowmap_api::ApiError> {
        Ok(())
    }
    fn close_window(&self) {}
}

#[test]
fn the_commands_link_by_hand_and_answer_as_the_window_asks() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path());
    let backend = Backend::new(
        EditSession::open(&path),
        RecoveryCopy::new(dir.path().join("recovery.json")),
    );
    let call = |name: &str, args: serde_json::Value| dispatch(&backend, &TestShell, name, args);
    let link =
        json!({"link": {"source": "jira", "key": "S-1", "target_key": "F-1", "kind": "parent"}});
    assert_eq!(
        call("link_items", link.clone()).unwrap(),
        json!({"changed": true})
    );
    let summary: LineageSummaryView =
        serde_json::from_value(call("lineage_summary", json!({"now": "2026-02-01"})).unwrap())
            .unwrap();
    assert_eq!(summary.roots.len(), 1);
    let tree: ItemLineage = serde_json::from_value(
        call(
            "item_lineage",
            json!({"source": "tp", "key": "F-1", "now": "2026-02-01"}),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(tree.items.len(), 4);
    // The item's hand links, each as the request that removes it.
    let item = json!({"source": "jira", "key": "S-1"});
    assert_eq!(
        call("hand_links", item.clone()).unwrap(),
        json!([{"source": "jira", "key": "S-1", "target_key": "F-1", "kind": "parent"}])
    );
    assert_eq!(
        call("unlink_items", link.clone()).unwrap(),
        json!({"changed": true})
    );
    assert_eq!(call("hand_links", item).unwrap(), json!([]));
    assert_eq!(
        call("unlink_items", link).unwrap(),
        json!({"changed": false})
    );
    let bad = call(
        "link_items",
        json!({"link": {"source": "jira", "key": "S-404", "target_key": "F-1", "kind": "parent"}}),
    )
    .unwrap_err();
    assert!(bad.message.contains("S-404"), "{}", bad.message);
    let kind = call(
        "link_items",
        json!({"link": {"source": "jira", "key": "S-1", "target_key": "F-1", "kind": "duplicates"}}),
    )
    .unwrap_err();
    assert!(kind.message.contains("duplicates"), "{}", kind.message);
}

#[test]
fn the_demo_with_lineage_links_requests_to_builds_and_keeps_the_stories() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.flowmap");
    let linked = dir.path().join("linked.flowmap");
    flowmap_api::create_demo(&plain, 300, 7).unwrap();
    let open = flowmap_api::create_demo_with(&linked, 300, 7, true).unwrap();
    // The stories are the plain demo's, with the same histories.
    let plain_file = MapFile::open(&plain).unwrap();
    let linked_file = MapFile::open(&linked).unwrap();
    let jira = |f: &MapFile| {
        let items: Vec<Item> = f
            .items()
            .unwrap()
            .into_iter()
            .filter(|i| i.source == "jira" && i.artifact_type != "Epic")
            .collect();
        items.len()
    };
    assert_eq!(jira(&linked_file), jira(&plain_file));
    assert!(plain_file.links().unwrap().is_empty());
    let now = Some("2026-11-02");
    let s = open.lineage_summary(now, Utc::now()).unwrap();
    assert_eq!(s.unresolved, 0);
    assert!(s.roots.len() > 20, "{} roots", s.roots.len());
    for r in &s.roots {
        assert_eq!(r.source, "salesforce");
        if let Some(e2e) = r.end_to_end_secs {
            let split: f64 = r.in_tools.iter().map(|t| t.secs).sum::<f64>() + r.between_tools_secs;
            assert!((split - e2e).abs() < 0.01, "{}: {split} vs {e2e}", r.key);
        }
    }
    let finished = s
        .roots
        .iter()
        .find(|r| r.status == RootStatusView::Finished)
        .unwrap();
    let tools: std::collections::BTreeSet<String> = finished
        .in_tools
        .iter()
        .filter_map(|t| t.tool.clone())
        .collect();
    assert_eq!(
        tools.into_iter().collect::<Vec<_>>(),
        ["GitHub", "Jenkins", "Jira", "Salesforce", "TargetProcess"]
    );
    let crossing = |from: &str, to: &str| {
        s.crossings
            .iter()
            .find(|c| c.from_tool == from && c.to_tool == to)
            .unwrap()
            .clone()
    };
    // Accepted a day before the first story, analysed four hours later.
    assert_eq!(
        crossing("Salesforce", "TargetProcess").p50_secs,
        Some(4.0 * 3600.0)
    );
    assert!(crossing("GitHub", "Jenkins").count > 0);
    let tree = open
        .item_lineage("salesforce", &finished.key, now, Utc::now())
        .unwrap();
    let kinds: Vec<&str> = tree
        .items
        .iter()
        .map(|n| n.artifact_type.as_str())
        .collect();
    assert_eq!(&kinds[..4], ["Feature Request", "Feature", "Epic", "Story"]);
    assert!(kinds.contains(&"Pull Request") && kinds.contains(&"Build"));

    // The other tools' items are not flow items: the figures are the stories', and the states
    // only they were in are not "unmapped" (no figure counts their time).
    let request = flowmap_api::wire::MetricsRequest {
        now: now.map(str::to_string),
        ..Default::default()
    };
    let stories = OpenMap::open(&plain).unwrap();
    assert_eq!(
        serde_json::to_value(open.metrics(&request, Utc::now()).unwrap()).unwrap(),
        serde_json::to_value(stories.metrics(&request, Utc::now()).unwrap()).unwrap()
    );
    let review = open.mapping_review(Utc::now()).unwrap();
    let status = |source: &str, state: &str| {
        review
            .iter()
            .find(|r| r.source == source && r.state == state)
            .unwrap_or_else(|| panic!("{source} {state}"))
            .status
    };
    use flowmap_api::wire::MappingStatus;
    assert_eq!(status("jira", "Epic Open"), MappingStatus::NotFlowItems);
    assert_eq!(
        status("salesforce", "Qualifying"),
        MappingStatus::NotFlowItems
    );
    assert_eq!(status("jira", "In QA"), MappingStatus::Mapped);
    assert!(
        review.iter().all(|r| r.status != MappingStatus::Unmapped),
        "{:?}",
        review
            .iter()
            .filter(|r| r.status == MappingStatus::Unmapped)
            .map(|r| (&r.source, &r.state))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_forecast_under_a_root_counts_the_work_left_as_its_lineage_shows_it() {
    use flowmap_api::wire::{ForecastRequest, SetRoot};
    use flowmap_metrics::forecast::Question;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linked.flowmap");
    flowmap_api::create_demo_with(&path, 600, 42, true).unwrap();
    let open = OpenMap::open(&path).unwrap();
    let now = Some("2026-11-02");
    let ask = |key: &str| ForecastRequest {
        question: Question::When { items: 1 },
        flow_item_type: None,
        sources: vec![],
        now: now.map(String::from),
        window_days: None,
        trials: Some(2000),
        seed: None,
        backtest: false,
        under: Some(SetRoot {
            key: key.into(),
            source: None,
        }),
    };
    let summary = open.lineage_summary(now, Utc::now()).unwrap();
    let root = summary
        .roots
        .iter()
        .rev()
        .find(|r| r.status == flowmap_api::wire::RootStatusView::InProgress)
        .expect("a root in progress");
    // By hand from the root's lineage: each item's last state, and which have open children.
    let tree = open
        .item_lineage(&root.source, &root.key, now, Utc::now())
        .unwrap();
    let last = |n: &flowmap_api::wire::LineageNode| n.steps.last().map(|s| s.category);
    let is_open = |n: &flowmap_api::wire::LineageNode| {
        !matches!(
            last(n),
            Some(StateCategory::Done) | Some(StateCategory::Canceled)
        )
    };
    let under = &tree.items[1..];
    let work: Vec<_> = under
        .iter()
        .filter(|n| is_open(n))
        .filter(|n| {
            !under
                .iter()
                .any(|c| c.parent.as_deref() == Some(n.key.as_str()) && is_open(c))
        })
        .collect();
    let f = open.forecast(&ask(&root.key), Utc::now()).unwrap();
    let set = f.set.expect("the set");
    assert_eq!(set.total as usize, under.len());
    assert_eq!(
        set.open as usize,
        under.iter().filter(|n| is_open(n)).count()
    );
    assert_eq!(set.work as usize, work.len());
    assert!(set.work > 0);
    assert_eq!(
        f.forecast.question,
        Question::When {
            items: work.len() as u32
        }
    );
    let mut sources: Vec<String> = work.iter().map(|n| n.source.clone()).collect();
    sources.sort();
    sources.dedup();
    assert_eq!(set.sampled_sources, sources);
    // A finished root has nothing left; an unknown key is named.
    let done = summary
        .roots
        .iter()
        .find(|r| r.status == flowmap_api::wire::RootStatusView::Finished)
        .unwrap();
    let err = open.forecast(&ask(&done.key), Utc::now()).unwrap_err();
    assert!(
        err.message
            .starts_with(&format!("nothing under {} is still open", done.key)),
        "{}",
        err.message
    );
    let err = open.forecast(&ask("NOPE-1"), Utc::now()).unwrap_err();
    assert_eq!(err.message, "the map's file has no item \"NOPE-1\"");
}

#[test]
fn an_end_to_end_key_result_is_measured_over_the_roots_lineage_finishes() {
    use flowmap_api::wire::KeyResultDraft;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linked.flowmap");
    flowmap_api::create_demo_with(&path, 600, 42, true).unwrap();
    let mut open = OpenMap::open(&path).unwrap();
    open.save_key_result(&KeyResultDraft {
        id: None,
        version: None,
        objective: "Customers get what they ask for sooner".into(),
        name: "Requests to release under 4 weeks".into(),
        figure: KrFigure::EndToEndP85,
        flow_item_type: None,
        stage: None,
        baseline: "8 wk".into(),
        target: "4 wk".into(),
        start: "2026-09-01".into(),
        due: "2026-12-01".into(),
        owner: "Dana".into(),
    })
    .unwrap();
    let now = Some("2026-11-02");
    let views = open.key_results(now, Utc::now()).unwrap();
    let v = &views[0];
    assert_eq!(v.figure_label, "end-to-end flow time p85");
    // By hand from the lineage: p85 (nearest rank) of the roots finished in the 28 days before.
    let summary = open.lineage_summary(now, Utc::now()).unwrap();
    let to = chrono::DateTime::parse_from_rfc3339("2026-11-02T00:00:00Z").unwrap();
    let from = to - chrono::Duration::days(28);
    let mut e2e: Vec<f64> = summary
        .roots
        .iter()
        .filter(|r| r.status == RootStatusView::Finished)
        .filter(|r| {
            let end = chrono::DateTime::parse_from_rfc3339(r.end.as_deref().unwrap()).unwrap();
            end > from && end <= to
        })
        .map(|r| r.end_to_end_secs.unwrap())
        .collect();
    assert!(e2e.len() >= 10, "{} roots finished", e2e.len());
    e2e.sort_by(f64::total_cmp);
    let rank = (85 * e2e.len()).div_ceil(100) - 1;
    let want = e2e[rank];
    let got = v.progress.current.unwrap();
    // The lineage view writes instants to the second.
    assert!((got - want).abs() <= 1.0, "{got} ≠ {want}");
    assert!(
        v.progress.points.len() >= 9,
        "a point a week since September"
    );
}
