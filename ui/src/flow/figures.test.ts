import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS } from './filters';
import { littleText, over, windowText } from './figures';
import { metricsFixture } from './testMetrics';

describe('what every figure says about itself', () => {
  it('names its window, filters and the as-of instant', () => {
    const { window } = metricsFixture();
    expect(windowText(window, DEFAULT_FILTERS, null)).toBe('items completed from the first event to 2026-11-02 · as of 2026-11-02');
    expect(
      windowText(
        { ...window, kind: 'during', from: '2026-08-10T00:00:00Z', flow_item_type: 'Defect', now: '2026-11-02T09:30:00Z' },
        { ...DEFAULT_FILTERS, sources: ['jira'] },
        'Nearshore Partner Ltd',
      ),
    ).toBe('time spent from 2026-08-10 to 2026-11-02 · defects only · source jira · through Nearshore Partner Ltd · as of 2026-11-02T09:30Z');
  });

  it('says how many items it counts', () => {
    expect(over(1)).toBe('over 1 item');
    expect(over(1544)).toBe('over 1,544 items');
    expect(over(4, 'handoff')).toBe('over 4 handoffs');
  });

  it('writes Little’s law as a comparison', () => {
    expect(littleText(149.84, 128.5, 1.166)).toBe('L 149.8 vs λW 128.5 (ratio 1.17)');
    expect(littleText(3, null, null)).toBe('L 3; no completed items to compare');
  });
});
