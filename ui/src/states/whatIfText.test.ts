import { describe, expect, it } from 'vitest';
import type { Compared, StageWhatIf } from '../generated/wire';
import { changeClass, changeText, figureText, peopleText, reproductionText } from './whatIfText';

const f = (p50: number, p85: number) => ({ items: 10, p50_secs: p50, p85_secs: p85, mean_secs: p50 });
const DAY = 86_400;

describe('what-if text', () => {
  it('reads each figure and its change', () => {
    const c: Compared = { measured: f(30 * DAY, 40 * DAY), baseline: f(30 * DAY, 41 * DAY), after: f(21 * DAY, 41 * DAY) };
    expect(figureText(c.after, 'p50_secs')).toBe('3 wk');
    expect(figureText(null, 'p50_secs')).toBe('–');
    expect(changeText(c, 'p50_secs')).toBe('−9 d');
    expect(changeClass(c, 'p50_secs')).toBe('better');
    expect(changeText(c, 'p85_secs')).toBe('no change');
    expect(changeClass(c, 'p85_secs')).toBe('');
    expect(changeText({ measured: null, baseline: null, after: null }, 'p50_secs')).toBe('–');
  });

  it('says the people and how close the baseline came', () => {
    const s = { servers: 3, servers_after: 5 } as StageWhatIf;
    expect(peopleText(s)).toBe('3 → 5');
    expect(peopleText({ ...s, servers_after: 3 })).toBe('3');
    expect(peopleText({ ...s, merged_into_previous: true })).toBe('merged');
    expect(reproductionText({ max_difference: 0.076, worst_figure: 'Release time p85', tolerance: 0.1, within: true })).toBe(
      'Simulated as it is, the stream reproduces what was measured within 7.6 % (largest on Release time p85; tolerance 10 %).',
    );
    expect(reproductionText({ max_difference: 0.14, worst_figure: 'flow time p50', tolerance: 0.1, within: false })).toContain('read the changes with care');
  });
});
