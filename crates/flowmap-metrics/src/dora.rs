//! The delivery metrics teams already report (DORA: dora.dev, *Accelerate*), from the
//! deployments and changes the connectors bring (`docs/metrics.md`, "Delivery metrics
//! (DORA)"): deployment frequency, lead time for changes, change failure rate and time to
//! restore, each with the items it counted.
//!
//! Pure: the caller says which items are deployments (and whether each succeeded or failed,
//! and when it finished) and which are changes (when work on each started, when it was merged,
//! and the deployment its lineage says shipped it, if any).

use crate::report::Distribution;
use crate::stats::durations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const DAY_MS: i64 = 86_400_000;

/// How a deployment ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeployOutcome {
    Succeeded,
    Failed,
}

/// A finished deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct Deploy {
    /// When it finished (milliseconds).
    pub at: i64,
    pub outcome: DeployOutcome,
    /// Where it went ("production", a job's name): restores are looked for in the same one.
    pub environment: String,
}

/// A change (a merged pull or merge request).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Its work start (the pull request opened: the first commit's stand-in).
    pub started: i64,
    /// When it was merged.
    pub merged: i64,
    /// When the deployment its lineage links it to finished, if it is linked to one that
    /// succeeded.
    pub shipped_by_link: Option<i64>,
}

/// How a change's deployment was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeCounts {
    /// Shipped by the deployment their lineage links them to.
    #[ts(type = "number")]
    pub linked: u64,
    /// Not linked: shipped by the first successful deployment after their merge.
    #[ts(type = "number")]
    pub next_deploy: u64,
    /// Merged, but no successful deployment after it yet (not counted in lead time).
    #[ts(type = "number")]
    pub waiting: u64,
}

/// The four figures over a window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Dora {
    /// Days in the window.
    pub days: f64,
    /// Successful and failed deployments that finished in the window.
    #[ts(type = "number")]
    pub succeeded: u64,
    #[ts(type = "number")]
    pub failed: u64,
    /// Successful deployments per week: succeeded ÷ (days ÷ 7).
    pub per_week: f64,
    /// Work start → the deployment that shipped it, of the changes shipped in the window
    /// (seconds).
    pub lead_time: Distribution,
    pub changes: ChangeCounts,
    /// failed ÷ (succeeded + failed); `None` without deployments.
    pub change_failure_rate: Option<f64>,
    /// A failed deployment → the next successful one to the same environment (seconds), of the
    /// failures in the window.
    pub time_to_restore: Distribution,
    /// Failures in the window with no successful deployment after them yet.
    #[ts(type = "number")]
    pub unrestored: u64,
}

/// The figures of `deploys` and `changes` over [from, to).
pub fn dora(deploys: &[Deploy], changes: &[Change], from: i64, to: i64) -> Dora {
    let inside = |t: i64| t >= from && t < to;
    let mut ok: Vec<&Deploy> = deploys
        .iter()
        .filter(|d| d.outcome == DeployOutcome::Succeeded)
        .collect();
    ok.sort_by_key(|d| d.at);
    let succeeded = ok.iter().filter(|d| inside(d.at)).count() as u64;
    let failed = deploys
        .iter()
        .filter(|d| d.outcome == DeployOutcome::Failed && inside(d.at))
        .count() as u64;
    let days = (to - from) as f64 / DAY_MS as f64;
    // The first successful deployment at or after `t` (to `env`, when given).
    let next_ok = |t: i64, env: Option<&str>| {
        let i = ok.partition_point(|d| d.at < t);
        ok[i..]
            .iter()
            .find(|d| env.is_none_or(|e| d.environment == e))
            .map(|d| d.at)
    };
    let mut counts = ChangeCounts::default();
    let mut lead: Vec<i64> = Vec::new();
    for c in changes {
        let (shipped, linked) = match c.shipped_by_link {
            Some(t) => (Some(t), true),
            None => (next_ok(c.merged, None), false),
        };
        let Some(t) = shipped else {
            if c.merged < to {
                counts.waiting += 1;
            }
            continue;
        };
        if !inside(t) {
            continue;
        }
        if linked {
            counts.linked += 1;
        } else {
            counts.next_deploy += 1;
        }
        lead.push((t - c.started).max(0));
    }
    let mut restore: Vec<i64> = Vec::new();
    let mut unrestored = 0;
    for d in deploys
        .iter()
        .filter(|d| d.outcome == DeployOutcome::Failed && inside(d.at))
    {
        match next_ok(d.at, Some(&d.environment)) {
            Some(t) => restore.push(t - d.at),
            None => unrestored += 1,
        }
    }
    Dora {
        days,
        succeeded,
        failed,
        per_week: if days > 0.0 {
            succeeded as f64 / (days / 7.0)
        } else {
            0.0
        },
        lead_time: durations(&mut lead),
        changes: counts,
        change_failure_rate: (succeeded + failed > 0)
            .then(|| failed as f64 / (succeeded + failed) as f64),
        time_to_restore: durations(&mut restore),
        unrestored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    fn deploy(h: i64, outcome: DeployOutcome, env: &str) -> Deploy {
        Deploy {
            at: h * H,
            outcome,
            environment: env.into(),
        }
    }

    /// Two weeks: deployments to production at 10 h (ok), 30 h (failed), 34 h (ok), 100 h
    /// (failed), 200 h (ok), 400 h (failed, never restored); staging at 31 h (ok).
    fn deploys() -> Vec<Deploy> {
        use DeployOutcome::*;
        vec![
            deploy(10, Succeeded, "production"),
            deploy(30, Failed, "production"),
            deploy(31, Succeeded, "staging"),
            deploy(34, Succeeded, "production"),
            deploy(100, Failed, "production"),
            deploy(200, Succeeded, "production"),
            deploy(330, Failed, "production"),
        ]
    }

    #[test]
    fn the_four_figures_by_hand() {
        let changes = vec![
            // Opened at 0 h, merged at 5 h: the next deployment (10 h) ships it: 10 h.
            Change {
                started: 0,
                merged: 5 * H,
                shipped_by_link: None,
            },
            // Merged at 20 h; its lineage links it to the 200 h deployment: 200 − 2 = 198 h.
            Change {
                started: 2 * H,
                merged: 20 * H,
                shipped_by_link: Some(200 * H),
            },
            // Merged at 32 h: the first successful deployment after it is at 34 h: 4 h.
            Change {
                started: 30 * H,
                merged: 32 * H,
                shipped_by_link: None,
            },
            // Merged at 300 h: no successful deployment after it yet.
            Change {
                started: 290 * H,
                merged: 300 * H,
                shipped_by_link: None,
            },
        ];
        let d = dora(&deploys(), &changes, 0, 14 * 24 * H);
        assert_eq!(d.days, 14.0);
        // Succeeded in the window: 10, 31, 34, 200 → 4 in 2 weeks: 2 a week.
        assert_eq!((d.succeeded, d.failed), (4, 3));
        assert_eq!(d.per_week, 2.0);
        assert_eq!(d.change_failure_rate, Some(3.0 / 7.0));
        // Lead times 10 h, 198 h, 4 h: p50 (rank 2) 10 h, p85 (rank 3) 198 h.
        assert_eq!(d.lead_time.count, 3);
        assert_eq!(d.lead_time.p50, Some(10.0 * 3600.0));
        assert_eq!(d.lead_time.p85, Some(198.0 * 3600.0));
        assert_eq!(
            d.changes,
            ChangeCounts {
                linked: 1,
                next_deploy: 2,
                waiting: 1
            }
        );
        // Restores: 30 h → 34 h (production; the staging deploy at 31 h does not restore
        // production): 4 h; 100 h → 200 h: 100 h; 330 h never.
        assert_eq!(d.time_to_restore.count, 2);
        assert_eq!(d.time_to_restore.p50, Some(4.0 * 3600.0));
        assert_eq!(d.time_to_restore.max, Some(100.0 * 3600.0));
        assert_eq!(d.unrestored, 1);
    }

    #[test]
    fn a_window_counts_only_what_finished_in_it() {
        // The second week: 200 h (ok), 330 h (failed).
        let d = dora(&deploys(), &[], 7 * 24 * H, 14 * 24 * H);
        assert_eq!((d.succeeded, d.failed), (1, 1));
        assert_eq!(d.per_week, 1.0);
        assert_eq!(d.change_failure_rate, Some(0.5));
        let none = dora(&[], &[], 0, 7 * 24 * H);
        assert_eq!(none.change_failure_rate, None);
        assert_eq!(none.lead_time.count, 0);
        assert_eq!(none.per_week, 0.0);
    }
}
