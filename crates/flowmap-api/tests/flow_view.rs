//! The flow view of the map being edited: the same figures as `flowmap metrics`, against the
//! working map, with the items loaded once per file version and the filters saved with the map.

use chrono::{TimeZone, Utc};
use flowmap_api::wire::{Edit, MetricsRequest, OverlayChoice, OverlayMode, Percentile};
use flowmap_api::{create_demo, EditSession, ErrorCode, OpenMap};
use flowmap_core::{Estimates, FlowItemType, Item, Node, NodeId, Stage, Transition};
use flowmap_metrics::WindowKind;
use flowmap_store::MapFile;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-02";

fn clock() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.flowmap");
    create_demo(&path, 2000, 42).unwrap();
    path
}

fn as_of() -> MetricsRequest {
    MetricsRequest {
        now: Some(AS_OF.into()),
        ..Default::default()
    }
}

fn stage_id(session: &EditSession, name: &str) -> NodeId {
    session
        .document()
        .map
        .stages()
        .find(|s| s.name == name)
        .unwrap()
        .id
}

#[test]
fn the_flow_view_gives_what_flowmap_metrics_gives() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let expected = OpenMap::open(&path)
        .unwrap()
        .metrics(&as_of(), clock())
        .unwrap();
    let mut session = EditSession::open(&path).unwrap();
    let view = session.flow_view(&as_of(), clock()).unwrap();
    assert_eq!(view.metrics, expected);
    assert_eq!(view.sources, ["jira"]);
    assert!(view.load_ms > 0.0);
    // The demo's bottleneck is Testing, and its aging items link to the demo's Jira.
    let testing = stage_id(&session, "Testing");
    assert_eq!(view.metrics.bottlenecks[0], testing);
    let aging = &view
        .metrics
        .stages
        .iter()
        .find(|s| s.id == testing)
        .unwrap()
        .aging[0];
    let link = view.links.iter().find(|l| l.key == aging.key).unwrap();
    assert_eq!(
        link.url,
        format!("https://demo.atlassian.net/browse/{}", aging.key)
    );
    // Without `now`, the clock.
    let now = session
        .flow_view(&MetricsRequest::default(), clock())
        .unwrap();
    assert_eq!(now.metrics.window.now, clock());
}

#[test]
fn the_overlays_carry_each_stages_figure_and_heat() {
    use flowmap_api::wire::{OverlayMode, Percentile};
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut session = EditSession::open(&path).unwrap();
    let view = session.flow_view(&as_of(), clock()).unwrap();
    let testing = stage_id(&session, "Testing");
    assert_eq!(view.bottleneck, Some(testing));
    let modes: Vec<_> = view.overlays.iter().map(|o| o.mode).collect();
    assert!(!modes.contains(&OverlayMode::None));
    for mode in OverlayMode::ALL.into_iter().skip(1) {
        assert!(modes.contains(&mode), "{mode:?}");
    }
    let waiting = view
        .overlays
        .iter()
        .find(|o| o.mode == OverlayMode::Waiting && o.percentile == Some(Percentile::P85))
        .unwrap();
    assert_eq!(waiting.stages.len(), view.metrics.stages.len());
    for (figure, stage) in waiting.stages.iter().zip(&view.metrics.stages) {
        assert_eq!(figure.stage, stage.id);
        assert_eq!(
            figure.value,
            stage.waiting.p85.filter(|_| stage.waiting.count > 0)
        );
        assert_eq!(figure.items, stage.waiting.count);
        assert!(figure.heat.is_none_or(|h| (0.0..=1.0).contains(&h)));
    }
    // The stage that waits longest is the hottest.
    let hottest = waiting
        .stages
        .iter()
        .max_by(|a, b| a.value.partial_cmp(&b.value).unwrap())
        .unwrap();
    assert_eq!(hottest.heat, Some(1.0));
}

#[test]
fn the_items_are_loaded_once_until_the_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut session = EditSession::open(&path).unwrap();
    let first = session.flow_view(&as_of(), clock()).unwrap();
    assert!(first.load_ms > 0.0);
    let again = session
        .flow_view(
            &MetricsRequest {
                flow_item_type: Some(FlowItemType::Defect),
                ..as_of()
            },
            clock(),
        )
        .unwrap();
    assert_eq!(again.load_ms, 0.0);
    assert!(again.metrics.items.completed < first.metrics.items.completed);
    // Another process adds an item: loaded again, and counted.
    add_done_item(&path, "NEW-1");
    let after = session.flow_view(&as_of(), clock()).unwrap();
    assert!(after.load_ms > 0.0);
    assert_eq!(
        after.metrics.items.completed,
        first.metrics.items.completed + 1
    );
}

/// Another process adds item `key`, completed on 2 October.
fn add_done_item(path: &Path, key: &str) {
    let mut other = MapFile::open(path).unwrap();
    other
        .write_items(|w| {
            let at = |d| Utc.with_ymd_and_hms(2026, 10, d, 9, 0, 0).unwrap();
            let item = Item::new("jira", key, "New", "Bug", FlowItemType::Feature, at(1));
            let t = |to: &str, d| Transition {
                item: item.id,
                from_state: None,
                to_state: to.into(),
                at: at(d),
            };
            w.add(&item, &[t("In Progress", 1), t("Done", 2)])
        })
        .unwrap();
}

#[test]
fn items_preloaded_when_the_window_opens_give_the_same_figures_and_never_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let expected = EditSession::open(&path)
        .unwrap()
        .flow_view(&as_of(), clock())
        .unwrap()
        .metrics;
    let mut session = EditSession::open(&path).unwrap();
    session.preload_items().unwrap();
    let view = session.flow_view(&as_of(), clock()).unwrap();
    assert_eq!(view.metrics, expected);
    // Preloaded, then another process commits before the figures are asked: its item counts.
    let mut session = EditSession::open(&path).unwrap();
    session.preload_items().unwrap();
    add_done_item(&path, "NEW-1");
    let view = session.flow_view(&as_of(), clock()).unwrap();
    assert_eq!(view.metrics.items.completed, expected.items.completed + 1);
    // A file without a snapshot preloads nothing: the items are read from the rows.
    MapFile::open(&path)
        .unwrap()
        .write_items(|w| {
            w.add(
                &Item::new(
                    "jira",
                    "NEW-2",
                    "New",
                    "Bug",
                    FlowItemType::Feature,
                    clock(),
                ),
                &[],
            )
        })
        .unwrap();
    let mut session = EditSession::open(&path).unwrap();
    session.preload_items().unwrap();
    let view = session.flow_view(&as_of(), clock()).unwrap();
    assert_eq!(view.metrics.items.completed, expected.items.completed + 1);
}

#[test]
fn an_edited_stage_shows_at_once_without_saving() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut session = EditSession::open(&path).unwrap();
    let testing = stage_id(&session, "Testing");
    let Some(Node::Stage(mut stage)) = session.document().map.node(testing).cloned() else {
        panic!("Testing is a stage");
    };
    stage.name = "QA".into();
    session
        .apply(Edit::UpdateNode {
            node: Node::Stage(stage),
        })
        .unwrap();
    let added = NodeId::from_random_bytes([7; 16]);
    session
        .apply(Edit::AddNode {
            node: Node::Stage(Stage {
                id: added,
                name: "Security review".into(),
                team: None,
                tool: None,
                partner: None,
                states: vec![],
                estimates: Estimates::default(),
            }),
            x: 0.0,
            y: 400.0,
        })
        .unwrap();
    let view = session.flow_view(&as_of(), clock()).unwrap();
    let qa = view
        .metrics
        .stages
        .iter()
        .find(|s| s.id == testing)
        .unwrap();
    assert_eq!(qa.name, "QA");
    assert_eq!(qa.bottleneck_rank, 1);
    let new = view.metrics.stages.iter().find(|s| s.id == added).unwrap();
    assert_eq!(new.entered, 0);
    assert!(session.is_dirty());
}

#[test]
fn a_new_map_has_empty_figures_not_an_error() {
    let mut session = EditSession::new_map();
    let view = session.flow_view(&as_of(), clock()).unwrap();
    assert_eq!(view.metrics.items.completed, 0);
    assert!(view.metrics.stages.is_empty());
    assert!(view.sources.is_empty());
    // Its filters are kept until it has a file, then written there.
    let filters = MetricsRequest {
        window: Some(WindowKind::During),
        ..as_of()
    };
    session.save_flow_filters(&filters, clock()).unwrap();
    assert_eq!(session.flow_filters().unwrap(), filters);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.flowmap");
    session.save_as(&path).unwrap();
    assert_eq!(session.flow_filters().unwrap(), filters);
    assert_eq!(
        EditSession::open(&path).unwrap().flow_filters().unwrap(),
        filters
    );
}

#[test]
fn filters_are_saved_with_the_map_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut session = EditSession::open(&path).unwrap();
    assert_eq!(session.flow_filters().unwrap(), MetricsRequest::default());
    let filters = MetricsRequest {
        from: Some("2026-08-01".into()),
        window: Some(WindowKind::During),
        flow_item_type: Some(FlowItemType::Defect),
        sources: vec!["jira".into()],
        partner: Some("Nearshore Partner Ltd".into()),
        ..as_of()
    };
    session.save_flow_filters(&filters, clock()).unwrap();
    // Saved at once, and not a change to the map.
    assert!(!session.is_dirty());
    let mut reopened = EditSession::open(&path).unwrap();
    assert_eq!(reopened.flow_filters().unwrap(), filters);
    // What a window opening the map asks for: the figures under them, in one call.
    let opened = reopened.saved_flow_view(true, clock()).unwrap();
    let points = MetricsRequest {
        include_points: true,
        ..filters.clone()
    };
    assert_eq!(opened.filters, points);
    assert_eq!(
        opened.metrics,
        reopened.flow_view(&points, clock()).unwrap().metrics
    );

    let bad_date = MetricsRequest {
        from: Some("last tuesday".into()),
        ..Default::default()
    };
    let e = session.save_flow_filters(&bad_date, clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    assert!(e.message.contains("last tuesday"), "{}", e.message);
    let bad_partner = MetricsRequest {
        partner: Some("Nobody Ltd".into()),
        ..Default::default()
    };
    let e = session
        .save_flow_filters(&bad_partner, clock())
        .unwrap_err();
    assert!(e.message.contains("Nearshore Partner Ltd"), "{}", e.message);
    assert_eq!(
        EditSession::open(&path).unwrap().flow_filters().unwrap(),
        filters
    );
}

#[test]
fn the_partner_filter_keeps_the_items_that_went_through_its_stages() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut session = EditSession::open(&path).unwrap();
    let all = session.flow_view(&as_of(), clock()).unwrap().metrics;
    let partner = MetricsRequest {
        partner: Some("nearshore partner ltd".into()),
        ..as_of()
    };
    let m = session.flow_view(&partner, clock()).unwrap().metrics;
    let owned = stage_id(&session, "Partner development");
    let in_partner = all.stages.iter().find(|s| s.id == owned).unwrap();
    // Every item counted went through Partner development, the one stage the partner owns.
    let theirs = m.stages.iter().find(|s| s.id == owned).unwrap();
    assert!(m.items.in_scope > 0 && m.items.in_scope < all.items.in_scope);
    assert_eq!(theirs.entered, in_partner.entered);
    assert_eq!(m.items.in_scope, theirs.entered);
    // The CLI's request takes the same filter.
    let cli = OpenMap::open(&path)
        .unwrap()
        .metrics(&partner, clock())
        .unwrap();
    assert_eq!(cli, m);
}

#[test]
fn the_map_opens_with_the_overlay_it_was_saved_with() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut session = EditSession::open(&path).unwrap();
    assert_eq!(session.flow_overlay().unwrap(), OverlayChoice::default());
    let waiting = OverlayChoice {
        mode: OverlayMode::Waiting,
        percentile: Percentile::P85,
    };
    session.save_flow_overlay(waiting).unwrap();
    // Saved at once, and not a change to the map.
    assert!(!session.is_dirty());
    assert_eq!(
        EditSession::open(&path).unwrap().flow_overlay().unwrap(),
        waiting
    );

    // A new map keeps it until it has a file, then writes it there.
    let mut new = EditSession::new_map();
    let load = OverlayChoice {
        mode: OverlayMode::Load,
        percentile: Percentile::P50,
    };
    new.save_flow_overlay(load).unwrap();
    assert_eq!(new.flow_overlay().unwrap(), load);
    let saved = dir.path().join("new.flowmap");
    new.save_as(&saved).unwrap();
    assert_eq!(new.flow_overlay().unwrap(), load);
    assert_eq!(
        EditSession::open(&saved).unwrap().flow_overlay().unwrap(),
        load
    );
}
