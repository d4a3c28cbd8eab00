// How the what-if reads: each figure simulated now → after, with what was measured beside, the
// people of each stage, and how close the simulation of the current state came to the data.
// Pure.

import type { Compared, Figures, Reproduction, StageWhatIf } from '../generated/wire';
import { duration, fixed } from '../flow/format';

export type Pct = 'p50_secs' | 'p85_secs';

/** A figure's percentile as a duration; "–" when there is none. */
export function figureText(f: Figures | null, pct: Pct): string {
  return f ? duration(f[pct]) : '–';
}

/** The change after − baseline of a percentile, signed ("−9 d"), or "no change". */
export function changeText(c: Compared, pct: Pct): string {
  if (!c.baseline || !c.after) return '–';
  const d = c.after[pct] - c.baseline[pct];
  if (Math.abs(d) < 30) return 'no change';
  return `${d > 0 ? '+' : '−'}${duration(Math.abs(d))}`;
}

/** Whether the change is for the better (shorter), worse, or none. */
export function changeClass(c: Compared, pct: Pct): '' | 'better' | 'worse' {
  if (!c.baseline || !c.after) return '';
  const d = c.after[pct] - c.baseline[pct];
  if (Math.abs(d) < 30) return '';
  return d < 0 ? 'better' : 'worse';
}

/** A stage's people: "3", "3 → 5" when the change sets them, "merged" when its handoff goes. */
export function peopleText(s: StageWhatIf): string {
  if (s.merged_into_previous) return 'merged';
  return s.servers === s.servers_after ? `${s.servers}` : `${s.servers} → ${s.servers_after}`;
}

/** How far the simulated current state is from what was measured, in a sentence. */
export function reproductionText(r: Reproduction): string {
  const by = `${fixed(r.max_difference * 100, 1)} %`;
  const tol = `${fixed(r.tolerance * 100, 0)} %`;
  return r.within
    ? `Simulated as it is, the stream reproduces what was measured within ${by} (largest on ${r.worst_figure}; tolerance ${tol}).`
    : `Simulated as it is, the stream differs from what was measured by ${by} on ${r.worst_figure} (tolerance ${tol}): read the changes with care.`;
}
