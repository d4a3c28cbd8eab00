//! Writes the full `Metrics` JSON of several queries, on the items as stored and on the same
//! items in a random order, so two builds of the engine can be compared byte for byte:
//! `cargo run --release -p flowmap-api --example dump_metrics -- FILE OUTDIR`, then
//! `diff -r OLD_OUTDIR NEW_OUTDIR`. Queries: all time; a 90-day `completed` window; a 60-day
//! `during` window; Defect items; items through the second stage; the first source's items;
//! flow-time points; an earlier `now` (so some items have changes after it); and a `during`
//! window with an earlier `now` and every filter at once.

use flowmap_core::FlowItemType;
use flowmap_metrics::{compute, Dataset, Query, StageModel, WindowKind};
use std::path::Path;

/// A permutation of `n` indices from a fixed seed (xorshift, Fisher–Yates), as `profile_metrics`.
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

const DAY: i64 = 86_400_000;

fn queries(data: &Dataset, model: &StageModel) -> Vec<(&'static str, Query)> {
    let now = 1_793_577_600_000; // 2026-11-02
    let full = Query::all_time(now);
    let second_stage = model.stages().get(1).map(|s| vec![s.id]);
    let first_source = data.sources().first().cloned().into_iter().collect();
    let early = now - 200 * DAY;
    vec![
        ("all-time", full.clone()),
        (
            "completed-90d",
            Query {
                from: Some(now - 90 * DAY),
                ..full.clone()
            },
        ),
        (
            "during-60d",
            Query {
                window: WindowKind::During,
                from: Some(now - 90 * DAY),
                to: Some(now - 30 * DAY),
                ..full.clone()
            },
        ),
        (
            "type-defect",
            Query {
                flow_item_type: Some(FlowItemType::Defect),
                ..full.clone()
            },
        ),
        (
            "through-stage",
            Query {
                through_stages: second_stage.clone(),
                ..full.clone()
            },
        ),
        (
            "first-source",
            Query {
                sources: first_source,
                ..full.clone()
            },
        ),
        (
            "points",
            Query {
                include_points: true,
                ..full.clone()
            },
        ),
        ("early-now", Query::all_time(early)),
        (
            "early-during-filtered",
            Query {
                now: early,
                window: WindowKind::During,
                from: Some(early - 120 * DAY),
                to: Some(early + 10 * DAY),
                flow_item_type: Some(FlowItemType::Defect),
                through_stages: second_stage,
                include_points: true,
                ..full
            },
        ),
    ]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(out)) = (args.next(), args.next()) else {
        panic!("usage: dump_metrics FILE OUTDIR");
    };
    let out = Path::new(&out);
    std::fs::create_dir_all(out).expect("the output directory");
    let map = flowmap_api::OpenMap::open(Path::new(&path)).expect("open");
    let stored = map.dataset().expect("load");
    let shuffled = stored
        .permuted(&shuffle(stored.item_count()))
        .expect("a permutation");
    for (order, data) in [("stored", &stored), ("shuffled", &shuffled)] {
        let model = map.stage_model(data).expect("model");
        for (name, q) in queries(data, &model) {
            let m = compute(data, &model, &q).expect("compute");
            let json = serde_json::to_vec_pretty(&m).expect("json");
            std::fs::write(out.join(format!("{order}-{name}.json")), json).expect("write");
        }
    }
}
