import { describe, expect, it } from 'vitest';
import type { ForecastView } from '../generated/wire';
import { answers, backtestLines, historyText, outcomeBins, questionText } from './forecastText';

function view(question: ForecastView['forecast']['question'], values: number[], dates: string[]): ForecastView {
  return {
    forecast: {
      question,
      sampling: { window_days: 90, trials: 10000, seed: 1 },
      window_completions: 520,
      days_with_completions: 88,
      daily_mean: 520 / 90,
      likelihoods: values.map((value, i) => ({ confidence: [50, 85, 95][i]!, value })),
      outcomes: [
        { value: 150, trials: 4000 },
        { value: 160, trials: 5000 },
        { value: 175, trials: 1000 },
      ],
      unfinished_trials: 0,
    },
    now: '2026-11-02T00:00:00+00:00',
    window_from: '2026-08-04T00:00:00+00:00',
    dates,
    flow_item_type: null,
    method: '…',
    backtest: { horizon_days: 30, sampling: { window_days: 90, trials: 10000, seed: 1 }, points: Array.from({ length: 13 }, (_, i) => ({ at_ms: i, forecast: [1, 1, 1], actual: 1 })), hit_rates: [6 / 13, 10 / 13, 12 / 13] },
    set: null,
  };
}

describe('forecast text', () => {
  it('says how many items at each confidence, with the date', () => {
    const v = view({ kind: 'how_many', days: 30 }, [173, 160, 153], ['2026-12-02T00:00:00+00:00']);
    expect(questionText(v, 'items')).toBe('How many items will be done in the next 30 days (by 2026-12-02)?');
    expect(answers(v).map((a) => `${a.confidence}: ${a.text}`)).toEqual(['50: at least 173 items', '85: at least 160 items', '95: at least 153 items']);
    expect(historyText(v)).toBe('From 520 items completed in the 90 days from 2026-08-04 to 2026-11-02: 5.8 a day.');
  });

  it('says when, with the days and the date of each confidence', () => {
    const v = view({ kind: 'when', items: 100 }, [32, 35, 1], ['2026-12-04T00:00:00+00:00', '2026-12-07T00:00:00+00:00', '2026-11-03T00:00:00+00:00']);
    expect(questionText(v, 'feature items')).toBe('When will 100 more feature items be done?');
    const set = { source: 'salesforce', key: 'REQ-7', title: 'Refunds', total: 8, done: 3, canceled: 1, open: 4, work: 3, sampled_sources: ['jira'] };
    expect(questionText({ ...v, set }, 'items')).toBe(
      'When will the 3 items of work left under REQ-7 (Refunds) be done? Of 8 items under it: 3 done, 1 canceled, 4 open; the throughput of jira.',
    );
    expect(answers(v).map((a) => a.text)).toEqual(['by 2026-12-04 (32 days)', 'by 2026-12-07 (35 days)', 'by 2026-11-03 (1 day)']);
  });

  it('counts how often the back-test held', () => {
    const v = view({ kind: 'how_many', days: 30 }, [1, 1, 1], ['2026-12-02T00:00:00+00:00']);
    expect(backtestLines(v)).toEqual([
      'Back-test: 13 forecasts of 30 days made every 14 days before now.',
      '50 % answer held 6 of 13 times (46 %)',
      '85 % answer held 10 of 13 times (77 %)',
      '95 % answer held 12 of 13 times (92 %)',
    ]);
    expect(backtestLines({ ...v, backtest: { ...v.backtest!, points: [] } })).toEqual(['Back-test: not enough history before the forecast dates.']);
    const when = view({ kind: 'when', items: 50 }, [9, 10, 11], ['a', 'b', 'c']);
    expect(backtestLines(when)[0]).toBe('Back-test: 13 forecasts of how many would be done in 30 days (the 85 % answer), made every 14 days before now.');
  });

  it('groups outcomes into bars of equal width that keep every trial', () => {
    const v = view({ kind: 'how_many', days: 30 }, [1, 1, 1], ['x']);
    const bins = outcomeBins(v.forecast.outcomes, 16);
    // 150…175 is 26 values: bars of 2.
    expect(bins[0]).toMatchObject({ lower: 150, upper: 152, label: '150–151', count: 4000 });
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(10000);
    expect(bins.find((b) => b.lower <= 160 && 160 < (b.upper ?? 0))!.count).toBe(5000);
    expect(bins.at(-1)!.label).toBe('174–175');
    expect(outcomeBins([{ value: 4, trials: 7 }])).toEqual([{ lower: 4, upper: 5, label: '4', count: 7 }]);
    expect(outcomeBins([])).toEqual([]);
  });
});
