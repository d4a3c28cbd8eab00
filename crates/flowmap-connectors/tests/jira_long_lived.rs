//! A long-lived Jira Cloud project (`common/jira_history.rs`, naming where its shapes come
//! from): every issue's stored history equals the one written here by hand; only status changes
//! move an issue (a label on an issue done years ago leaves it Done; a reopening moves it); a
//! truncated changelog is read to its end; a moved issue keeps its history and the sync says
//! so; and every changelog entry not stored is counted by field and reason.

mod common;
#[path = "common/jira_history.rs"]
mod jira_history;

use common::TestServer;
use flowmap_connectors::http::{HttpClient, HttpOptions};
use flowmap_connectors::secret::{Credential, Secret};
use flowmap_connectors::{network_connector, PullContext, SourceKind};

fn history(item: &flowmap_connectors::SourceItem) -> Vec<(String, String)> {
    item.changes
        .iter()
        .map(|c| (c.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(), c.to.clone()))
        .collect()
}

fn steps(s: &[(&str, &str)]) -> Vec<(String, String)> {
    s.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn every_issue_of_a_long_lived_project_has_its_real_history() {
    let server = TestServer::start(jira_history::long_lived());
    let http = HttpClient::new(HttpOptions::default()).unwrap();
    let credential = Some(Credential {
        user: Some("dana@example.com".into()),
        token: Secret::new("t0ken"),
    });
    let connector = network_connector(
        SourceKind::Jira,
        &server.base,
        Some("project = LL"),
        credential,
        &http,
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut items = Vec::new();
    let pulled = rt
        .block_on(connector.pull(&PullContext::default(), None, &mut items))
        .unwrap();
    let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["LL-1", "LL-2", "LL-7", "LL-8", "LL-9"]);
    let of = |key: &str| history(items.iter().find(|i| i.key == key).unwrap());

    // Done in 2019, reopened in 2021 and done again; a label in 2023 leaves it Done.
    assert_eq!(
        of("LL-1"),
        steps(&[
            ("2019-01-10T09:00:00Z", "To Do"),
            ("2019-01-11T10:00:00Z", "In Progress"),
            ("2019-02-01T10:00:00Z", "Done"),
            ("2021-06-01T10:00:00Z", "Reopened"),
            ("2021-06-02T10:00:00Z", "In Progress"),
            ("2021-06-10T10:00:00Z", "Done"),
        ])
    );
    // 150 histories, 100 embedded: the other 50 (with the last status changes) read from its
    // changelog. Status changes on days 15, 30, … 150 of 2020 (ids 215 … 350).
    assert_eq!(
        of("LL-2"),
        steps(&[
            ("2019-12-30T09:00:00Z", "To Do"),
            ("2020-01-15T09:00:00Z", "In Progress"),
            ("2020-01-30T09:00:00Z", "In Review"),
            ("2020-02-14T09:00:00Z", "In Progress"),
            ("2020-02-29T09:00:00Z", "In Review"),
            ("2020-03-15T09:00:00Z", "In Progress"),
            ("2020-03-30T09:00:00Z", "In Review"),
            ("2020-04-14T09:00:00Z", "In Progress"),
            ("2020-04-29T09:00:00Z", "In Review"),
            ("2020-05-14T09:00:00Z", "In Progress"),
            ("2020-05-29T09:00:00Z", "In Review"),
        ])
    );
    assert_eq!(server.count("/rest/api/3/issue/LL-2/changelog"), 2);
    // Moved from OLD-3: its history from the old project's workflow is kept.
    assert_eq!(
        of("LL-7"),
        steps(&[
            ("2022-01-03T09:00:00Z", "Backlog"),
            ("2022-01-04T09:00:00Z", "Selected for Development"),
            ("2022-01-10T09:00:00Z", "To Do"),
            ("2022-01-12T09:00:00Z", "In Progress"),
            ("2022-02-01T09:00:00Z", "Done"),
        ])
    );
    assert!(
        pulled
            .notices
            .iter()
            .any(|n| n.starts_with("LL-7 was moved from OLD-3")),
        "{:?}",
        pulled.notices
    );
    // Two changes at one instant, listed newest first: the changelog ids order them; the change
    // that names no status is not a state.
    assert_eq!(
        of("LL-8"),
        steps(&[
            ("2024-03-01T09:00:00Z", "To Do"),
            ("2024-03-02T09:00:00Z", "In Progress"),
            ("2024-03-05T09:00:00Z", "In Review"),
            ("2024-03-05T09:00:00Z", "Done"),
        ])
    );
    assert_eq!(of("LL-9"), steps(&[("2024-06-01T09:00:00Z", "To Do")]));

    // LL-1's epic and issue links, named by the link types' own words.
    let ll1 = items.iter().find(|i| i.key == "LL-1").unwrap();
    let links: Vec<(String, Option<String>, String, String)> = ll1
        .links
        .iter()
        .map(|l| {
            (
                l.kind.to_string(),
                l.target.source.clone(),
                l.target.key.clone(),
                l.qualifier.clone(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("parent".into(), None, "LL-100".into(), "".into()),
            ("blocks".into(), None, "LL-2".into(), "blocks".into()),
            ("relates".into(), None, "LL-9".into(), "is cloned by".into()),
        ]
    );
    assert!(items
        .iter()
        .filter(|i| i.key != "LL-1")
        .all(|i| i.links.is_empty()));

    // Every changelog entry not stored, by field: LL-1 assignee, Sprint, 2 × resolution, labels;
    // LL-2's 140 rank changes; LL-7's key, project and workflow; LL-8's status without a name.
    let other = "a change of another field than the status: only the status moves an item";
    let skipped: Vec<(&str, &str, u64)> = pulled.skipped.iter().collect();
    assert_eq!(
        skipped,
        [
            ("Key", other, 1),
            ("Rank", other, 140),
            ("Sprint", other, 1),
            ("Workflow", other, 1),
            ("assignee", other, 1),
            ("labels", other, 1),
            ("project", other, 1),
            ("resolution", other, 2),
            (
                "status",
                "the change names no status it went to (the status was deleted)",
                1
            ),
        ]
    );
}
