// How the flow view writes figures: durations in the unit that reads best (calendar time, the
// way `flowmap metrics` prints them, so the window and the terminal agree to the digit), shares
// as percentages, counts with thousands separators.

/**
 * `value` with `digits` decimals, rounded the way Rust's `format!("{:.1}")` rounds: to the
 * nearest, and an exact tie (1.25 is exactly representable) to the even digit. `toFixed` rounds
 * ties up, so exact ties are found from the value's full decimal expansion.
 */
export function fixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const plain = value.toFixed(digits);
  const exact = Math.abs(value).toFixed(Math.min(100, digits + 60));
  const point = exact.indexOf('.');
  const rest = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return plain;
  // An exact tie: toFixed went away from zero; half-to-even keeps the even last digit.
  const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
  const last = Number(kept[kept.length - 1]);
  if (last % 2 === 0) return (value < 0 ? '-' : '') + kept;
  return plain;
}

/** Calendar time in the unit that reads best: "45 min", "6 h", "2.5 d", "3 wk" (as the CLI). */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const [value, unit] =
    s < 3600 ? [s / 60, 'min'] : s < 86_400 ? [s / 3600, 'h'] : s < 14 * 86_400 ? [s / 86_400, 'd'] : [s / (7 * 86_400), 'wk'];
  return `${fixed(value, 1).replace(/\.0$/, '')} ${unit}`;
}

/** A sum of durations, which can run to thousands of weeks: "3,067.9 wk". */
export function totalDuration(seconds: number): string {
  const [number, unit] = duration(seconds).split(' ') as [string, string];
  const [whole, fraction] = number.split('.') as [string, string | undefined];
  return `${count(Number(whole))}${fraction ? `.${fraction}` : ''} ${unit}`;
}

/** A duration that may be missing. */
export function maybeDuration(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '–' : duration(seconds);
}

/** A share in [0, 1] as a whole percentage: "63%" (as the CLI). */
export function percent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined ? '–' : `${fixed(fraction * 100, 0)}%`;
}

/** A count with thousands separators: "1,544". */
export function count(n: number): string {
  const digits = String(Math.round(n));
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 item", "812 items". */
export function items(n: number): string {
  return `${count(n)} ${n === 1 ? 'item' : 'items'}`;
}

/** A number with one decimal at most: "149.8", "12". */
export function decimal(value: number): string {
  return fixed(value, 1).replace(/\.0$/, '');
}

/** The raw value behind a duration, for a tooltip: "1,028,160 s = 11.9 d (calendar time)". */
export function rawDuration(seconds: number): string {
  return `${count(seconds)} s = ${duration(seconds)} (calendar time)`;
}

/** An instant as a date, UTC: "2026-11-02". */
export function day(instant: string): string {
  return instant.slice(0, 10);
}
