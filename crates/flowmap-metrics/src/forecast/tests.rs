//! Hand-computed forecasts, the simulation against the exact distributions, and back-tests.

use super::exact::{how_many_at, how_many_pmf, tail, when_at, when_cdf};
use super::*;

fn sampling(trials: u32, seed: u64) -> Sampling {
    Sampling {
        window_days: 90,
        trials,
        seed,
    }
}

fn values(f: &Forecast) -> Vec<u32> {
    f.likelihoods.iter().map(|l| l.value).collect()
}

#[test]
fn a_steady_team_is_forecast_exactly() {
    let daily = [2u32; 10];
    let many = forecast(&daily, Question::HowMany { days: 10 }, sampling(500, 3)).unwrap();
    assert_eq!(values(&many), [20, 20, 20]);
    assert_eq!(
        many.outcomes,
        [Outcome {
            value: 20,
            trials: 500
        }]
    );
    assert_eq!(many.window_completions, 20);
    assert_eq!(many.days_with_completions, 10);
    // 7 items at 2 a day: 2, 4, 6, 8 → the fourth day.
    let when = forecast(&daily, Question::When { items: 7 }, sampling(500, 3)).unwrap();
    assert_eq!(values(&when), [4, 4, 4]);
}

#[test]
fn one_item_every_other_day_by_hand() {
    // Each day 0 or 1 with P = ½. In 2 days: 0 (¼), 1 (½), 2 (¼).
    // P(S ≥ 1) = ¾ ≥ 50 % but P(S ≥ 2) = ¼: 1 item at 50 %; at 85 and 95 % only P(S ≥ 0) = 1.
    let daily = [0u32, 1];
    let pmf = how_many_pmf(&daily, 2);
    assert_eq!(pmf, [0.25, 0.5, 0.25]);
    assert_eq!([0.5, 0.85, 0.95].map(|c| how_many_at(&pmf, c)), [1, 0, 0]);
    let f = forecast(&daily, Question::HowMany { days: 2 }, sampling(10_000, 9)).unwrap();
    assert_eq!(values(&f), [1, 0, 0]);
    // One item: P(T ≤ d) = 1 − ½^d: ½, ¾, ⅞, 15/16, 31/32 → 1 day at 50 %, 3 at 85 %, 5 at 95 %.
    let cdf = when_cdf(&daily, 1, 40);
    assert_eq!(&cdf[..4], [0.0, 0.5, 0.75, 0.875]);
    assert_eq!(
        [0.5, 0.85, 0.95].map(|c| when_at(&cdf, c)),
        [Some(1), Some(3), Some(5)]
    );
    let f = forecast(&daily, Question::When { items: 1 }, sampling(10_000, 9)).unwrap();
    assert_eq!(values(&f), [1, 3, 5]);
}

#[test]
fn nearest_rank_at_each_confidence() {
    let sorted = [0, 1, 1, 2];
    let many = Question::HowMany { days: 1 };
    // 3 of 4 trials reached 1, 1 of 4 reached 2: 1 at 50 %; at 85 % only 0 is reached by ≥ 3.4.
    assert_eq!(at_confidence(&sorted, many, 50), 1);
    assert_eq!(at_confidence(&sorted, many, 85), 0);
    let when = Question::When { items: 1 };
    // Rank ⌈0.5·4⌉ = 2 → 1 day; ⌈0.85·4⌉ = 4 → 2 days.
    assert_eq!(at_confidence(&sorted, when, 50), 1);
    assert_eq!(at_confidence(&sorted, when, 85), 2);
}

/// A realistic history: quiet days, busy days, a release day.
fn history() -> Vec<u32> {
    (0..90u32)
        .map(|d| [0, 1, 3, 0, 2, 5, 1, 0, 0, 9][(d * 7 % 10) as usize])
        .collect()
}

/// The simulation's answer at c must be where the exact tail crosses c, within three standard
/// errors of a share estimated from n trials (σ = √(c(1−c)/n), about 0.011 at 85 % and 10,000
/// trials): P(S ≥ x) ≥ c − 3σ and P(S ≥ x + 1) < c + 3σ.
#[test]
fn the_simulation_agrees_with_the_exact_distribution_within_sampling_error() {
    let daily = history();
    for days in [1, 7, 30] {
        let pmf = how_many_pmf(&daily, days);
        for seed in 1..=5 {
            let f = forecast(&daily, Question::HowMany { days }, sampling(10_000, seed)).unwrap();
            for l in &f.likelihoods {
                let c = f64::from(l.confidence) / 100.0;
                let s = 3.0 * (c * (1.0 - c) / 10_000.0).sqrt();
                assert!(tail(&pmf, l.value) >= c - s, "{days} d at {c}: {l:?}");
                assert!(tail(&pmf, l.value + 1) < c + s, "{days} d at {c}: {l:?}");
            }
        }
    }
    for items in [5, 50, 200] {
        let cdf = when_cdf(&daily, items, MAX_DAYS);
        for seed in 1..=5 {
            let f = forecast(&daily, Question::When { items }, sampling(10_000, seed)).unwrap();
            for l in &f.likelihoods {
                let c = f64::from(l.confidence) / 100.0;
                let s = 3.0 * (c * (1.0 - c) / 10_000.0).sqrt();
                let d = l.value as usize;
                assert!(cdf[d] >= c - s, "{items} items at {c}: {l:?}");
                assert!(d == 0 || cdf[d - 1] < c + s, "{items} items at {c}: {l:?}");
            }
        }
    }
}

#[test]
fn a_seed_gives_the_same_forecast_and_answers_are_ordered() {
    let daily = history();
    let q = Question::When { items: 40 };
    let a = forecast(&daily, q, sampling(2_000, 42)).unwrap();
    assert_eq!(a, forecast(&daily, q, sampling(2_000, 42)).unwrap());
    assert_ne!(
        a.outcomes,
        forecast(&daily, q, sampling(2_000, 43)).unwrap().outcomes
    );
    let v = values(&a);
    assert!(v[0] <= v[1] && v[1] <= v[2], "{v:?}");
    let m = values(&forecast(&daily, Question::HowMany { days: 14 }, sampling(2_000, 42)).unwrap());
    assert!(m[0] >= m[1] && m[1] >= m[2], "{m:?}");
    let trials: u32 = a.outcomes.iter().map(|o| o.trials).sum();
    assert_eq!(trials, 2_000);
}

#[test]
fn no_throughput_is_a_clear_error() {
    let daily = [0u32; 30];
    let e = forecast(&daily, Question::When { items: 3 }, sampling(100, 1)).unwrap_err();
    assert_eq!(e, ForecastError::NoThroughput(90));
    assert!(e.to_string().contains("no item was completed"));
    let f = forecast(&daily, Question::HowMany { days: 5 }, sampling(100, 1)).unwrap();
    assert_eq!(values(&f), [0, 0, 0]);
    assert_eq!(
        forecast(&[], Question::HowMany { days: 5 }, sampling(100, 1)).unwrap_err(),
        ForecastError::EmptyWindow
    );
}

#[test]
fn a_nearly_dead_team_stops_at_ten_years() {
    let mut daily = vec![0u32; 999];
    daily.push(1);
    let f = forecast(&daily, Question::When { items: 100 }, sampling(50, 1)).unwrap();
    assert!(f.unfinished_trials > 0);
    assert!(f.likelihoods.iter().all(|l| l.value <= MAX_DAYS));
}

#[test]
fn days_are_24_hour_spans_back_from_now() {
    let now = 100 * DAY_MS;
    let c = [
        now - 1,
        now - DAY_MS,
        now - DAY_MS - 1,
        now - 3 * DAY_MS,
        now,
        now - 90 * DAY_MS,
    ];
    // Day k is [now − (k+1)·24 h, now − k·24 h): now − 1 and now − 24 h are day 0, now − 24 h − 1
    // is day 1, now − 72 h is day 2, now − 90 d starts day 89; `now` itself is not history yet.
    assert_eq!(daily_throughput(&c, now, 4), [2, 1, 1, 0]);
    assert_eq!(daily_throughput(&c, now, 90).iter().sum::<u32>(), 5);
}

#[test]
fn a_steady_history_back_tests_at_every_level() {
    let now = 500 * DAY_MS;
    let completions: Vec<i64> = (0..1500).map(|k| k * DAY_MS / 3).collect();
    let b = backtest::backtest(&completions, now, 14, 30, 8, sampling(1_000, 1));
    assert_eq!(b.points.len(), 8);
    assert!(
        b.points
            .iter()
            .all(|p| p.forecast == [42, 42, 42] && p.actual == 42),
        "{b:?}"
    );
    assert_eq!(b.hit_rates, [1.0, 1.0, 1.0]);
}

#[test]
fn back_tests_need_history_before_them() {
    let now = 100 * DAY_MS;
    let completions: Vec<i64> = (0..300).map(|k| k * DAY_MS / 3).collect();
    // Points at 86, 56, 26 days: windows of 90 days reach before the first completion.
    let b = backtest::backtest(&completions, now, 14, 30, 5, sampling(100, 1));
    assert!(b.points.is_empty());
}
