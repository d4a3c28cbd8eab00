import { describe, expect, it } from 'vitest';
import { contrast, heatColour } from './colour';
import { handoffLabel, heatOf, scaleFor, stageEfficiency, stageOverlay } from './overlay';
import { metricsFixture } from './testMetrics';

describe('the heat overlay', () => {
  it('writes each stage’s waiting time with its percentile, the bottleneck marked and darkest', () => {
    const { scale, stages } = stageOverlay(metricsFixture(), 'waiting', 'p50');
    expect(stages.get('plan')!.figure).toBe('waits 2 h (p50)');
    expect(stages.get('build')!.figure).toBe('waits 1 d (p50)');
    expect(stages.get('test')!.figure).toBe('waits 8 d (p50)');
    expect(stages.get('test')!.bottleneck).toBe(true);
    expect(stages.get('build')!.bottleneck).toBe(false);
    // Durations on a log scale from the least (2 h) to the most (8 d).
    expect(scale).toMatchObject({ kind: 'log', min: 7200, max: 691_200, low: '2 h', high: '8 d' });
    expect(stages.get('plan')!.heat).toBe(0);
    expect(stages.get('test')!.heat).toBe(1);
    // 1 d is log(12)/log(96) of the way from 2 h to 8 d.
    expect(stages.get('build')!.heat).toBeCloseTo(Math.log(12) / Math.log(96), 12);
    expect(stages.get('test')!.fill).toBe(heatColour(1));
    expect(stages.get('test')!.text).toBe('#ffffff');
    expect(stages.get('test')!.title).toContain('over 18 items');
    for (const s of stages.values()) expect(contrast(s.fill, s.text)).toBeGreaterThanOrEqual(4.5);
  });

  it('reads p85 when asked, and time in stage', () => {
    const { stages } = stageOverlay(metricsFixture(), 'time', 'p85');
    expect(stages.get('test')!.figure).toBe('in stage 3 wk (p85)');
    expect(stages.get('plan')!.figure).toBe('in stage 14 h (p85)');
  });

  it('turns efficiency around: the least efficient stage is the hottest', () => {
    const m = metricsFixture();
    expect(stageEfficiency(m.stages[2]!)).toBeCloseTo(3 / 73, 12);
    const { stages, scale } = stageOverlay(m, 'efficiency', 'p50');
    expect(stages.get('test')!.figure).toBe('efficiency 4%');
    expect(stages.get('plan')!.figure).toBe('efficiency 70%');
    expect(stages.get('test')!.heat).toBeCloseTo(1 - 3 / 73, 12);
    expect(stages.get('plan')!.heat).toBeCloseTo(0.3, 12);
    expect(scale).toMatchObject({ low: '100%', high: '0%', higherIsBetter: true });
  });

  it('shows load, bottleneck share and rework', () => {
    const m = metricsFixture();
    expect(stageOverlay(m, 'load', 'p50').stages.get('test')!.figure).toBe('WIP 6 now');
    expect(stageOverlay(m, 'load', 'p50').stages.get('build')!.heat).toBeCloseTo(4 / 6, 12);
    expect(stageOverlay(m, 'bottleneck', 'p50').stages.get('test')!.figure).toBe('70% of waiting');
    expect(stageOverlay(m, 'rework', 'p50').stages.get('build')!.figure).toBe('rework 25%');
  });

  it('draws a stage without items grey, with no figure', () => {
    const m = metricsFixture();
    m.stages[0]!.waiting = { count: 0, p50: null, p85: null, p95: null, mean: null, max: null };
    const { stages, scale } = stageOverlay(m, 'waiting', 'p50');
    expect(stages.get('plan')).toMatchObject({ figure: 'no items', heat: null, value: null });
    expect(scale!.low).toBe('1 d');
  });

  it('has no overlay in drawing mode', () => {
    expect(stageOverlay(metricsFixture(), 'none', 'p50')).toEqual({ scale: null, stages: new Map() });
  });

  it('places values on linear and log scales', () => {
    expect(heatOf(scaleFor('load', 'p50', [0, 5, 10]), 5)).toBe(0.5);
    expect(heatOf(scaleFor('waiting', 'p50', [10, 1000]), 100)).toBeCloseTo(0.5, 12);
    // One value only: it is the most.
    expect(heatOf(scaleFor('waiting', 'p50', [60]), 60)).toBe(1);
  });

  it('writes the wait after a handoff', () => {
    const [planToBuild] = metricsFixture().handoffs;
    expect(handoffLabel(planToBuild!, 'p50')).toBe('waits 1 d (p50, 20)');
  });
});
