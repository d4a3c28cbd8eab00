//! Lineage and end-to-end figures: hand-computed fixtures (a request with two features, one of
//! them with three stories and a reopened bug; a build that contains two stories), roots
//! linked twice, canceled and partly done trees, cycles, and properties over random chains.

use flowmap_core::*;
use flowmap_metrics::lineage::*;
use proptest::prelude::*;

const H: i64 = 3_600_000;

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}
fn eid(n: u8) -> EdgeId {
    EdgeId::from_random_bytes([n; 16])
}

const SF: u8 = 1;
const TP: u8 = 2;
const JIRA: u8 = 3;
const JENKINS: u8 = 4;

/// Salesforce → Targetprocess → Jira → Jenkins, as a toolchain.
fn toolchain() -> ValueStreamMap {
    let tool = |n: u8, name: &str| {
        Node::Tool(Tool {
            id: nid(n),
            name: name.into(),
            tool_kind: ToolKind::Other,
            partner: None,
            artifact_types: vec![],
        })
    };
    let link = |s: &str, t: &str| ArtifactLink {
        source_type: s.into(),
        target_type: t.into(),
        flow_item_type: FlowItemType::Feature,
    };
    let flow = |n: u8, a: u8, b: u8, links: Vec<ArtifactLink>| {
        Edge::ArtifactFlow(ArtifactFlow {
            id: eid(n),
            from: nid(a),
            to: nid(b),
            links,
        })
    };
    ValueStreamMap::from_parts(
        "toolchain",
        [
            tool(SF, "Salesforce"),
            tool(TP, "Targetprocess"),
            tool(JIRA, "Jira"),
            tool(JENKINS, "Jenkins"),
        ],
        [
            flow(11, SF, TP, vec![link("Feature Request", "Feature")]),
            flow(
                12,
                TP,
                JIRA,
                vec![link("Feature", "Story"), link("Feature", "Bug")],
            ),
            flow(13, JIRA, JENKINS, vec![link("Story", "Build")]),
        ],
    )
    .unwrap()
}

/// An item of `tool` worked on from `start` to `done` (hours), Done.
fn item(tool: u8, source: &str, key: &str, kind: &str, start: i64, done: i64) -> LineageItem {
    LineageItem {
        id: ItemId::for_source_key(source, key),
        source: source.into(),
        key: key.into(),
        tool: Some(nid(tool)),
        artifact_type: kind.into(),
        flow_item_type: if kind == "Bug" {
            FlowItemType::Defect
        } else {
            FlowItemType::Feature
        },
        started: Some(start * H),
        ended: Some(done * H),
        outcome: Outcome::Done,
    }
}

fn link(from: &LineageItem, kind: LinkKind, to: &str, source: Option<&str>) -> Link {
    Link {
        from: from.id,
        target: LinkTarget {
            source: source.map(str::to_string),
            key: to.into(),
        },
        kind,
        qualifier: String::new(),
        origin: LinkOrigin::Source(from.source.clone()),
    }
}

/// The request REQ-1 with features F-1 (stories S-1..3, bug B-1 reopened) and F-2; the build
/// 7 contains S-1 and S-2.
fn fixture() -> (Vec<LineageItem>, Vec<Link>) {
    let items = vec![
        item(SF, "sf", "REQ-1", "Feature Request", 0, 10),
        item(TP, "tp", "F-1", "Feature", 12, 100),
        item(TP, "tp", "F-2", "Feature", 20, 30),
        item(JIRA, "jira", "S-1", "Story", 14, 40),
        item(JIRA, "jira", "S-2", "Story", 16, 50),
        item(JIRA, "jira", "S-3", "Story", 18, 60),
        // Done at 35, reopened at 45, done again at 70: its end is the final Done.
        item(JIRA, "jira", "B-1", "Bug", 30, 70),
        item(JENKINS, "jenkins", "7", "Build", 80, 90),
    ];
    let by = |k: &str| items.iter().find(|i| i.key == k).unwrap().clone();
    let links = vec![
        link(&by("F-1"), LinkKind::Parent, "REQ-1", None),
        link(&by("F-2"), LinkKind::Parent, "REQ-1", Some("sf")),
        link(&by("S-1"), LinkKind::Parent, "F-1", None),
        link(&by("S-2"), LinkKind::Parent, "F-1", None),
        link(&by("S-3"), LinkKind::Mentions, "F-1", None),
        link(&by("B-1"), LinkKind::Relates, "F-1", None),
        link(&by("S-1"), LinkKind::BuiltBy, "7", Some("jenkins")),
        link(&by("S-2"), LinkKind::BuiltBy, "7", Some("jenkins")),
        // Not synced yet: kept, not resolved.
        link(&by("S-3"), LinkKind::Relates, "OPS-9", None),
    ];
    (items, links)
}

fn tool_ms(r: &RootFigures, tool: u8) -> i64 {
    r.in_tools
        .iter()
        .find(|t| t.tool == Some(nid(tool)))
        .map_or(0, |t| t.ms)
}

#[test]
fn a_request_with_two_features_stories_a_reopened_bug_and_a_build() {
    let map = toolchain();
    let (items, links) = fixture();
    let g = LineageGraph::build(&map, &items, &links);
    assert_eq!(g.unresolved, 1);
    assert_eq!(g.roots(), vec![0]);
    let keys: Vec<&str> = g
        .tree(0)
        .iter()
        .map(|n| items[n.item as usize].key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["REQ-1", "F-1", "S-1", "7", "S-2", "S-3", "B-1", "F-2"]
    );
    let s = summarize(&g, &items, 200 * H);
    let r = &s.roots[0];
    assert_eq!(r.status, RootStatus::Finished);
    // From the request's start (0 h) to the build's completion (90 h).
    assert_eq!(r.end_to_end_ms, Some(90 * H));
    // 0–10 Salesforce; 10–12 nothing; 12–14 and 70–80 the feature alone; 14–70 stories and
    // the bug; 80–90 the build.
    assert_eq!(tool_ms(r, SF), 10 * H);
    assert_eq!(tool_ms(r, TP), 12 * H);
    assert_eq!(tool_ms(r, JIRA), 56 * H);
    assert_eq!(tool_ms(r, JENKINS), 10 * H);
    assert_eq!(r.between_tools_ms, 2 * H);
    assert_eq!(r.items, 8);
    let x = |e: u8| {
        s.crossings
            .iter()
            .find(|c| c.flow == eid(e))
            .unwrap()
            .clone()
    };
    // The request done at 10, features started at 12 and 20.
    assert_eq!(
        (x(11).count, x(11).p50_ms, x(11).p85_ms),
        (2, Some(2 * H), Some(10 * H))
    );
    // Stories and the bug started while F-1 was open: nothing lost.
    assert_eq!((x(12).count, x(12).p85_ms), (4, Some(0)));
    // S-1 done at 40, S-2 at 50, the build started at 80.
    assert_eq!(
        (x(13).count, x(13).p50_ms, x(13).p85_ms),
        (2, Some(30 * H), Some(40 * H))
    );
    // Its slowest crossings, slowest first, name the items on both sides.
    let named: Vec<(&str, &str, i64)> = x(13)
        .slowest
        .iter()
        .map(|&(p, c, ms)| {
            (
                items[p as usize].key.as_str(),
                items[c as usize].key.as_str(),
                ms,
            )
        })
        .collect();
    assert_eq!(named, [("S-1", "7", 40 * H), ("S-2", "7", 30 * H)]);
    assert_eq!(x(11).slowest.len(), 2);
    assert_eq!(x(11).slowest[0].2, 10 * H);
    assert_eq!(s.by_type.len(), 1);
    assert_eq!(s.by_type[0].flow_item_type, FlowItemType::Feature);
    assert_eq!(
        (s.by_type[0].finished, s.by_type[0].p50_ms),
        (1, Some(90 * H))
    );
}

#[test]
fn partly_done_canceled_and_twice_linked_roots() {
    let map = toolchain();
    let (mut items, mut links) = fixture();
    // A second request whose feature also claims S-1, and a third canceled before work began.
    items.push(item(SF, "sf", "REQ-2", "Feature Request", 5, 8));
    items.push(LineageItem {
        outcome: Outcome::Open,
        ended: None,
        ..item(TP, "tp", "F-3", "Feature", 9, 0)
    });
    items.push(LineageItem {
        outcome: Outcome::Canceled,
        ..item(SF, "sf", "REQ-3", "Feature Request", 1, 2)
    });
    items.push(LineageItem {
        outcome: Outcome::Canceled,
        ..item(TP, "tp", "F-4", "Feature", 3, 4)
    });
    let f3 = items[9].clone();
    let f4 = items[11].clone();
    links.push(link(&f3, LinkKind::Parent, "REQ-2", None));
    links.push(link(&f3, LinkKind::Child, "S-1", None));
    links.push(link(&f4, LinkKind::Parent, "REQ-3", None));
    let g = LineageGraph::build(&map, &items, &links);
    assert_eq!(g.roots(), vec![0, 8, 10]);
    let s = summarize(&g, &items, 100 * H);
    let second = &s.roots[1];
    // S-1 counts under both requests; F-3 is open: in progress, aged from 5 h to now.
    assert!(g
        .tree(8)
        .iter()
        .any(|n| items[n.item as usize].key == "S-1"));
    assert_eq!(second.status, RootStatus::InProgress);
    assert_eq!(second.end_to_end_ms, Some(95 * H));
    let total: i64 = second.in_tools.iter().map(|t| t.ms).sum::<i64>() + second.between_tools_ms;
    assert_eq!(total, 95 * H);
    assert_eq!(s.roots[2].status, RootStatus::Canceled);
    assert_eq!(s.roots[2].end_to_end_ms, None);
    let feature = s.by_type[0];
    assert_eq!((feature.finished, feature.in_progress), (1, 1));
}

#[test]
fn cycles_in_links_never_loop() {
    let map = toolchain();
    let a = item(JIRA, "jira", "A-1", "Story", 0, 5);
    let b = item(JIRA, "jira", "A-2", "Story", 1, 6);
    let c = item(JIRA, "jira", "A-3", "Story", 2, 7);
    let r = item(TP, "tp", "F-9", "Feature", 0, 1);
    let links = vec![
        // A pure cycle: no root.
        link(&a, LinkKind::Parent, "A-2", None),
        link(&b, LinkKind::Parent, "A-1", None),
        // Below a root: F-9 → A-3 → A-1 ⇄ → A-3 back.
        link(&c, LinkKind::Parent, "F-9", None),
        link(&c, LinkKind::Child, "A-1", None),
        link(&b, LinkKind::Child, "A-3", None),
    ];
    let items = vec![a, b, c, r];
    let g = LineageGraph::build(&map, &items, &links);
    assert_eq!(g.roots(), vec![3]);
    let tree = g.tree(3);
    assert_eq!(tree.len(), 4);
    let s = summarize(&g, &items, 10 * H);
    // All done, but none in an end tool (Jenkins): on its way, aged from 0 h to now.
    assert_eq!(s.roots[0].status, RootStatus::InProgress);
    assert_eq!(s.roots[0].end_to_end_ms, Some(10 * H));
}

proptest! {
    /// On a chain request → feature → story → build, each started after the previous one was
    /// done, the span splits exactly into time in tools and time between them, and the
    /// crossings add up to the time between tools.
    #[test]
    fn a_sequential_chain_splits_its_span_exactly(
        steps in proptest::collection::vec((0i64..50, 1i64..50), 4)
    ) {
        let map = toolchain();
        let kinds = [(SF, "sf", "Feature Request"), (TP, "tp", "Feature"), (JIRA, "jira", "Story"), (JENKINS, "jenkins", "Build")];
        let mut at = 0;
        let mut items = Vec::new();
        for (k, (gap, work)) in steps.iter().enumerate() {
            let (tool, source, kind) = kinds[k];
            let start = at + gap;
            items.push(item(tool, source, &format!("K-{k}"), kind, start, start + work));
            at = start + work;
        }
        let links: Vec<Link> = (1..4)
            .map(|k| link(&items[k], LinkKind::Parent, &format!("K-{}", k - 1), None))
            .collect();
        let g = LineageGraph::build(&map, &items, &links);
        let s = summarize(&g, &items, 1000 * H);
        prop_assert_eq!(s.roots.len(), 1);
        let r = &s.roots[0];
        let e2e = r.end_to_end_ms.unwrap();
        let in_tools: i64 = r.in_tools.iter().map(|t| t.ms).sum();
        prop_assert_eq!(in_tools + r.between_tools_ms, e2e);
        let crossings: i64 = s.crossings.iter().filter_map(|c| c.p50_ms).sum();
        prop_assert_eq!(crossings, r.between_tools_ms);
        prop_assert!(crossings + in_tools <= e2e);
    }

    /// Any links among a few items: building, walking and summing never loop or panic, every
    /// figure is within its root's span, and a span splits exactly.
    #[test]
    fn any_links_give_bounded_figures(
        edges in proptest::collection::vec((0usize..8, 0usize..8, 0u8..3), 0..20),
        times in proptest::collection::vec((0i64..100, 0i64..100, 0u8..3), 8)
    ) {
        let map = toolchain();
        let kinds = [(SF, "sf", "Feature Request"), (TP, "tp", "Feature"), (JIRA, "jira", "Story"), (JENKINS, "jenkins", "Build")];
        let items: Vec<LineageItem> = times.iter().enumerate().map(|(i, (s, d, o))| {
            let (tool, source, kind) = kinds[i % 4];
            LineageItem {
                outcome: [Outcome::Open, Outcome::Done, Outcome::Canceled][*o as usize],
                ..item(tool, source, &format!("K-{i}"), kind, *s, s + d)
            }
        }).collect();
        let links: Vec<Link> = edges.iter().map(|(a, b, k)| {
            let kind = [LinkKind::Parent, LinkKind::Child, LinkKind::Relates][*k as usize];
            link(&items[*a], kind, &format!("K-{b}"), None)
        }).collect();
        let g = LineageGraph::build(&map, &items, &links);
        let s = summarize(&g, &items, 300 * H);
        for r in &s.roots {
            prop_assert!(g.tree(r.root).len() <= items.len());
            if let Some(e2e) = r.end_to_end_ms {
                prop_assert!(e2e >= 0);
                let in_tools: i64 = r.in_tools.iter().map(|t| t.ms).sum();
                prop_assert_eq!(in_tools + r.between_tools_ms, e2e);
            }
        }
        for c in &s.crossings {
            prop_assert!(c.p50_ms <= c.p85_ms);
        }
    }
}
