// Figures for the flow view's tests, on the editor's test map (editor/fixtures.ts): Plan →
// Build → Test with a rework loop Test → Build. Numbers chosen by hand; the tests derive their
// expectations from them.

import type { Distribution, Metrics, StageMetrics } from '../generated/wire';

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
      basis: 'mean',
      rungs: [],
      total_process_secs: 0,
      total_lead_secs: 0,
      activity_ratio: null,
      rolled_complete_accurate: null,
      rungs_without_complete_accurate: 0,
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
