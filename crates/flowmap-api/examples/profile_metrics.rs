//! Times the metrics engine alone on a file: `cargo run --release -p flowmap-api --example
//! profile_metrics -- FILE [RUNS] [stored|shuffled|both]`. Prints the median wall time and the
//! mean of this thread's CPU time per full recompute (all time, as of 2026-11-02) and per re-filter (a 60-day
//! `during` window, Defect items), so a busy machine can be told apart from a slow engine.
//! `shuffled` measures the same items stored in a random order (not completion order). The
//! first two computes on each order are timed apart: the first walks every item, the second
//! builds the items' records, which the recomputes reuse. CPU time is the thread's time on a CPU (`/proc/thread-self/schedstat`).

use flowmap_core::FlowItemType;
use flowmap_metrics::{compute, Dataset, Query, StageModel, WindowKind};

fn thread_cpu_ms() -> f64 {
    // Time this thread ran on a CPU, in nanoseconds (Linux schedstat), when the kernel says.
    let sched = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    if let Some(ns) = sched
        .split_whitespace()
        .next()
        .and_then(|v| v.parse::<f64>().ok())
    {
        return ns / 1e6;
    }
    // Else utime + stime of this thread, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks * 10.0
}

/// Median wall milliseconds of `runs` computes, and their mean thread CPU milliseconds (the
/// clock ticks of 10 ms are too coarse to time one compute).
fn measure(data: &Dataset, model: &StageModel, q: &Query, runs: u32) -> (f64, f64) {
    let mut wall = Vec::new();
    let cpu = thread_cpu_ms();
    for _ in 0..runs {
        let w = std::time::Instant::now();
        std::hint::black_box(compute(data, model, q).expect("compute"));
        wall.push(w.elapsed().as_secs_f64() * 1000.0);
    }
    wall.sort_by(f64::total_cmp);
    (wall[wall.len() / 2], (thread_cpu_ms() - cpu) / runs as f64)
}

/// A permutation of `n` indices from a fixed seed (xorshift, Fisher–Yates).
fn shuffle(n: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    order
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: profile_metrics FILE [RUNS] [stored|shuffled|both] [NOW_MS]");
    let runs: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let orders = args.next().unwrap_or_else(|| "both".into());
    let map = flowmap_api::OpenMap::open(std::path::Path::new(&path)).expect("open");
    let stored = map.dataset().expect("load");
    // As of 2026-11-02 unless another instant (Unix ms) is given.
    let now = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_793_577_600_000);
    let full = Query::all_time(now);
    let refilter = Query {
        window: WindowKind::During,
        from: Some(now - 90 * 86_400_000),
        to: Some(now - 30 * 86_400_000),
        flow_item_type: Some(FlowItemType::Defect),
        ..full.clone()
    };
    for order in ["stored", "shuffled"] {
        if orders != "both" && orders != order {
            continue;
        }
        let shuffled;
        let data = if order == "shuffled" {
            shuffled = stored
                .permuted(&shuffle(stored.item_count()))
                .expect("a permutation");
            &shuffled
        } else {
            &stored
        };
        let model = map.stage_model(data).expect("model");
        // The first compute on these items walks them; the second builds what later ones reuse
        // (the items' records) and uses it.
        let (first_wall, first_cpu) = measure(data, &model, &full, 1);
        let (second_wall, second_cpu) = measure(data, &model, &full, 1);
        println!(
            "{} items, {order} order: first full compute {first_wall:.0} ms wall, \
             {first_cpu:.0} ms CPU; second (builds the records) {second_wall:.0} ms wall, \
             {second_cpu:.0} ms CPU",
            data.item_count()
        );
        let (fw, fc) = measure(data, &model, &full, runs);
        let (rw, rc) = measure(data, &model, &refilter, runs);
        println!(
            "{} items, {order} order: full recompute {fw:.0} ms wall, {fc:.0} ms CPU; \
             re-filter {rw:.0} ms wall, {rc:.0} ms CPU ({runs} runs)",
            data.item_count(),
        );
    }
}
