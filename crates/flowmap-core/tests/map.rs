//! The map's invariants and its flow queries.

use flowmap_core::*;

fn nid(n: u8) -> NodeId {
    NodeId::from_random_bytes([n; 16])
}
fn eid(n: u8) -> EdgeId {
    EdgeId::from_random_bytes([n; 16])
}
fn stage(n: u8, name: &str) -> Node {
    Node::Stage(Stage {
        id: nid(n),
        name: name.into(),
        team: None,
        tool: None,
        partner: None,
        states: vec![],
        estimates: Estimates::default(),
    })
}
fn tool(n: u8, name: &str) -> Node {
    Node::Tool(Tool {
        id: nid(n),
        name: name.into(),
        tool_kind: ToolKind::Jira,
        partner: None,
        artifact_types: vec![],
    })
}
fn handoff(n: u8, from: u8, to: u8) -> Edge {
    Edge::Handoff(Handoff {
        id: eid(n),
        from: nid(from),
        to: nid(to),
        label: None,
    })
}
fn flow(n: u8, from: u8, to: u8) -> Edge {
    Edge::ArtifactFlow(ArtifactFlow {
        id: eid(n),
        from: nid(from),
        to: nid(to),
        links: vec![ArtifactLink {
            source_type: "Feature Request".into(),
            target_type: "Epic".into(),
            flow_item_type: FlowItemType::Feature,
        }],
    })
}
fn names(map: &ValueStreamMap, ids: &[NodeId]) -> Vec<String> {
    ids.iter()
        .map(|id| map.node(*id).unwrap().name().to_string())
        .collect()
}

#[test]
fn duplicate_ids_are_refused() {
    let err = ValueStreamMap::from_parts("m", [stage(1, "A"), stage(1, "B")], []).unwrap_err();
    assert_eq!(err, MapError::DuplicateNodeId(nid(1)));
    let err = ValueStreamMap::from_parts(
        "m",
        [stage(1, "A"), stage(2, "B"), stage(3, "C")],
        [handoff(9, 1, 2), handoff(9, 2, 3)],
    )
    .unwrap_err();
    assert_eq!(err, MapError::DuplicateEdgeId(eid(9)));
}

#[test]
fn dangling_edges_are_refused_with_the_missing_node() {
    let err = ValueStreamMap::from_parts("m", [stage(1, "A")], [handoff(9, 1, 2)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "handoff {} ends at {}, which is not on the map",
            eid(9),
            nid(2)
        )
    );
}

#[test]
fn handoffs_join_stages_and_artifact_flows_join_tools() {
    let err = ValueStreamMap::from_parts(
        "m",
        [stage(1, "Build"), tool(2, "Jira")],
        [handoff(9, 1, 2)],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "handoff {} must join stages (or a customer to a stage), but \"Jira\" is a tool",
            eid(9)
        )
    );
    let err =
        ValueStreamMap::from_parts("m", [stage(1, "Build"), tool(2, "Jira")], [flow(9, 2, 1)])
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "artifact flow {} must join tools, but \"Build\" is a stage",
            eid(9)
        )
    );
    let ok = ValueStreamMap::from_parts(
        "m",
        [tool(1, "Salesforce"), tool(2, "Jira")],
        [flow(9, 1, 2)],
    )
    .unwrap();
    assert_eq!(ok.edge_count(), 1);
}

#[test]
fn a_customer_may_hand_off_to_a_stage_but_not_to_a_customer() {
    let c = |n: u8, name: &str| {
        Node::Customer(Customer {
            id: nid(n),
            name: name.into(),
        })
    };
    ValueStreamMap::from_parts(
        "m",
        [c(1, "Customers"), stage(2, "Intake")],
        [handoff(9, 1, 2)],
    )
    .unwrap();
    let err =
        ValueStreamMap::from_parts("m", [c(1, "A"), c(2, "B")], [handoff(9, 1, 2)]).unwrap_err();
    assert_eq!(err, MapError::HandoffBetweenCustomers { edge: eid(9) });
}

#[test]
fn names_must_not_be_empty() {
    let err = ValueStreamMap::from_parts("m", [stage(1, "  ")], []).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("stage {} has an empty name", nid(1))
    );
    assert_eq!(ValueStreamMap::new("").unwrap_err(), MapError::EmptyMapName);
}

#[test]
fn a_stage_or_tool_belongs_to_a_partner_that_exists_and_is_a_partner() {
    let mut s = stage(1, "Partner dev");
    if let Node::Stage(st) = &mut s {
        st.partner = Some(nid(2));
    }
    let err = ValueStreamMap::from_parts("m", [s.clone()], []).unwrap_err();
    assert!(matches!(err, MapError::UnknownPartner { .. }), "{err}");
    let err = ValueStreamMap::from_parts("m", [s.clone(), tool(2, "Jira")], []).unwrap_err();
    assert_eq!(
        err.to_string(),
        "stage \"Partner dev\" belongs to \"Jira\", which is a tool, not a partner"
    );
    let partner = Node::Partner(Partner {
        id: nid(2),
        name: "Acme".into(),
    });
    let map = ValueStreamMap::from_parts("m", [s, partner], []).unwrap();
    assert_eq!(map.owned_by(nid(2)).count(), 1);
}

#[test]
fn a_stage_lives_in_a_tool() {
    let mut s = stage(1, "Dev");
    if let Node::Stage(st) = &mut s {
        st.tool = Some(nid(2));
    }
    let err = ValueStreamMap::from_parts("m", [s.clone(), stage(2, "QA")], []).unwrap_err();
    assert_eq!(
        err.to_string(),
        "stage \"Dev\" lives in \"QA\", which is a stage, not a tool"
    );
    let map = ValueStreamMap::from_parts("m", [s, tool(2, "Jira")], []).unwrap();
    assert_eq!(map.stages_in_tool(nid(2)).count(), 1);
}

#[test]
fn estimates_are_checked() {
    let mut s = stage(1, "QA");
    if let Node::Stage(st) = &mut s {
        st.estimates = Estimates {
            process_time_secs: Some(7200),
            lead_time_secs: Some(3600),
            complete_accurate: None,
            ..Default::default()
        };
    }
    let err = ValueStreamMap::from_parts("m", [s], []).unwrap_err();
    assert_eq!(
        err.to_string(),
        "stage \"QA\": lead time (3600 s) is shorter than process time (7200 s)"
    );
    let mut s = stage(1, "QA");
    if let Node::Stage(st) = &mut s {
        st.estimates.complete_accurate = Some(1.5);
    }
    assert!(ValueStreamMap::from_parts("m", [s], []).is_err());
}

#[test]
fn self_loops_and_parallel_edges_are_refused() {
    let err = ValueStreamMap::from_parts("m", [stage(1, "A")], [handoff(9, 1, 1)]).unwrap_err();
    assert!(matches!(err, MapError::SelfLoop { .. }));
    let err = ValueStreamMap::from_parts(
        "m",
        [stage(1, "A"), stage(2, "B")],
        [handoff(8, 1, 2), handoff(9, 1, 2)],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is already a handoff from \"A\" to \"B\""
    );
}

#[test]
fn a_failed_change_leaves_the_map_as_it_was() {
    let mut map = ValueStreamMap::from_parts(
        "m",
        [stage(1, "A"), stage(2, "B"), tool(3, "Jira")],
        [handoff(9, 1, 2)],
    )
    .unwrap();
    // Turning a stage with handoffs into a tool breaks the handoff: refused, nothing changes.
    let err = map.update_node(tool(1, "A as tool")).unwrap_err();
    assert!(matches!(err, MapError::HandoffEndpoint { .. }));
    assert_eq!(map.node(nid(1)).unwrap().name(), "A");
    assert!(map.add_edge(handoff(10, 2, 3)).is_err());
    assert_eq!(map.edge_count(), 1);
}

#[test]
fn removing_a_node_removes_its_edges_and_references_to_it() {
    let partner = Node::Partner(Partner {
        id: nid(5),
        name: "Acme".into(),
    });
    let mut s = stage(1, "A");
    if let Node::Stage(st) = &mut s {
        st.partner = Some(nid(5));
        st.tool = Some(nid(3));
    }
    let mut map = ValueStreamMap::from_parts(
        "m",
        [s, stage(2, "B"), tool(3, "Jira"), partner],
        [handoff(9, 1, 2)],
    )
    .unwrap();
    map.remove_node(nid(5)).unwrap();
    map.remove_node(nid(3)).unwrap();
    assert_eq!(map.stage(nid(1)).unwrap().partner, None);
    assert_eq!(map.stage(nid(1)).unwrap().tool, None);
    map.remove_node(nid(2)).unwrap();
    assert_eq!(map.edge_count(), 0);
    assert_eq!(
        map.remove_node(nid(2)).unwrap_err(),
        MapError::UnknownNode(nid(2))
    );
}

/// A → B → C → D with C → B (rework) and a parallel branch B → E → D.
fn looped_map() -> ValueStreamMap {
    ValueStreamMap::from_parts(
        "m",
        [
            stage(1, "A"),
            stage(2, "B"),
            stage(3, "C"),
            stage(4, "D"),
            stage(5, "E"),
        ],
        [
            handoff(11, 1, 2),
            handoff(12, 2, 3),
            handoff(13, 3, 4),
            handoff(14, 3, 2),
            handoff(15, 2, 5),
            handoff(16, 5, 4),
        ],
    )
    .unwrap()
}

#[test]
fn flow_order_sets_rework_loops_aside() {
    let map = looped_map();
    let order = map.flow_order();
    assert_eq!(names(&map, &order.stages), ["A", "B", "C", "E", "D"]);
    assert_eq!(order.rework, vec![eid(14)]);
    assert_eq!(map.rework_loops(), vec![eid(14)]);
}

#[test]
fn flow_order_respects_every_forward_handoff() {
    let map = looped_map();
    let order = map.flow_order();
    let pos = |id: NodeId| order.stages.iter().position(|s| *s == id).unwrap();
    for e in map.edges() {
        if order.rework.contains(&e.id()) {
            continue;
        }
        let (a, b) = e.endpoints();
        assert!(pos(a) < pos(b), "{:?} before {:?}", a, b);
    }
}

#[test]
fn a_pure_cycle_still_has_an_order() {
    let map = ValueStreamMap::from_parts(
        "m",
        [stage(1, "A"), stage(2, "B")],
        [handoff(11, 1, 2), handoff(12, 2, 1)],
    )
    .unwrap();
    let order = map.flow_order();
    assert_eq!(names(&map, &order.stages), ["A", "B"]);
    assert_eq!(order.rework, vec![eid(12)]);
}

#[test]
fn critical_path_takes_the_heaviest_branch() {
    let map = looped_map();
    let weight = |heavy: &'static str| move |s: &Stage| if s.name == heavy { 10.0 } else { 1.0 };
    assert_eq!(
        names(&map, &map.critical_path(weight("E"))),
        ["A", "B", "E", "D"]
    );
    assert_eq!(
        names(&map, &map.critical_path(weight("C"))),
        ["A", "B", "C", "D"]
    );
}

#[test]
fn critical_path_of_an_empty_map_is_empty() {
    let map = ValueStreamMap::new("m").unwrap();
    assert!(map.critical_path(|_| 1.0).is_empty());
    assert!(map.flow_order().stages.is_empty());
}

#[test]
fn update_edge_keeps_its_place_and_can_relabel() {
    let mut map = looped_map();
    map.update_edge(Edge::Handoff(Handoff {
        id: eid(12),
        from: nid(2),
        to: nid(3),
        label: Some("ready".into()),
    }))
    .unwrap();
    let ids: Vec<EdgeId> = map.edges().map(Edge::id).collect();
    assert_eq!(ids[1], eid(12));
    assert_eq!(map.rework_loops(), vec![eid(14)]);
}

#[test]
fn layout_puts_stages_left_to_right_and_tools_below() {
    let mut a = stage(1, "A");
    if let Node::Stage(s) = &mut a {
        s.tool = Some(nid(9));
    }
    let map = ValueStreamMap::from_parts(
        "m",
        [a, stage(2, "B"), stage(3, "C"), tool(9, "Jira")],
        [handoff(11, 1, 2), handoff(12, 2, 3), handoff(13, 3, 1)],
    )
    .unwrap();
    let layout = layout::left_to_right(&map);
    let (a, b, c, t) = (
        layout[&nid(1)],
        layout[&nid(2)],
        layout[&nid(3)],
        layout[&nid(9)],
    );
    assert!(a.x < b.x && b.x < c.x, "{a:?} {b:?} {c:?}");
    assert!(t.y > a.y, "tools lane below the flow");
    assert_eq!(t.x, a.x, "a tool sits under its stage");
}
