//! Crash injection: a writer (this test binary run again as a child process) is killed with
//! SIGKILL at many points of an import, a Save, a `source add` and an import that creates the
//! file; after each kill the file opens and holds exactly the old or the new state, and no
//! temporary file is left once the next writer has run. See docs/reliability.md.

use flowmap_api::wire::{AddSource, Edit, ImportLogOptions};
use flowmap_api::{add_source, import_log, EditSession};
use flowmap_core::{MapDocument, SourceKind, ValueStreamMap};
use flowmap_store::MapFile;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROLE: &str = "FLOWMAP_CRASH_ROLE";
const FILE: &str = "FLOWMAP_CRASH_FILE";
const LOG: &str = "FLOWMAP_CRASH_LOG";
/// Kills per operation (the first run of each is not killed: it measures the operation).
const POINTS: usize = 40;
const LOG_ITEMS: usize = 6000;

/// The writer, when this binary runs as the child: does one operation and exits. Run as a
/// normal test (no role given) it does nothing.
#[test]
fn crash_child() {
    let Ok(role) = std::env::var(ROLE) else {
        return;
    };
    let path = PathBuf::from(std::env::var(FILE).unwrap());
    let log = PathBuf::from(std::env::var(LOG).unwrap());
    let mut session = (role == "save").then(|| EditSession::open(&path).unwrap());
    if let Some(s) = session.as_mut() {
        s.apply(Edit::RenameMap {
            name: "Saved".into(),
        })
        .unwrap();
    }
    println!("crash-child-start");
    match role.as_str() {
        "import" | "create" => {
            let options = ImportLogOptions {
                source: Some("log".into()),
                tool: Some("Log tool".into()),
                ..ImportLogOptions::default()
            };
            import_log(&path, &log, &options, None).unwrap();
        }
        "save" => {
            session.unwrap().save().unwrap();
        }
        "add" => {
            add_source(
                &path,
                &AddSource {
                    name: Some("jira".into()),
                    kind: SourceKind::Jira,
                    url: Some("https://jira.example.com".into()),
                    query: Some("project = FLOW".into()),
                    tool: "Jira".into(),
                },
            )
            .unwrap();
        }
        other => panic!("unknown role {other}"),
    }
}

/// Runs the child writer with `role`; kills it `kill_after` after it starts its operation
/// (never, when `None`). Returns how long it ran from the start of its operation.
fn run_child(role: &str, path: &Path, log: &Path, kill_after: Option<Duration>) -> Duration {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env(ROLE, role)
        .env(FILE, path)
        .env(LOG, log)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        if line.unwrap().contains("crash-child-start") {
            break;
        }
    }
    let started = Instant::now();
    if let Some(after) = kill_after {
        std::thread::sleep(after);
        let _ = child.kill();
    }
    let status = child.wait().unwrap();
    if kill_after.is_none() && !status.success() {
        let mut said = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut err, &mut said);
        }
        panic!("the {role} writer failed unkilled ({status}): {said}");
    }
    started.elapsed()
}

fn base_file(dir: &Path) -> PathBuf {
    let path = dir.join("m.flowmap");
    let doc = MapDocument::new(ValueStreamMap::new("Base").unwrap(), HashMap::new());
    MapFile::create(&path, &doc, |_| Ok(())).unwrap();
    // Some items first, so an import rewrites pages as well as adding them.
    let log = write_log(dir, "seed.csv", "S", 2000);
    let options = ImportLogOptions {
        source: Some("seed".into()),
        ..ImportLogOptions::default()
    };
    import_log(&path, &log, &options, None).unwrap();
    path
}

fn write_log(dir: &Path, name: &str, prefix: &str, items: usize) -> PathBuf {
    let mut text = String::from("item,state,at\n");
    for n in 0..items {
        text.push_str(&format!("{prefix}{n},Doing,2024-01-01T00:00:00Z\n"));
        text.push_str(&format!("{prefix}{n},Review,2024-01-02T00:00:00Z\n"));
        text.push_str(&format!("{prefix}{n},Done,2024-01-03T00:00:00Z\n"));
    }
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// What the file holds, in the terms the operations change.
#[derive(Debug, PartialEq, Eq, Clone)]
struct State {
    name: String,
    tools: Vec<String>,
    sources: Vec<String>,
    items: u64,
    transitions: u64,
}

fn state(path: &Path) -> Result<State, String> {
    let file = MapFile::open(path).map_err(|e| e.to_string())?;
    let doc = file.load().map_err(|e| e.to_string())?;
    let counts = file.counts().map_err(|e| e.to_string())?;
    let mut tools: Vec<String> = doc
        .map
        .nodes()
        .filter(|n| n.as_tool().is_some())
        .map(|n| n.name().to_string())
        .collect();
    tools.sort();
    Ok(State {
        name: doc.map.name().to_string(),
        tools,
        sources: file
            .sources()
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|s| s.name)
            .collect(),
        items: counts.items,
        transitions: counts.transitions,
    })
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// What the kills of one operation showed.
#[derive(Debug, Default)]
struct Tally {
    points: usize,
    old: usize,
    new: usize,
    hot_journals: usize,
    failures: Vec<String>,
}

/// Kills the `role` writer at `POINTS` moments spread over its run and checks each result.
fn inject(role: &str) -> Tally {
    let tmp = tempfile::tempdir().unwrap();
    let pristine = base_file(tmp.path());
    let log = write_log(tmp.path(), "log.csv", "L", LOG_ITEMS);
    let work = tmp.path().join("work.flowmap");
    let fresh = |work: &Path| {
        let _ = std::fs::remove_file(work);
        if role != "create" {
            std::fs::copy(&pristine, work).unwrap();
        }
    };
    fresh(&work);
    let old = (role != "create").then(|| state(&work).unwrap());
    let took = run_child(role, &work, &log, None);
    let new = state(&work).unwrap();
    let mut tally = Tally::default();
    for i in 0..POINTS {
        fresh(&work);
        // Spread over the operation, a little past its end.
        let at = took.mul_f64(1.1 * i as f64 / POINTS as f64);
        run_child(role, &work, &log, Some(at));
        tally.points += 1;
        let journal = tmp.path().join("work.flowmap-journal");
        if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
            tally.hot_journals += 1;
        }
        let found = if role == "create" && !work.exists() {
            Ok(None)
        } else {
            state(&work).map(Some)
        };
        match found {
            Ok(s) if s == old => tally.old += 1,
            Ok(Some(s)) if s == new => tally.new += 1,
            Ok(s) => tally
                .failures
                .push(format!("{role} killed at {at:?}: {s:?}")),
            Err(e) => tally.failures.push(format!("{role} killed at {at:?}: {e}")),
        }
        // The next writer clears what the killed one left beside the file.
        flowmap_store::remove_stale_temps(&work);
        let left = leftovers(tmp.path());
        if !left.is_empty() {
            tally
                .failures
                .push(format!("{role} at {at:?} left {left:?}"));
        }
    }
    eprintln!("crash injection, {role}: {tally:?} (run unkilled: {took:?})");
    tally
}

#[test]
fn a_killed_writer_leaves_the_old_or_the_new_state() {
    let mut failures = Vec::new();
    let mut points = 0;
    for role in ["import", "save", "add", "create"] {
        let t = inject(role);
        points += t.points;
        failures.extend(t.failures);
    }
    eprintln!(
        "crash injection: {points} points, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
