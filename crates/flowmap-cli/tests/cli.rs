//! The `flowmap` binary as a user runs it.

use std::path::Path;
use std::process::{Command, Output};

fn flowmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flowmap"))
        .args(args)
        .output()
        .expect("run flowmap")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn demo_then_info_prints_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.flowmap");
    let out = flowmap(&["demo", p(&file), "--items", "300", "--seed", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The stories and the other tools' items linked to them.
    let said = stdout(&out);
    let total: u64 = said
        .split("9 stages, 7 tools, ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        said.contains(&format!(
            "({} flowing through the stages, {} linked to them in the other tools)",
            300,
            total - 300
        )) && total > 300,
        "{said}"
    );

    let out = flowmap(&["info", p(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let order = [
        "1. Request intake",
        "2. Support triage",
        "3. Discovery",
        "4. Planning",
        "5. Development",
        "6. Partner development",
        "7. Code review",
        "8. Testing",
        "9. Release",
    ];
    let mut last = 0;
    for stage in order {
        let at = text
            .find(stage)
            .unwrap_or_else(|| panic!("{stage} missing in\n{text}"));
        assert!(at >= last, "{stage} out of order");
        last = at;
    }
    assert!(text.contains("Nearshore Partner Ltd: owns Partner development, Nearshore Jira"));
    assert!(text.contains("Code review → Development"));
    assert!(text.contains("Salesforce → TargetProcess: Feature Request → Feature [Feature]"));
    assert!(text.contains(&format!("Items: {total}")), "{text}");
    // --plain: the stories alone.
    let plain = dir.path().join("plain.flowmap");
    let out = flowmap(&[
        "demo",
        p(&plain),
        "--items",
        "300",
        "--seed",
        "7",
        "--plain",
    ]);
    assert!(
        stdout(&out).contains("9 stages, 7 tools, 300 items,"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn info_json_has_counts_that_match_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.flowmap");
    assert!(flowmap(&["demo", p(&file), "--items", "120", "--plain"])
        .status
        .success());
    let out = flowmap(&["info", p(&file), "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["items"], 120);
    assert!(v["transitions"].as_u64().unwrap() > 120);
    assert_eq!(v["stages"].as_array().unwrap().len(), 9);
    assert_eq!(v["stages"][0]["name"], "Request intake");
    assert_eq!(v["partners"][0]["name"], "Nearshore Partner Ltd");
}

#[test]
fn the_same_seed_gives_the_same_file_content() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.flowmap");
    let b = dir.path().join("b.flowmap");
    assert!(flowmap(&["demo", p(&a), "--items", "200", "--seed", "3"])
        .status
        .success());
    assert!(flowmap(&["demo", p(&b), "--items", "200", "--seed", "3"])
        .status
        .success());
    let ja = flowmap(&["export-json", p(&a)]);
    let jb = flowmap(&["export-json", p(&b)]);
    assert_eq!(stdout(&ja), stdout(&jb));
    let ia = stdout(&flowmap(&["info", p(&a), "--json"]));
    let ib = stdout(&flowmap(&["info", p(&b), "--json"]));
    assert_eq!(
        ia.replace(p(&a), "X"),
        ib.replace(p(&b), "X"),
        "same seed, same items and transitions"
    );
}

#[test]
fn export_import_export_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.flowmap");
    let json1 = dir.path().join("m1.json");
    let copy = dir.path().join("copy.flowmap");
    let json2 = dir.path().join("m2.json");
    assert!(flowmap(&["demo", p(&file), "--items", "50"])
        .status
        .success());
    let out = flowmap(&["export-json", p(&file), "-o", p(&json1)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = flowmap(&["import-json", p(&json1), p(&copy)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(flowmap(&["export-json", p(&copy), "--output", p(&json2)])
        .status
        .success());
    assert_eq!(
        std::fs::read(&json1).unwrap(),
        std::fs::read(&json2).unwrap()
    );
    // The imported file has the map but no items.
    let info = stdout(&flowmap(&["info", p(&copy)]));
    assert!(info.contains("Items: 0"), "{info}");
}

#[test]
fn errors_are_one_clear_line_and_a_failure_status() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a map").unwrap();
    let out = flowmap(&["info", p(&text)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: not a Flowmap file (it is not an SQLite database)\n",
            text.display()
        )
    );

    let missing = dir.path().join("missing.flowmap");
    let out = flowmap(&["info", p(&missing)]);
    assert_eq!(
        stderr(&out),
        format!("error: {}: no such file\n", missing.display())
    );

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\": \"flowmap-map\",\n \"version\": 1,\n \"name\": 5}",
    )
    .unwrap();
    let out_file = dir.path().join("never.flowmap");
    let out = flowmap(&["import-json", p(&bad), p(&out_file)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: line 3, column 10: invalid type: integer `5`, expected a string\n",
            bad.display()
        )
    );
    assert!(!out_file.exists(), "a failed import writes nothing");
}

#[test]
fn every_command_has_help() {
    for cmd in ["demo", "info", "export-json", "import-json"] {
        let out = flowmap(&[cmd, "--help"]);
        assert!(out.status.success());
        assert!(stdout(&out).contains("Usage: flowmap"), "{cmd}");
    }
    let out = flowmap(&["--help"]);
    assert!(stdout(&out).contains("export-json"));
}

fn demo(dir: &Path, items: &str) -> std::path::PathBuf {
    let file = dir.join("d.flowmap");
    let out = flowmap(&["demo", p(&file), "--items", items]);
    assert!(out.status.success(), "{}", stderr(&out));
    file
}

#[test]
fn metrics_json_names_its_window_and_finds_the_bottleneck() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "800");
    let out = flowmap(&["metrics", p(&file), "--now", "2026-11-02", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["window"]["kind"], "completed");
    assert_eq!(v["window"]["now"], "2026-11-02T00:00:00Z");
    let stages = v["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 9);
    let top = stages.iter().find(|s| s["bottleneck_rank"] == 1).unwrap();
    assert_eq!(top["name"], "Testing");
    assert_eq!(v["bottlenecks"][0], top["id"]);
    let eff = v["flow_efficiency"]["aggregate"].as_f64().unwrap();
    assert!(eff > 0.0 && eff < 1.0);
    // The text table shows the same figures.
    let text = stdout(&flowmap(&["metrics", p(&file), "--now", "2026-11-02"]));
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Testing"))
        .unwrap();
    assert!(line.contains("◀ bottleneck"), "{line}");
    assert!(text.contains(&format!("{}", v["items"]["completed"].as_u64().unwrap())));
}

#[test]
fn metrics_are_reproducible_with_now() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "300");
    let a = stdout(&flowmap(&[
        "metrics",
        p(&file),
        "--now",
        "2026-10-01T12:00:00Z",
        "--json",
    ]));
    let b = stdout(&flowmap(&[
        "metrics",
        p(&file),
        "--now",
        "2026-10-01T12:00:00Z",
        "--json",
    ]));
    assert_eq!(a, b);
}

#[test]
fn metrics_windows_and_types_filter() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "600");
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["metrics", p(&file), "--now", "2026-11-02", "--json"];
        all.extend_from_slice(args);
        let out = flowmap(&all);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let all = json(&[]);
    let defects = json(&["--type", "defect"]);
    assert_eq!(defects["window"]["flow_item_type"], "Defect");
    assert_eq!(
        defects["items"]["completed"],
        all["flow_distribution"]["completed"]["counts"]["defect"]
    );
    let during = json(&[
        "--window",
        "during",
        "--from",
        "2026-06-01",
        "--to",
        "2026-07-01",
    ]);
    assert_eq!(during["window"]["kind"], "during");
    assert!((during["window"]["days"].as_f64().unwrap() - 30.0).abs() < 1e-9);
}

#[test]
fn metrics_refuse_bad_arguments_with_a_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "50");
    let out = flowmap(&["metrics", p(&file), "--now", "yesterday"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: --now: cannot read \"yesterday\" as a date or time"),
        "{}",
        stderr(&out)
    );
    let out = flowmap(&[
        "metrics",
        p(&file),
        "--from",
        "2026-05-01",
        "--to",
        "2026-04-01",
    ]);
    assert_eq!(
        stderr(&out),
        "error: --from (2026-05-01T00:00:00+00:00) must be before --to (2026-04-01T00:00:00+00:00)\n"
    );
}

#[test]
fn mapping_set_changes_what_metrics_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "400");
    let list = stdout(&flowmap(&["mapping", p(&file), "--now", "2026-11-02"]));
    assert!(list.contains("Ready for QA"), "{list}");
    let share = |v: &serde_json::Value| {
        v["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "Testing")
            .unwrap()["bottleneck_score"]
            .as_f64()
            .unwrap()
    };
    let before: serde_json::Value = serde_json::from_str(&stdout(&flowmap(&[
        "metrics",
        p(&file),
        "--now",
        "2026-11-02",
        "--json",
    ])))
    .unwrap();
    assert!(share(&before) > 0.1, "{}", share(&before));
    let out = flowmap(&[
        "mapping",
        p(&file),
        "set",
        "--source",
        "jira",
        "--state",
        "Ready for QA",
        "--category",
        "active",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after: serde_json::Value = serde_json::from_str(&stdout(&flowmap(&[
        "metrics",
        p(&file),
        "--now",
        "2026-11-02",
        "--json",
    ])))
    .unwrap();
    assert!(
        share(&after) < share(&before) / 2.0,
        "{} vs {}",
        share(&after),
        share(&before)
    );
    let out = flowmap(&[
        "mapping",
        p(&file),
        "set",
        "--source",
        "jira",
        "--state",
        "X",
        "--category",
        "Queued",
    ]);
    assert_eq!(
        stderr(&out),
        "error: --category: unknown state category \"Queued\": expected New, Waiting, Active, Done, Canceled or Ignore\n"
    );
}

#[test]
fn new_creates_an_empty_map_and_never_replaces_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("team flow.flowmap");
    let o = flowmap(&["new", p(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"team flow\""), "{}", stdout(&o));
    let info = flowmap(&["info", p(&file), "--json"]);
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(info["name"], "team flow");
    assert_eq!(info["items"], 0);
    let named = tmp.path().join("b.flowmap");
    assert!(flowmap(&["new", p(&named), "--name", "Checkout"])
        .status
        .success());
    let info = flowmap(&["info", p(&named), "--json"]);
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(info["name"], "Checkout");
    // An existing file is refused in one line, and left as it was.
    let before = std::fs::read(&file).unwrap();
    let o = flowmap(&["new", p(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn source_add_on_a_missing_file_suggests_new_or_creates_it() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("missing.flowmap");
    let add = |extra: &[&str]| {
        let mut args = vec!["source", "add", p(&file), "--kind", "github"];
        args.extend(["--query", "acme/app", "--tool", "GitHub"]);
        args.extend(extra);
        flowmap(&args)
    };
    let o = add(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("does not exist") && err.contains("flowmap new"),
        "{err}"
    );
    assert!(!file.exists());
    let o = add(&["--create"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = flowmap(&["source", "list", p(&file)]);
    assert!(stdout(&list).contains("github"), "{}", stdout(&list));
}

#[test]
fn estimate_takes_the_words_the_window_takes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.flowmap");
    let out = flowmap(&["demo", p(&file), "--items", "50", "--seed", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = flowmap(&[
        "estimate",
        p(&file),
        "code review",
        "--process",
        "1h30",
        "--lead",
        "2d",
        "--ca",
        "0.85",
        "--queue",
        "12",
        "--people",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Code review: PT 1.5 h, LT 2 d, %C&A 85%, queue 12, 1 person\n"
    );
    let info = stdout(&flowmap(&["info", p(&file)]));
    assert!(
        info.contains("(estimates: PT 1.5 h, LT 2 d, %C&A 85%, queue 12, 1 person)"),
        "{info}"
    );
    // A bare number is hours; an empty value clears.
    let out = flowmap(&[
        "estimate",
        p(&file),
        "Code review",
        "--lead",
        "36",
        "--queue",
        "",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Code review: PT 1.5 h, LT 1.5 d, %C&A 85%, 1 person\n"
    );

    // Refused, saying what is accepted; the file is unchanged.
    let before = std::fs::read(&file).unwrap();
    for (args, words) in [
        (
            &["--lead", "2 months"][..],
            "--lead: \"2 months\": \"months\" is not a unit; a duration is a number with a unit",
        ),
        (
            &["--ca", "120"][..],
            "--ca: \"120\" is not between 0 % and 100 %",
        ),
        (
            &["--process", "3 d"][..],
            "lead time (129600 s) is shorter than process time (259200 s)",
        ),
        (
            &["--batch", "two"][..],
            "--batch: \"two\" is not a whole number",
        ),
    ] {
        let out = flowmap(&[&["estimate", p(&file), "Code review"][..], args].concat());
        assert!(!out.status.success());
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
    }
    let out = flowmap(&["estimate", p(&file), "Nowhere", "--lead", "2d"]);
    assert!(
        stderr(&out).contains("no stage named \"Nowhere\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn export_writes_the_map_as_svg_and_png_and_the_report_as_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.flowmap");
    assert!(
        flowmap(&["demo", p(&file), "--items", "300", "--seed", "7"])
            .status
            .success()
    );
    let (svg, png, pdf) = (
        dir.path().join("m.svg"),
        dir.path().join("m.png"),
        dir.path().join("r.pdf"),
    );
    let out = flowmap(&[
        "export",
        p(&file),
        "--svg",
        p(&svg),
        "--png",
        p(&png),
        "--pdf",
        p(&pdf),
        "--overlay",
        "bottleneck",
        "--now",
        "2026-11-02",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains(">Code review</text>") && !text.contains("foreignObject"));
    assert!(
        text.contains("as of 2026-11-02 00:00 UTC"),
        "the --now instant"
    );
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let out = flowmap(&["export", p(&file)]);
    assert!(
        stderr(&out).contains("--svg OUT, --png OUT, --pdf OUT, --ocel OUT or --xes DIR"),
        "{}",
        stderr(&out)
    );
    let out = flowmap(&["export", p(&file), "--svg", p(&dir.path().join("m.gif"))]);
    assert!(
        stderr(&out).contains("m.gif: cannot export as .gif"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn forecast_counts_what_metrics_counts_and_answers_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "800");
    let json = |args: &[&str]| -> serde_json::Value {
        let out = flowmap(args);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    // The throughput a forecast draws from is the window's completed items, as `metrics` counts
    // them over the same 90 days.
    let forecast = json(&[
        "forecast",
        p(&file),
        "--days",
        "14",
        "--now",
        "2026-11-02",
        "--json",
    ]);
    let metrics = json(&[
        "metrics",
        p(&file),
        "--now",
        "2026-11-02",
        "--from",
        "2026-08-04",
        "--to",
        "2026-11-02",
        "--json",
    ]);
    assert_eq!(
        forecast["forecast"]["window_completions"],
        metrics["items"]["completed"]
    );
    assert_eq!(forecast["dates"][0], "2026-11-16T00:00:00+00:00");
    let values: Vec<u64> = forecast["forecast"]["likelihoods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["value"].as_u64().unwrap())
        .collect();
    assert!(
        values[0] >= values[1] && values[1] >= values[2],
        "{values:?}"
    );
    // --by a date is the same question as --days.
    let by = json(&[
        "forecast",
        p(&file),
        "--by",
        "2026-11-16",
        "--now",
        "2026-11-02",
        "--json",
    ]);
    assert_eq!(by, forecast);
    let text = stdout(&flowmap(&[
        "forecast",
        p(&file),
        "--items",
        "30",
        "--now",
        "2026-11-02",
    ]));
    assert!(
        text.starts_with("When will 30 more items be done?"),
        "{text}"
    );
    assert!(text.contains(" 85 % likely: by 2026-"), "{text}");
    assert!(text.contains("10,000 trials (seed 1)"), "{text}");
    let out = flowmap(&[
        "forecast",
        p(&file),
        "--by",
        "2026-01-01",
        "--now",
        "2026-11-02",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: --by (2026-01-01"),
        "{}",
        stderr(&out)
    );
    let out = flowmap(&["forecast", p(&file)]);
    assert!(!out.status.success());
}

#[test]
fn capacity_loads_add_up_per_stage_and_team() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "600");
    let out = flowmap(&["capacity", p(&file), "--now", "2026-11-02", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let metrics: serde_json::Value = serde_json::from_str(&stdout(&flowmap(&[
        "metrics",
        p(&file),
        "--now",
        "2026-11-02",
        "--json",
    ])))
    .unwrap();
    for (s, m) in v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .zip(metrics["stages"].as_array().unwrap())
    {
        let l = &s["load"];
        let sum: f64 = ["feature", "defect", "risk", "debt"]
            .iter()
            .map(|k| l[k].as_f64().unwrap())
            .sum();
        assert!((sum - l["total"].as_f64().unwrap()).abs() < 1e-9, "{s}");
        // The four types add up to the stage's load as `metrics` measures it.
        assert!(
            (sum - m["load_average"].as_f64().unwrap()).abs() < 1e-6,
            "{} {sum} {}",
            s["name"],
            m["load_average"]
        );
    }
    assert!(!v["teams"].as_array().unwrap().is_empty());
    let text = stdout(&flowmap(&["capacity", p(&file), "--now", "2026-11-02"]));
    assert!(text.starts_with("Stage"), "{text}");
    assert!(text.contains("Unplanned: "), "{text}");
}

#[test]
fn dora_counts_the_linked_demo_builds_and_pull_requests() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("l.flowmap");
    let out = flowmap(&["demo", p(&file), "--items", "400", "--lineage"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = flowmap(&["dora", p(&file), "--now", "2026-11-02", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["deployment_types"], serde_json::json!(["Build"]));
    assert_eq!(v["change_types"], serde_json::json!(["Pull Request"]));
    let d = &v["dora"];
    let succeeded = d["succeeded"].as_f64().unwrap();
    assert!(succeeded > 0.0);
    // A week's worth of the window's successful deployments.
    let per_week = succeeded / (d["days"].as_f64().unwrap() / 7.0);
    assert!((d["per_week"].as_f64().unwrap() - per_week).abs() < 1e-9);
    // The demo's builds all succeed, and list the pull requests they shipped.
    assert_eq!(d["failed"], 0);
    assert_eq!(d["change_failure_rate"], 0.0);
    assert!(d["changes"]["linked"].as_u64().unwrap() > 0);
    assert_eq!(
        d["lead_time"]["count"].as_u64().unwrap(),
        d["changes"]["linked"].as_u64().unwrap() + d["changes"]["next_deploy"].as_u64().unwrap()
    );
    let text = stdout(&flowmap(&["dora", p(&file), "--now", "2026-11-02"]));
    assert!(text.contains("Deployment frequency"), "{text}");
    assert!(
        text.contains("deployments: Build; changes: Pull Request"),
        "{text}"
    );
    // Asked for a type that no item has: nothing counted, said plainly.
    let none = stdout(&flowmap(&[
        "dora",
        p(&file),
        "--now",
        "2026-11-02",
        "--deployment-type",
        "Release",
    ]));
    assert!(none.contains("(0 successful deployments)"), "{none}");
}

#[test]
fn whatif_says_its_changes_people_and_how_close_the_baseline_came() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "2000");
    let out = flowmap(&["whatif", p(&file), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let base: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let w = &base["what_if"];
    assert_eq!(base["changes"], serde_json::json!([]));
    assert_eq!(w["reproduction"]["within"], true);
    // Up to the last change in the data (the demo ends on 2026-11-02), 90 days back.
    assert!(base["now"].as_str().unwrap().starts_with("2026-11-0"));
    let testing = w["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Testing")
        .unwrap();
    let servers = testing["servers"].as_u64().unwrap();
    let more = format!("Testing={}", servers * 2);
    let out = flowmap(&[
        "whatif",
        p(&file),
        "--people",
        &more,
        "--batch",
        "release=5",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("Change: Testing: {} people", servers * 2)),
        "{text}"
    );
    assert!(text.contains("Change: Release: batches of 5"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("  Testing")
            && l.contains(&format!("{servers} → {}   p50", servers * 2))),
        "{text}"
    );
    assert!(text.contains("Baseline against what was measured: largest difference"));
    assert!(text.contains("How it was computed:"));
    // Bad changes are refused in one clear line.
    for (args, said) in [
        (
            vec!["--people", "Testing"],
            "--people \"Testing\": expected STAGE=N with a whole number, e.g. --people Testing=4",
        ),
        (
            vec!["--wip", "QA=3"],
            "no stage is named \"QA\"; the map's stages: Request intake",
        ),
        (
            vec!["--state", "Q3"],
            "no future state is named \"Q3\"; the map's future states: none",
        ),
        (
            vec!["--days", "0"],
            "the comparison window must be from 1 to 3650 days (got 0)",
        ),
    ] {
        let mut all = vec!["whatif", p(&file)];
        all.extend(args);
        let out = flowmap(&all);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
}

#[test]
fn okr_measures_end_to_end_flow_time_on_a_linked_demo() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("linked.flowmap");
    let out = flowmap(&["demo", p(&file), "--items", "600", "--lineage"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = flowmap(&[
        "okr",
        p(&file),
        "add",
        "--objective",
        "Sooner for customers",
        "--name",
        "Requests to release under 4 weeks",
        "--figure",
        "end-to-end-p85",
        "--baseline",
        "8 wk",
        "--target",
        "4 wk",
        "--start",
        "2026-09-01",
        "--due",
        "2026-12-01",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = flowmap(&["okr", p(&file), "--now", "2026-11-02", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(list[0]["figure_label"], "end-to-end flow time p85");
    assert!(list[0]["progress"]["current"].as_f64().unwrap() > 86_400.0);
}
