//! Times the metrics engine alone on a file: `cargo run --release -p flowmap-api --example
//! profile_metrics -- FILE [RUNS]`. Prints wall time and this thread's CPU time per compute, so
//! a busy machine can be told apart from a slow engine.

fn thread_cpu_ms() -> f64 {
    // utime + stime of this thread, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks * 10.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: profile_metrics FILE [RUNS]");
    let runs: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let map = flowmap_api::OpenMap::open(std::path::Path::new(&path)).expect("open");
    let data = map.dataset().expect("load");
    let model = map.stage_model(&data).expect("model");
    let q = flowmap_metrics::Query::all_time(1_793_577_600_000);
    let (wall, cpu) = (std::time::Instant::now(), thread_cpu_ms());
    for _ in 0..runs {
        std::hint::black_box(flowmap_metrics::compute(&data, &model, &q).expect("compute"));
    }
    println!(
        "{} items: {:.0} ms wall, {:.0} ms CPU per compute",
        data.item_count(),
        wall.elapsed().as_secs_f64() * 1000.0 / runs as f64,
        (thread_cpu_ms() - cpu) / runs as f64
    );
}
