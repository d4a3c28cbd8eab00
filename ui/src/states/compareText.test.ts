import { describe, expect, it } from 'vitest';
import type { ComparisonRow } from '../generated/wire';
import { differenceText, isBetter, totalText } from './compareText';

const row = (unit: string, before: number | null, after: number | null): ComparisonRow => ({
  figure: 'x',
  unit,
  before,
  after,
  difference: before !== null && after !== null ? after - before : null,
  formula: '',
});

describe('a comparison of two states', () => {
  it('reads durations in the unit that reads best and signs the difference', () => {
    const lead = row('secs', 864_000, 345_600);
    expect(totalText(lead, lead.before)).toBe('10 d');
    expect(totalText(lead, lead.after)).toBe('4 d');
    expect(differenceText(lead)).toBe('−6 d');
    expect(isBetter(lead)).toBe(true);
  });

  it('reads shares as percentages and their difference in points', () => {
    const ratio = row('share', 122_400 / 864_000, 100_800 / 345_600);
    expect(totalText(ratio, ratio.before)).toBe('14.2%');
    expect(totalText(ratio, ratio.after)).toBe('29.2%');
    expect(differenceText(ratio)).toBe('+15.0 pp');
    expect(isBetter(ratio)).toBe(true);
    const worse = row('share', 0.5, 0.4);
    expect(differenceText(worse)).toBe('−10.0 pp');
    expect(isBetter(worse)).toBe(false);
  });

  it('says when a side is missing or nothing changed', () => {
    expect(differenceText(row('share', null, 0.3))).toBe('–');
    expect(totalText(row('share', null, 0.3), null)).toBe('–');
    expect(differenceText(row('secs', 3600, 3600))).toBe('no change');
    expect(isBetter(row('secs', 3600, 3600))).toBe(null);
  });
});
