//! Times opening a map to its first figures as the window does it: `cargo run --release -p
//! flowmap-api --example profile_open -- FILE [RUNS]`. Each run opens the file in a new
//! `EditSession` and asks for the flow view (all items, as of 2026-11-02: the waiting-time heat,
//! the stage figures, the ladder), and prints the time to open, to load the items (from the
//! snapshot, or from the rows when there is none of the current data) and in all. Then the items
//! are loaded from the rows alone for comparison, and a full recompute on one thread is timed.

use flowmap_api::wire::MetricsRequest;
use std::path::Path;
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: profile_open FILE [RUNS]");
    let runs: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let path = Path::new(&path);
    let request = MetricsRequest {
        now: Some("2026-11-02".into()),
        ..Default::default()
    };
    for run in 1..=runs {
        let started = Instant::now();
        let mut session = flowmap_api::EditSession::open(path).expect("open");
        let opened = ms(started);
        let view = session
            .flow_view(&request, chrono::Utc::now())
            .expect("flow view");
        println!(
            "run {run}: open {opened:.0} ms, items loaded in {:.0} ms, first figures at {:.0} ms ({} stages)",
            view.load_ms,
            ms(started),
            view.metrics.stages.len(),
        );
    }
    let map = flowmap_api::OpenMap::open(path).expect("open");
    let started = Instant::now();
    let data = map.dataset_from_rows().expect("rows");
    println!("from the rows: {:.0} ms", ms(started));
    let started = Instant::now();
    let from_snapshot = map.dataset().expect("snapshot");
    println!("from the snapshot: {:.0} ms", ms(started));
    let file = flowmap_store::MapFile::open(path).expect("open");
    let started = Instant::now();
    let bytes = file
        .snapshot(flowmap_metrics::SNAPSHOT_FORMAT)
        .expect("read")
        .expect("a snapshot of the current data");
    let read = ms(started);
    let started = Instant::now();
    std::hint::black_box(flowmap_metrics::Dataset::decode(&bytes).expect("decode"));
    println!(
        "  of which: {read:.0} ms to read {:.1} MB, {:.0} ms to decode",
        bytes.len() as f64 / 1e6,
        ms(started)
    );
    assert!(
        from_snapshot == data,
        "the snapshot holds what the rows hold"
    );
    let model = map.stage_model(&data).expect("model");
    let q = request.query(chrono::Utc::now()).expect("query");
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        std::hint::black_box(flowmap_metrics::compute(&data, &model, &q).expect("compute"));
        times.push(ms(started));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "full recompute: median {:.0} ms of 5 ({times:.0?})",
        times[2]
    );
}
