import { describe, expect, it } from 'vitest';
import { contrast, heatColour } from './colour';
import { handoffLabel, OVERLAY_MODES, stageOverlay, usesPercentile } from './overlay';
import { flowViewFixture, metricsFixture } from './testMetrics';

// The figures and heats come from the backend (crates/flowmap-api/src/overlay.rs tests them on
// the same numbers); these tests check the words and colours the overlay gives them.
describe('the heat overlay', () => {
  it('writes each stage’s waiting time with its percentile, the bottleneck marked and darkest', () => {
    const { scale, stages } = stageOverlay(flowViewFixture(), 'waiting', 'p50');
    expect(stages.get('plan')!.figure).toBe('waits 2 h (p50)');
    expect(stages.get('build')!.figure).toBe('waits 1 d (p50)');
    expect(stages.get('test')!.figure).toBe('waits 8 d (p50)');
    // From afar, the figure alone: the legend names it.
    expect(stages.get('test')!.brief).toBe('8 d');
    expect(stages.get('test')!.bottleneck).toBe(true);
    expect(stages.get('build')!.bottleneck).toBe(false);
    // Durations on a log scale from the least (2 h) to the most (8 d).
    expect(scale).toMatchObject({ kind: 'log', min: 7200, max: 691_200, low: '2 h', high: '8 d', title: 'Waiting time p50' });
    expect(stages.get('plan')!.heat).toBe(0);
    expect(stages.get('test')!.heat).toBe(1);
    expect(stages.get('build')!.heat).toBeCloseTo(Math.log(12) / Math.log(96), 12);
    expect(stages.get('test')!.fill).toBe(heatColour(1));
    expect(stages.get('test')!.text).toBe('#ffffff');
    expect(stages.get('test')!.title).toContain('over 18 items');
    for (const s of stages.values()) expect(contrast(s.fill, s.text)).toBeGreaterThanOrEqual(4.5);
  });

  it('reads p85 when asked, and time in stage', () => {
    const { stages, scale } = stageOverlay(flowViewFixture(), 'time', 'p85');
    expect(stages.get('test')!.figure).toBe('in stage 3 wk (p85)');
    expect(stages.get('plan')!.figure).toBe('in stage 14 h (p85)');
    expect(scale!.title).toBe('Time in stage p85');
  });

  it('turns efficiency around: the least efficient stage is the hottest', () => {
    const { stages, scale } = stageOverlay(flowViewFixture(), 'efficiency', 'p50');
    expect(stages.get('test')!.figure).toBe('efficiency 4%');
    expect(stages.get('plan')!.figure).toBe('efficiency 70%');
    expect(stages.get('test')!.fill).toBe(heatColour(70 / 73));
    expect(scale).toMatchObject({ low: '100%', high: '0%', higherIsBetter: true, title: 'Flow efficiency' });
  });

  it('shows load, bottleneck share and rework', () => {
    const v = flowViewFixture();
    expect(stageOverlay(v, 'load', 'p50').stages.get('test')!.figure).toBe('WIP 6 now');
    expect(stageOverlay(v, 'load', 'p50').stages.get('test')!.brief).toBe('WIP 6');
    expect(stageOverlay(v, 'load', 'p50').scale).toMatchObject({ low: '0', high: '6' });
    expect(stageOverlay(v, 'bottleneck', 'p50').stages.get('test')!.figure).toBe('70% of waiting');
    expect(stageOverlay(v, 'rework', 'p50').stages.get('build')!.figure).toBe('rework 25%');
  });

  it('draws a stage without items grey, with no figure', () => {
    const v = flowViewFixture();
    const waiting = v.overlays.find((o) => o.mode === 'waiting' && o.percentile === 'p50')!;
    waiting.stages[0] = { stage: 'plan', value: null, items: 0, heat: null };
    waiting.scale.min = 86_400;
    const { stages, scale } = stageOverlay(v, 'waiting', 'p50');
    expect(stages.get('plan')).toMatchObject({ figure: 'no items', heat: null, value: null, fill: '#e2e8f0' });
    expect(scale!.low).toBe('1 d');
  });

  it('has no overlay in drawing mode', () => {
    expect(stageOverlay(flowViewFixture(), 'none', 'p50')).toEqual({ scale: null, stages: new Map() });
  });

  it('offers every mode, and a percentile where the figure has one', () => {
    expect(OVERLAY_MODES.map((m) => m.mode)).toEqual(['none', 'waiting', 'time', 'efficiency', 'load', 'bottleneck', 'rework']);
    const v = flowViewFixture();
    expect(OVERLAY_MODES.filter((m) => usesPercentile(v, m.mode)).map((m) => m.mode)).toEqual(['waiting', 'time']);
    expect(usesPercentile(null, 'waiting')).toBe(false);
  });

  it('writes the wait after a handoff', () => {
    const [planToBuild] = metricsFixture().handoffs;
    expect(handoffLabel(planToBuild!, 'p50')).toBe('waits 1 d (p50, 20)');
  });
});
