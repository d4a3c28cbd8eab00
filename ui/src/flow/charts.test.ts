import { describe, expect, it } from 'vitest';
import { bars, cfdBands, linePath, niceMax, scatter, spread, stackedBars, ticks } from './charts';
import { dist } from './testMetrics';

const box = { width: 100, height: 50 };

describe('chart geometry', () => {
  it('picks nice axis bounds', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(8);
    expect(niceMax(1544)).toBe(2000);
    expect(niceMax(220)).toBe(250);
    expect(niceMax(3)).toBe(3);
    expect(niceMax(110)).toBe(120);
    expect(niceMax(9)).toBe(10);
  });

  it('keeps labels apart, upwards', () => {
    // p50, p85, p95 lines at y 100, 95, 90: labels 12 apart, the lowest where its line is.
    expect(spread([100, 95, 90], 12)).toEqual([100, 88, 76]);
    expect(spread([100, 50], 12)).toEqual([100, 50]);
  });

  it('draws bars from the bottom, the largest full height', () => {
    expect(bars([1, 2, 0, 4], box, 0)).toEqual([
      { x: 0, y: 37.5, width: 25, height: 12.5 },
      { x: 25, y: 25, width: 25, height: 25 },
      { x: 50, y: 50, width: 25, height: 0 },
      { x: 75, y: 0, width: 25, height: 50 },
    ]);
  });

  it('stacks parts bottom first', () => {
    const [first, second] = stackedBars([[1, 1], [3, 1]], box, 0);
    expect(first).toEqual([
      { x: 0, y: 37.5, width: 50, height: 12.5 },
      { x: 0, y: 25, width: 50, height: 12.5 },
    ]);
    expect(second![1]).toEqual({ x: 50, y: 0, width: 50, height: 12.5 });
  });

  it('breaks lines where values are missing', () => {
    expect(linePath([0, 10, null, 5], box)).toBe('M0,50L33.3,0M100,25');
    expect(linePath([4], box)).toBe('M50,0');
  });

  it('stacks the cumulative flow in flow order, the first stage on top and the completed at the bottom', () => {
    const points = [
      { at: '2026-01-01T00:00:00Z', arrived: [2, 0], done: 0 },
      { at: '2026-01-02T12:00:00Z', arrived: [6, 3], done: 1 },
    ];
    const { bands, max } = cfdBands(points, 2, box);
    expect(max).toBe(6);
    // Bands: stage 0 holds 6 − 3 at the end, stage 1 holds 3 − 1, the completed 1.
    expect(bands.map((b) => [b.index, b.last])).toEqual([
      [0, 3],
      [1, 2],
      [-1, 1],
    ]);
    // Stage 0 between its arrivals (2 → 6) and stage 1's (0 → 3).
    expect(bands[0]!.area).toBe('M0,33.3L100,0L100,25L0,50Z');
    expect(bands[2]!.area).toBe('M0,50L100,41.7L100,50L0,50Z');
    // The last band's label sits in its middle at the last sample.
    expect(bands[1]!.labelY).toBe(33.3);
    expect(ticks(8)).toEqual([0, 2, 4, 6, 8]);
  });

  it('places flow-time dots by completion and draws percentile lines from every item', () => {
    const day = 86_400;
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = Date.parse('2026-01-11T00:00:00Z');
    const s = scatter(
      [
        { key: 'A-1', flow_item_type: 'Feature', completed_at: '2026-01-06T00:00:00Z', flow_time_secs: 2 * day },
        { key: 'A-2', flow_item_type: 'Defect', completed_at: '2026-01-11T00:00:00Z', flow_time_secs: 8 * day },
      ],
      dist(40, 3 * day, 6 * day, 9 * day),
      from,
      to,
      box,
    );
    // Nice bound over the largest flow time (9 d, from all items): 10 d.
    expect(s.maxSecs).toBe(10 * day);
    expect(s.dots.map((d) => [d.key, d.x, d.y])).toEqual([
      ['A-1', 50, 40],
      ['A-2', 100, 10],
    ]);
    expect(s.lines).toEqual([
      { label: 'p50', y: 35, secs: 3 * day },
      { label: 'p85', y: 20, secs: 6 * day },
      { label: 'p95', y: 5, secs: 9 * day },
    ]);
  });
});
