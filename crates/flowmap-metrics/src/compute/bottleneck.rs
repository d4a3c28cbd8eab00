//! The bottleneck: each stage's share of all waiting time in the window, and the stages ranked by
//! it (`docs/metrics.md`, "Per stage", `bottleneck_score` and `bottleneck_rank`).

use crate::report::StageMetrics;
use flowmap_core::NodeId;

/// `wait`'s share of `all_wait` (0 when nothing waited).
pub(crate) fn share(wait: i64, all_wait: i64) -> f64 {
    if all_wait > 0 {
        wait as f64 / all_wait as f64
    } else {
        0.0
    }
}

/// Sets each stage's rank (1 = the bottleneck): by score, then current load (higher first), then
/// flow order. Returns the stage ids in rank order.
pub(crate) fn rank(stages: &mut [StageMetrics]) -> Vec<NodeId> {
    let mut ranked: Vec<usize> = (0..stages.len()).collect();
    ranked.sort_by(|x, y| {
        let (a, b) = (&stages[*x], &stages[*y]);
        b.bottleneck_score
            .total_cmp(&a.bottleneck_score)
            .then(b.load_current.cmp(&a.load_current))
            .then(x.cmp(y))
    });
    for (rank, s) in ranked.iter().enumerate() {
        stages[*s].bottleneck_rank = rank as u32 + 1;
    }
    ranked.iter().map(|s| stages[*s].id).collect()
}
