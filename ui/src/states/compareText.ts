// How the comparison of two states of the stream reads: each total before → after and the
// difference, in the unit that reads best. Pure.

import type { ComparisonRow } from '../generated/wire';
import { duration, fixed } from '../flow/format';

/** A total: a duration ("5 d") or a share ("14.2%"); "–" when missing. */
export function totalText(row: ComparisonRow, value: number | null): string {
  if (value === null) return '–';
  return row.unit === 'secs' ? duration(value) : `${fixed(value * 100, 1)}%`;
}

/**
 * The difference after − before, signed: "−6 d", "+15 pp" (percentage points for shares),
 * "no change"; "–" when either side is missing.
 */
export function differenceText(row: ComparisonRow): string {
  const d = row.difference;
  if (d === null) return '–';
  if (Math.abs(d) < 1e-12) return 'no change';
  const sign = d > 0 ? '+' : '−';
  return row.unit === 'secs' ? `${sign}${duration(Math.abs(d))}` : `${sign}${fixed(Math.abs(d) * 100, 1)} pp`;
}

/** Whether the change is for the better: less time, more activity and first-time quality. */
export function isBetter(row: ComparisonRow): boolean | null {
  if (row.difference === null || Math.abs(row.difference) < 1e-12) return null;
  return row.unit === 'secs' ? row.difference < 0 : row.difference > 0;
}
