//! The Items list and an item's timeline through `commands::dispatch`, on hand-built items with
//! known answers: search, filters, sort (missing values last), paging, counts, links to the
//! source tool, and changes at one instant kept in the source's order.

use chrono::{DateTime, TimeZone, Utc};
use flowmap_api::commands::{dispatch, Backend};
use flowmap_api::{import_json, EditSession, RecoveryCopy};
use flowmap_core::{FlowItemType, Item, SourceKind, Transition};
use flowmap_store::{MapFile, SourceRecord};
use serde_json::{json, Value};
use std::path::Path;

mod common;

use common::QuietShell;

const DEV: &str = "11111111-1111-4111-8111-111111111111";
const REVIEW: &str = "22222222-2222-4222-8222-222222222222";

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, day, hour, 0, 0).unwrap()
}

/// The instant measured: 10 March 2024, 09:00 UTC.
fn now() -> DateTime<Utc> {
    at(10, 9)
}

/// A map with Development ("In Progress") → Review ("Review"), a Jira source and a log source,
/// and five items:
/// - FLOW-1 Login page: In Progress 2 Mar 09:00 … Done 5 Mar 09:00 (flow time 3 days);
/// - FLOW-2 Crash on save (Defect): In Progress 3 Mar 09:00, then Review and Done both at
///   12:00, in that order (flow time 3 hours, state Done);
/// - FLOW-10 Search: In Progress since 6 Mar 09:00 (age 4 days at `now`);
/// - FLOW-3 Docs (Debt): New only (not started);
/// - X-1 Login audit (Risk, source "log"): In Progress 1 Mar, Done 2 Mar (1 day).
fn map(dir: &Path) -> std::path::PathBuf {
    let json = dir.join("map.json");
    std::fs::write(
        &json,
        json!({
            "format": "flowmap-map", "version": 1, "name": "Team",
            "nodes": [
                { "kind": "stage", "id": DEV, "name": "Development", "states": ["In Progress"] },
                { "kind": "stage", "id": REVIEW, "name": "Review", "states": ["Review"] },
            ],
            "edges": [{ "kind": "handoff", "id": "33333333-3333-4333-8333-333333333333",
                        "from": DEV, "to": REVIEW }],
            "layout": [],
        })
        .to_string(),
    )
    .unwrap();
    let path = dir.join("team.flowmap");
    import_json(&json, &path).unwrap();
    let mut file = MapFile::open(&path).unwrap();
    file.put_source(&SourceRecord {
        name: "jira".into(),
        kind: SourceKind::Jira,
        tool: None,
        url: Some("https://jira.example.com".into()),
        query: None,
        cursor: None,
    })
    .unwrap();
    type Changes<'a> = &'a [(&'a str, DateTime<Utc>)];
    let items: [(&str, &str, &str, FlowItemType, Changes); 5] = [
        (
            "jira",
            "FLOW-1",
            "Login page",
            FlowItemType::Feature,
            &[
                ("New", at(1, 9)),
                ("In Progress", at(2, 9)),
                ("Review", at(4, 9)),
                ("Done", at(5, 9)),
            ],
        ),
        (
            "jira",
            "FLOW-2",
            "Crash on save",
            FlowItemType::Defect,
            &[
                ("New", at(1, 9)),
                ("In Progress", at(3, 9)),
                ("Review", at(3, 12)),
                ("Done", at(3, 12)),
            ],
        ),
        (
            "jira",
            "FLOW-10",
            "Search",
            FlowItemType::Feature,
            &[("New", at(1, 9)), ("In Progress", at(6, 9))],
        ),
        (
            "jira",
            "FLOW-3",
            "Docs",
            FlowItemType::Debt,
            &[("New", at(2, 9))],
        ),
        (
            "log",
            "X-1",
            "Login audit",
            FlowItemType::Risk,
            &[("In Progress", at(1, 9)), ("Done", at(2, 9))],
        ),
    ];
    file.write_items(|w| {
        for (source, key, title, kind, changes) in items {
            let item = Item::new(source, key, title, "Story", kind, changes[0].1);
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

fn backend(dir: &Path) -> Backend {
    Backend::new(
        Ok(EditSession::open(&map(dir)).unwrap()),
        RecoveryCopy::new(dir.join("recovery.json")),
    )
}

fn call(backend: &Backend, name: &str, args: Value) -> Result<Value, flowmap_api::ApiError> {
    dispatch(backend, &QuietShell { now: Some(now()) }, name, args)
}

/// The keys of one page of items under `query` (merged over a default query), and the total.
fn keys(backend: &Backend, query: Value) -> (Vec<String>, u64) {
    let mut q =
        json!({ "search": "", "sort": "key", "descending": false, "offset": 0, "limit": 100 });
    q.as_object_mut()
        .unwrap()
        .extend(query.as_object().unwrap().clone());
    let page = call(backend, "items", json!({ "query": q })).unwrap();
    let keys = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect();
    (keys, page["total"].as_u64().unwrap())
}

#[test]
fn items_are_searched_filtered_sorted_and_paged() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(dir.path());
    assert_eq!(
        keys(&b, json!({})),
        (
            vec![
                "FLOW-1".into(),
                "FLOW-2".into(),
                "FLOW-3".into(),
                "FLOW-10".into(),
                "X-1".into()
            ],
            5
        ),
        "keys in the order people read them"
    );
    assert_eq!(keys(&b, json!({ "search": "LOGIN" })).0, ["FLOW-1", "X-1"]);
    assert_eq!(keys(&b, json!({ "search": "login page" })).0, ["FLOW-1"]);
    assert_eq!(
        keys(&b, json!({ "search": "flow-1" })).0,
        ["FLOW-1", "FLOW-10"]
    );
    // Age in flight, flow time when done; the item not started comes last either way.
    let by_time = keys(&b, json!({ "sort": "time", "descending": true })).0;
    assert_eq!(by_time, ["FLOW-10", "FLOW-1", "X-1", "FLOW-2", "FLOW-3"]);
    let by_time = keys(&b, json!({ "sort": "time", "descending": false })).0;
    assert_eq!(by_time, ["FLOW-2", "X-1", "FLOW-1", "FLOW-10", "FLOW-3"]);
    assert_eq!(
        keys(
            &b,
            json!({ "sort": "time", "descending": true, "offset": 2, "limit": 2 })
        ),
        (vec!["X-1".into(), "FLOW-2".into()], 5)
    );
    assert_eq!(
        keys(&b, json!({ "offset": 9 })),
        (vec![], 5),
        "a page past the end is empty"
    );
    assert_eq!(keys(&b, json!({ "status": "in_flight" })).0, ["FLOW-10"]);
    assert_eq!(keys(&b, json!({ "status": "not_started" })).0, ["FLOW-3"]);
    assert_eq!(
        keys(
            &b,
            json!({ "status": "done", "sort": "finished", "descending": true })
        )
        .0,
        ["FLOW-1", "FLOW-2", "X-1"]
    );
    assert_eq!(keys(&b, json!({ "stage": DEV })).0, ["FLOW-10"]);
    assert_eq!(
        keys(&b, json!({ "flow_item_type": "Defect" })).0,
        ["FLOW-2"]
    );
    assert_eq!(keys(&b, json!({ "source": "log" })).0, ["X-1"]);
    assert_eq!(
        keys(&b, json!({ "state": "Done", "search": "login" })),
        (vec!["FLOW-1".into(), "X-1".into()], 2)
    );
    let too_many = call(
        &b,
        "items",
        json!({ "query": { "sort": "key", "descending": false, "offset": 0, "limit": 5000 } }),
    )
    .unwrap_err();
    assert_eq!(
        too_many.message,
        "a page holds at most 1000 items, not 5000"
    );
}

#[test]
fn a_row_says_state_stage_times_and_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(dir.path());
    let q = json!({ "query": { "search": "", "sort": "key", "descending": false, "offset": 0,
                               "limit": 10 } });
    let page = call(&b, "items", q).unwrap();
    assert_eq!(
        (page["total"].as_u64(), page["all"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(page["now"], "2024-03-10T09:00:00Z");
    assert_eq!(page["sources"], json!(["jira", "log"]));
    assert_eq!(page["states"], json!(["Done", "In Progress", "New"]));
    assert_eq!(
        page["stages"],
        json!([[DEV, "Development"], [REVIEW, "Review"]])
    );
    let row = |key: &str| {
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap()
            .clone()
    };
    let flow1 = row("FLOW-1");
    assert_eq!(flow1["status"], "done");
    assert_eq!(flow1["started"], "2024-03-02T09:00:00Z");
    assert_eq!(flow1["finished"], "2024-03-05T09:00:00Z");
    assert_eq!(flow1["time_secs"], 3.0 * 86_400.0);
    assert_eq!(flow1["link"], "https://jira.example.com/browse/FLOW-1");
    // Review and Done at one instant: the source's order, so the item is Done.
    let flow2 = row("FLOW-2");
    assert_eq!(
        (&flow2["state"], &flow2["status"]),
        (&json!("Done"), &json!("done"))
    );
    assert_eq!(flow2["time_secs"], 3.0 * 3600.0);
    let flow10 = row("FLOW-10");
    assert_eq!(
        (&flow10["stage"], &flow10["stage_id"], &flow10["category"]),
        (&json!("Development"), &json!(DEV), &json!("Active"))
    );
    assert_eq!(
        (&flow10["status"], &flow10["finished"]),
        (&json!("in_flight"), &Value::Null)
    );
    assert_eq!(flow10["time_secs"], 4.0 * 86_400.0);
    let flow3 = row("FLOW-3");
    assert_eq!(
        (&flow3["status"], &flow3["time_secs"]),
        (&json!("not_started"), &Value::Null)
    );
    assert_eq!(
        row("X-1")["link"],
        Value::Null,
        "a log's items have no page"
    );
}

#[test]
fn a_timeline_lists_each_state_with_its_entry_duration_stage_and_category() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(dir.path());
    let t = call(
        &b,
        "item_timeline",
        json!({ "source": "jira", "key": "FLOW-2" }),
    )
    .unwrap();
    assert_eq!(t["item"]["title"], "Crash on save");
    let steps: Vec<(String, String, f64, Value, String, bool)> = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["state"].as_str().unwrap().to_string(),
                s["at"].as_str().unwrap().to_string(),
                s["duration_secs"].as_f64().unwrap(),
                s["stage"].clone(),
                s["category"].as_str().unwrap().to_string(),
                s["current"].as_bool().unwrap(),
            )
        })
        .collect();
    let step = |state: &str, at: &str, secs: f64, stage: Value, cat: &str, current: bool| {
        (
            state.to_string(),
            at.to_string(),
            secs,
            stage,
            cat.to_string(),
            current,
        )
    };
    assert_eq!(
        steps,
        [
            step(
                "New",
                "2024-03-01T09:00:00Z",
                2.0 * 86_400.0,
                Value::Null,
                "New",
                false
            ),
            step(
                "In Progress",
                "2024-03-03T09:00:00Z",
                3.0 * 3600.0,
                json!("Development"),
                "Active",
                false
            ),
            step(
                "Review",
                "2024-03-03T12:00:00Z",
                0.0,
                json!("Review"),
                "Active",
                false
            ),
            step(
                "Done",
                "2024-03-03T12:00:00Z",
                6.0 * 86_400.0 + 21.0 * 3600.0,
                Value::Null,
                "Done",
                true
            ),
        ]
    );
    // Measured at another instant: the current state lasts until then.
    let t = call(
        &b,
        "item_timeline",
        json!({ "source": "jira", "key": "FLOW-10", "now": "2024-03-07T09:00:00Z" }),
    )
    .unwrap();
    assert_eq!(t["steps"][1]["duration_secs"], 86_400.0);
    assert_eq!(t["item"]["time_secs"], 86_400.0);
    let missing = call(
        &b,
        "item_timeline",
        json!({ "source": "jira", "key": "NOPE-1" }),
    )
    .unwrap_err();
    assert_eq!(
        missing.message,
        "the map's file has no item \"NOPE-1\" of source \"jira\""
    );
}
