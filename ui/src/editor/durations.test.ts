import { describe, expect, it } from 'vitest';
import { bestUnit, countText, estimateHeadline, durationText, estimateSummary, parseCount, parseStates, percentText, workshopSummary } from './durations';

describe('durations', () => {
  it('reads a count of items or people as a whole number, or none', () => {
    expect(parseCount(' 12 ', 'items waiting')).toEqual({ ok: true, value: 12 });
    expect(parseCount('', 'people')).toEqual({ ok: true, value: null });
    expect(parseCount('2.5', 'people')).toEqual({ ok: false, reason: '"2.5" is not a number of people: type a whole number, e.g. 3, or nothing' });
    expect(parseCount('-1', 'people').ok).toBe(false);
    expect(countText(3)).toBe('3');
    expect(countText(undefined)).toBe('');
  });

  it('shows a duration in the unit that reads best', () => {
    expect(bestUnit(7200)).toBe('hours');
    expect(bestUnit(3 * 86_400)).toBe('days');
    expect(bestUnit(2 * 604_800)).toBe('weeks');
    expect(bestUnit(90)).toBe('minutes');
    expect(bestUnit(5400)).toBe('hours');
    expect(durationText(5400, 'hours')).toBe('1.5');
  });

  it('writes %C&A as a percentage', () => {
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

  it('puts the workshop counts on one line', () => {
    expect(workshopSummary({ queue_size: 12, batch_size: 5, people: 3 })).toBe('queue 12 · batch 5 · 3 people');
    expect(workshopSummary({ people: 1, wip_limit: 4 })).toBe('1 person · WIP ≤ 4');
    expect(workshopSummary({ people: 1 })).toBe('1 person');
    expect(workshopSummary({})).toBeNull();
  });

  it('picks the lead time, else the process time, to show large from afar', () => {
    expect(estimateHeadline({ process_time_secs: 5400, lead_time_secs: 2 * 86_400 })).toBe('LT 2 d');
    expect(estimateHeadline({ process_time_secs: 5400 })).toBe('PT 1.5 h');
    expect(estimateHeadline({})).toBeNull();
  });
});
