// The geometry of the flow view's charts (plain SVG): scales, bars, lines with gaps, the
// cumulative flow diagram and the flow-time scatterplot. Pure: numbers in, shapes out.

import type { CfdPoint, Distribution, FlowTimePoint } from '../generated/wire';

export type Box = { width: number; height: number };
export type Rect = { x: number; y: number; width: number; height: number };

/** A linear map from [d0, d1] onto [r0, r1]; a zero-width domain maps to r0. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** A "nice" upper bound for an axis: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= max - 1e-9 * power) return step * power;
  return 10 * power;
}

/** Label positions at least `gap` apart (in the order given, top to bottom), each as near its own `y` as can be. */
export function spread(ys: number[], gap: number): number[] {
  const out: number[] = [];
  for (const y of ys) out.push(out.length > 0 ? Math.min(y, out[out.length - 1]! - gap) : y);
  return out;
}

/** Vertical bars of `values` side by side in `box`, from the bottom, `gap` between them. */
export function bars(values: number[], box: Box, gap = 2, max = Math.max(0, ...values)): Rect[] {
  const n = values.length;
  if (n === 0) return [];
  const slot = box.width / n;
  const y = linear(0, max, box.height, 0);
  return values.map((v, i) => {
    const top = max > 0 ? y(v) : box.height;
    return { x: i * slot + gap / 2, y: top, width: Math.max(0, slot - gap), height: box.height - top };
  });
}

/** Stacked bars: `series[i]` holds the parts of bar i, bottom first. */
export function stackedBars(series: number[][], box: Box, gap = 2, max = Math.max(0, ...series.map((parts) => parts.reduce((a, b) => a + b, 0)))): Rect[][] {
  const slot = series.length > 0 ? box.width / series.length : 0;
  const y = linear(0, max, box.height, 0);
  return series.map((parts, i) => {
    let below = 0;
    return parts.map((v) => {
      const bottom = max > 0 ? y(below) : box.height;
      below += v;
      const top = max > 0 ? y(below) : box.height;
      return { x: i * slot + gap / 2, y: top, width: Math.max(0, slot - gap), height: bottom - top };
    });
  });
}

/** An SVG path through the points, broken where a value is missing. */
export function linePath(values: (number | null)[], box: Box, max = Math.max(0, ...values.filter((v): v is number => v !== null))): string {
  const n = values.length;
  const x = linear(0, Math.max(1, n - 1), 0, box.width);
  const y = linear(0, max > 0 ? max : 1, box.height, 0);
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${round(n === 1 ? box.width / 2 : x(i))},${round(y(v))}`;
    pen = true;
  });
  return d;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** One band of the cumulative flow diagram: a stage's (or the completed items') band. */
export type CfdBand = {
  /** The stage's index in flow order; -1 for the completed items. */
  index: number;
  /** The band's upper edge at each sample: the stage's arrivals (the completed count for -1). */
  top: number[];
  /** The items in the band at the last sample: arrived here and not yet further on. */
  last: number;
  /** The band's outline: along its upper edge, back along its lower one. */
  area: string;
  /** The band's middle at the last sample, for its label, and its height there (px). */
  labelY: number;
  thickness: number;
};

/**
 * The cumulative flow diagram as stacked bands (Vacanti): the engine counts each stage's
 * arrivals cumulatively (entered it or a later stage, or completed), so each stage's line lies
 * on or under the one before. The bands stack in flow order, the first stage on top, the
 * completed items at the bottom; a band's height is the items whose furthest point is its stage.
 */
export function cfdBands(points: CfdPoint[], stages: number, box: Box): { bands: CfdBand[]; max: number } {
  const max = niceMax(Math.max(1, ...points.flatMap((p) => [...p.arrived, p.done])));
  const n = points.length;
  const x = linear(0, Math.max(1, n - 1), 0, box.width);
  const y = linear(0, max, box.height, 0);
  // Edges top to bottom: each stage's arrivals, then the completed, then 0.
  const edge = (k: number) => points.map((p) => (k < stages ? (p.arrived[k] ?? 0) : k === stages ? p.done : 0));
  const bands: CfdBand[] = [];
  for (let k = 0; k <= stages; k++) {
    const top = edge(k);
    const bottom = edge(k + 1).map((v, i) => Math.min(v, top[i]!));
    const upper = top.map((v, i) => `${round(x(i))},${round(y(v))}`);
    const lower = bottom.map((v, i) => `${round(x(i))},${round(y(v))}`).reverse();
    const area = n > 0 ? `M${upper.join('L')}L${lower.join('L')}Z` : '';
    const lastTop = top[n - 1] ?? 0;
    const lastBottom = bottom[n - 1] ?? 0;
    bands.push({
      index: k === stages ? -1 : k,
      top,
      last: lastTop - lastBottom,
      area,
      labelY: round((y(lastTop) + y(lastBottom)) / 2),
      thickness: round(y(lastBottom) - y(lastTop)),
    });
  }
  return { bands, max };
}

/** Ticks of a value axis from 0 to `max`: 0, a middle one, `max` (nice bounds divide well). */
export function ticks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** The scatterplot of flow times: a dot per item, and the percentile lines of all of them. */
export type Scatter = {
  dots: { x: number; y: number; key: string; type: FlowTimePoint['flow_item_type']; secs: number; at: string }[];
  lines: { label: string; y: number; secs: number }[];
  maxSecs: number;
};

/**
 * Dots at (completion instant, flow time) between `from` and `to` (milliseconds), flow time on
 * a linear scale from 0 to a nice bound over the largest; lines at p50, p85 and p95 of
 * `distribution` (every item completed in the window, not only the dots drawn).
 */
export function scatter(points: FlowTimePoint[], distribution: Distribution, from: number, to: number, box: Box): Scatter {
  const largest = Math.max(0, ...points.map((p) => p.flow_time_secs), distribution.max ?? 0);
  const maxSecs = niceMax(largest / 86_400) * 86_400;
  const x = linear(from, to, 0, box.width);
  const y = linear(0, maxSecs, box.height, 0);
  const dots = points.map((p) => ({
    x: round(x(Date.parse(p.completed_at))),
    y: round(y(p.flow_time_secs)),
    key: p.key,
    type: p.flow_item_type,
    secs: p.flow_time_secs,
    at: p.completed_at,
  }));
  const lines = (['p50', 'p85', 'p95'] as const).flatMap((label) => {
    const secs = distribution[label];
    return secs === null ? [] : [{ label, y: round(y(secs)), secs }];
  });
  return { dots, lines, maxSecs };
}

/** The share of `part` in `whole` as a width within `width`. */
export function shareWidth(part: number, whole: number, width: number): number {
  return whole > 0 ? (part / whole) * width : 0;
}
