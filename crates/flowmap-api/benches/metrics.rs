//! `cargo bench -p flowmap-api --bench metrics`: the metrics engine on real files: load from a .flowmap file, full recompute and re-filter at
//! 10k, 100k and 1M demo items (about 14 transitions each). Files are generated once into
//! `target/bench-data/` and reused. Set `FLOWMAP_BENCH_SIZES=10000,100000` to choose sizes.
//!
//! Timings are the median of several runs on one thread; peak memory is the process's high-water
//! mark (VmHWM) after each size.

use flowmap_api::wire::MetricsRequest;
use flowmap_api::OpenMap;
use flowmap_core::FlowItemType;
use flowmap_metrics::{compute, Query, WindowKind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    (median(times), last.expect("at least one run"))
}

fn main() {
    let sizes: Vec<u64> = std::env::var("FLOWMAP_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000]);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let now = "2026-11-02T00:00:00Z";
    println!("| items | transitions | load from file | full recompute | re-filter (window + type) | peak memory |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let path = dir.join(format!("demo-{n}.flowmap"));
        if !path.exists() {
            let t = Instant::now();
            flowmap_api::create_demo(&path, n, 42).expect("write the demo");
            eprintln!("generated {} in {:.1?}", path.display(), t.elapsed());
        }
        let map = OpenMap::open(&path).expect("open");
        let runs = if n >= 1_000_000 { 3 } else { 7 };
        let (load, data) = time(runs.min(3), || map.dataset().expect("load"));
        let model = map.stage_model(&data).expect("model");
        let clock = chrono::Utc::now();
        let full = MetricsRequest {
            now: Some(now.into()),
            ..Default::default()
        }
        .query(clock)
        .expect("query");
        let (recompute, m) = time(runs, || compute(&data, &model, &full).expect("compute"));
        assert!(m.items.completed + m.items.in_flight > 0);
        let refilter_query = Query {
            window: WindowKind::During,
            from: Some(full.now - 90 * 86_400_000),
            to: Some(full.now - 30 * 86_400_000),
            flow_item_type: Some(FlowItemType::Defect),
            ..full.clone()
        };
        let (refilter, _) = time(runs, || {
            compute(&data, &model, &refilter_query).expect("compute")
        });
        println!(
            "| {} | {} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} MiB |",
            data.item_count(),
            data.transition_count(),
            load.as_secs_f64() * 1000.0,
            recompute.as_secs_f64() * 1000.0,
            refilter.as_secs_f64() * 1000.0,
            peak_rss_mib().unwrap_or(f64::NAN)
        );
    }
}
