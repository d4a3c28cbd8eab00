// Workshop estimates as people type them: a number and a unit, stored in seconds; %C&A as a
// percentage, stored as a fraction.

export type DurationUnit = 'minutes' | 'hours' | 'days' | 'weeks';

export const DURATION_UNITS: { unit: DurationUnit; seconds: number; label: string }[] = [
  { unit: 'minutes', seconds: 60, label: 'minutes' },
  { unit: 'hours', seconds: 3600, label: 'hours' },
  { unit: 'days', seconds: 86_400, label: 'days' },
  { unit: 'weeks', seconds: 604_800, label: 'weeks' },
];

const SECONDS: Record<DurationUnit, number> = Object.fromEntries(
  DURATION_UNITS.map((u) => [u.unit, u.seconds]),
) as Record<DurationUnit, number>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The unit a duration reads best in: the largest whose count is a whole number or at least 1. */
export function bestUnit(seconds: number): DurationUnit {
  for (const { unit, seconds: size } of [...DURATION_UNITS].reverse()) {
    if (seconds >= size && Number.isInteger((seconds / size) * 100)) return unit;
  }
  return 'minutes';
}

/** The count shown for `seconds` in `unit`, at most two decimals. */
export function durationText(seconds: number, unit: DurationUnit): string {
  return String(Math.round((seconds / SECONDS[unit]) * 100) / 100);
}

/** A typed duration: empty is "no estimate" (null); otherwise a number ≥ 0. */
export function parseDuration(text: string, unit: DurationUnit): Parsed<number | null> {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return { ok: true, value: null };
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return { ok: false, reason: `"${text.trim()}" is not a number` };
  if (n < 0) return { ok: false, reason: 'a duration cannot be negative' };
  return { ok: true, value: Math.round(n * SECONDS[unit]) };
}

/** A typed %C&A: empty is "no estimate"; otherwise a percentage (a trailing % is fine). */
export function parsePercent(text: string): Parsed<number | null> {
  const trimmed = text.trim().replace(/%$/, '').trim().replace(',', '.');
  if (trimmed === '') return { ok: true, value: null };
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return { ok: false, reason: `"${text.trim()}" is not a number` };
  // The core refuses values outside 0–100 % with its own reason.
  return { ok: true, value: n / 100 };
}

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
  const label = { minutes: 'min', hours: 'h', days: 'd', weeks: 'wk' }[unit];
  return `${durationText(seconds, unit)} ${label}`;
}

/** The estimates on a stage card: "PT 2 h · LT 3 d · C&A 80%"; null when there are none. */
export function estimateSummary(e: { process_time_secs?: number; lead_time_secs?: number; complete_accurate?: number }): string | null {
  const parts: string[] = [];
  if (e.process_time_secs !== undefined) parts.push(`PT ${durationShort(e.process_time_secs)}`);
  if (e.lead_time_secs !== undefined) parts.push(`LT ${durationShort(e.lead_time_secs)}`);
  if (e.complete_accurate !== undefined) parts.push(`C&A ${percentText(e.complete_accurate)}%`);
  return parts.length > 0 ? parts.join(' · ') : null;
}
