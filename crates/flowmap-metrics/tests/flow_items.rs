//! Items the map says are not flow items (a tool's artifact type marked so) count in no flow
//! figure, whatever the filters name; the same items marked as flow items count again
//! (`docs/metrics.md`, "Flow items"). Numbers worked out by hand from the items below.

use flowmap_core::*;
use flowmap_metrics::forecast::completions;
use flowmap_metrics::*;

const H: i64 = 3_600_000;
/// 2026-01-01T00:00:00Z
const T0: i64 = 1_767_225_600_000;

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}

fn tool(n: u8, name: &str, types: &[(&str, bool)]) -> Node {
    Node::Tool(Tool {
        id: nid(n),
        name: name.into(),
        tool_kind: ToolKind::Other,
        partner: None,
        artifact_types: types
            .iter()
            .map(|(name, not_flow_item)| ArtifactType {
                name: name.to_string(),
                flow_item_type: FlowItemType::Feature,
                not_flow_item: *not_flow_item,
            })
            .collect(),
    })
}

/// One stage, Dev, holding Jira's "In Progress" and GitHub's "Open"; GitHub's pull requests
/// are not flow items unless `prs_flow`.
fn map(prs_flow: bool) -> ValueStreamMap {
    let dev = Node::Stage(Stage {
        id: nid(1),
        name: "Dev".into(),
        team: None,
        tool: None,
        partner: None,
        states: vec!["In Progress".into(), "Open".into()],
        estimates: Estimates::default(),
    });
    ValueStreamMap::from_parts(
        "flow items",
        [
            dev,
            tool(2, "Jira", &[("Story", false), ("Epic", true)]),
            tool(3, "GitHub", &[("Pull Request", !prs_flow)]),
        ],
        [],
    )
    .unwrap()
}

fn mappings() -> Vec<StateMapping> {
    use StateCategory::*;
    [
        ("jira", "In Progress", Active),
        ("jira", "Done", Done),
        ("github", "Open", Active),
        ("github", "Merged", Done),
    ]
    .into_iter()
    .map(|(source, state, category)| StateMapping {
        source: source.into(),
        state: state.into(),
        stage: None,
        category,
    })
    .collect()
}

/// Two stories (10 h and 20 h in Dev), an epic over them (30 h) and a pull request (2 h).
fn data() -> Dataset {
    let mut b = DatasetBuilder::new();
    let items = [
        ("jira", "S-1", "Story", 0, 10),
        ("jira", "S-2", "Story", 0, 20),
        ("jira", "E-1", "Epic", 0, 30),
        ("github", "#7", "Pull Request", 4, 6),
    ];
    for (source, key, artifact, start, end) in items {
        let i = b
            .add_item(source, key, key, FlowItemType::Feature, T0)
            .unwrap();
        b.set_artifact_type(i, artifact);
        let (work, done) = if source == "jira" {
            ("In Progress", "Done")
        } else {
            ("Open", "Merged")
        };
        b.add_transition(i.into(), T0 + start * H, None, work)
            .unwrap();
        b.add_transition(i.into(), T0 + end * H, Some(work), done)
            .unwrap();
    }
    b.finish().unwrap()
}

fn model(data: &Dataset, prs_flow: bool) -> StageModel {
    let tools = |source: &str| Some(if source == "jira" { nid(2) } else { nid(3) });
    StageModel::new(&map(prs_flow), &mappings(), data)
        .unwrap()
        .without_non_flow_items(data, tools)
}

fn query(sources: &[&str]) -> Query {
    Query {
        sources: sources.iter().map(|s| s.to_string()).collect(),
        ..Query::all_time(T0 + 100 * H)
    }
}

#[test]
fn items_that_are_not_flow_items_count_in_no_flow_figure() {
    let data = data();
    let m = compute(&data, &model(&data, false), &query(&[])).unwrap();
    // The two stories only: flow times 10 h and 20 h, Dev's time the same.
    assert_eq!(m.items.completed, 2);
    assert_eq!(m.flow_time.count, 2);
    assert_eq!(m.flow_time.max, Some(20.0 * 3600.0));
    assert_eq!(m.stages[0].entered, 2);
    // Naming the source of pull requests does not bring them back: no flow figure counts them.
    let gh = compute(&data, &model(&data, false), &query(&["github"])).unwrap();
    assert_eq!(gh.items.completed, 0);
    // A forecast's throughput counts the same items.
    let done = completions(&data, &model(&data, false), T0 + 100 * H, None, &[]);
    assert_eq!(done, vec![T0 + 10 * H, T0 + 20 * H]);
}

#[test]
fn marking_a_type_a_flow_item_counts_its_items_again() {
    let data = data();
    let m = compute(&data, &model(&data, true), &query(&[])).unwrap();
    // The stories and the pull request (2 h): the epic stays out.
    assert_eq!(m.items.completed, 3);
    assert_eq!(m.flow_time.max, Some(20.0 * 3600.0));
    assert_eq!(m.flow_time.p50, Some(10.0 * 3600.0));
    let gh = compute(&data, &model(&data, true), &query(&["github"])).unwrap();
    assert_eq!(gh.items.completed, 1);
    assert_eq!(gh.flow_time.max, Some(2.0 * 3600.0));
    // A model that was never told which items are flow items counts every item.
    let plain = StageModel::new(&map(false), &mappings(), &data).unwrap();
    assert_eq!(
        compute(&data, &plain, &query(&[])).unwrap().items.completed,
        4
    );
}
