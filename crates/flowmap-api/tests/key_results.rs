//! Flow key results through `commands::dispatch` (the window's path): added as typed, measured
//! week by week, changed only by a writer that read the latest version, on a stage that is then
//! removed from the map, and refused with words when typed wrong or when the map has no file.

use chrono::{DateTime, Duration, TimeZone, Utc};
use flowmap_api::commands::{dispatch, Backend};
use flowmap_api::{import_json, ApiError, EditSession, ErrorCode, RecoveryCopy};
use flowmap_core::{FlowItemType, Item, Transition};
use flowmap_store::MapFile;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

mod common;

use common::QuietShell;

const DEV: &str = "11111111-1111-4111-8111-111111111111";

/// 2026-11-30T12:00:00Z.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

/// Development ("Dev Queue" waiting, "In Progress" active); one item completed every day of
/// the 40 days before `now`, each 6 days in flight of which its first day waiting.
fn map(dir: &Path) -> PathBuf {
    let json = dir.join("map.json");
    std::fs::write(
        &json,
        json!({
            "format": "flowmap-map", "version": 1, "name": "Team",
            "nodes": [{ "kind": "stage", "id": DEV, "name": "Development",
                        "states": ["Dev Queue", "In Progress"] }],
            "edges": [], "layout": [],
        })
        .to_string(),
    )
    .unwrap();
    let path = dir.join("team.flowmap");
    import_json(&json, &path).unwrap();
    let mut file = MapFile::open(&path).unwrap();
    file.write_items(|w| {
        for k in 1..=40 {
            let done = now() - Duration::days(k) + Duration::hours(1);
            let key = format!("F-{k}");
            let start = done - Duration::days(6);
            let item = Item::new("jira", &key, &key, "Story", FlowItemType::Feature, start);
            let changes = [
                ("Dev Queue", start),
                ("In Progress", start + Duration::days(1)),
                ("Done", done),
            ];
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

fn call(backend: &Backend, name: &str, args: Value) -> Result<Value, ApiError> {
    dispatch(backend, &QuietShell { now: Some(now()) }, name, args)
}

fn draft(name: &str, figure: &str, baseline: &str, target: &str) -> Value {
    json!({
        "id": null, "version": null, "objective": "Predictable delivery", "name": name,
        "figure": figure, "flow_item_type": "Feature", "stage": DEV,
        "baseline": baseline, "target": target, "start": "2026-11-02", "due": "2026-12-28",
        "owner": "Dana",
    })
}

#[test]
fn key_results_are_measured_changed_by_their_reader_and_follow_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let backend = Backend::new(
        Ok(EditSession::open(&map(dir.path())).unwrap()),
        RecoveryCopy::new(dir.path().join("recovery.json")),
    );
    let list = call(
        &backend,
        "save_key_result",
        json!({ "draft": draft("Features in a week", "flow_time_p85", "10d", "5 days") }),
    )
    .unwrap();
    let kr = &list[0];
    assert_eq!(kr["key_result"]["baseline"], 864_000.0);
    assert_eq!(kr["key_result"]["target"], 432_000.0);
    assert_eq!(kr["figure_label"], "flow time p85");
    // Points at 00:00 on 2, 9, 16, 23 and 30 Nov, and now (30 Nov, 12:00): every item took 6
    // days.
    let p = &kr["progress"];
    assert_eq!(p["points"].as_array().unwrap().len(), 6);
    assert_eq!(p["current"], 518_400.0);
    // (6 − 10) ÷ (5 − 10) = 80 % of the way; 28.5 of 56 days gone = 50.9 %: on track.
    assert_eq!(p["progress"], 0.8);
    assert_eq!(p["status"], "on_track");
    assert_eq!(
        p["reason"],
        "on track: 80 % of the way, 51 % of the time gone"
    );
    // A waiting-time key result on Development: one day waiting each.
    let list = call(
        &backend,
        "save_key_result",
        json!({ "draft": draft("Short queues", "stage_waiting_p85", "3d", "12 h") }),
    )
    .unwrap();
    assert_eq!(list[1]["figure_label"], "waiting time p85 in Development");
    assert_eq!(list[1]["progress"]["current"], 86_400.0);
    // Changed by its reader: version 1 → 2. A second change from version 1 is refused.
    let mut changed = draft("Features in a week", "flow_time_p85", "10d", "4d");
    changed["id"] = list[0]["key_result"]["id"].clone();
    changed["version"] = json!(1);
    let list = call(&backend, "save_key_result", json!({ "draft": changed })).unwrap();
    assert_eq!(list[0]["version"], 2);
    assert_eq!(list[0]["key_result"]["target"], 345_600.0);
    let e = call(&backend, "save_key_result", json!({ "draft": changed })).unwrap_err();
    assert_eq!(e.code, ErrorCode::RecordChanged);
    // Development removed from the map: the waiting key result says its stage is gone.
    call(
        &backend,
        "apply_edit",
        json!({ "edit": { "kind": "remove", "nodes": [DEV], "edges": [] } }),
    )
    .unwrap();
    let list = call(&backend, "key_results", json!({})).unwrap();
    assert_eq!(list[1]["progress"]["status"], "stage_missing");
    assert_eq!(list[1]["stage_name"], Value::Null);
    // Removed at its version.
    let id = list[1]["key_result"]["id"].clone();
    let left = call(
        &backend,
        "delete_key_result",
        json!({ "id": id, "version": 1 }),
    )
    .unwrap();
    assert_eq!(left.as_array().unwrap().len(), 1);
}

#[test]
fn bad_key_results_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let backend = Backend::new(
        Ok(EditSession::open(&map(dir.path())).unwrap()),
        RecoveryCopy::new(dir.path().join("recovery.json")),
    );
    let cases = [
        (draft("x", "flow_time_p85", "soon", "5d"), "the baseline:"),
        (
            draft("x", "flow_efficiency", "20 %", "150 %"),
            "the target: \"150 %\" is not between 0 % and 100 %",
        ),
        (
            draft("x", "flow_load", "12", "many"),
            "the target: \"many\" is not a number",
        ),
        (draft("", "flow_load", "12", "6"), "needs a name"),
        (
            {
                let mut d = draft("x", "flow_load", "12", "6");
                d["due"] = json!("2026-10-01");
                d
            },
            "must be after the start",
        ),
    ];
    for (d, words) in cases {
        let e = call(&backend, "save_key_result", json!({ "draft": d })).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{}", e.message);
        assert!(e.message.contains(words), "{}", e.message);
    }
    assert!(call(&backend, "key_results", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .is_empty());
    // A new map has no file to keep them in.
    let fresh = Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.path().join("r2.json")),
    );
    let e = call(&fresh, "key_results", json!({})).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unsaved);
}
