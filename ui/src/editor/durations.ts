// Workshop estimates as the window shows them: durations in the unit that reads best, %C&A as
// a percentage. What people type is read by the Rust core (`read_duration`, `read_share`), so
// the window and the command line accept the same words.

import { DURATION_UNITS, type DurationUnit } from '../generated/wire';

const SECONDS: Record<DurationUnit, number> = { minutes: 60, hours: 3600, days: 86_400, weeks: 604_800 };

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The unit a duration reads best in: the largest whose count is a whole number or at least 1. */
export function bestUnit(seconds: number): DurationUnit {
  for (const unit of [...DURATION_UNITS].reverse()) {
    const size = SECONDS[unit];
    if (seconds >= size && Number.isInteger((seconds / size) * 100)) return unit;
  }
  return 'minutes';
}

/** The count shown for `seconds` in `unit`, at most two decimals. */
export function durationText(seconds: number, unit: DurationUnit): string {
  return String(Math.round((seconds / SECONDS[unit]) * 100) / 100);
}

/** A unit's short name: "min", "h", "d", "wk". */
export function unitLabel(unit: DurationUnit): string {
  return { minutes: 'min', hours: 'h', days: 'd', weeks: 'wk' }[unit];
}

/** A typed count (queue, batch, people): empty is none; otherwise a whole number ≥ 0. */
export function parseCount(text: string, what: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+$/.test(trimmed)) return { ok: false, reason: `"${trimmed}" is not a number of ${what}: type a whole number, e.g. 3, or nothing` };
  return { ok: true, value: Number(trimmed) };
}

export const countText = (n: number | undefined): string => (n === undefined ? '' : String(n));

export function percentText(fraction: number | undefined): string {
  return fraction === undefined ? '' : String(Math.round(fraction * 1000) / 10);
}

/** Source states typed one per line or separated by commas. */
export function parseStates(text: string): string[] {
  const states = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(states)];
}

/** A duration in the unit that reads best, e.g. "2 h", "3 d". */
export function durationShort(seconds: number): string {
  const unit = bestUnit(seconds);
  return `${durationText(seconds, unit)} ${unitLabel(unit)}`;
}

/** The estimates on a stage card: "PT 2 h · LT 3 d · C&A 80%"; null when there are none. */
export function estimateSummary(e: { process_time_secs?: number; lead_time_secs?: number; complete_accurate?: number }): string | null {
  const parts: string[] = [];
  if (e.process_time_secs !== undefined) parts.push(`PT ${durationShort(e.process_time_secs)}`);
  if (e.lead_time_secs !== undefined) parts.push(`LT ${durationShort(e.lead_time_secs)}`);
  if (e.complete_accurate !== undefined) parts.push(`C&A ${percentText(e.complete_accurate)}%`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** The workshop's counts on one line: "queue 12 · batch 5 · 3 people"; null when none. */
export function workshopSummary(e: { queue_size?: number; batch_size?: number; people?: number; wip_limit?: number }): string | null {
  const parts: string[] = [];
  if (e.queue_size !== undefined) parts.push(`queue ${e.queue_size}`);
  if (e.batch_size !== undefined) parts.push(`batch ${e.batch_size}`);
  if (e.people !== undefined) parts.push(e.people === 1 ? '1 person' : `${e.people} people`);
  if (e.wip_limit !== undefined) parts.push(`WIP ≤ ${e.wip_limit}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** The one estimate a stage shows large from afar: its lead time, else its process time. */
export function estimateHeadline(e: { process_time_secs?: number; lead_time_secs?: number }): string | null {
  if (e.lead_time_secs !== undefined) return `LT ${durationShort(e.lead_time_secs)}`;
  if (e.process_time_secs !== undefined) return `PT ${durationShort(e.process_time_secs)}`;
  return null;
}
