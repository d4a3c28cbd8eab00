//! The heat overlay's figures: for each overlay mode (and percentile), each stage's figure and
//! its heat on the mode's scale (`docs/metrics.md`, "Heat overlay"). The UI only formats and
//! colours them.

use crate::wire::{Overlay, OverlayFigure, OverlayMode, OverlayScale, Percentile, ScaleKind};
use flowmap_core::NodeId;
use flowmap_metrics::{Distribution, Metrics, StageMetrics};

/// Every overlay the flow view offers: each mode but `None`, once per percentile for the modes
/// that read one, in [`OverlayMode::ALL`] order.
pub(crate) fn overlays(metrics: &Metrics) -> Vec<Overlay> {
    OverlayMode::ALL
        .into_iter()
        .flat_map(|mode| {
            let percentiles: Vec<Option<Percentile>> = if mode.has_percentile() {
                Percentile::ALL.into_iter().map(Some).collect()
            } else {
                vec![None]
            };
            percentiles
                .into_iter()
                .filter_map(move |p| overlay(metrics, mode, p))
        })
        .collect()
}

/// The stage the overlay marks as the bottleneck: ranked first, when any waiting was measured.
pub(crate) fn bottleneck(metrics: &Metrics) -> Option<NodeId> {
    metrics
        .stages
        .iter()
        .find(|s| s.bottleneck_rank == 1 && s.bottleneck_score > 0.0)
        .map(|s| s.id)
}

/// The overlay of `mode` (`None` for [`OverlayMode::None`]). `percentile` is read by the modes
/// that have one (p50 when not given) and ignored by the others.
pub(crate) fn overlay(
    metrics: &Metrics,
    mode: OverlayMode,
    percentile: Option<Percentile>,
) -> Option<Overlay> {
    if mode == OverlayMode::None {
        return None;
    }
    let percentile = mode
        .has_percentile()
        .then(|| percentile.unwrap_or(Percentile::P50));
    // (stage, value when measured, items counted)
    let figures: Vec<(NodeId, Option<f64>, u64)> = metrics
        .stages
        .iter()
        .map(|s| {
            let (value, items) = figure(s, mode, percentile.unwrap_or(Percentile::P50));
            (s.id, value.filter(|_| items > 0), items)
        })
        .collect();
    let values: Vec<f64> = figures.iter().filter_map(|f| f.1).collect();
    let scale = scale_for(mode, &values);
    let stages = figures
        .into_iter()
        .map(|(stage, value, items)| OverlayFigure {
            stage,
            value,
            items,
            heat: value.map(|v| heat_of(&scale, v)),
        })
        .collect();
    Some(Overlay {
        mode,
        percentile,
        scale,
        stages,
    })
}

fn pick(d: &Distribution, p: Percentile) -> Option<f64> {
    match p {
        Percentile::P50 => d.p50,
        Percentile::P85 => d.p85,
    }
}

/// A stage's figure for `mode`, and how many items it counts.
fn figure(s: &StageMetrics, mode: OverlayMode, p: Percentile) -> (Option<f64>, u64) {
    match mode {
        OverlayMode::None => (None, 0),
        OverlayMode::Waiting => (pick(&s.waiting, p), s.waiting.count),
        OverlayMode::Time => (pick(&s.time, p), s.time.count),
        OverlayMode::Efficiency => (s.efficiency, s.entered),
        OverlayMode::Load => (Some(s.load_current as f64), s.load_current),
        OverlayMode::Bottleneck => (Some(s.bottleneck_score), s.entered),
        OverlayMode::Rework => (s.reentry_rate, s.entered),
    }
}

/// The scale of `mode` over the stages' measured values: durations on a log scale between the
/// least and the most positive value, load from 0 to the most, shares on [0, 1] (efficiency
/// turned around: more is better).
pub(crate) fn scale_for(mode: OverlayMode, values: &[f64]) -> OverlayScale {
    match mode {
        OverlayMode::Waiting | OverlayMode::Time => {
            let positive = values.iter().copied().filter(|v| *v > 0.0);
            let min = positive.clone().reduce(f64::min).unwrap_or(0.0);
            let max = positive.reduce(f64::max).unwrap_or(0.0);
            OverlayScale {
                kind: ScaleKind::Log,
                min,
                max,
                higher_is_better: false,
            }
        }
        OverlayMode::Load => OverlayScale {
            kind: ScaleKind::Linear,
            min: 0.0,
            max: values.iter().copied().fold(0.0, f64::max),
            higher_is_better: false,
        },
        _ => OverlayScale {
            kind: ScaleKind::Linear,
            min: 0.0,
            max: 1.0,
            higher_is_better: mode == OverlayMode::Efficiency,
        },
    }
}

/// Where `value` sits on `scale`: 0 the least heat, 1 the most. On a scale of one value (or
/// none), any positive value is the most.
pub(crate) fn heat_of(scale: &OverlayScale, value: f64) -> f64 {
    let t = if scale.max <= scale.min {
        if value > 0.0 || scale.max > 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        match scale.kind {
            ScaleKind::Log if value <= scale.min => 0.0,
            ScaleKind::Log => (value.ln() - scale.min.ln()) / (scale.max.ln() - scale.min.ln()),
            ScaleKind::Linear => (value - scale.min) / (scale.max - scale.min),
        }
    };
    let t = t.clamp(0.0, 1.0);
    if scale.higher_is_better {
        1.0 - t
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowmap_core::{Edge, EdgeId, Estimates, Handoff, Node, Stage, ValueStreamMap};
    use flowmap_metrics::{compute, Dataset, Query, StageModel};

    const H: f64 = 3600.0;
    const D: f64 = 86_400.0;

    fn nid(n: u8) -> NodeId {
        NodeId::from_random_bytes([n; 16])
    }

    fn dist(count: u64, p50: f64, p85: f64) -> Distribution {
        Distribution {
            count,
            p50: Some(p50),
            p85: Some(p85),
            p95: Some(p85),
            mean: Some(p50),
            max: Some(p85),
        }
    }

    /// Plan → Build → Test, with Test → Build as rework. Plan waits 2 h (p50), Build 1 d, Test
    /// 8 d (the bottleneck, 70% of waiting); the numbers of the UI's `metricsFixture()`.
    fn metrics() -> Metrics {
        let stage = |n: u8, name: &str| {
            Node::Stage(Stage {
                id: nid(n),
                name: name.into(),
                team: None,
                tool: None,
                partner: None,
                states: Vec::new(),
                estimates: Estimates::default(),
            })
        };
        let handoff = |n: u8, a: u8, b: u8| {
            Edge::Handoff(Handoff {
                id: EdgeId::from_random_bytes([n; 16]),
                from: nid(a),
                to: nid(b),
                label: None,
            })
        };
        let map = ValueStreamMap::from_parts(
            "overlay",
            [stage(1, "Plan"), stage(2, "Build"), stage(3, "Test")],
            [handoff(11, 1, 2), handoff(12, 2, 3), handoff(13, 3, 2)],
        )
        .unwrap();
        let data = Dataset::default();
        let model = StageModel::new(&map, &[], &data).unwrap();
        let mut m = compute(&data, &model, &Query::all_time(0)).unwrap();
        // (entered, waiting p50/p85, time p50/p85, efficiency, load, bottleneck score and rank,
        // re-entry rate)
        let figures = [
            (
                20,
                2.0 * H,
                4.0 * H,
                8.0 * H,
                14.0 * H,
                0.7,
                1,
                0.05,
                3,
                0.0,
            ),
            (
                20,
                D,
                2.0 * D,
                3.0 * D,
                5.0 * D,
                45.0 / 70.0,
                4,
                0.25,
                2,
                0.25,
            ),
            (
                18,
                8.0 * D,
                20.0 * D,
                8.5 * D,
                21.0 * D,
                3.0 / 73.0,
                6,
                0.7,
                1,
                0.1,
            ),
        ];
        for (s, f) in m.stages.iter_mut().zip(figures) {
            s.entered = f.0;
            s.waiting = dist(f.0, f.1, f.2);
            s.time = dist(f.0, f.3, f.4);
            s.efficiency = Some(f.5);
            s.load_current = f.6;
            s.bottleneck_score = f.7;
            s.bottleneck_rank = f.8;
            s.reentry_rate = Some(f.9);
        }
        m
    }

    /// Stage `n`'s figure on `o`.
    fn at(o: &Overlay, n: u8) -> &OverlayFigure {
        o.stages.iter().find(|f| f.stage == nid(n)).unwrap()
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn waiting_time_on_a_log_scale_from_the_least_to_the_most() {
        let m = metrics();
        let o = overlay(&m, OverlayMode::Waiting, Some(Percentile::P50)).unwrap();
        assert_eq!(o.percentile, Some(Percentile::P50));
        assert_eq!(
            o.scale,
            OverlayScale {
                kind: ScaleKind::Log,
                min: 7200.0,
                max: 691_200.0,
                higher_is_better: false
            }
        );
        assert_eq!((at(&o, 1).value, at(&o, 1).heat), (Some(7200.0), Some(0.0)));
        assert_eq!(at(&o, 3).heat, Some(1.0));
        assert_eq!(at(&o, 3).items, 18);
        // 1 d is log(12)/log(96) of the way from 2 h to 8 d.
        assert!(close(at(&o, 2).heat, 12f64.ln() / 96f64.ln()));
        assert_eq!(bottleneck(&m), Some(nid(3)));
    }

    #[test]
    fn time_in_stage_at_p85() {
        let o = overlay(&metrics(), OverlayMode::Time, Some(Percentile::P85)).unwrap();
        assert_eq!(at(&o, 3).value, Some(21.0 * D));
        assert_eq!(at(&o, 1).value, Some(14.0 * H));
    }

    #[test]
    fn efficiency_is_turned_around_the_least_efficient_stage_is_the_hottest() {
        let o = overlay(&metrics(), OverlayMode::Efficiency, None).unwrap();
        assert_eq!(o.percentile, None);
        assert!(o.scale.higher_is_better);
        assert!(close(at(&o, 3).value, 3.0 / 73.0));
        assert!(close(at(&o, 3).heat, 1.0 - 3.0 / 73.0));
        assert!(close(at(&o, 1).heat, 0.3));
    }

    #[test]
    fn load_bottleneck_share_and_rework() {
        let m = metrics();
        let load = overlay(&m, OverlayMode::Load, None).unwrap();
        assert_eq!(at(&load, 3).value, Some(6.0));
        assert!(close(at(&load, 2).heat, 4.0 / 6.0));
        let share = overlay(&m, OverlayMode::Bottleneck, None).unwrap();
        assert_eq!(at(&share, 3).value, Some(0.7));
        let rework = overlay(&m, OverlayMode::Rework, None).unwrap();
        assert_eq!(at(&rework, 2).value, Some(0.25));
    }

    #[test]
    fn a_stage_without_items_has_no_figure_and_stays_off_the_scale() {
        let mut m = metrics();
        m.stages[0].waiting = Distribution::default();
        let o = overlay(&m, OverlayMode::Waiting, Some(Percentile::P50)).unwrap();
        assert_eq!((at(&o, 1).value, at(&o, 1).heat), (None, None));
        assert_eq!(o.scale.min, D);
        // No waiting measured anywhere: no bottleneck to mark.
        for s in &mut m.stages {
            s.bottleneck_score = 0.0;
        }
        assert_eq!(bottleneck(&m), None);
    }

    #[test]
    fn drawing_mode_has_no_overlay_and_every_other_mode_has_one() {
        let m = metrics();
        assert_eq!(overlay(&m, OverlayMode::None, None), None);
        let all: Vec<(OverlayMode, Option<Percentile>)> = overlays(&m)
            .iter()
            .map(|o| (o.mode, o.percentile))
            .collect();
        use OverlayMode as M;
        let (p50, p85) = (Some(Percentile::P50), Some(Percentile::P85));
        assert_eq!(
            all,
            [
                (M::Waiting, p50),
                (M::Waiting, p85),
                (M::Time, p50),
                (M::Time, p85),
                (M::Efficiency, None),
                (M::Load, None),
                (M::Bottleneck, None),
                (M::Rework, None)
            ]
        );
    }

    #[test]
    fn values_are_placed_on_linear_and_log_scales() {
        let load = scale_for(OverlayMode::Load, &[0.0, 5.0, 10.0]);
        assert_eq!(heat_of(&load, 5.0), 0.5);
        let waiting = scale_for(OverlayMode::Waiting, &[10.0, 1000.0]);
        assert!((heat_of(&waiting, 100.0) - 0.5).abs() < 1e-12);
        // One value only: it is the most.
        assert_eq!(
            heat_of(&scale_for(OverlayMode::Waiting, &[60.0]), 60.0),
            1.0
        );
        // Nothing measured: nothing is hot.
        assert_eq!(heat_of(&scale_for(OverlayMode::Load, &[0.0]), 0.0), 0.0);
    }
}
