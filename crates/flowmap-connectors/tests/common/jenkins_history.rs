//! A long-lived Jenkins pipeline job (`platform/main`, 2021–2025, 120 builds, so two pages of
//! `allBuilds`) answering like a real controller: weekly builds, some with the metrics plugin's
//! time in the queue among their `actions` and some without, a replay of an old build run years
//! later (a build of its own), unstable, failed, aborted and not-built results, a build aborted
//! at once (5 ms), one still running whose result is already set by a failed stage and whose
//! queue item is gone, one still running whose queue item Jenkins still keeps.
//!
//! Where each shape comes from:
//! - `GET {job}/api/json?tree=allBuilds[…]{M,N}`: Jenkins' remote access API (the `/api` page of
//!   every object, "tree" and range `{M,N}`); builds as `WorkflowRun` exports them (`_class`,
//!   `number`, `queueId`, `timestamp`, `duration` 0 while building, `result` null while building
//!   unless a stage set it, `building`, `displayName`, `url`, `actions` as objects holding only
//!   the filtered fields, `{}` or `{"_class": …}` for the others);
//! - `actions[queuingDurationMillis]`: the metrics plugin's `jenkins.metrics.impl.
//!   TimeInQueueAction` (getters exported as `queuingDurationMillis`, `blockedDurationMillis`,
//!   `buildableDurationMillis`, `waitingDurationMillis`, `executingTimeMillis`);
//! - `GET {root}/queue/item/{id}/api/json`: `hudson.model.Queue$LeftItem` (`id`,
//!   `inQueueSince`, `executable: {number, url}`, `cancelled`), kept a few minutes after the
//!   build leaves the queue, 404 after; the queue items' fields as recorded from a real
//!   controller in Checkmk's `tests/unit/checks/generictests/datasets/jenkins_queue_regression.py`
//!   (`"inQueueSince": 1566892922469, "_class": "hudson.model.Queue$BlockedItem", "id": 174702`).
//! - `changeSets[items[commitId,msg,comment]]`: a `WorkflowRun`'s `hudson.plugins.git.
//!   GitChangeSetList` (`kind: "git"`, `items` of `hudson.plugins.git.GitChangeSet`: `commitId`,
//!   `msg` the first line, `comment` the whole message with its trailing newline), one per
//!   repository checked out; a freestyle `FreeStyleBuild` has one `changeSet` instead. Merge
//!   commits as GitHub ("Merge pull request #88 from acme/plat-41") and GitLab ("Merge branch
//!   'x' into 'main'\n\nSee merge request platform/app!12") write them.

use crate::common::{Reply, Request};
use serde_json::{json, Value};

pub const JOB: &str = "/job/platform/job/main";

/// 2021-01-01T02:00:00Z in milliseconds.
pub const FIRST: i64 = 1_609_466_400_000;
pub const WEEK: i64 = 7 * 24 * 3_600_000;

/// A routine weekly build `n` (1 to 110): (timestamp, duration, result, time in the queue).
pub fn routine(n: u64) -> (i64, i64, &'static str, Option<i64>) {
    let ts = FIRST + (n as i64 - 1) * WEEK;
    let result = if n.is_multiple_of(10) {
        "FAILURE"
    } else {
        "SUCCESS"
    };
    let queued = n.is_multiple_of(3).then_some(30_000 + n as i64);
    (ts, 600_000 + n as i64 * 1_000, result, queued)
}

/// Milliseconds of an instant written in RFC 3339.
pub fn ms(at: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(at)
        .unwrap()
        .timestamp_millis()
}

fn build(
    n: u64,
    ts: i64,
    duration: i64,
    result: Value,
    building: bool,
    actions: Vec<Value>,
) -> Value {
    json!({"_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun", "actions": actions,
           "building": building, "displayName": format!("#{n}"), "duration": duration,
           "number": n, "queueId": 9000 + n, "result": result, "timestamp": ts,
           "url": format!("https://ci.example.org/job/platform/job/main/{n}/")})
}

fn queue_action(ms: i64) -> Value {
    json!({"_class": "jenkins.metrics.impl.TimeInQueueAction", "queuingDurationMillis": ms})
}

fn commit(id: &str, comment: &str) -> Value {
    json!({"_class": "hudson.plugins.git.GitChangeSet", "commitId": id,
           "msg": comment.lines().next().unwrap_or(""), "comment": comment})
}

fn change_set(items: Vec<Value>) -> Value {
    json!({"_class": "hudson.plugins.git.GitChangeSetList", "kind": "git", "items": items})
}

fn cause() -> Value {
    json!({"_class": "hudson.model.CauseAction"})
}

/// Every build, newest first.
fn builds() -> Vec<Value> {
    let mut out = vec![
        build(
            120,
            ms("2025-02-01T10:00:00Z"),
            0,
            Value::Null,
            true,
            vec![cause(), json!({})],
        ),
        build(
            119,
            ms("2025-01-31T22:00:00Z"),
            0,
            json!("FAILURE"),
            true,
            vec![cause()],
        ),
        build(
            118,
            ms("2025-01-10T10:00:00Z"),
            700_000,
            json!("SUCCESS"),
            false,
            vec![cause(), queue_action(15_000)],
        ),
        build(
            117,
            ms("2024-12-01T10:00:00Z"),
            5,
            json!("ABORTED"),
            false,
            vec![cause()],
        ),
        build(
            116,
            ms("2024-11-01T10:00:00Z"),
            300_000,
            json!("SUCCESS"),
            false,
            vec![Value::Null, cause()],
        ),
        build(
            115,
            ms("2024-10-01T10:00:00Z"),
            0,
            json!("NOT_BUILT"),
            false,
            vec![cause()],
        ),
        build(
            114,
            ms("2024-09-01T10:00:00Z"),
            3_600_000,
            json!("ABORTED"),
            false,
            vec![cause(), queue_action(120_000)],
        ),
        build(
            113,
            ms("2024-08-01T10:00:00Z"),
            60_000,
            json!("FAILURE"),
            false,
            vec![json!({}), cause()],
        ),
        build(
            112,
            ms("2024-07-01T10:00:00Z"),
            900_000,
            json!("UNSTABLE"),
            false,
            vec![cause()],
        ),
        build(
            111,
            ms("2024-06-01T10:00:00Z"),
            1_234_567,
            json!("SUCCESS"),
            false,
            vec![cause(), queue_action(45_000)],
        ),
    ];
    out[9]["displayName"] = json!("#111 (replay of #90)");
    // 118 built a feature branch's commit and GitHub's merge of its pull request.
    out[2]["changeSets"] = json!([change_set(vec![
        commit(
            "4f1c2a9e0b7d4c55a1e2f3b4c5d6e7f8a9b0c1d2",
            "PLAT-41 retry uploads\n\nAlso touches PLAT-7 (see UTF-8 notes).\n"
        ),
        commit(
            "9b0e7d6c5b4a39281706f5e4d3c2b1a098765432",
            "Merge pull request #88 from acme/plat-41\n\nPLAT-41 retry uploads\n"
        ),
    ])]);
    // 116 checked out two repositories; the second's commit is GitLab's merge of !12.
    out[4]["changeSets"] = json!([
        change_set(vec![commit(
            "1111111aaaaaaa2222222bbbbbbb3333333ccccc",
            "PLAT-41 follow-up\n"
        )]),
        change_set(vec![commit(
            "abcdef0123456789abcdef0123456789abcdef01",
            "Merge branch 'plat-50' into 'main'\n\nFix the cache key (PLAT-50)\n\nSee merge request platform/app!12\n"
        )]),
    ]);
    // 112, built the freestyle way: one change set.
    out[8]["changeSet"] = json!(change_set(vec![commit(
        "c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ffe",
        "Bump V-2 of the agent image\n"
    )]));
    for n in (1..=110u64).rev() {
        let (ts, duration, result, queued) = routine(n);
        let mut actions = vec![cause(), json!({})];
        if let Some(q) = queued {
            actions.push(queue_action(q));
        }
        out.push(build(n, ts, duration, json!(result), false, actions));
    }
    out
}

/// The controller.
pub fn jenkins_history() -> impl Fn(&Request, &str) -> Reply + Send + Sync + 'static {
    move |r: &Request, _base: &str| {
        if r.path == "/queue/item/9120/api/json" {
            return Reply::json(
                json!({"_class": "hudson.model.Queue$LeftItem", "actions": [cause()],
                "blocked": false, "buildable": false, "id": 9120,
                "inQueueSince": ms("2025-02-01T09:57:00Z"), "params": "", "stuck": false,
                "task": {"_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob", "name": "main",
                         "url": "https://ci.example.org/job/platform/job/main/", "color": "red_anime"},
                "url": "queue/item/9120/", "why": null, "cancelled": false,
                "executable": {"_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun", "number": 120,
                               "url": "https://ci.example.org/job/platform/job/main/120/"}}),
            );
        }
        if r.path.starts_with("/queue/item/") {
            return Reply::status(404, "<html><body>Not Found</body></html>");
        }
        if r.path != format!("{JOB}/api/json") {
            return Reply::status(404, "<html><body>Not Found</body></html>");
        }
        let tree = r.param("tree").unwrap_or("");
        let range = tree
            .rsplit_once('{')
            .map(|(_, x)| x.trim_end_matches('}'))
            .unwrap_or("0,100");
        let (from, to) = range.split_once(',').unwrap_or(("0", "100"));
        let (from, to): (usize, usize) = (from.parse().unwrap_or(0), to.parse().unwrap_or(100));
        let page: Vec<Value> = builds().into_iter().skip(from).take(to - from).collect();
        Reply::json(
            json!({"_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob", "allBuilds": page}),
        )
    }
}
