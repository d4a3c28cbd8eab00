//! Lineage as a user builds it from the command line: the demo's toolchain (tools and artifact
//! flows), one log per tool imported into its tool, states mapped, items linked by hand, then
//! `flowmap lineage` and the OCEL/XES exports — against hand-computed times.

use std::path::{Path, PathBuf};

mod common;
use common::{flowmap, ocel_schema_errors, ok, p};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lineage")
        .join(name)
}

/// The demo's toolchain (tools and artifact flows, no items) in `dir`, each tool's log
/// (`log_of(source)`) imported into it, and the states the logs' words do not tell mapped.
fn toolchain_with_logs(dir: &Path, log_of: impl Fn(&str) -> PathBuf) -> PathBuf {
    let demo = dir.join("demo.flowmap");
    let json = dir.join("map.json");
    let file = dir.join("m.flowmap");
    ok(&["demo", p(&demo), "--items", "10"]);
    ok(&["export-json", p(&demo), "-o", p(&json)]);
    ok(&["import-json", p(&json), p(&file)]);
    for (source, tool) in [
        ("sf", "Salesforce"),
        ("tp", "TargetProcess"),
        ("jira", "Jira"),
        ("gh", "GitHub"),
        ("jenkins", "Jenkins"),
    ] {
        let log = log_of(&format!("{source}.csv"));
        let said = ok(&[
            "import-log",
            p(&file),
            p(&log),
            "--source",
            source,
            "--tool",
            tool,
            "--type",
            "type",
            "--title",
            "title",
        ]);
        assert!(said.contains("imported"), "{said}");
    }
    for (source, state, category) in [
        ("jenkins", "Success", "Done"),
        ("sf", "Accepted", "Done"),
        ("gh", "Open", "Active"),
    ] {
        ok(&[
            "mapping",
            p(&file),
            "set",
            "--source",
            source,
            "--state",
            state,
            "--category",
            category,
        ]);
    }
    file
}

/// A map with the demo's toolchain and one log per tool: REQ-1 (Salesforce) → F-1
/// (TargetProcess) → epic ABC-1 and stories ABC-2, ABC-3 (Jira) → pull requests #12, #15
/// (GitHub) → build-40 (Jenkins).
fn linked_map(dir: &Path) -> PathBuf {
    let file = toolchain_with_logs(dir, data);
    for (source, key, to, kind) in [
        ("tp", "F-1", "REQ-1", "parent"),
        ("jira", "ABC-1", "F-1", "parent"),
        ("jira", "ABC-2", "ABC-1", "parent"),
        ("jira", "ABC-3", "ABC-1", "parent"),
        ("gh", "#12", "ABC-2", "fixes"),
        ("gh", "#15", "ABC-3", "fixes"),
        ("jenkins", "build-40", "#12", "built-by"),
        ("jenkins", "build-40", "#15", "built-by"),
    ] {
        assert!(
            ok(&["link", p(&file), source, key, "--to", to, "--kind", kind]).starts_with("linked")
        );
    }
    file
}

#[test]
fn lineage_runs_from_the_request_to_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let file = linked_map(dir.path());
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["lineage", p(&file), "--now", "2026-03-01", "--json"])).unwrap();
    let root = &json["roots"][0];
    assert_eq!(json["roots"].as_array().unwrap().len(), 1);
    assert_eq!(
        (root["key"].as_str(), root["status"].as_str()),
        (Some("REQ-1"), Some("finished"))
    );
    // REQ-1 started 2026-01-02 09:00 (Qualifying), build-40 done 2026-02-05 11:00: 34 d 2 h.
    const D: f64 = 86_400.0;
    assert_eq!(root["end_to_end_secs"].as_f64(), Some(34.0 * D + 7200.0));
    let tool = |name: &str| {
        root["in_tools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tool"] == name)
            .and_then(|t| t["secs"].as_f64())
    };
    // Salesforce 01-02 → 01-05; nothing 01-05 → 01-06; TargetProcess 01-06 → 01-08; Jira
    // 01-08 → 01-18, 01-21 → 01-30, 02-02 → 02-05 09:00; GitHub 01-18 → 01-21, 01-30 → 02-02;
    // Jenkins 2 h.
    assert_eq!(tool("Salesforce"), Some(3.0 * D));
    assert_eq!(tool("TargetProcess"), Some(2.0 * D));
    assert_eq!(tool("Jira"), Some(22.0 * D));
    assert_eq!(tool("GitHub"), Some(6.0 * D));
    assert_eq!(tool("Jenkins"), Some(7200.0));
    assert_eq!(root["between_tools_secs"].as_f64(), Some(D));
    let crossing = json["crossings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["from_tool"] == "GitHub")
        .unwrap();
    // #15 merged 02-02, #12 merged 01-21; the build started 02-05.
    assert_eq!(crossing["count"], 2);
    assert_eq!(crossing["p50_secs"].as_f64(), Some(3.0 * D));
    assert_eq!(crossing["p85_secs"].as_f64(), Some(15.0 * D));

    let tree = ok(&[
        "lineage",
        p(&file),
        "--now",
        "2026-03-01",
        "--root",
        "build-40",
    ]);
    assert!(
        tree.starts_with("REQ-1 Export to PDF (Salesforce): finished, end to end 4.9 wk"),
        "{tree}"
    );
    assert!(
        tree.contains("build-40 release 1.4 [Build in Jenkins], crossed in 2.1 wk"),
        "{tree}"
    );
    assert!(
        tree.contains("Running 2026-02-05 → Success 2026-02-05"),
        "{tree}"
    );

    let bad = flowmap(&[
        "link",
        p(&file),
        "jira",
        "ABC-2",
        "--to",
        "X-1",
        "--kind",
        "duplicates",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown link kind \"duplicates\""));
    let missing = flowmap(&["lineage", p(&file), "--root", "NOPE-1"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no item \"NOPE-1\""));
}

#[test]
fn the_collected_data_exports_as_ocel_and_xes() {
    let dir = tempfile::tempdir().unwrap();
    let file = linked_map(dir.path());
    let ocel = dir.path().join("all.json");
    let xes = dir.path().join("xes");
    ok(&["export", p(&file), "--ocel", p(&ocel), "--xes", p(&xes)]);
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ocel).unwrap()).unwrap();
    assert_eq!(ocel_schema_errors(&log), Vec::<String>::new());
    assert_eq!(log["objects"].as_array().unwrap().len(), 8);
    let relations: usize = log["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["relationships"].as_array().unwrap().len())
        .sum();
    assert_eq!(relations, 8);
    // 3 + 2 + 6 + 4 + 2 changes, none shared by two items.
    assert_eq!(log["events"].as_array().unwrap().len(), 17);
    assert!(xes.join("Pull_Request.xes").exists() && xes.join("Build.xes").exists());
}

/// The same five logs with a `links` column (`KIND:KEY`, the links `linked_map` makes by hand):
/// imported, they give the same lineage.
#[test]
fn a_links_column_in_the_logs_gives_the_lineage_links_by_hand_give() {
    let dir = tempfile::tempdir().unwrap();
    let by_hand = linked_map(dir.path());
    let cols = dir.path().join("cols");
    std::fs::create_dir(&cols).unwrap();
    let links = |key: &str| match key {
        "F-1" => "parent:REQ-1",
        "ABC-1" => "parent:F-1",
        "ABC-2" | "ABC-3" => "parent:ABC-1",
        "#12" => "fixes:ABC-2",
        "#15" => "fixes:ABC-3",
        "build-40" => "built-by:#12 built-by:#15",
        _ => "",
    };
    for source in ["sf", "tp", "jira", "gh", "jenkins"] {
        let name = format!("{source}.csv");
        let text = std::fs::read_to_string(data(&name)).unwrap();
        let mut out = String::new();
        for (n, line) in text.lines().enumerate() {
            let extra = if n == 0 {
                "links".to_string()
            } else {
                links(line.split(',').next().unwrap()).to_string()
            };
            out.push_str(&format!("{line},{extra}\n"));
        }
        std::fs::write(cols.join(name), out).unwrap();
    }
    let file = toolchain_with_logs(&cols, |name| cols.join(name));
    let lineage = |f: &Path| -> serde_json::Value {
        let mut v: serde_json::Value =
            serde_json::from_str(&ok(&["lineage", p(f), "--now", "2026-03-01", "--json"])).unwrap();
        v.as_object_mut().unwrap().remove("links");
        v
    };
    let (from_columns, from_hand) = (lineage(&file), lineage(&by_hand));
    assert_eq!(from_columns["roots"].as_array().unwrap().len(), 1);
    assert_eq!(from_columns, from_hand);
}
