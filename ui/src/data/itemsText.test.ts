import { describe, expect, it } from 'vitest';
import type { TimelineStep } from '../generated/wire';
import { barShares } from './itemsText';

const step = (duration_secs: number, current = false): TimelineStep => ({ state: 's', at: '2024-03-01T00:00:00Z', at_ms: 0, duration_secs, current, stage: null, category: 'Active' });

describe('the timeline bar', () => {
  it('gives each state its share of the time, and a finished item’s last state only a sliver', () => {
    const shares = barShares([step(3600), step(3 * 3600), step(1e9, true)], true);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100);
    expect(shares[1]! / shares[0]!).toBeCloseTo(3);
    expect(shares[2]!).toBeLessThan(1);
    // In flight, the current state's time counts.
    expect(barShares([step(3600), step(3600, true)], false)).toEqual([50, 50]);
  });
});
