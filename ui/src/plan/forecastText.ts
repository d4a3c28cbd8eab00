// What the Forecast card says, pure: each confidence's answer in words, the outcomes as
// histogram bars, the back-test's hit rates. The numbers come from Rust (`forecast`).

import type { ForecastView, HistogramBin, Outcome } from '../generated/wire';
import { count, day, items } from '../flow/format';

export type ForecastAnswer = { confidence: number; text: string; date: string };

/** "at least 160 items" or "by 2026-12-07 (35 days)", one per confidence. */
export function answers(view: ForecastView): ForecastAnswer[] {
  const q = view.forecast.question;
  return view.forecast.likelihoods.map((l, i) => {
    if (q.kind === 'how_many') {
      return { confidence: l.confidence, text: `at least ${items(l.value)}`, date: day(view.dates[0] ?? view.now) };
    }
    const d = day(view.dates[i] ?? view.now);
    return { confidence: l.confidence, text: `by ${d} (${days(l.value)})`, date: d };
  });
}

/** The question in words. */
export function questionText(view: ForecastView, kind: string): string {
  const q = view.forecast.question;
  if (q.kind === 'how_many') return `How many ${kind} will be done in the next ${days(q.days)} (by ${day(view.dates[0] ?? view.now)})?`;
  const set = view.set;
  if (set) {
    return `When will the ${items(set.work)} of work left under ${set.key} (${set.title}) be done? Of ${items(set.total)} under it: ${count(set.done)} done, ${count(set.canceled)} canceled, ${count(set.open)} open; the throughput of ${set.sampled_sources.join(', ')}.`;
  }
  return `When will ${count(q.items)} more ${kind} be done?`;
}

/** Where the forecast comes from, in a sentence. */
export function historyText(view: ForecastView): string {
  const f = view.forecast;
  return `From ${items(Number(f.window_completions))} completed in the ${days(f.sampling.window_days)} from ${day(view.window_from)} to ${day(view.now)}: ${f.daily_mean.toFixed(1)} a day.`;
}

/** The back-test's hit rates: "85 %: held 11 of 13 times (85 %)". */
export function backtestLines(view: ForecastView): string[] {
  const b = view.backtest;
  if (!b) return [];
  if (b.points.length === 0) return ['Back-test: not enough history before the forecast dates.'];
  const n = b.points.length;
  const first =
    view.forecast.question.kind === 'how_many'
      ? `Back-test: ${count(n)} forecasts of ${days(b.horizon_days)} made every 14 days before now.`
      : `Back-test: ${count(n)} forecasts of how many would be done in ${days(b.horizon_days)} (the 85 % answer), made every 14 days before now.`;
  return [
    first,
    ...view.forecast.likelihoods.map((l, k) => {
      const rate = b.hit_rates[k] ?? 0;
      return `${l.confidence} % answer held ${count(Math.round(rate * n))} of ${count(n)} times (${Math.round(rate * 100)} %)`;
    }),
  ];
}

/**
 * The outcomes as at most `most` bars of equal width in value, each counting its trials; a
 * bar's label is its value or range ("12–14").
 */
export function outcomeBins(outcomes: Outcome[], most = 16): HistogramBin[] {
  if (outcomes.length === 0) return [];
  const lo = outcomes[0]!.value;
  const hi = outcomes[outcomes.length - 1]!.value;
  const width = Math.max(1, Math.ceil((hi - lo + 1) / most));
  const bins: HistogramBin[] = [];
  for (let start = lo; start <= hi; start += width) {
    const end = start + width - 1;
    bins.push({ lower: start, upper: end + 1, label: width === 1 ? String(start) : `${start}–${Math.min(end, hi)}`, count: 0 });
  }
  for (const o of outcomes) bins[Math.floor((o.value - lo) / width)]!.count += o.trials;
  return bins;
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${count(n)} days`;
}
