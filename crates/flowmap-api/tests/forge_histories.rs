//! GitLab, Azure DevOps and Jenkins synced into a map file from long-lived projects that answer
//! like the real tools (`flowmap-connectors/tests/common/*_history.rs`): the histories stored in
//! the file are the hand-written ones (same-instant changes in the source's order), finished
//! items end in a Done or Canceled category, the sync says which work items moved, and syncing
//! again stores nothing twice.

#[path = "../../flowmap-connectors/tests/common/azure_history.rs"]
mod azure_history;
#[path = "../../flowmap-connectors/tests/common/mod.rs"]
mod common;
#[path = "../../flowmap-connectors/tests/common/gitlab_history.rs"]
mod gitlab_history;
#[path = "../../flowmap-connectors/tests/common/jenkins_history.rs"]
mod jenkins_history;

use chrono::SecondsFormat;
use common::TestServer;
use flowmap_api::wire::AddSource;
use flowmap_api::{add_source, sync, HttpOptions, RetryPolicy, SyncOptions};
use flowmap_core::{SourceKind, StateCategory};
use flowmap_store::MapFile;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

fn fast() -> SyncOptions {
    SyncOptions {
        http: HttpOptions {
            retry: RetryPolicy {
                max_retries: 1,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(5),
                max_wait: Duration::from_secs(2),
            },
            ..HttpOptions::default()
        },
        ..SyncOptions::default()
    }
}

fn add(file: &Path, name: &str, kind: SourceKind, url: String, query: Option<&str>) {
    add_source(
        file,
        &AddSource {
            name: Some(name.into()),
            kind,
            url: Some(url),
            query: query.map(str::to_string),
            tool: format!("{name} tool"),
        },
    )
    .unwrap();
}

/// The stored history of every item of `source`, by key: (instant, state).
fn stored(file: &Path, source: &str) -> HashMap<String, Vec<(String, String)>> {
    let store = MapFile::open(file).unwrap();
    let items = store.items().unwrap();
    let keys: HashMap<_, _> = items
        .iter()
        .filter(|i| i.source == source)
        .map(|i| (i.id, i.key.clone()))
        .collect();
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for t in store.transitions().unwrap() {
        if let Some(key) = keys.get(&t.item) {
            let at = t.at.to_rfc3339_opts(SecondsFormat::Millis, true);
            out.entry(key.clone()).or_default().push((at, t.to_state));
        }
    }
    out
}

fn expect(histories: &HashMap<String, Vec<(String, String)>>, key: &str, want: &[(&str, &str)]) {
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, s)| (a.to_string(), s.to_string()))
        .collect();
    assert_eq!(
        histories.get(key),
        Some(&want),
        "the stored history of {key}"
    );
}

#[test]
fn forge_histories_are_stored_as_written_by_hand() {
    let gitlab = TestServer::start(gitlab_history::gitlab_history());
    let azure = TestServer::start(azure_history::azure_history());
    let jenkins = TestServer::start(jenkins_history::jenkins_history());
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("forges.flowmap");
    flowmap_api::create_demo(&file, 0, 1).unwrap();
    std::env::set_var("FLOWMAP_TOKEN_FORGE_GITLAB", "t0ken");
    std::env::set_var("FLOWMAP_TOKEN_FORGE_AZURE", "t0ken");
    std::env::set_var("FLOWMAP_TOKEN_FORGE_JENKINS", "t0ken");
    std::env::set_var("FLOWMAP_USER_FORGE_JENKINS", "ci-reader");
    add(
        &file,
        "forge-gitlab",
        SourceKind::Gitlab,
        gitlab.base.clone(),
        Some("acme/platform"),
    );
    let azure_url = format!("{}{}", azure.base, azure_history::PROJECT);
    add(
        &file,
        "forge-azure",
        SourceKind::AzureDevops,
        azure_url,
        None,
    );
    let job = format!("{}{}/", jenkins.base, jenkins_history::JOB);
    add(&file, "forge-jenkins", SourceKind::Jenkins, job, None);

    let report = sync(&file, None, &fast(), None).unwrap();
    let by_source: HashMap<&str, _> = report
        .sources
        .iter()
        .map(|s| (s.source.as_str(), s))
        .collect();
    assert_eq!(by_source["forge-gitlab"].items_fetched, 14);
    assert_eq!(by_source["forge-azure"].items_fetched, 7);
    assert_eq!(by_source["forge-jenkins"].items_fetched, 120);
    assert!(
        by_source["forge-azure"]
            .notices
            .iter()
            .any(|n| n
                .contains("102 (project Fabrikam Legacy → Fabrikam Fiber, type Bug → User Story)")),
        "{:?}",
        by_source["forge-azure"].notices
    );
    let category = |source: &str, state: &str| {
        by_source[source]
            .states
            .iter()
            .find(|s| s.state == state)
            .and_then(|s| s.category)
    };
    assert_eq!(
        category("forge-gitlab", "Merged"),
        Some(StateCategory::Done)
    );
    assert_eq!(
        category("forge-gitlab", "Abandoned"),
        Some(StateCategory::Canceled)
    );
    assert_eq!(
        category("forge-gitlab", "Draft"),
        Some(StateCategory::Active)
    );
    assert_eq!(
        category("forge-jenkins", "Queued"),
        Some(StateCategory::Waiting)
    );
    assert_eq!(
        category("forge-jenkins", "Not built"),
        Some(StateCategory::Canceled)
    );
    // No version label became a state.
    assert!(by_source["forge-gitlab"]
        .states
        .iter()
        .all(|s| !["v1", "v1.0", "2.3.0", "done", "resolved"].contains(&s.state.as_str())));

    let gl = stored(&file, "forge-gitlab");
    expect(
        &gl,
        "#2",
        &[
            ("2019-01-15T11:00:00.000Z", "Open"),
            ("2019-01-20T10:00:00.000Z", "ready"),
            ("2019-02-01T10:00:00.000Z", "in dev"),
            ("2019-03-01T10:00:00.000Z", "in review"),
            ("2020-09-01T10:00:00.000Z", "Closed"),
            ("2021-02-10T09:00:00.000Z", "Reopened"),
            ("2021-02-10T09:00:00.000Z", "in dev"),
            ("2021-03-05T12:00:00.000Z", "Closed"),
        ],
    );
    expect(
        &gl,
        "!10",
        &[
            ("2018-06-01T09:00:00.000Z", "Draft"),
            ("2018-06-15T08:00:00.000Z", "Ready for review"),
            ("2018-06-20T15:30:00.000Z", "Merged"),
        ],
    );
    expect(
        &gl,
        "pipeline 5002",
        &[
            ("2023-02-01T10:00:00.000Z", "Created"),
            ("2023-02-01T10:02:00.000Z", "Running"),
            ("2023-02-01T10:30:00.000Z", "Failed"),
            ("2023-03-15T16:00:00.000Z", "Created"),
            ("2023-03-15T16:01:00.000Z", "Running"),
            ("2023-03-15T16:20:00.000Z", "Succeeded"),
        ],
    );
    let az = stored(&file, "forge-azure");
    expect(
        &az,
        "101",
        &[
            ("2019-04-01T09:00:00.000Z", "New"),
            ("2019-04-10T08:00:00.000Z", "Active"),
            ("2019-04-20T10:00:00.400Z", "Resolved"),
            ("2019-04-20T10:00:00.400Z", "Closed"),
        ],
    );
    expect(
        &az,
        "102",
        &[
            ("2020-01-15T09:00:00.000Z", "New"),
            ("2020-02-01T09:00:00.000Z", "Active"),
            ("2020-05-05T09:00:00.000Z", "New"),
            ("2020-05-10T09:00:00.000Z", "Active"),
            ("2020-06-01T09:00:00.000Z", "Closed"),
        ],
    );
    let jk = stored(&file, "forge-jenkins");
    expect(
        &jk,
        "#120",
        &[
            ("2025-02-01T09:57:00.000Z", "Queued"),
            ("2025-02-01T10:00:00.000Z", "Running"),
        ],
    );
    expect(
        &jk,
        "#115",
        &[
            ("2024-10-01T10:00:00.000Z", "Running"),
            ("2024-10-01T10:00:00.000Z", "Not built"),
        ],
    );
    // Azure DevOps relations between work items are stored in the source itself; a build's
    // commits mention their keys in any source.
    let links = MapFile::open(&file).unwrap().links().unwrap();
    let of = |source: &str, key: &str| -> Vec<(String, Option<String>, String, String)> {
        let id = flowmap_core::ItemId::for_source_key(source, key);
        links
            .iter()
            .filter(|l| l.from == id)
            .map(|l| {
                (
                    l.kind.to_string(),
                    l.target.source.clone(),
                    l.target.key.clone(),
                    l.qualifier.clone(),
                )
            })
            .collect()
    };
    let azure = Some("forge-azure".to_string());
    assert_eq!(
        of("forge-azure", "104"),
        [
            ("child".into(), azure.clone(), "101".into(), String::new()),
            ("child".into(), azure.clone(), "102".into(), String::new())
        ]
    );
    assert_eq!(
        of("forge-azure", "103"),
        [("blocks".into(), azure, "101".into(), "Successor".into())]
    );
    assert_eq!(
        of("forge-jenkins", "#118"),
        [
            (
                "mentions".into(),
                None,
                "PLAT-41".into(),
                "commit 4f1c2a9".into()
            ),
            (
                "mentions".into(),
                None,
                "PLAT-7".into(),
                "commit 4f1c2a9".into()
            )
        ]
    );
    let counts = MapFile::open(&file).unwrap().counts().unwrap();

    // Everything comes again (the fixtures ignore the cursor): nothing is stored twice.
    let again = sync(&file, None, &fast(), None).unwrap();
    for s in &again.sources {
        assert_eq!(s.transitions_added, 0, "{}", s.source);
    }
    assert_eq!(MapFile::open(&file).unwrap().counts().unwrap(), counts);
}
