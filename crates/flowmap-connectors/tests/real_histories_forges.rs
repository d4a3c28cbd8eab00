//! GitLab, Azure DevOps and Jenkins against long-lived projects that behave like real ones
//! (`tests/common/*_history.rs`, each naming where its shapes come from): every item's history
//! equals the one written here by hand, no finished item ends outside Done because of an event
//! after it finished, run and build durations are their real start-to-finish, and what a pull
//! skipped is named by kind and reason with its count.

#[path = "common/azure_history.rs"]
mod azure_history;
mod common;
#[path = "common/gitlab_history.rs"]
mod gitlab_history;
#[path = "common/jenkins_history.rs"]
mod jenkins_history;

use chrono::SecondsFormat;
use common::{Reply, Request, TestServer};
use flowmap_connectors::http::{HttpClient, HttpOptions, RetryPolicy};
use flowmap_connectors::secret::{Credential, Secret};
use flowmap_connectors::{network_connector, PullContext, Pulled, SourceItem, SourceKind};
use flowmap_core::StateCategory;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

fn pull(
    kind: SourceKind,
    handler: impl Fn(&Request, &str) -> Reply + Send + Sync + 'static,
    path: &str,
    query: Option<&str>,
) -> (BTreeMap<String, SourceItem>, Pulled, TestServer) {
    let server = TestServer::start(handler);
    let http = HttpClient::new(HttpOptions {
        retry: RetryPolicy {
            max_retries: 1,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_wait: Duration::from_secs(2),
        },
        concurrency: 4,
        timeout: Duration::from_secs(10),
    })
    .unwrap();
    let user = (kind == SourceKind::Jenkins).then(|| "ci-reader".to_string());
    let credential = Some(Credential {
        user,
        token: Secret::new("t0ken"),
    });
    let url = format!("{}{path}", server.base);
    let connector = network_connector(kind, &url, query, credential, &http).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ctx = PullContext::new(CancellationToken::new());
    let mut items: Vec<SourceItem> = Vec::new();
    let pulled = rt.block_on(connector.pull(&ctx, None, &mut items)).unwrap();
    let by_key: BTreeMap<String, SourceItem> =
        items.into_iter().map(|i| (i.key.clone(), i)).collect();
    (by_key, pulled, server)
}

/// An item's changes as (instant, state), the instant in RFC 3339 with milliseconds.
fn history(item: &SourceItem) -> Vec<(String, String)> {
    item.changes
        .iter()
        .map(|c| {
            let at = c.at.to_rfc3339_opts(SecondsFormat::Millis, true);
            (at, c.to.clone())
        })
        .collect()
}

fn assert_history(items: &BTreeMap<String, SourceItem>, key: &str, expected: &[(&str, &str)]) {
    let item = items.get(key).unwrap_or_else(|| panic!("no item {key}"));
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, s)| (a.to_string(), s.to_string()))
        .collect();
    assert_eq!(history(item), expected, "the history of {key}");
    // Each change leaves the state the one before entered.
    for pair in item.changes.windows(2) {
        if let Some(from) = &pair[1].from {
            assert_eq!(
                from, &pair[0].to,
                "{key}: a change from a state it was not in"
            );
        }
    }
}

fn skipped(pulled: &Pulled) -> Vec<(String, String, u64)> {
    pulled
        .skipped
        .iter()
        .map(|(k, r, n)| (k.to_string(), r.to_string(), n))
        .collect()
}

fn owned(v: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    v.iter()
        .map(|(k, r, n)| (k.to_string(), r.to_string(), *n))
        .collect()
}

/// The category the pull gives `state`.
fn category(pulled: &Pulled, state: &str) -> Option<StateCategory> {
    pulled
        .state_categories
        .iter()
        .find(|(s, _)| s == state)
        .map(|(_, c)| *c)
}

/// Every item in `finished` ends in a Done or Canceled state.
fn assert_finished_items_end_done(
    items: &BTreeMap<String, SourceItem>,
    pulled: &Pulled,
    finished: &[&str],
) {
    for key in finished {
        let last = &items[*key].changes.last().unwrap().to;
        let c = category(pulled, last);
        assert!(
            matches!(c, Some(StateCategory::Done | StateCategory::Canceled)),
            "{key} ends in {last} ({c:?})"
        );
    }
}

const AFTER: &str = "on a closed or merged item: it stays done until it is reopened";

#[test]
fn a_long_lived_gitlab_project_gives_the_hand_written_histories() {
    let (items, pulled, server) = pull(
        SourceKind::Gitlab,
        gitlab_history::gitlab_history(),
        "",
        Some("acme/platform"),
    );
    assert_eq!(
        items.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "!10",
            "!11",
            "!12",
            "!13",
            "#1",
            "#2",
            "#3",
            "#4",
            "#5",
            "pipeline 5001",
            "pipeline 5002",
            "pipeline 5003",
            "pipeline 5004",
            "pipeline 5005"
        ]
    );
    // Closed in 2018, before state events: closed when the issue says; labels since move nothing.
    assert_history(
        &items,
        "#1",
        &[
            ("2018-03-02T09:12:44.120Z", "Open"),
            ("2018-05-10T16:40:02.532Z", "Closed"),
        ],
    );
    // Scoped labels replace each other (the removal listed before or after the addition); a
    // label removed by a bot as it closes and a version label later move nothing.
    assert_history(
        &items,
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
    assert_eq!(items["#3"].artifact_type, "Incident");
    assert_history(
        &items,
        "#3",
        &[
            ("2020-11-03T10:00:00.000Z", "Open"),
            ("2020-11-03T10:05:00.000Z", "triage"),
            ("2020-11-04T08:00:00.000Z", "investigating"),
            ("2020-11-06T09:00:00.000Z", "Closed"),
        ],
    );
    assert_history(
        &items,
        "#4",
        &[
            ("2021-05-01T08:00:00.000Z", "Open"),
            ("2021-06-01T08:00:00.000Z", "ready"),
            ("2022-01-10T08:00:00.000Z", "Open"),
        ],
    );
    assert_eq!(items["#5"].artifact_type, "Task", "from `type` alone");
    // A bot's second close moves nothing; a reopening written `opened` reopens.
    assert_history(
        &items,
        "#5",
        &[
            ("2022-02-02T08:00:00.000Z", "Open"),
            ("2022-02-20T08:00:00.000Z", "Closed"),
            ("2024-04-04T08:00:00.000Z", "Reopened"),
            ("2024-04-05T08:00:00.000Z", "Closed"),
        ],
    );
    // A Work In Progress in 2018 (the old note), merged before state events existed.
    assert_history(
        &items,
        "!10",
        &[
            ("2018-06-01T09:00:00.000Z", "Draft"),
            ("2018-06-15T08:00:00.000Z", "Ready for review"),
            ("2018-06-20T15:30:00.000Z", "Merged"),
        ],
    );
    assert_history(
        &items,
        "!11",
        &[
            ("2020-10-01T09:00:00.000Z", "Ready for review"),
            ("2020-10-02T09:00:00.000Z", "Draft"),
            ("2020-10-10T12:00:00.000Z", "Ready for review"),
            ("2020-10-10T12:01:00.000Z", "in review"),
            ("2020-11-01T09:00:00.000Z", "Abandoned"),
            ("2020-12-01T09:00:00.000Z", "Ready for review"),
            ("2020-12-03T10:00:00.000Z", "Merged"),
        ],
    );
    assert_history(
        &items,
        "!12",
        &[
            ("2023-03-01T09:00:00.000Z", "Draft"),
            ("2023-03-02T09:00:00.000Z", "in dev"),
        ],
    );
    assert_history(
        &items,
        "!13",
        &[
            ("2024-01-10T04:00:00.000Z", "Ready for review"),
            ("2024-01-11T04:30:00.000Z", "Merged"),
        ],
    );
    // Pipelines: their own times, never updated_at (5001's moved to 2024-01-29).
    assert_history(
        &items,
        "pipeline 5001",
        &[
            ("2022-12-24T09:00:00.000Z", "Created"),
            ("2022-12-24T09:01:00.000Z", "Running"),
            ("2022-12-24T09:15:00.000Z", "Succeeded"),
        ],
    );
    // Failed on 1 February, its test retried on 15 March: two runs, not one of six weeks.
    assert_history(
        &items,
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
    assert_history(
        &items,
        "pipeline 5003",
        &[
            ("2024-05-01T08:00:00.000Z", "Created"),
            ("2024-05-01T08:01:00.000Z", "Running"),
            ("2024-05-01T08:05:00.000Z", "Manual"),
        ],
    );
    assert_history(
        &items,
        "pipeline 5004",
        &[
            ("2025-01-10T12:00:00.000Z", "Created"),
            ("2025-01-10T12:03:00.000Z", "Running"),
        ],
    );
    // Started at its creation: it still gets its Running step.
    assert_history(
        &items,
        "pipeline 5005",
        &[
            ("2025-02-01T00:00:00.000Z", "Created"),
            ("2025-02-01T00:00:00.000Z", "Running"),
            ("2025-02-01T00:04:00.000Z", "Canceled"),
        ],
    );
    let finished = [
        "#1",
        "#2",
        "#3",
        "#5",
        "!10",
        "!11",
        "!13",
        "pipeline 5001",
        "pipeline 5002",
        "pipeline 5005",
    ];
    assert_finished_items_end_done(&items, &pulled, &finished);
    // The run time of each run is its real start to finish.
    let run = |key: &str, from: usize| {
        let c = &items[key].changes;
        (c[from + 1].at - c[from].at).num_seconds()
    };
    assert_eq!(run("pipeline 5001", 1), 14 * 60);
    assert_eq!(
        (run("pipeline 5002", 1), run("pipeline 5002", 4)),
        (28 * 60, 19 * 60)
    );

    let not_a_state = "not a state label (no state scope, not listed in state_labels=)";
    assert_eq!(
        skipped(&pulled),
        owned(&[
            ("closed", "the item was already closed or merged", 1),
            ("comment", "not a state change", 1),
            ("comment", AFTER, 1),
            ("label added", not_a_state, 4),
            ("label added", AFTER, 4),
            (
                "label added",
                "the label was deleted (GitLab sends \"label\": null)",
                1
            ),
            ("label removed", AFTER, 1),
            (
                "label removed",
                "replaced by a label of the same scope added at that instant",
                3
            ),
            ("locked", "not a state change", 1),
            (
                "pipeline updated_at",
                "after the pipeline's end (retries, artifact expiry): its times come from its own \
                 and its jobs'",
                1,
            ),
            ("system note", AFTER, 1),
        ])
    );
    // Issues by keyset, merge requests and pipelines by offset, each over two pages.
    let lists: Vec<Request> = server
        .all()
        .into_iter()
        .filter(|r| r.path.ends_with("/issues") || r.path.ends_with("/merge_requests"))
        .collect();
    assert_eq!(lists.len(), 4);
    for r in &lists {
        let keyset = r.path.ends_with("/issues");
        assert_eq!(r.param("pagination") == Some("keyset"), keyset, "{r:?}");
    }
    assert_eq!(server.count("/pipelines/5002/jobs"), 1);
}

#[test]
fn scopes_and_plain_labels_are_states_only_as_configured() {
    // With `state_labels=v1` the version label of #1 would be a state, but it came after the close:
    // it still moves nothing; `scope=status` alone leaves workflow:: labels out.
    let (items, pulled, _server) = pull(
        SourceKind::Gitlab,
        gitlab_history::gitlab_history(),
        "",
        Some("acme/platform?scope=status&state_labels=v1&parts=issues"),
    );
    assert_eq!(items.len(), 5);
    assert_history(
        &items,
        "#1",
        &[
            ("2018-03-02T09:12:44.120Z", "Open"),
            ("2018-05-10T16:40:02.532Z", "Closed"),
        ],
    );
    assert_history(&items, "#4", &[("2021-05-01T08:00:00.000Z", "Open")]);
    assert_history(
        &items,
        "#3",
        &[
            ("2020-11-03T10:00:00.000Z", "Open"),
            ("2020-11-03T10:05:00.000Z", "triage"),
            ("2020-11-04T08:00:00.000Z", "investigating"),
            ("2020-11-06T09:00:00.000Z", "Closed"),
        ],
    );
    let after: u64 = pulled
        .skipped
        .iter()
        .filter(|(k, r, _)| *k == "label added" && *r == AFTER)
        .map(|(_, _, n)| n)
        .sum();
    assert_eq!(after, 2, "v1 on #1 and status::resolved on #3");
}

const NO_WORK_ITEM: &str =
    "it names no work item (a commit, pull request, build, hyperlink or attachment)";

#[test]
fn a_long_lived_azure_devops_project_gives_the_hand_written_histories() {
    let (items, pulled, server) = pull(
        SourceKind::AzureDevops,
        azure_history::azure_history(),
        azure_history::PROJECT,
        None,
    );
    assert_eq!(items.len(), 7);
    // Resolved and Closed by one person within a second (one instant): in revision order.
    assert_history(
        &items,
        "101",
        &[
            ("2019-04-01T09:00:00.000Z", "New"),
            ("2019-04-10T08:00:00.000Z", "Active"),
            ("2019-04-20T10:00:00.400Z", "Resolved"),
            ("2019-04-20T10:00:00.400Z", "Closed"),
        ],
    );
    // Moved from another project and made a user story: one item, its state reset by the move.
    assert_eq!(items["102"].artifact_type, "User Story");
    assert_history(
        &items,
        "102",
        &[
            ("2020-01-15T09:00:00.000Z", "New"),
            ("2020-02-01T09:00:00.000Z", "Active"),
            ("2020-05-05T09:00:00.000Z", "New"),
            ("2020-05-10T09:00:00.000Z", "Active"),
            ("2020-06-01T09:00:00.000Z", "Closed"),
        ],
    );
    // Created in the state its first change leaves; a change without ChangedDate at the
    // previous revision's revisedDate.
    assert_history(
        &items,
        "103",
        &[
            ("2019-08-01T00:00:00.000Z", "To Do"),
            ("2019-08-05T09:00:00.000Z", "Doing"),
            ("2019-08-09T17:00:00.000Z", "Done"),
        ],
    );
    // 229 revisions over two pages; the state carries over the 226 without one.
    assert_history(
        &items,
        "104",
        &[
            ("2019-02-01T09:00:00.000Z", "New"),
            ("2019-03-01T09:00:00.000Z", "Active"),
            ("2023-07-01T09:00:00.000Z", "Closed"),
        ],
    );
    assert_eq!(server.count("/_apis/wit/workItems/104/updates"), 2);
    assert_history(
        &items,
        "105",
        &[
            ("2021-01-04T09:00:00.000Z", "New"),
            ("2021-01-05T09:00:00.000Z", "Active"),
            ("2021-02-01T09:00:00.000Z", "Closed"),
            ("2023-03-01T09:00:00.000Z", "Active"),
            ("2023-03-08T09:00:00.000Z", "Closed"),
        ],
    );
    assert_history(
        &items,
        "106",
        &[
            ("2022-05-05T09:00:00.000Z", "New"),
            ("2022-05-06T09:00:00.000Z", "Removed"),
        ],
    );
    assert_history(
        &items,
        "107",
        &[
            ("2024-11-01T09:00:00.000Z", "New"),
            ("2024-11-02T09:00:00.000Z", "Active"),
        ],
    );
    assert_finished_items_end_done(&items, &pulled, &["101", "102", "103", "104", "105", "106"]);
    let moved = "a move: the work item stays one item under its id";
    assert_eq!(
        skipped(&pulled),
        owned(&[
            ("Hyperlink link", NO_WORK_ITEM, 1),
            ("Pull Request link", NO_WORK_ITEM, 1),
            ("System.TeamProject change", moved, 1),
            ("System.WorkItemType change", moved, 1),
            (
                "revision",
                "no System.State in it: the state carries over",
                3 + 2 + 226 + 1
            ),
        ])
    );
    // Relations to work items are kept, in the same source; the pull request and the
    // hyperlink name no work item.
    let links = |key: &str| -> Vec<(String, Option<String>, String, String)> {
        items[key]
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
            .collect()
    };
    let same = Some(String::new());
    let link = |kind: &str, key: &str, q: &str| (kind.into(), same.clone(), key.into(), q.into());
    assert_eq!(links("101"), [link("parent", "104", "")]);
    assert_eq!(
        links("104"),
        [link("child", "101", ""), link("child", "102", "")]
    );
    assert_eq!(
        links("105"),
        [
            link("relates", "101", "Related"),
            link("relates", "106", "Duplicate")
        ]
    );
    assert_eq!(links("103"), [link("blocks", "101", "Successor")]);
    assert!(links("106").is_empty() && links("107").is_empty());
    // The work items were asked for with their relations, never with `fields` as well.
    assert!(server
        .all()
        .iter()
        .filter(|r| r.path.ends_with("/_apis/wit/workitems"))
        .all(|r| r.param("$expand") == Some("relations") && r.param("fields").is_none()));
    assert_eq!(
        pulled.notices,
        [
            "1 work item moved to another project or type, each kept as one item under its id: \
          102 (project Fabrikam Legacy → Fabrikam Fiber, type Bug → User Story)"
        ]
    );
}

#[test]
fn a_long_lived_jenkins_job_gives_the_hand_written_histories() {
    use jenkins_history::{ms, routine};
    let (items, pulled, server) = pull(
        SourceKind::Jenkins,
        jenkins_history::jenkins_history(),
        &format!("{}/", jenkins_history::JOB),
        None,
    );
    assert_eq!(items.len(), 120);
    assert_eq!(
        server.count(&format!("{}/api/json", jenkins_history::JOB)),
        2
    );
    // Still running, its queue item still kept: queued, then running, no completion.
    assert_history(
        &items,
        "#120",
        &[
            ("2025-02-01T09:57:00.000Z", "Queued"),
            ("2025-02-01T10:00:00.000Z", "Running"),
        ],
    );
    // Still running with a failed stage's result already set; its queue item is gone.
    assert_history(&items, "#119", &[("2025-01-31T22:00:00.000Z", "Running")]);
    assert_history(
        &items,
        "#118",
        &[
            ("2025-01-10T09:59:45.000Z", "Queued"),
            ("2025-01-10T10:00:00.000Z", "Running"),
            ("2025-01-10T10:11:40.000Z", "Succeeded"),
        ],
    );
    assert_history(
        &items,
        "#117",
        &[
            ("2024-12-01T10:00:00.000Z", "Running"),
            ("2024-12-01T10:00:00.005Z", "Aborted"),
        ],
    );
    assert_history(
        &items,
        "#116",
        &[
            ("2024-11-01T10:00:00.000Z", "Running"),
            ("2024-11-01T10:05:00.000Z", "Succeeded"),
        ],
    );
    assert_history(
        &items,
        "#115",
        &[
            ("2024-10-01T10:00:00.000Z", "Running"),
            ("2024-10-01T10:00:00.000Z", "Not built"),
        ],
    );
    assert_history(
        &items,
        "#114",
        &[
            ("2024-09-01T09:58:00.000Z", "Queued"),
            ("2024-09-01T10:00:00.000Z", "Running"),
            ("2024-09-01T11:00:00.000Z", "Aborted"),
        ],
    );
    assert_history(
        &items,
        "#113",
        &[
            ("2024-08-01T10:00:00.000Z", "Running"),
            ("2024-08-01T10:01:00.000Z", "Failed"),
        ],
    );
    assert_history(
        &items,
        "#112",
        &[
            ("2024-07-01T10:00:00.000Z", "Running"),
            ("2024-07-01T10:15:00.000Z", "Unstable"),
        ],
    );
    // A replay of #90 three years later is a build of its own.
    assert_eq!(items["#111"].title, "#111 (replay of #90)");
    assert_history(
        &items,
        "#111",
        &[
            ("2024-06-01T09:59:15.000Z", "Queued"),
            ("2024-06-01T10:00:00.000Z", "Running"),
            ("2024-06-01T10:20:34.567Z", "Succeeded"),
        ],
    );
    assert_history(
        &items,
        "#90",
        &[
            ("2022-09-16T01:59:29.910Z", "Queued"),
            ("2022-09-16T02:00:00.000Z", "Running"),
            ("2022-09-16T02:11:30.000Z", "Failed"),
        ],
    );
    // The weekly builds: queued where the metrics plugin says, running from `timestamp`, done
    // at `timestamp` + `duration`.
    for n in 1..=110u64 {
        let (ts, duration, result, queued) = routine(n);
        let item = &items[&format!("#{n}")];
        let states: Vec<&str> = item.changes.iter().map(|c| c.to.as_str()).collect();
        let done = if result == "SUCCESS" {
            "Succeeded"
        } else {
            "Failed"
        };
        let running = item.changes.iter().position(|c| c.to == "Running").unwrap();
        assert_eq!(item.changes[running].at.timestamp_millis(), ts, "#{n}");
        let end = &item.changes[running + 1];
        assert_eq!(
            (end.at - item.changes[running].at).num_milliseconds(),
            duration
        );
        match queued {
            Some(q) => {
                assert_eq!(states, ["Queued", "Running", done], "#{n}");
                assert_eq!(item.changes[0].at.timestamp_millis(), ts - q, "#{n}");
            }
            None => assert_eq!(states, ["Running", done], "#{n}"),
        }
    }
    assert_eq!(ms("2022-09-16T02:00:00Z"), routine(90).0);
    let mut finished: Vec<String> = (1..=118).map(|n| format!("#{n}")).collect();
    finished.retain(|k| items.contains_key(k));
    let finished: Vec<&str> = finished.iter().map(String::as_str).collect();
    // Aborted and not-built builds are canceled work; the others done.
    assert_finished_items_end_done(&items, &pulled, &finished);
    assert_eq!(category(&pulled, "Aborted"), Some(StateCategory::Canceled));
    assert_eq!(
        category(&pulled, "Not built"),
        Some(StateCategory::Canceled)
    );
    assert_eq!(category(&pulled, "Queued"), Some(StateCategory::Waiting));
    assert_eq!(
        skipped(&pulled),
        owned(&[
            ("pull request built", NO_PULLS, 2),
            ("result", "the build still runs: its result is not final", 1)
        ])
    );
    // The keys in the commits each build built, once per build, named by the first commit
    // that mentions them; UTF-8 and V-2 are not keys; #88 and !12 need `pulls=`.
    assert_eq!(
        build_links(&items["#118"]),
        [
            link("mentions", None, "PLAT-41", "commit 4f1c2a9"),
            link("mentions", None, "PLAT-7", "commit 4f1c2a9"),
        ]
    );
    assert_eq!(
        build_links(&items["#116"]),
        [
            link("mentions", None, "PLAT-41", "commit 1111111"),
            link("mentions", None, "PLAT-50", "commit abcdef0"),
        ]
    );
    assert!(items
        .iter()
        .filter(|(k, _)| *k != "#118" && *k != "#116")
        .all(|(_, i)| i.links.is_empty()));
    // #119 still runs: the next pull reads back to it.
    assert_eq!(pulled.cursor.as_deref(), Some("118"));
    assert_eq!(
        server.count("/queue/item/"),
        2,
        "only the running builds' queue items"
    );
}

const NO_PULLS: &str =
    "no source named for pull requests: add pulls=SOURCE to the Jenkins source's query";

type LinkRow = (String, Option<String>, String, String);

fn link(kind: &str, source: Option<&str>, key: &str, qualifier: &str) -> LinkRow {
    (
        kind.into(),
        source.map(String::from),
        key.into(),
        qualifier.into(),
    )
}

fn build_links(item: &SourceItem) -> Vec<LinkRow> {
    item.links
        .iter()
        .map(|l| {
            (
                l.kind.to_string(),
                l.target.source.clone(),
                l.target.key.clone(),
                l.qualifier.clone(),
            )
        })
        .collect()
}

#[test]
fn a_jenkins_source_naming_its_pull_requests_links_the_builds_to_them() {
    let (items, pulled, _server) = pull(
        SourceKind::Jenkins,
        jenkins_history::jenkins_history(),
        &format!("{}/", jenkins_history::JOB),
        Some("pulls=platform-repo"),
    );
    // GitHub's merge commit names #88; GitLab's names !12.
    assert_eq!(
        build_links(&items["#118"])[2..],
        [link("relates", Some("platform-repo"), "#88", "built")]
    );
    assert_eq!(
        build_links(&items["#116"])[2..],
        [link("relates", Some("platform-repo"), "!12", "built")]
    );
    assert!(!pulled
        .skipped
        .iter()
        .any(|(k, _, _)| k == "pull request built"));
    let http = HttpClient::new(HttpOptions::default()).unwrap();
    let err = network_connector(
        SourceKind::Jenkins,
        "https://ci.example.org/job/app/",
        Some("pull=platform-repo"),
        Some(Credential {
            user: Some("ci".into()),
            token: Secret::new("t"),
        }),
        &http,
    )
    .err()
    .expect("an unknown option is refused");
    assert!(
        err.to_string()
            .contains("unknown Jenkins query option \"pull\": expected pulls=SOURCE"),
        "{err}"
    );
}

#[test]
fn an_unknown_gitlab_option_is_named_with_those_that_exist() {
    let http = HttpClient::new(HttpOptions::default()).unwrap();
    let err = network_connector(
        SourceKind::Gitlab,
        "https://gitlab.example.com",
        Some("acme/platform?labels=v1"),
        None,
        &http,
    )
    .err()
    .unwrap()
    .to_string();
    assert!(
        err.contains(
            "unknown GitLab query option \"labels\": expected scope, state_labels or parts"
        ),
        "{err}"
    );
}

#[test]
fn a_gitlab_without_keyset_pagination_for_issues_is_paged_by_offset() {
    let (items, _pulled, server) = pull(
        SourceKind::Gitlab,
        gitlab_history::gitlab_history_on(false),
        "",
        Some("acme/platform?parts=issues"),
    );
    assert_eq!(
        items.keys().map(String::as_str).collect::<Vec<_>>(),
        ["#1", "#2", "#3", "#4", "#5"]
    );
    let pages: Vec<(Option<String>, Option<String>)> = server
        .all()
        .into_iter()
        .filter(|r| r.path.ends_with("/issues"))
        .map(|r| {
            let p = |n: &str| r.param(n).map(str::to_string);
            (p("pagination"), p("page"))
        })
        .collect();
    assert_eq!(
        pages,
        [
            (Some("keyset".to_string()), None),
            (None, None),
            (None, Some("2".to_string()))
        ]
    );
    assert_history(
        &items,
        "#4",
        &[
            ("2021-05-01T08:00:00.000Z", "Open"),
            ("2021-06-01T08:00:00.000Z", "ready"),
            ("2022-01-10T08:00:00.000Z", "Open"),
        ],
    );
}
