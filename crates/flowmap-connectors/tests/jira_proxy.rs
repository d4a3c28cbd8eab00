//! Jira behind a proxy that blocks `serverInfo` (a 404 or 403 page of HTML, or a 200 login page
//! that is no JSON): the connector tries Cloud's search API, then Server's, instead of failing,
//! and says which it used. A refused token still fails as one.

mod common;

use common::{jira, Reply, Request, TestServer};
use flowmap_connectors::http::{HttpClient, HttpOptions};
use flowmap_connectors::secret::{Credential, Secret};
use flowmap_connectors::{
    network_connector, ConnectorError, PullContext, Pulled, SourceItem, SourceKind,
};

const HTML: &str = "<!DOCTYPE html><html><body><h1>Access denied by proxy</h1></body></html>";

/// The fixture's Jira (Cloud or Server) behind a proxy answering `serverInfo` with `blocked`
/// and the status list with a 403 page.
fn behind_proxy(cloud: bool, blocked: Reply) -> TestServer {
    let inner = jira(cloud, false);
    TestServer::start(move |r: &Request, base: &str| {
        if r.path.ends_with("/rest/api/2/serverInfo") {
            let mut reply = blocked.clone();
            reply.headers = vec![("Content-Type".into(), "text/html".into())];
            return reply;
        }
        if r.path.ends_with("/rest/api/2/status") {
            return Reply::status(403, HTML);
        }
        inner(r, base)
    })
}

fn pull(
    server: &TestServer,
    user: Option<&str>,
) -> Result<(Vec<SourceItem>, Pulled), ConnectorError> {
    let http = HttpClient::new(HttpOptions::default()).unwrap();
    let credential = Credential {
        user: user.map(str::to_string),
        token: Secret::new("t0ken"),
    };
    let connector = network_connector(
        SourceKind::Jira,
        &server.base,
        Some("project = FLOW"),
        Some(credential),
        &http,
    )?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut items = Vec::new();
    let pulled = rt.block_on(connector.pull(&PullContext::default(), None, &mut items))?;
    Ok((items, pulled))
}

fn keys(items: &[SourceItem]) -> Vec<&str> {
    items.iter().map(|i| i.key.as_str()).collect()
}

fn states<'a>(items: &'a [SourceItem], key: &str) -> Vec<&'a str> {
    let item = items.iter().find(|i| i.key == key).unwrap();
    item.changes.iter().map(|c| c.to.as_str()).collect()
}

#[test]
fn a_server_behind_a_proxy_is_read_with_the_server_search_after_cloud_s_are_tried() {
    let server = behind_proxy(false, Reply::status(404, HTML));
    let (items, pulled) = pull(&server, None).unwrap();
    assert_eq!(
        keys(&items),
        ["FLOW-1", "FLOW-2", "FLOW-3", "FLOW-4", "FLOW-5"]
    );
    // Cloud's two search APIs were asked once each, then Server's paged to the end.
    assert_eq!(server.count("/rest/api/3/search/jql"), 1);
    let old_cloud = server.all().into_iter();
    let old_cloud = old_cloud.filter(|r| r.path.ends_with("/rest/api/3/search"));
    assert_eq!(old_cloud.count(), 1);
    assert_eq!(server.count("/rest/api/2/search"), 3);
    // The truncated changelog came the Server way.
    assert_eq!(server.count("/rest/api/2/issue/FLOW-3"), 1);
    assert_eq!(
        states(&items, "FLOW-3"),
        ["To Do", "In Progress", "Waiting for customer", "Done"]
    );
    assert!(
        pulled.state_categories.is_empty(),
        "the status list was blocked"
    );
    assert_eq!(pulled.notices.len(), 1, "{:?}", pulled.notices);
    assert!(
        pulled.notices[0].contains("serverInfo could not be read")
            && pulled.notices[0].contains("HTTP 404")
            && pulled.notices[0].ends_with("/rest/api/2/search (Jira Server/Data Center)"),
        "{}",
        pulled.notices[0]
    );
}

#[test]
fn a_cloud_site_whose_server_info_answers_a_login_page_is_read_with_cloud_s_search() {
    let server = behind_proxy(true, Reply::status(200, HTML));
    let (items, pulled) = pull(&server, Some("me@example.org")).unwrap();
    assert_eq!(
        keys(&items),
        ["FLOW-1", "FLOW-2", "FLOW-3", "FLOW-4", "FLOW-5"]
    );
    assert_eq!(server.count("/rest/api/3/search/jql"), 3, "three pages");
    assert_eq!(server.count("/rest/api/2/search"), 0);
    assert_eq!(server.count("/rest/api/3/issue/FLOW-3/changelog"), 2);
    assert!(
        pulled.notices[0].contains("malformed JSON"),
        "{}",
        pulled.notices[0]
    );
    assert!(pulled.notices[0].ends_with("/rest/api/3/search/jql (Jira Cloud)"));
}

#[test]
fn a_forbidden_server_info_is_passed_by_and_a_refused_token_still_fails() {
    let server = behind_proxy(false, Reply::status(403, HTML));
    let (items, _) = pull(&server, None).unwrap();
    assert_eq!(items.len(), 5);

    let refusing = TestServer::start(|_r: &Request, _base: &str| {
        Reply::status(401, r#"{"errorMessages":["You are not authenticated"]}"#)
    });
    match pull(&refusing, None) {
        Err(ConnectorError::Unauthorized { .. }) => {}
        other => panic!("expected 401, got {:?}", other.map(|(i, _)| i.len())),
    }
    assert_eq!(
        refusing.count("/search"),
        0,
        "no search after a refused token"
    );
}
