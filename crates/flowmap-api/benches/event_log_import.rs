//! Event-log CSV import into a new `.flowmap` file, through the same use case as
//! `flowmap import-log`: `cargo bench -p flowmap-api --bench event_log_import`.
//!
//! Writes a log of 1,000,000 rows (100,000 items of 10 state changes each, with a previous
//! state, type and title column, Jira-style timestamps with offsets) to a temporary directory,
//! imports it three times into fresh files and prints the best rate. `FLOWMAP_BENCH_ROWS`
//! changes the row count.

use std::io::Write;
use std::time::Instant;

/// CPU time of this process so far (user + system, Linux `/proc/self/stat`, 10 ms ticks), to
/// tell the import's own work from time lost to other processes on a busy machine.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

const STATES: [&str; 10] = [
    "Open",
    "Ready for analysis",
    "In analysis",
    "Ready for development",
    "In development",
    "In review",
    "Ready for QA",
    "In QA",
    "Ready to release",
    "Done",
];

fn main() {
    let rows: u64 = std::env::var("FLOWMAP_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let log = dir.path().join("events.csv");
    {
        let file = std::fs::File::create(&log).expect("create the log");
        let mut out = std::io::BufWriter::new(file);
        writeln!(out, "ticket,changed_at,from_status,to_status,type,summary").unwrap();
        let per_item = STATES.len() as u64;
        let base = 1_700_000_000i64;
        for n in 0..rows {
            let item = n / per_item;
            let step = (n % per_item) as usize;
            let at = base + (item as i64) * 600 + step as i64 * 7_200 + (n % 7) as i64;
            let t = chrono::DateTime::from_timestamp(at, 0).unwrap();
            let from = if step == 0 { "" } else { STATES[step - 1] };
            writeln!(
                out,
                "FLOW-{item},{}.{:03}-0500,{from},{},{},\"Item {item}, part of the benchmark\"",
                (t - chrono::Duration::hours(5)).format("%Y-%m-%dT%H:%M:%S"),
                n % 1000,
                STATES[step],
                if item.is_multiple_of(5) {
                    "Bug"
                } else {
                    "Story"
                }
            )
            .unwrap();
        }
    }
    let size = std::fs::metadata(&log).unwrap().len();
    println!(
        "event-log import: {rows} rows, {:.1} MB of CSV",
        size as f64 / 1e6
    );
    // Reading alone (no file written), for comparison.
    struct Count(u64);
    impl flowmap_connectors::ItemSink for Count {
        fn item(
            &mut self,
            item: flowmap_connectors::SourceItem,
        ) -> Result<(), flowmap_connectors::ConnectorError> {
            self.0 += item.changes.len() as u64;
            Ok(())
        }
    }
    let started = Instant::now();
    let mut sink = Count(0);
    flowmap_connectors::eventlog::CsvLog::new(&log, Default::default())
        .read(&mut sink)
        .expect("the log reads");
    assert_eq!(sink.0, rows);
    let secs = started.elapsed().as_secs_f64();
    println!(
        "  reading only: {:.2} s, {:.0} rows/s",
        secs,
        rows as f64 / secs
    );
    let mut best = f64::MAX;
    for run in 0..3 {
        let target = dir.path().join(format!("bench-{run}.flowmap"));
        let started = Instant::now();
        let cpu_before = cpu_secs();
        let report = flowmap_api::import_log(
            &target,
            &log,
            &flowmap_api::wire::ImportLogOptions::default(),
            None,
        )
        .expect("the import succeeds");
        let secs = started.elapsed().as_secs_f64();
        let cpu = match (cpu_before, cpu_secs()) {
            (Some(a), Some(b)) => format!(", {:.2} s of CPU on two threads", b - a),
            _ => String::new(),
        };
        assert_eq!(report.records, rows);
        assert_eq!(report.transitions_added, rows);
        println!(
            "  run {}: {:.2} s, {:.0} rows/s{cpu}",
            run + 1,
            secs,
            rows as f64 / secs
        );
        best = best.min(secs);
    }
    println!(
        "event-log import: best {:.2} s = {:.0} rows/s ({} rows into a new .flowmap file)",
        best,
        rows as f64 / best,
        rows
    );
}
