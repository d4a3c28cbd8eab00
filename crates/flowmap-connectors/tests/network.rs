//! Every network connector against a local server answering in the tool's documented format:
//! several pages, a truncated Jira changelog, 429 with Retry-After, a 500 then success,
//! malformed JSON, 401 and 403, an empty project, an incremental pull bringing one changed
//! item, an unreachable host, cancellation.

mod common;

use common::fixtures::{azure, github, gitlab, jenkins, target};
use common::{jira, with_fault, Fault, Reply, Request, TestServer};
use flowmap_connectors::http::{HttpClient, HttpOptions, RetryPolicy};
use flowmap_connectors::secret::{Credential, Secret};
use flowmap_connectors::{
    network_connector, ConnectorError, PullContext, Pulled, SourceItem, SourceKind,
};
use flowmap_core::StateCategory;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

fn http() -> HttpClient {
    HttpClient::new(HttpOptions {
        retry: RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(10),
            max_wait: Duration::from_secs(5),
        },
        concurrency: 4,
        timeout: Duration::from_secs(10),
    })
    .unwrap()
}

fn credential(kind: SourceKind) -> Option<Credential> {
    let user = matches!(kind, SourceKind::Jenkins | SourceKind::Jira)
        .then(|| "me@example.org".to_string());
    Some(Credential {
        user,
        token: Secret::new("t0ken-value"),
    })
}

fn pull_with(
    kind: SourceKind,
    server: &TestServer,
    cursor: Option<&str>,
    cancel: CancellationToken,
) -> Result<(Vec<SourceItem>, Pulled), ConnectorError> {
    let (url, query) = target(kind, &server.base);
    let connector = network_connector(kind, &url, query.as_deref(), credential(kind), &http())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ctx = PullContext::new(cancel);
    let mut items = Vec::new();
    let pulled = rt.block_on(connector.pull(&ctx, cursor, &mut items))?;
    Ok((items, pulled))
}

fn pull(
    kind: SourceKind,
    server: &TestServer,
    cursor: Option<&str>,
) -> Result<(Vec<SourceItem>, Pulled), ConnectorError> {
    pull_with(kind, server, cursor, CancellationToken::new())
}

fn states(item: &SourceItem) -> Vec<&str> {
    item.changes.iter().map(|c| c.to.as_str()).collect()
}

fn find<'a>(items: &'a [SourceItem], key: &str) -> &'a SourceItem {
    items.iter().find(|i| i.key == key).unwrap_or_else(|| {
        panic!(
            "no item {key} in {:?}",
            items.iter().map(|i| &i.key).collect::<Vec<_>>()
        )
    })
}

type HandlerFn = Box<dyn Fn(&Request, &str) -> Reply + Send + Sync>;

/// The faults every connector meets, injected into requests whose path contains `part`.
fn check_faults(kind: SourceKind, make: impl Fn() -> HandlerFn, part: &'static str, items: usize) {
    // 429 with Retry-After: 1 is waited out.
    let server = TestServer::start(with_fault(
        make(),
        part,
        Fault::TooManyRequests { retry_after: 1 },
    ));
    let started = Instant::now();
    let (got, _) = pull(kind, &server, None).unwrap_or_else(|e| panic!("{kind} after 429: {e}"));
    assert_eq!(got.len(), items, "{kind} after 429");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{kind}: Retry-After not honoured"
    );

    // A 500 is retried.
    let server = TestServer::start(with_fault(make(), part, Fault::ServerErrorOnce));
    let (got, _) = pull(kind, &server, None).unwrap_or_else(|e| panic!("{kind} after 500: {e}"));
    assert_eq!(got.len(), items, "{kind} after 500");
    assert!(server.count(part) >= 2);

    // 500 for ever gives up with the endpoint named.
    let server = TestServer::start(with_fault(make(), part, Fault::ServerErrorAlways));
    let err = pull(kind, &server, None).unwrap_err();
    assert!(
        matches!(err, ConnectorError::Http { status: 500, .. }),
        "{kind}: {err}"
    );
    assert!(err.to_string().contains(part), "{kind}: {err}");

    // Malformed JSON names the endpoint.
    let server = TestServer::start(with_fault(make(), part, Fault::Malformed));
    let err = pull(kind, &server, None).unwrap_err();
    assert!(
        matches!(err, ConnectorError::MalformedJson { .. }),
        "{kind}: {err}"
    );
    assert!(
        err.to_string().contains(part) && err.to_string().contains("malformed JSON"),
        "{kind}: {err}"
    );

    // 401 and 403 say different things, and neither holds the token.
    let server = TestServer::start(with_fault(make(), part, Fault::Unauthorized));
    let e401 = pull(kind, &server, None).unwrap_err();
    assert!(
        matches!(e401, ConnectorError::Unauthorized { .. }),
        "{kind}: {e401}"
    );
    let server = TestServer::start(with_fault(make(), part, Fault::Forbidden));
    let e403 = pull(kind, &server, None).unwrap_err();
    assert!(
        matches!(e403, ConnectorError::Forbidden { .. }),
        "{kind}: {e403}"
    );
    assert!(e401.to_string().contains("401") && e403.to_string().contains("403"));
    assert!(e403.to_string().contains("lack permission"), "{e403}");
    for e in [&e401, &e403] {
        assert!(!e.to_string().contains("t0ken-value"), "{e}");
    }

    // Cancelled before it starts: nothing is fetched.
    let server = TestServer::start(make());
    let cancel = CancellationToken::new();
    cancel.cancel();
    let err = pull_with(kind, &server, None, cancel).unwrap_err();
    assert!(matches!(err, ConnectorError::Cancelled), "{kind}: {err}");
    assert_eq!(server.all().len(), 0);
}

#[test]
fn an_unreachable_host_says_so() {
    // A port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let connector = network_connector(
        SourceKind::Jira,
        &format!("http://127.0.0.1:{port}"),
        Some("project = X"),
        credential(SourceKind::Jira),
        &http(),
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let err = rt
        .block_on(connector.pull(&PullContext::default(), None, &mut Vec::new()))
        .unwrap_err();
    assert!(matches!(err, ConnectorError::Unreachable { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot reach 127.0.0.1:{port}")),
        "{err}"
    );
}

// ---------------------------------------------------------------- Jira

#[test]
fn jira_server_pages_reads_truncated_changelogs_and_pulls_incrementally() {
    let server = TestServer::start(jira(false, false));
    let (items, pulled) = pull(SourceKind::Jira, &server, None).unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(
        server.count("/rest/api/2/search"),
        3,
        "5 issues in pages of 2"
    );
    let jql = server
        .all()
        .into_iter()
        .find(|r| r.path.ends_with("/search"))
        .unwrap();
    assert_eq!(
        jql.param("jql"),
        Some("(project = FLOW) ORDER BY created ASC, key ASC")
    );
    assert_eq!(jql.param("expand"), Some("changelog"));
    assert!(jql.header("authorization").unwrap().starts_with("Basic "));
    // The truncated changelog of FLOW-3 was read whole.
    assert_eq!(server.count("/rest/api/2/issue/FLOW-3"), 1);
    let f3 = find(&items, "FLOW-3");
    assert_eq!(
        states(f3),
        ["To Do", "In Progress", "Waiting for customer", "Done"]
    );
    assert_eq!(f3.changes[0].from, None);
    assert_eq!(f3.changes[2].from.as_deref(), Some("In Progress"));
    let f2 = find(&items, "FLOW-2");
    assert_eq!(f2.artifact_type, "Bug");
    assert_eq!(
        f2.created.unwrap().to_rfc3339(),
        "2025-01-02T16:00:00+00:00"
    );
    // An issue that never moved is in its current state since creation.
    assert_eq!(states(find(&items, "FLOW-4")), ["To Do"]);
    assert_eq!(pulled.cursor.as_deref(), Some("2025-01-08T08:00:00.000Z"));
    assert!(pulled
        .state_categories
        .contains(&("In Progress".to_string(), StateCategory::Active)));

    // Incremental: the JQL bounds by the cursor (minus a day) and one changed issue comes.
    let (items, pulled) = pull(SourceKind::Jira, &server, pulled.cursor.as_deref()).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(states(&items[0]), ["To Do", "In Progress", "Done"]);
    let last = server
        .all()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with("/search"))
        .unwrap();
    assert_eq!(
        last.param("jql"),
        Some("(project = FLOW) AND updated >= \"2025/01/07 08:00\" ORDER BY created ASC, key ASC")
    );
    assert_eq!(pulled.cursor.as_deref(), Some("2025-02-01T12:00:00.000Z"));
}

#[test]
fn jira_cloud_follows_next_page_tokens_and_the_changelog_endpoint() {
    let server = TestServer::start(jira(true, false));
    let (items, _) = pull(SourceKind::Jira, &server, None).unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(server.count("/rest/api/3/search/jql"), 3);
    let tokens: Vec<_> = server
        .all()
        .into_iter()
        .filter(|r| r.path.ends_with("/search/jql"))
        .map(|r| r.param("nextPageToken").map(str::to_string))
        .collect();
    assert_eq!(tokens, [None, Some("page-2".into()), Some("page-4".into())]);
    assert_eq!(
        server.count("/rest/api/3/issue/FLOW-3/changelog"),
        2,
        "two changelog pages"
    );
    assert_eq!(
        states(find(&items, "FLOW-3")),
        ["To Do", "In Progress", "Waiting for customer", "Done"]
    );
}

#[test]
fn jira_cloud_stops_when_a_next_page_token_comes_back() {
    // The server hands out "page-2" for every page after the first: a circle.
    let inner = jira(true, false);
    let server = TestServer::start(move |r: &Request, base: &str| {
        let mut r = r.clone();
        if r.path.ends_with("/rest/api/3/search/jql") {
            r.query.retain(|(k, _)| k != "nextPageToken");
        }
        inner(&r, base)
    });
    let err = pull(SourceKind::Jira, &server, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("nextPageToken \"page-2\" was given already"),
        "{err}"
    );
    assert_eq!(
        server.count("/rest/api/3/search/jql"),
        2,
        "it stops at once"
    );
}

#[test]
fn jira_empty_project_and_faults() {
    let server = TestServer::start(jira(false, true));
    let (items, pulled) =
        pull(SourceKind::Jira, &server, Some("2025-01-01T00:00:00.000Z")).unwrap();
    assert!(items.is_empty());
    assert_eq!(
        pulled.cursor.as_deref(),
        Some("2025-01-01T00:00:00.000Z"),
        "an empty pull keeps the cursor"
    );
    check_faults(
        SourceKind::Jira,
        || Box::new(jira(false, false)),
        "/rest/api/2/search",
        5,
    );
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_reads_issues_pull_requests_runs_and_deployments() {
    let server = TestServer::start(github(false));
    let (items, pulled) = pull(SourceKind::Github, &server, None).unwrap();
    assert_eq!(
        items.len(),
        5,
        "{:?}",
        items.iter().map(|i| &i.key).collect::<Vec<_>>()
    );
    let req = server.all().into_iter().next().unwrap();
    assert_eq!(req.header("authorization"), Some("Bearer t0ken-value"));
    assert_eq!(req.header("accept"), Some("application/vnd.github+json"));
    // Only labels with the prefix are states.
    assert_eq!(
        states(find(&items, "#1")),
        ["Open", "status: in progress", "Closed"]
    );
    let pr = find(&items, "#2");
    assert_eq!(pr.artifact_type, "Pull request");
    assert_eq!(
        states(pr),
        [
            "Ready for review",
            "Review requested",
            "Changes requested",
            "Approved",
            "Merged"
        ]
    );
    assert_eq!(states(find(&items, "#3")), ["Open", "Canceled"]);
    assert_eq!(
        states(find(&items, "run 9001")),
        ["Queued", "In progress", "Succeeded"]
    );
    assert_eq!(
        states(find(&items, "deployment 77")),
        ["Pending", "Deploying", "Deployed"]
    );
    assert_eq!(pulled.cursor.as_deref(), Some("2025-03-07T10:00:00.000Z"));

    let (items, _) = pull(SourceKind::Github, &server, pulled.cursor.as_deref()).unwrap();
    let keys: Vec<_> = items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["#3"], "only the changed issue");
    let since = server
        .all()
        .into_iter()
        .rev()
        .find(|r| r.param("since").is_some())
        .unwrap();
    assert_eq!(since.param("since"), Some("2025-03-06T10:00:00Z"));
}

#[test]
fn github_waits_for_an_exhausted_rate_limit() {
    let server = TestServer::start(with_fault(
        github(false),
        "/repos/octo/app/issues",
        Fault::RateLimitExhausted,
    ));
    let (items, _) = pull(SourceKind::Github, &server, None).unwrap();
    assert_eq!(items.len(), 5);
}

#[test]
fn github_empty_repository_and_faults() {
    let server = TestServer::start(github(true));
    let (items, _) = pull(SourceKind::Github, &server, None).unwrap();
    assert!(items.is_empty());
    check_faults(
        SourceKind::Github,
        || Box::new(github(false)),
        "/repos/octo/app/issues",
        5,
    );
}

// ---------------------------------------------------------------- GitLab

#[test]
fn gitlab_reads_events_scoped_labels_pipelines_and_deployments() {
    let server = TestServer::start(gitlab(false));
    let (items, pulled) = pull(SourceKind::Gitlab, &server, None).unwrap();
    assert_eq!(
        items.len(),
        6,
        "{:?}",
        items.iter().map(|i| &i.key).collect::<Vec<_>>()
    );
    let first = server.all().into_iter().next().unwrap();
    assert_eq!(first.header("private-token"), Some("t0ken-value"));
    assert_eq!(first.param("pagination"), Some("keyset"));
    let mr_list = server
        .all()
        .into_iter()
        .find(|r| r.path.ends_with("/merge_requests"));
    assert_eq!(
        mr_list.unwrap().param("pagination"),
        None,
        "merge requests page by offset"
    );
    assert_eq!(
        states(find(&items, "#1")),
        ["Open", "in progress", "in review", "Closed"]
    );
    assert_eq!(find(&items, "#2").artifact_type, "Incident");
    assert_eq!(states(find(&items, "!5")), ["Draft", "Merged"]);
    assert_eq!(
        states(find(&items, "!6")),
        ["Ready for review", "Abandoned"]
    );
    assert_eq!(
        states(find(&items, "pipeline 300")),
        ["Created", "Running", "Succeeded"]
    );
    assert_eq!(
        states(find(&items, "deployment 41")),
        ["Created", "Running", "Deployed"]
    );
    assert_eq!(
        server.count("/merge_requests"),
        2 + 6,
        "two list pages (by offset), two events and the notes each"
    );

    let (items, _) = pull(SourceKind::Gitlab, &server, pulled.cursor.as_deref()).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].key, "#2");
}

#[test]
fn gitlab_empty_project_and_faults() {
    let server = TestServer::start(gitlab(true));
    assert!(pull(SourceKind::Gitlab, &server, None)
        .unwrap()
        .0
        .is_empty());
    check_faults(
        SourceKind::Gitlab,
        || Box::new(gitlab(false)),
        "/merge_requests",
        6,
    );
}

// ---------------------------------------------------------------- Azure DevOps

#[test]
fn azure_devops_runs_wiql_batches_work_items_and_reads_updates() {
    let server = TestServer::start(azure(false));
    let (items, pulled) = pull(SourceKind::AzureDevops, &server, None).unwrap();
    assert_eq!(items.len(), 205);
    assert_eq!(
        server.count("/_apis/wit/workitems"),
        2,
        "batches of 200 ids"
    );
    let wiql = server.all().into_iter().next().unwrap();
    assert!(
        wiql.body.contains("([System.WorkItemType] <> '')"),
        "{}",
        wiql.body
    );
    assert_eq!(wiql.param("api-version"), Some("7.1"));
    // Basic with an empty user and the token.
    assert_eq!(wiql.header("authorization"), Some("Basic OnQwa2VuLXZhbHVl"));
    let two = find(&items, "2");
    assert_eq!(two.artifact_type, "Bug");
    assert_eq!(states(two), ["New", "Active", "Closed"]);
    assert_eq!(two.changes[1].from.as_deref(), Some("New"));
    assert_eq!(pulled.cursor.as_deref(), Some("2025-06-20T08:00:00.000Z"));

    let (items, _) = pull(SourceKind::AzureDevops, &server, pulled.cursor.as_deref()).unwrap();
    assert_eq!(items.len(), 1);
    let wiql = server
        .all()
        .into_iter()
        .rev()
        .find(|r| r.method == "POST")
        .unwrap();
    assert!(
        wiql.body
            .contains("[System.ChangedDate] >= '2025-06-19T08:00:00Z'"),
        "{}",
        wiql.body
    );
}

#[test]
fn azure_devops_empty_project_and_faults() {
    let server = TestServer::start(azure(true));
    assert!(pull(SourceKind::AzureDevops, &server, None)
        .unwrap()
        .0
        .is_empty());
    check_faults(
        SourceKind::AzureDevops,
        || Box::new(azure(false)),
        "/_apis/wit/wiql",
        205,
    );
}

// ---------------------------------------------------------------- Jenkins

#[test]
fn jenkins_pages_through_builds_and_rereads_running_ones() {
    let server = TestServer::start(jenkins(false));
    let (items, pulled) = pull(SourceKind::Jenkins, &server, None).unwrap();
    assert_eq!(items.len(), 150);
    assert_eq!(server.count("/api/json"), 2);
    assert!(server.all()[0].param("tree").unwrap().ends_with("]{0,100}"));
    assert_eq!(states(find(&items, "#150")), ["Running"]);
    assert_eq!(states(find(&items, "#149")), ["Running", "Succeeded"]);
    assert_eq!(states(find(&items, "#140")), ["Running", "Failed"]);
    let b = find(&items, "#149");
    assert_eq!((b.changes[1].at - b.changes[0].at).num_minutes(), 10);
    // #150 was still running: the cursor stops before it.
    assert_eq!(pulled.cursor.as_deref(), Some("149"));

    let (items, _) = pull(SourceKind::Jenkins, &server, pulled.cursor.as_deref()).unwrap();
    assert_eq!(
        items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
        ["#150"]
    );
}

#[test]
fn jenkins_empty_job_and_faults() {
    let server = TestServer::start(jenkins(true));
    assert!(pull(SourceKind::Jenkins, &server, None)
        .unwrap()
        .0
        .is_empty());
    check_faults(
        SourceKind::Jenkins,
        || Box::new(jenkins(false)),
        "/api/json",
        150,
    );
}

#[test]
fn bad_configurations_are_refused_with_a_reason() {
    let h = http();
    for (kind, url, query, want) in [
        (
            SourceKind::Github,
            "https://api.github.com",
            Some("just-a-name"),
            "owner/repo",
        ),
        (
            SourceKind::Github,
            "https://api.github.com",
            Some("o/r?colour=red"),
            "unknown GitHub query option",
        ),
        (
            SourceKind::Gitlab,
            "https://gitlab.com",
            None,
            "project's path",
        ),
        (SourceKind::Jira, "ftp://jira", None, "https://"),
        (SourceKind::Jira, "not a url", None, "not a URL"),
    ] {
        let err = network_connector(kind, url, query, None, &h)
            .err()
            .expect("refused");
        assert!(err.to_string().contains(want), "{kind}: {err}");
    }
    let err = network_connector(
        SourceKind::Jenkins,
        "https://ci/job/x",
        None,
        Some(Credential {
            user: None,
            token: Secret::new("x"),
        }),
        &h,
    )
    .err()
    .unwrap();
    assert!(err.to_string().contains("FLOWMAP_USER_"), "{err}");
}
