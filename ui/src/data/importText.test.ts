import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../generated/wire';
import { formatCount, summaryText, timeSpan } from './importText';

const summary: ImportSummary = {
  counts: { rows: 1200, items: 300, transitions: 1200 },
  states: ['Backlog', 'Doing', 'Done'],
  span: ['2024-03-01T09:00:00Z', '2024-03-05T09:00:00Z'],
  zoneless: 0,
  notices: [],
};

describe('what the Data view says about a log', () => {
  it('counts with separators', () => expect(formatCount(12345)).toBe('12,345'));

  it('gives the time span in days', () => {
    expect(timeSpan(summary)).toBe('2024-03-01 to 2024-03-05');
    expect(timeSpan({ ...summary, span: ['2024-03-01T09:00:00Z', '2024-03-01T18:00:00Z'] })).toBe('2024-03-01');
    expect(timeSpan({ ...summary, span: null })).toBe('no times');
  });

  it('says what the import will do, and the zone of times without one', () => {
    expect(summaryText(summary, 'UTC')).toBe('Will import 1,200 rows, 300 items, 1,200 state changes, 3 states from 2024-03-01 to 2024-03-05.');
    expect(summaryText({ ...summary, zoneless: 2 }, 'Europe/Berlin')).toContain('2 times without a zone, read in Europe/Berlin');
  });
});
