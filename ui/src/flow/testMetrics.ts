// Figures for the flow view's tests, on the editor's test map (editor/fixtures.ts): Plan →
// Build → Test with a rework loop Test → Build. Numbers chosen by hand; the tests derive their
// expectations from them.

import type { Distribution, FlowView, Metrics, Overlay, OverlayMode, Percentile, StageMetrics } from '../generated/wire';

const H = 3600;
const D = 86_400;

export function dist(count: number, p50: number | null, p85: number | null = p50, p95: number | null = p85): Distribution {
  return { count, p50, p85, p95, mean: p50, max: p95 };
}

const none = { value: null, source: 'none' as const };

export function stageMetrics(id: string, name: string, order: number, extra: Partial<StageMetrics> = {}): StageMetrics {
  return {
    id,
    name,
    order,
    entered: 0,
    inside_now: 0,
    aging: [],
    time: dist(0, null),
    waiting: dist(0, null),
    active: dist(0, null),
    histogram: [],
    waiting_total_secs: 0,
    active_total_secs: 0,
    efficiency: null,
    waiting_share: null,
    throughput: 0,
    throughput_per_week: 0,
    reentry_rate: null,
    complete_accurate: null,
    bottleneck_score: 0,
    bottleneck_rank: order + 1,
    load_current: 0,
    load_average: 0,
    load_daily: [],
    slowest: [],
    trend: [],
    process_time: none,
    lead_time: none,
    complete_accurate_figure: none,
    ...extra,
  };
}

/** Plan waits 2 h (p50), Build 1 d, Test 8 d (the bottleneck, 70% of waiting); 20 items. */
export function metricsFixture(): Metrics {
  const plan = stageMetrics('plan', 'Plan', 0, {
    entered: 20,
    waiting: dist(20, 2 * H, 4 * H),
    active: dist(20, 6 * H, 10 * H),
    time: dist(20, 8 * H, 14 * H),
    waiting_total_secs: 60 * H,
    active_total_secs: 140 * H,
    efficiency: 0.7,
    waiting_share: 0.3,
    reentry_rate: 0,
    complete_accurate: 1,
    bottleneck_score: 0.05,
    bottleneck_rank: 3,
    load_current: 1,
  });
  const build = stageMetrics('build', 'Build', 1, {
    entered: 20,
    waiting: dist(20, 1 * D, 2 * D),
    active: dist(20, 2 * D, 3 * D),
    time: dist(20, 3 * D, 5 * D),
    waiting_total_secs: 25 * D,
    active_total_secs: 45 * D,
    efficiency: 45 / 70,
    waiting_share: 25 / 70,
    reentry_rate: 0.25,
    complete_accurate: 0.75,
    bottleneck_score: 0.25,
    bottleneck_rank: 2,
    load_current: 4,
  });
  const test = stageMetrics('test', 'Test', 2, {
    entered: 18,
    inside_now: 6,
    waiting: dist(18, 8 * D, 20 * D),
    active: dist(18, 4 * H, 8 * H),
    time: dist(18, 8.5 * D, 21 * D),
    waiting_total_secs: 70 * D,
    active_total_secs: 3 * D,
    efficiency: 3 / 73,
    waiting_share: 70 / 73,
    reentry_rate: 0.1,
    complete_accurate: 0.9,
    bottleneck_score: 0.7,
    bottleneck_rank: 1,
    load_current: 6,
  });
  return {
    window: { kind: 'completed', from: null, to: '2026-11-02T00:00:00Z', now: '2026-11-02T00:00:00Z', flow_item_type: null, days: 300 },
    items: { in_scope: 20, completed: 18, canceled: 2, in_flight: 7, completed_without_work_start: 0 },
    flow_time: dist(18, 14 * D, 25 * D, 30 * D),
    flow_time_histogram: [],
    flow_efficiency: { aggregate: 0.2, per_item: dist(18, 0.2), histogram: [] },
    flow_load: { current: 7, average: 6.5, daily: [] },
    flow_velocity: { weekly: [], monthly: [], quarterly: [] },
    flow_distribution: {
      completed: { counts: { feature: 9, defect: 6, risk: 2, debt: 1, total: 18 }, feature: 0.5, defect: 1 / 3, risk: 1 / 9, debt: 1 / 18 },
      in_progress: { counts: { feature: 7, defect: 0, risk: 0, debt: 0, total: 7 }, feature: 1, defect: 0, risk: 0, debt: 0 },
    },
    stages: [plan, build, test],
    bottlenecks: ['test', 'build', 'plan'],
    unmapped_waiting_share: 0,
    ladder: {
      basis: 'p50',
      path_basis: 'items',
      rungs: [],
      total_process_secs: 0,
      total_lead_secs: 0,
      activity_ratio: null,
      measured_rungs: 0,
      rolled_complete_accurate: null,
      rolled_complete_accurate_rungs: 0,
      rungs_without_complete_accurate: 0,
      with_estimates: null,
    },
    littles_law: { average_load: 6.5, throughput_per_day: 0.06, average_flow_time_days: 15, predicted_load: 0.9, ratio: 7.2 },
    unmapped_states: [],
    handoffs: [
      { from: 'plan', to: 'build', rework: false, wait: dist(20, 1 * D, 2 * D) },
      { from: 'build', to: 'test', rework: false, wait: dist(19, 7 * D, 18 * D) },
      { from: 'test', to: 'build', rework: true, wait: dist(4, 3 * H, 5 * H) },
    ],
    cfd: [],
    flow_time_points: [],
    flow_trend: [],
  };
}

type Reading = [stage: string, value: number | null, items: number, heat: number | null];

function overlay(mode: OverlayMode, percentile: Percentile | null, kind: 'log' | 'linear', min: number, max: number, stages: Reading[]): Overlay {
  return {
    mode,
    percentile,
    scale: { kind, min, max, higher_is_better: mode === 'efficiency' },
    stages: stages.map(([stage, value, items, heat]) => ({ stage, value, items, heat })),
  };
}

/**
 * The flow view of `metricsFixture()`, with the overlay figures the backend computes for it
 * (crates/flowmap-api/src/overlay.rs tests the same numbers): durations on a log scale from the
 * least to the most, shares on [0, 1] (efficiency turned around), load from 0.
 */
export function flowViewFixture(): FlowView {
  const metrics = metricsFixture();
  return {
    metrics,
    filters: { now: null, from: null, to: null, window: null, flow_item_type: null, sources: [], partner: null, include_points: false },
    points_total: 18,
    sources: ['jira'],
    links: [],
    load_ms: 0,
    compute_ms: 1,
    bottleneck: 'test',
    overlays: [
      overlay('waiting', 'p50', 'log', 2 * H, 8 * D, [
        ['plan', 2 * H, 20, 0],
        ['build', D, 20, Math.log(12) / Math.log(96)],
        ['test', 8 * D, 18, 1],
      ]),
      overlay('waiting', 'p85', 'log', 4 * H, 20 * D, [
        ['plan', 4 * H, 20, 0],
        ['build', 2 * D, 20, Math.log(12) / Math.log(120)],
        ['test', 20 * D, 18, 1],
      ]),
      overlay('time', 'p50', 'log', 8 * H, 8.5 * D, [
        ['plan', 8 * H, 20, 0],
        ['build', 3 * D, 20, Math.log(9) / Math.log(25.5)],
        ['test', 8.5 * D, 18, 1],
      ]),
      overlay('time', 'p85', 'log', 14 * H, 21 * D, [
        ['plan', 14 * H, 20, 0],
        ['build', 5 * D, 20, Math.log(60 / 7) / Math.log(36)],
        ['test', 21 * D, 18, 1],
      ]),
      overlay('efficiency', null, 'linear', 0, 1, [
        ['plan', 0.7, 20, 0.3],
        ['build', 45 / 70, 20, 25 / 70],
        ['test', 3 / 73, 18, 70 / 73],
      ]),
      overlay('load', null, 'linear', 0, 6, [
        ['plan', 1, 1, 1 / 6],
        ['build', 4, 4, 4 / 6],
        ['test', 6, 6, 1],
      ]),
      overlay('bottleneck', null, 'linear', 0, 1, [
        ['plan', 0.05, 20, 0.05],
        ['build', 0.25, 20, 0.25],
        ['test', 0.7, 18, 0.7],
      ]),
      overlay('rework', null, 'linear', 0, 1, [
        ['plan', 0, 20, 0],
        ['build', 0.25, 20, 0.25],
        ['test', 0.1, 18, 0.1],
      ]),
    ],
  };
}
