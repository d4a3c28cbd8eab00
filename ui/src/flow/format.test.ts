import { describe, expect, it } from 'vitest';
import { count, decimal, duration, fixed, percent, totalDuration } from './format';

describe('figures read like the CLI writes them', () => {
  it('rounds exact ties to even, as Rust does, and everything else to the nearest', () => {
    expect(fixed(1.25, 1)).toBe('1.2');
    expect(fixed(0.25, 1)).toBe('0.2');
    expect(fixed(0.75, 1)).toBe('0.8');
    // 0.35 and 2.45 are not exact ties in binary: nearest.
    expect(fixed(0.35, 1)).toBe('0.3');
    expect(fixed(2.45, 1)).toBe('2.5');
    expect(fixed(62.5, 0)).toBe('62');
    expect(fixed(63.5, 0)).toBe('64');
    expect(fixed(11.95, 1)).toBe('11.9');
  });

  it('writes durations in the unit that reads best', () => {
    expect(duration(1800)).toBe('30 min');
    expect(duration(2 * 3600)).toBe('2 h');
    expect(duration(36 * 3600)).toBe('1.5 d');
    expect(duration(21 * 86_400)).toBe('3 wk');
    expect(duration(13.9 * 86_400)).toBe('13.9 d');
    expect(duration(1_028_160)).toBe('11.9 d');
    // Whole seconds first, as the CLI: 4,500 s is exactly 1.25 h.
    expect(duration(4500.4)).toBe('1.2 h');
  });

  it('writes shares, counts and decimals', () => {
    expect(percent(0.634)).toBe('63%');
    expect(percent(null)).toBe('–');
    expect(count(1544)).toBe('1,544');
    expect(count(1_234_567)).toBe('1,234,567');
    expect(count(12)).toBe('12');
    expect(decimal(149.84)).toBe('149.8');
    expect(decimal(12)).toBe('12');
    expect(totalDuration(3067.9 * 7 * 86_400)).toBe('3,067.9 wk');
    expect(totalDuration(1800)).toBe('30 min');
  });
});
