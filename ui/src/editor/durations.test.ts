import { describe, expect, it } from 'vitest';
import { bestUnit, durationText, estimateSummary, parseDuration, parsePercent, parseStates, percentText } from './durations';

describe('durations', () => {
  it('reads a number in the unit chosen as seconds', () => {
    expect(parseDuration('2', 'hours')).toEqual({ ok: true, value: 7200 });
    expect(parseDuration('1,5', 'days')).toEqual({ ok: true, value: 129_600 });
    expect(parseDuration('  ', 'days')).toEqual({ ok: true, value: null });
  });

  it('refuses what is not a duration, saying why', () => {
    expect(parseDuration('soon', 'hours')).toEqual({ ok: false, reason: '"soon" is not a number' });
    expect(parseDuration('-1', 'hours')).toEqual({ ok: false, reason: 'a duration cannot be negative' });
  });

  it('shows a duration in the unit that reads best', () => {
    expect(bestUnit(7200)).toBe('hours');
    expect(bestUnit(3 * 86_400)).toBe('days');
    expect(bestUnit(2 * 604_800)).toBe('weeks');
    expect(bestUnit(90)).toBe('minutes');
    expect(bestUnit(5400)).toBe('hours');
    expect(durationText(5400, 'hours')).toBe('1.5');
  });

  it('reads %C&A as a percentage', () => {
    expect(parsePercent('80%')).toEqual({ ok: true, value: 0.8 });
    expect(parsePercent('')).toEqual({ ok: true, value: null });
    expect(parsePercent('lots').ok).toBe(false);
    expect(percentText(0.855)).toBe('85.5');
    expect(percentText(undefined)).toBe('');
  });

  it('reads source states one per line or comma-separated, without repeats', () => {
    expect(parseStates('In Review, Ready for QA\nIn QA\n\nIn QA')).toEqual(['In Review', 'Ready for QA', 'In QA']);
  });
});

describe('estimateSummary', () => {
  it('puts what the workshop estimated on one line', () => {
    expect(estimateSummary({ process_time_secs: 7200, lead_time_secs: 3 * 86_400, complete_accurate: 0.8 })).toBe(
      'PT 2 h · LT 3 d · C&A 80%',
    );
    expect(estimateSummary({})).toBeNull();
  });
});
