//! Forecasts through `commands::dispatch` (the window's path) and `OpenMap` (the CLI's), on
//! hand-built items whose throughput is known: two items done on each of the ten days before
//! `now`, one of them a defect, one reopened and done again, plus a canceled item and an item
//! done after `now` that must not count.

use chrono::{DateTime, Duration, TimeZone, Utc};
use flowmap_api::commands::{dispatch, Backend};
use flowmap_api::wire::ForecastRequest;
use flowmap_api::{import_json, EditSession, OpenMap, RecoveryCopy};
use flowmap_core::{FlowItemType, Item, Transition};
use flowmap_metrics::forecast::Question;
use flowmap_store::MapFile;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

mod common;

use common::QuietShell;

/// 30 November 2026, 12:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

/// Noon-to-noon days back from `now`: day k is [now − (k+1)·24 h, now − k·24 h); `mid(k)` is
/// its middle.
fn mid(k: i64) -> DateTime<Utc> {
    now() - Duration::hours(24 * k + 12)
}

/// An item's changes: the state entered and when.
type Changes = Vec<(&'static str, DateTime<Utc>)>;

fn map(dir: &Path) -> PathBuf {
    let json = dir.join("map.json");
    std::fs::write(
        &json,
        json!({
            "format": "flowmap-map", "version": 1, "name": "Team",
            "nodes": [{ "kind": "stage", "id": "11111111-1111-4111-8111-111111111111",
                        "name": "Development", "states": ["In Progress"] }],
            "edges": [], "layout": [],
        })
        .to_string(),
    )
    .unwrap();
    let path = dir.join("team.flowmap");
    import_json(&json, &path).unwrap();
    let mut file = MapFile::open(&path).unwrap();
    let mut items: Vec<(String, FlowItemType, Changes)> = Vec::new();
    for k in 0..10 {
        let start = mid(k) - Duration::days(2);
        items.push((
            format!("F-{k}"),
            FlowItemType::Feature,
            vec![("In Progress", start), ("Done", mid(k))],
        ));
        let defect = if k == 3 {
            // Done on day 5, reopened, done again on day 3: counts once, on day 3.
            vec![
                ("In Progress", mid(7)),
                ("Done", mid(5)),
                ("In Progress", mid(4)),
                ("Done", mid(3)),
            ]
        } else {
            vec![("In Progress", start), ("Done", mid(k))]
        };
        items.push((format!("D-{k}"), FlowItemType::Defect, defect));
    }
    items.push((
        "C-1".into(),
        FlowItemType::Feature,
        vec![("In Progress", mid(6)), ("Canceled", mid(2))],
    ));
    items.push((
        "LATE-1".into(),
        FlowItemType::Feature,
        vec![
            ("In Progress", mid(1)),
            ("Done", now() + Duration::hours(1)),
        ],
    ));
    file.write_items(|w| {
        for (key, kind, changes) in &items {
            let item = Item::new("jira", key, key, "Story", *kind, changes[0].1);
            let transitions: Vec<Transition> = changes
                .iter()
                .map(|(to, at)| Transition {
                    item: item.id,
                    from_state: None,
                    to_state: to.to_string(),
                    at: *at,
                })
                .collect();
            w.add(&item, &transitions)?;
        }
        Ok(())
    })
    .unwrap();
    path
}

fn call(backend: &Backend, request: Value) -> Result<Value, flowmap_api::ApiError> {
    dispatch(
        backend,
        &QuietShell { now: Some(now()) },
        "forecast",
        json!({ "request": request }),
    )
}

fn likelihoods(v: &Value) -> Vec<u64> {
    v["forecast"]["likelihoods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["value"].as_u64().unwrap())
        .collect()
}

#[test]
fn a_steady_team_gets_exact_answers_and_dates_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let backend = Backend::new(
        Ok(EditSession::open(&map(dir.path())).unwrap()),
        RecoveryCopy::new(dir.path().join("recovery.json")),
    );
    let now = now().to_rfc3339();
    // Two a day for ten days: 7 items take 4 days at every confidence.
    let when = call(
        &backend,
        json!({ "question": { "kind": "when", "items": 7 }, "now": now, "window_days": 10,
                "trials": 2000, "seed": 5 }),
    )
    .unwrap();
    assert_eq!(likelihoods(&when), [4, 4, 4]);
    assert_eq!(when["forecast"]["window_completions"], 20);
    assert_eq!(when["forecast"]["days_with_completions"], 10);
    assert_eq!(when["dates"][1], (now_plus(4)).as_str());
    assert!(when["method"]
        .as_str()
        .unwrap()
        .contains("2,000 trials (seed 5)"));
    // Defects only: one a day.
    let defects = call(
        &backend,
        json!({ "question": { "kind": "how_many", "days": 5 }, "now": now, "window_days": 10,
                "flow_item_type": "Defect" }),
    )
    .unwrap();
    assert_eq!(likelihoods(&defects), [5, 5, 5]);
    assert_eq!(defects["dates"][0], now_plus(5).as_str());
}

fn now_plus(days: i64) -> String {
    (now() + Duration::days(days)).to_rfc3339()
}

#[test]
fn the_cli_path_gives_the_same_forecast_and_back_tests() {
    let dir = tempfile::tempdir().unwrap();
    let path = map(dir.path());
    let request = ForecastRequest {
        question: Question::HowMany { days: 3 },
        flow_item_type: None,
        sources: Vec::new(),
        now: Some(now().to_rfc3339()),
        window_days: Some(4),
        trials: Some(1000),
        seed: Some(9),
        backtest: true,
        under: None,
    };
    let open = OpenMap::open(&path)
        .unwrap()
        .forecast(&request, now())
        .unwrap();
    let backend = Backend::new(
        Ok(EditSession::open(&path).unwrap()),
        RecoveryCopy::new(dir.path().join("recovery.json")),
    );
    let window = call(&backend, serde_json::to_value(&request).unwrap()).unwrap();
    assert_eq!(serde_json::to_value(&open).unwrap(), window);
    assert_eq!(
        likelihoods(&window),
        [6, 6, 6],
        "four days of 2 completions: 6 in 3 days"
    );
    // History starts ten days back: a back-test 3 days before now with a 4-day window fits; the
    // next, 14 days earlier, would sample days before the first completion and is left out.
    let b = open.backtest.unwrap();
    assert_eq!(b.points.len(), 1);
    assert_eq!(b.points[0].forecast, [6, 6, 6]);
    assert_eq!(b.points[0].actual, 6);
    assert_eq!(b.hit_rates, [1.0, 1.0, 1.0]);
}

#[test]
fn bad_requests_name_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let backend = Backend::new(
        Ok(EditSession::open(&map(dir.path())).unwrap()),
        RecoveryCopy::new(dir.path().join("recovery.json")),
    );
    let cases = [
        (
            json!({ "question": { "kind": "how_many", "days": 0 } }),
            "days to forecast",
        ),
        (
            json!({ "question": { "kind": "when", "items": 0 } }),
            "at least 1",
        ),
        (
            json!({ "question": { "kind": "when", "items": 3 }, "window_days": 0 }),
            "sampling window",
        ),
        (
            json!({ "question": { "kind": "when", "items": 3 }, "trials": 0 }),
            "trials",
        ),
        (
            json!({ "question": { "kind": "when", "items": 3 }, "now": "2020-01-01" }),
            "no item was completed",
        ),
        (
            json!({ "question": { "kind": "when", "items": 3 }, "now": "soon" }),
            "cannot read \"soon\"",
        ),
    ];
    for (request, words) in cases {
        let e = call(&backend, request.clone()).unwrap_err();
        assert_eq!(e.code, flowmap_api::ErrorCode::InvalidArgument, "{request}");
        assert!(e.message.contains(words), "{request}: {}", e.message);
    }
}
