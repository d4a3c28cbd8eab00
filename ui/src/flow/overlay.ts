// The heat overlay: for each stage, the figure of the chosen mode, its heat (0 the least, 1 the
// most) on the mode's scale, the colour that heat gets, and the words written on the stage.

import type { HandoffWait, Metrics, NodeId, StageMetrics } from '../generated/wire';
import { heatColour, textOn } from './colour';
import { FORMULAS, over } from './figures';
import { count, duration, percent } from './format';

export type OverlayMode = 'none' | 'waiting' | 'time' | 'efficiency' | 'load' | 'bottleneck' | 'rework';
export type Percentile = 'p50' | 'p85';

export const OVERLAY_MODES: { mode: OverlayMode; label: string }[] = [
  { mode: 'none', label: 'No overlay' },
  { mode: 'waiting', label: 'Waiting time' },
  { mode: 'time', label: 'Time in stage' },
  { mode: 'efficiency', label: 'Flow efficiency' },
  { mode: 'load', label: 'Load (WIP)' },
  { mode: 'bottleneck', label: 'Bottleneck score' },
  { mode: 'rework', label: 'Rework' },
];

/** Whether a mode's figure has a percentile to choose. */
export const usesPercentile = (mode: OverlayMode) => mode === 'waiting' || mode === 'time';

/** What the overlay draws on one stage. */
export type StageHeat = {
  /** The figure, or null when the stage has no items to measure. */
  value: number | null;
  /** 0 the least, 1 the most on the mode's scale; null without a value. */
  heat: number | null;
  fill: string;
  text: string;
  /** Written on the stage: "waits 4.2 d (p50)". */
  figure: string;
  /** Its formula, count and raw value. */
  title: string;
  /** The stage with the biggest share of waiting time (when there is any waiting). */
  bottleneck: boolean;
};

/** The scale of a mode: how values turn into heat, and the legend's words at its two ends. */
export type HeatScale = {
  kind: 'log' | 'linear';
  min: number;
  max: number;
  /** What the figure is, for the legend: "Waiting time p50". */
  title: string;
  /** The legend's ends: the least heat, the most. */
  low: string;
  high: string;
  /** Whether more of the figure is better (efficiency): the heat then runs the other way. */
  higherIsBetter: boolean;
};

export type StageOverlay = { scale: HeatScale | null; stages: Map<NodeId, StageHeat> };

const NO_DATA_FILL = '#e2e8f0';
const NO_DATA_TEXT = '#334155';

/** A stage's flow efficiency: Σ active ÷ Σ (active + waiting) in it. */
export function stageEfficiency(s: StageMetrics): number | null {
  const total = s.active_total_secs + s.waiting_total_secs;
  return total > 0 ? s.active_total_secs / total : null;
}

type Read = { value: number | null; n: number; figure: (v: number) => string; title: (v: number | null) => string };

function read(s: StageMetrics, mode: Exclude<OverlayMode, 'none'>, pct: Percentile): Read {
  switch (mode) {
    case 'waiting':
      return {
        value: s.waiting[pct],
        n: s.waiting.count,
        figure: (v) => `waits ${duration(v)} (${pct})`,
        title: (v) => `Waiting time ${pct} ${v === null ? '–' : duration(v)} ${over(s.waiting.count)}. ${FORMULAS.waiting}`,
      };
    case 'time':
      return {
        value: s.time[pct],
        n: s.time.count,
        figure: (v) => `in stage ${duration(v)} (${pct})`,
        title: (v) => `Time in stage ${pct} ${v === null ? '–' : duration(v)} ${over(s.time.count)}. ${FORMULAS.time}`,
      };
    case 'efficiency': {
      return {
        value: stageEfficiency(s),
        n: s.entered,
        figure: (v) => `efficiency ${percent(v)}`,
        title: (v) => `Flow efficiency in the stage ${percent(v)} ${over(s.entered)}. ${FORMULAS.stageEfficiency}`,
      };
    }
    case 'load':
      return {
        value: s.load_current,
        n: s.load_current,
        figure: (v) => `WIP ${count(v)} now`,
        title: (v) => `${count(v ?? 0)} items in the stage now; ${s.load_average.toFixed(1)} on average over the window. ${FORMULAS.load}`,
      };
    case 'bottleneck':
      return {
        value: s.bottleneck_score,
        n: s.entered,
        figure: (v) => `${percent(v)} of waiting`,
        title: (v) => `Bottleneck score ${percent(v)} (rank ${s.bottleneck_rank}) ${over(s.entered)}. ${FORMULAS.bottleneck}`,
      };
    case 'rework':
      return {
        value: s.reentry_rate,
        n: s.entered,
        figure: (v) => `rework ${percent(v)}`,
        title: (v) => `Re-entry rate ${percent(v)} ${over(s.entered)}. ${FORMULAS.reentry}`,
      };
  }
}

const TITLES: Record<Exclude<OverlayMode, 'none'>, string> = {
  waiting: 'Waiting time',
  time: 'Time in stage',
  efficiency: 'Flow efficiency',
  load: 'Items in stage now',
  bottleneck: 'Share of all waiting',
  rework: 'Re-entry rate',
};

/** The scale of a mode over the stages' values: durations on a log scale, shares on [0, 1], load from 0. */
export function scaleFor(mode: Exclude<OverlayMode, 'none'>, pct: Percentile, values: number[]): HeatScale {
  const title = usesPercentile(mode) ? `${TITLES[mode]} ${pct}` : TITLES[mode];
  if (mode === 'waiting' || mode === 'time') {
    const positive = values.filter((v) => v > 0);
    const min = positive.length > 0 ? Math.min(...positive) : 0;
    const max = positive.length > 0 ? Math.max(...positive) : 0;
    return { kind: 'log', min, max, title, low: duration(min), high: duration(max), higherIsBetter: false };
  }
  if (mode === 'load') {
    const max = Math.max(0, ...values);
    return { kind: 'linear', min: 0, max, title, low: '0', high: count(max), higherIsBetter: false };
  }
  const higherIsBetter = mode === 'efficiency';
  return { kind: 'linear', min: 0, max: 1, title, low: higherIsBetter ? '100%' : '0%', high: higherIsBetter ? '0%' : '100%', higherIsBetter };
}

/** Where `value` sits on `scale`: 0 the least heat, 1 the most. */
export function heatOf(scale: HeatScale, value: number): number {
  let t: number;
  if (scale.max <= scale.min) t = value > 0 || scale.max > 0 ? 1 : 0;
  else if (scale.kind === 'log') {
    t = value <= scale.min ? 0 : (Math.log(value) - Math.log(scale.min)) / (Math.log(scale.max) - Math.log(scale.min));
  } else t = (value - scale.min) / (scale.max - scale.min);
  t = Math.min(1, Math.max(0, t));
  return scale.higherIsBetter ? 1 - t : t;
}

/** The overlay of every stage in `metrics` for `mode`. */
export function stageOverlay(metrics: Metrics, mode: OverlayMode, pct: Percentile): StageOverlay {
  const stages = new Map<NodeId, StageHeat>();
  const topWaiting = metrics.stages.find((s) => s.bottleneck_rank === 1 && s.bottleneck_score > 0)?.id;
  if (mode === 'none') return { scale: null, stages };
  const reads = metrics.stages.map((s) => ({ s, r: read(s, mode, pct) }));
  const values = reads.flatMap(({ r }) => (r.value === null || r.n === 0 ? [] : [r.value]));
  const scale = scaleFor(mode, pct, values);
  for (const { s, r } of reads) {
    const measured = r.value !== null && r.n > 0;
    const heat = measured ? heatOf(scale, r.value!) : null;
    const fill = heat === null ? NO_DATA_FILL : heatColour(heat);
    stages.set(s.id, {
      value: measured ? r.value : null,
      heat,
      fill,
      text: heat === null ? NO_DATA_TEXT : textOn(fill),
      figure: measured ? r.figure(r.value!) : 'no items',
      title: r.title(measured ? r.value : null),
      bottleneck: s.id === topWaiting,
    });
  }
  return { scale, stages };
}

/** The wait written on a handoff: "waits 2.1 d (p50, 812)". */
export function handoffLabel(h: HandoffWait, pct: Percentile): string | null {
  const v = h.wait[pct];
  if (v === null || h.wait.count === 0) return null;
  return `waits ${duration(v)} (${pct}, ${count(h.wait.count)})`;
}

/** Handoff waits by "from→to" stage ids. */
export function handoffWaits(metrics: Metrics): Map<string, HandoffWait> {
  return new Map(metrics.handoffs.map((h) => [`${h.from}→${h.to}`, h]));
}
