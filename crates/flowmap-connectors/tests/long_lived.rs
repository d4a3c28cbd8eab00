//! A long-lived GitHub repository replayed as the real API answers (`common/github_history.rs`):
//! every item's stored history equals the one written here by hand, no finished item leaves
//! Done because of what happened after it finished, runs last from their start to their jobs'
//! end (never to `updated_at`), and the pull counts every event it did not store.

mod common;

use common::github_history::{long_lived, QUERY};
use common::TestServer;
use flowmap_connectors::http::{HttpClient, HttpOptions};
use flowmap_connectors::{network_connector, PullContext, Pulled, SourceItem, SourceKind};

fn pull(server: &TestServer) -> (Vec<SourceItem>, Pulled) {
    let http = HttpClient::new(HttpOptions::default()).unwrap();
    let connector =
        network_connector(SourceKind::Github, &server.base, Some(QUERY), None, &http).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut items = Vec::new();
    let pulled = rt
        .block_on(connector.pull(&PullContext::default(), None, &mut items))
        .unwrap();
    (items, pulled)
}

/// Each item's history as (state, instant) pairs.
fn history(items: &[SourceItem], key: &str) -> Vec<(String, String)> {
    let item = items
        .iter()
        .find(|i| i.key == key)
        .unwrap_or_else(|| panic!("no item {key}"));
    item.changes
        .iter()
        .map(|c| (c.to.clone(), c.at.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
        .collect()
}

fn expect(steps: &[(&str, &str)]) -> Vec<(String, String)> {
    steps
        .iter()
        .map(|(s, at)| (s.to_string(), at.to_string()))
        .collect()
}

#[test]
fn every_item_of_a_long_lived_repository_has_its_real_history() {
    let server = TestServer::start(long_lived());
    let (items, pulled) = pull(&server);
    let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        ["#10", "#11", "#12", "#13", "#14", "run 501", "run 502", "run 503"]
    );
    // Closed in 2012; relabelled "v1" in 2014 and commented on by a bot in 2019: still Closed.
    assert_eq!(
        history(&items, "#10"),
        expect(&[
            ("Open", "2012-03-01T09:00:00Z"),
            ("status: in progress", "2012-03-05T10:00:00Z"),
            ("Closed", "2012-04-01T16:00:00Z"),
        ])
    );
    // Merged in 2012, reviewed in 2018, labelled "2.3.0", a review requested: still Merged.
    assert_eq!(
        history(&items, "#11"),
        expect(&[
            ("Ready for review", "2012-05-01T09:00:00Z"),
            ("Review requested", "2012-05-02T09:00:00Z"),
            ("Approved", "2012-05-03T09:00:00Z"),
            ("Merged", "2012-05-04T12:00:00Z"),
        ])
    );
    // A picked label, closed, reopened a year later, a scoped label added and removed, closed
    // as not planned, then labels changed after it closed.
    assert_eq!(
        history(&items, "#12"),
        expect(&[
            ("Open", "2015-01-10T09:00:00Z"),
            ("Needs review", "2015-01-12T10:00:00Z"),
            ("Closed", "2015-02-01T10:00:00Z"),
            ("Reopened", "2016-03-01T10:00:00Z"),
            ("status: in progress", "2016-03-02T10:00:00Z"),
            ("Reopened", "2016-03-20T10:00:00Z"),
            ("Canceled", "2016-04-01T10:00:00Z"),
        ])
    );
    // Opened as a draft, closed unmerged, reopened and merged a year later; a bot and a
    // release label in 2023 change nothing.
    assert_eq!(
        history(&items, "#13"),
        expect(&[
            ("Draft", "2020-02-01T09:00:00Z"),
            ("Ready for review", "2020-02-05T10:00:00Z"),
            ("Changes requested", "2020-02-06T10:00:00Z"),
            ("Abandoned", "2020-03-01T10:00:00Z"),
            ("Ready for review", "2021-01-01T10:00:00Z"),
            ("Merged", "2021-01-05T10:00:00Z"),
        ])
    );
    // Open: scoped labels are its states, the version label is not.
    assert_eq!(
        history(&items, "#14"),
        expect(&[
            ("Open", "2024-05-01T09:00:00Z"),
            ("workflow::doing", "2024-05-02T10:00:00Z"),
            ("workflow::review", "2024-05-10T10:00:00Z"),
        ])
    );
    // Started at its creation, finished 12 minutes later; updated_at says 2024-01-29.
    assert_eq!(
        history(&items, "run 501"),
        expect(&[
            ("Queued", "2022-12-24T10:00:00Z"),
            ("In progress", "2022-12-24T10:00:00Z"),
            ("Succeeded", "2022-12-24T10:12:00Z"),
        ])
    );
    // Failed in 2023, re-run (attempt 2) a year later; its jobs came on two pages.
    assert_eq!(
        history(&items, "run 502"),
        expect(&[
            ("Queued", "2023-03-01T08:00:00Z"),
            ("In progress", "2023-03-01T08:01:00Z"),
            ("Failed", "2023-03-01T08:20:00Z"),
            ("In progress", "2024-03-05T09:00:00Z"),
            ("Succeeded", "2024-03-05T09:25:00Z"),
        ])
    );
    assert_eq!(
        history(&items, "run 503"),
        expect(&[
            ("Queued", "2024-06-01T12:00:00Z"),
            ("In progress", "2024-06-01T12:01:00Z"),
        ])
    );
    assert_eq!(
        server.count("/actions/runs/503/jobs"),
        0,
        "a running run needs no jobs"
    );

    let after = "on a closed or merged item: it stays done until it is reopened";
    let no_state = "not a state change";
    let not_label = "the label is not a workflow state (pick it in the source's state labels)";
    // Pull request #13's description: it fixes #12 and #10 (this repository) and mentions FMT-88
    // (any source); no other item tells a link.
    let pr = items.iter().find(|i| i.key == "#13").unwrap();
    let links: Vec<(String, Option<&str>, &str)> = pr
        .links
        .iter()
        .map(|l| {
            (
                l.kind.to_string(),
                l.target.source.as_deref(),
                l.target.key.as_str(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("fixes".to_string(), Some(""), "#12"),
            ("fixes".to_string(), Some(""), "#10"),
            ("mentions".to_string(), None, "FMT-88"),
        ]
    );
    assert!(items
        .iter()
        .filter(|i| i.key != "#13")
        .all(|i| i.links.is_empty()));
    // Run 503 was still in progress: the next pull lists runs created from its creation on,
    // so the cursor stays there, whatever was updated later.
    assert_eq!(pulled.cursor.as_deref(), Some("2024-06-01T12:00:00.000Z"));
    let skipped: Vec<(&str, &str, u64)> = pulled.skipped.iter().collect();
    assert_eq!(
        skipped,
        [
            ("assigned", no_state, 1),
            ("closed", after, 2),
            ("commented", after, 2),
            ("committed", "the event gives no time", 1),
            ("labeled", after, 1),
            ("labeled", not_label, 5),
            ("locked", after, 1),
            ("mentioned", no_state, 1),
            ("review_requested", after, 1),
            ("reviewed", after, 1),
            ("unlabeled", after, 1),
            (
                "workflow run updated_at",
                "the run's last update (re-runs, log expiry, annotations), not its end: times come from its jobs",
                2
            ),
        ]
    );
    let labels: Vec<(&str, u64)> = pulled.skipped.labels().collect();
    assert_eq!(
        labels,
        [
            ("2.3.0", 1),
            ("Needs review", 1),
            ("V3.1", 1),
            ("bug", 1),
            ("status: in progress", 2),
            ("status: released", 1),
            ("v1", 1),
            ("wontfix", 1),
            ("workflow::doing", 1),
            ("workflow::review", 1),
        ]
    );
}
