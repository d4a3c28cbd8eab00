//! The Sources tab's commands through `commands::dispatch`, against a local server answering
//! in Jira's documented format (the connectors' fixture): a connection tested (accepted, 401,
//! 403, 404, a closed port), a source added with a token that never reaches the file, synced
//! as a job with its summary, a failed and a cancelled sync leaving the file as it was, the
//! demo's source recognised, and a source removed keeping or dropping its items.

#[path = "../../flowmap-connectors/tests/common/mod.rs"]
mod net;

mod common;

use common::call;
use flowmap_api::commands::Backend;
use flowmap_api::{create_demo, EditSession, RecoveryCopy};
use flowmap_store::MapFile;
use net::{jira, Reply, Request, TestServer};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN: &str = "s3cr3t-token-4711";

/// Jira Server with the fixture's five issues, answering only the bearer `TOKEN`, each
/// request delayed by `delay_ms` (read at every request, so a test can slow it down).
fn jira_server(delay_ms: Arc<AtomicU64>) -> TestServer {
    let inner = jira(false, false);
    TestServer::start(move |r: &Request, base: &str| {
        std::thread::sleep(Duration::from_millis(delay_ms.load(Ordering::SeqCst)));
        if r.header("Authorization") != Some(&format!("Bearer {TOKEN}")) {
            return Reply::status(401, r#"{"errorMessages":["You are not authenticated"]}"#);
        }
        inner(r, base)
    })
}

fn saved_map(dir: &Path) -> (Backend, PathBuf) {
    let backend = Backend::new(
        Ok(EditSession::new_map()),
        RecoveryCopy::new(dir.join("recovery.json")),
    );
    let file = dir.join("team.flowmap");
    call(&backend, "save_map_as", json!({ "path": file })).unwrap();
    (backend, file)
}

fn add_jira(backend: &Backend, base: &str, token: Option<&str>) -> Value {
    let credentials = token.map(|t| json!({ "token": t }));
    call(
        backend,
        "add_source",
        json!({
            "source": {"name": "jira", "kind": "jira", "url": base, "query": "project = FLOW", "tool": "Jira"},
            "credentials": credentials,
        }),
    )
    .unwrap()
}

fn test_connection(
    backend: &Backend,
    base: &str,
    token: &str,
) -> Result<Value, flowmap_api::ApiError> {
    call(
        backend,
        "test_connection",
        json!({"test": {"kind": "jira", "url": base, "query": "project = FLOW",
                        "credentials": {"token": token}}}),
    )
}

fn wait_for(backend: &Backend, id: &Value) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status = call(backend, "job_status", json!({ "id": id })).unwrap();
        if status["state"] != "running" {
            return status;
        }
        assert!(Instant::now() < deadline, "the job did not end: {status}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn row<'a>(view: &'a Value, name: &str) -> &'a Value {
    view["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"]["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {view}"))
}

/// The file and its journals as bytes, to compare.
fn file_bytes(file: &Path) -> Vec<Vec<u8>> {
    ["", "-wal", "-journal"]
        .iter()
        .map(|suffix| {
            let p = PathBuf::from(format!("{}{suffix}", file.display()));
            std::fs::read(p).unwrap_or_default()
        })
        .collect()
}

#[test]
fn test_connection_says_what_it_saw_or_why_not_in_words() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, _file) = saved_map(tmp.path());
    let server = jira_server(Arc::default());

    let ok = test_connection(&backend, &server.base, TOKEN).unwrap();
    assert_eq!(ok["message"], "accepted: found 5 issues", "{ok}");
    assert_eq!(ok["total"], 5);

    let refused = test_connection(&backend, &server.base, "wrong").unwrap_err();
    assert_eq!(refused.code, flowmap_api::ErrorCode::Unauthorized);
    assert!(
        refused.message.starts_with("the token was refused"),
        "{refused}"
    );
    assert!(
        !refused.message.contains("wrong"),
        "the token never shows: {refused}"
    );

    let forbidden = TestServer::start(net::with_fault(
        jira(false, false),
        "/rest/api/2/search",
        net::Fault::Forbidden,
    ));
    let e = test_connection(&backend, &forbidden.base, TOKEN).unwrap_err();
    assert_eq!(e.code, flowmap_api::ErrorCode::Forbidden);
    assert!(
        e.message
            .starts_with("the token cannot read this project \"project = FLOW\""),
        "{e}"
    );

    let missing = TestServer::start(|r: &Request, base: &str| {
        if r.path.contains("/search") {
            Reply::status(404, r#"{"errorMessages":["No project could be found"]}"#)
        } else {
            jira(false, false)(r, base)
        }
    });
    let e = test_connection(&backend, &missing.base, TOKEN).unwrap_err();
    assert_eq!(e.code, flowmap_api::ErrorCode::NotFound);
    assert!(
        e.message.starts_with(&format!(
            "no project \"project = FLOW\" at {}",
            missing.base
        )),
        "{e}"
    );

    // A closed port: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = test_connection(&backend, &format!("http://127.0.0.1:{port}"), TOKEN).unwrap_err();
    assert_eq!(e.code, flowmap_api::ErrorCode::Unreachable);
    assert!(e.message.starts_with("cannot reach host 127.0.0.1"), "{e}");

    let none = call(
        &backend,
        "test_connection",
        json!({"test": {"kind": "jira", "url": server.base}}),
    )
    .unwrap_err();
    assert_eq!(none.code, flowmap_api::ErrorCode::MissingCredential);
}

#[test]
fn a_source_added_with_a_token_syncs_as_a_job_and_the_token_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let server = jira_server(Arc::default());

    let saved = add_jira(&backend, &server.base, Some(TOKEN));
    assert_eq!(saved["tool_added"], true);
    assert!(
        ["session", "keychain"].contains(&saved["token"].as_str().unwrap()),
        "{saved}"
    );
    let view = call(&backend, "list_sources", Value::Null).unwrap();
    let r = row(&view, "jira");
    assert_eq!(r["state"], "never");
    assert_eq!(r["source"]["tool"], "Jira");
    assert_eq!(r["source"]["query"], "project = FLOW");
    // The session token lets a stored source be tested without typing it again.
    let again = call(
        &backend,
        "test_connection",
        json!({"test": {"kind": "jira", "source": "jira"}}),
    )
    .unwrap();
    assert_eq!(again["message"], "accepted: found 5 issues");

    let id = call(&backend, "start_sync", json!({ "source": "jira" })).unwrap();
    let status = wait_for(&backend, &id);
    assert_eq!(status["state"], "finished", "{status}");
    let report = &status["sync"]["sources"][0];
    assert_eq!(report["items_new"], 5);
    assert_eq!(report["items_fetched"], 5);
    assert!(report["states"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["proposed"] == true));
    assert_eq!(status["sources"][0]["source"], "jira");
    // The map followed the file.
    let state = call(&backend, "editor_state", Value::Null).unwrap();
    assert_eq!(state["view"]["items"], 5);
    let view = call(&backend, "list_sources", Value::Null).unwrap();
    let r = row(&view, "jira");
    assert_eq!(r["state"], "synced");
    assert_eq!(r["source"]["items"], 5);
    assert!(r["synced_at"].as_str().unwrap().ends_with('Z'), "{r}");

    // A second sync fetches only what changed (the fixture's FLOW-2).
    let id = call(&backend, "start_sync", Value::Null).unwrap();
    let status = wait_for(&backend, &id);
    let report = &status["sync"]["sources"][0];
    assert_eq!(
        (
            report["items_new"].as_u64(),
            report["items_fetched"].as_u64()
        ),
        (Some(0), Some(1))
    );

    let needle = TOKEN.as_bytes();
    for bytes in file_bytes(&file) {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the token is in the file"
        );
    }
    assert!(server
        .all()
        .iter()
        .any(|r| r.header("Authorization") == Some(&format!("Bearer {TOKEN}"))));
}

#[test]
fn a_failed_or_cancelled_sync_leaves_the_file_as_it_was_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let delay = Arc::new(AtomicU64::new(0));
    let server = jira_server(Arc::clone(&delay));
    add_jira(&backend, &server.base, Some("not-the-token"));
    let before = file_bytes(&file);
    let counts = MapFile::open(&file).unwrap().counts().unwrap();

    let id = call(&backend, "start_sync", json!({ "source": "jira" })).unwrap();
    let status = wait_for(&backend, &id);
    assert_eq!(status["state"], "failed");
    assert_eq!(status["error"]["code"], "unauthorized");
    let view = call(&backend, "list_sources", Value::Null).unwrap();
    assert_eq!(row(&view, "jira")["state"], "failed");
    assert_eq!(row(&view, "jira")["failure"]["code"], "unauthorized");
    assert_eq!(file_bytes(&file), before);

    // The right token, typed again; a slow server; cancelled midway.
    call(
        &backend,
        "update_source",
        json!({"name": "jira", "update": {}, "credentials": {"token": TOKEN}}),
    )
    .unwrap();
    delay.store(300, Ordering::SeqCst);
    let id = call(&backend, "start_sync", json!({ "source": "jira" })).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let s = call(&backend, "job_status", json!({ "id": id })).unwrap();
        if s["sources"].as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        assert!(Instant::now() < deadline, "no progress: {s}");
        std::thread::sleep(Duration::from_millis(20));
    }
    call(&backend, "cancel_job", json!({ "id": id })).unwrap();
    let status = wait_for(&backend, &id);
    assert_eq!(status["state"], "cancelled", "{status}");
    assert_eq!(status["error"]["code"], "cancelled");
    let after = MapFile::open(&file).unwrap();
    assert_eq!(after.counts().unwrap(), counts);
    assert_eq!(
        file_bytes(&file),
        before,
        "the file is byte-for-byte as it was"
    );
    let view = call(&backend, "list_sources", Value::Null).unwrap();
    assert_eq!(row(&view, "jira")["state"], "never");
}

#[test]
fn removing_a_source_keeps_or_drops_its_items_in_one_transaction() {
    let tmp = tempfile::tempdir().unwrap();
    let (backend, file) = saved_map(tmp.path());
    let server = jira_server(Arc::default());
    add_jira(&backend, &server.base, Some(TOKEN));
    wait_for(
        &backend,
        &call(&backend, "start_sync", Value::Null).unwrap(),
    );
    let edited = call(
        &backend,
        "update_source",
        json!({"name": "jira", "update": {"query": "project = OTHER"}}),
    )
    .unwrap();
    assert_eq!(edited["source"]["query"], "project = OTHER");
    assert_eq!(
        edited["source"]["cursor"],
        Value::Null,
        "a new query fetches everything again"
    );

    // Keep: the source goes, its items stay.
    let kept = call(
        &backend,
        "remove_source",
        json!({"name": "jira", "dropItems": false}),
    )
    .unwrap();
    assert_eq!(kept["items"], 0);
    let store = MapFile::open(&file).unwrap();
    assert!(store.sources().unwrap().is_empty());
    assert_eq!(store.counts().unwrap().items, 5);
    assert!(!store.state_mappings().unwrap().is_empty());

    // Drop: added again, synced again, removed with its items, transitions and mapping rows.
    add_jira(&backend, &server.base, Some(TOKEN));
    let status = wait_for(
        &backend,
        &call(&backend, "start_sync", Value::Null).unwrap(),
    );
    assert_eq!(
        status["sync"]["sources"][0]["items_new"], 0,
        "the kept items are the same"
    );
    let dropped = call(
        &backend,
        "remove_source",
        json!({"name": "jira", "dropItems": true}),
    )
    .unwrap();
    assert_eq!(dropped["items"], 5);
    assert!(dropped["transitions"].as_u64().unwrap() > 5);
    assert!(dropped["mappings"].as_u64().unwrap() > 0);
    let store = MapFile::open(&file).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.items, counts.transitions), (0, 0));
    assert!(store.state_mappings().unwrap().is_empty());
    let state = call(&backend, "editor_state", Value::Null).unwrap();
    assert_eq!(state["view"]["items"], 0, "the map followed the file");
    let missing = call(
        &backend,
        "remove_source",
        json!({"name": "jira", "dropItems": true}),
    )
    .unwrap_err();
    assert_eq!(missing.code, flowmap_api::ErrorCode::NotFound);
}

#[test]
fn the_demo_source_is_demo_data_with_nothing_to_sync() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("demo.flowmap");
    let open = create_demo(&file, 50, 7).unwrap();
    drop(open);
    let backend = Backend::new(
        EditSession::open(&file),
        RecoveryCopy::new(tmp.path().join("recovery.json")),
    );
    let view = call(&backend, "list_sources", Value::Null).unwrap();
    let r = &view["sources"][0];
    assert_eq!(r["state"], "demo");
    assert_eq!(r["token"], "none");
    assert_eq!(r["source"]["url"], "https://demo.atlassian.net");
    let name = r["source"]["name"].as_str().unwrap().to_string();
    let id = call(&backend, "start_sync", json!({ "source": name })).unwrap();
    let status = wait_for(&backend, &id);
    assert_eq!(status["state"], "failed");
    assert!(
        status["error"]["message"]
            .as_str()
            .unwrap()
            .contains("there is nothing to sync"),
        "{status}"
    );
    let tested = call(
        &backend,
        "test_connection",
        json!({"test": {"kind": "jira", "source": name}}),
    )
    .unwrap();
    assert!(tested["message"].as_str().unwrap().starts_with("demo data"));
}

/// Test connection for every other network kind, each against a local server answering in its
/// tool's documented format: what the first page showed, or the refusal in words.
#[test]
fn test_connection_reads_the_first_page_of_every_network_kind() {
    use flowmap_core::SourceKind;
    use net::fixtures::{azure, github, gitlab, jenkins, target};
    let tmp = tempfile::tempdir().unwrap();
    let (backend, _file) = saved_map(tmp.path());
    type Fixture = Box<dyn Fn(&Request, &str) -> Reply + Send + Sync>;
    let kinds: [(SourceKind, &str, Fixture); 4] = [
        (SourceKind::Github, "github", Box::new(github(false))),
        (SourceKind::Gitlab, "gitlab", Box::new(gitlab(false))),
        (
            SourceKind::AzureDevops,
            "azure-devops",
            Box::new(azure(false)),
        ),
        (SourceKind::Jenkins, "jenkins", Box::new(jenkins(false))),
    ];
    // What each fixture's first page holds (see net::fixtures): two GitHub issues, one GitLab
    // issue, Azure DevOps' WIQL answer of 205 ids (a total), a Jenkins page of 100 builds.
    let expected = |kind: SourceKind| match kind {
        SourceKind::Github => "accepted: found 2 issues on the first page",
        SourceKind::Gitlab => "accepted: found 1 issue on the first page",
        SourceKind::AzureDevops => "accepted: found 205 work items",
        _ => "accepted: found 100 builds on the first page",
    };
    for (kind, name, fixture) in kinds {
        let server = TestServer::start(move |r: &Request, base: &str| {
            // GitLab sends its token as PRIVATE-TOKEN, the others as Authorization.
            if r.header("Authorization")
                .or(r.header("PRIVATE-TOKEN"))
                .is_none()
            {
                return Reply::status(401, r#"{"message":"Bad credentials"}"#);
            }
            fixture(r, base)
        });
        let (url, query) = target(kind, &server.base);
        let test = |credentials: Option<Value>| {
            call(
                &backend,
                "test_connection",
                json!({"test": {"kind": name, "url": url, "query": query, "credentials": credentials}}),
            )
        };
        let ok = test(Some(json!({"user": "me", "token": "t0ken"}))).unwrap();
        assert_eq!(ok["message"], expected(kind), "{name}: {ok}");
        // Without a token: refused by the server (401), or asked for where one is required.
        let refused = test(None).unwrap_err();
        let why = if kind == SourceKind::AzureDevops {
            flowmap_api::ErrorCode::MissingCredential
        } else {
            flowmap_api::ErrorCode::Unauthorized
        };
        assert_eq!(refused.code, why, "{name}: {refused}");
    }
}
