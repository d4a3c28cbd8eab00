// The heat overlay, presentation only: the backend computes each stage's figure and heat per
// overlay mode (FlowView.overlays, crates/flowmap-api/src/overlay.rs; docs/metrics.md, "Heat
// overlay"); this writes them in words and gives the heat its colour.

import type { FlowView, HandoffWait, NodeId, Overlay, OverlayMode, Percentile, StageMetrics } from '../generated/wire';
import { OVERLAY_MODES as MODES } from '../generated/wire';
import { heatColour, textOn } from './colour';
import { FORMULAS, over } from './figures';
import { count, duration, percent } from './format';

export type { OverlayMode, Percentile };

/** Each mode's name in the menu. */
const LABELS: Record<OverlayMode, string> = {
  none: 'No overlay',
  waiting: 'Waiting time',
  time: 'Time in stage',
  efficiency: 'Flow efficiency',
  load: 'Load (WIP)',
  bottleneck: 'Bottleneck score',
  rework: 'Rework',
};

/** The modes in menu order, as Rust lists them, with their names. */
export const OVERLAY_MODES: { mode: OverlayMode; label: string }[] = MODES.map((mode) => ({ mode, label: LABELS[mode] }));

/** The figures of `mode` at `pct` (modes without a percentile have one set of figures). */
function overlayOf(view: FlowView, mode: OverlayMode, pct: Percentile): Overlay | undefined {
  return view.overlays.find((o) => o.mode === mode && (o.percentile === null || o.percentile === pct));
}

/** Whether a mode's figure has a percentile to choose (as the backend computes it). */
export const usesPercentile = (view: FlowView | null, mode: OverlayMode) => view?.overlays.some((o) => o.mode === mode && o.percentile !== null) ?? false;

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
  /** The figure alone, for a stage seen from afar (the legend names it): "4.2 d". */
  brief: string;
  /** Its formula, count and raw value. */
  title: string;
  /** The stage with the biggest share of waiting time (when there is any waiting). */
  bottleneck: boolean;
};

/** The legend of a mode's scale: what the figure is, and the words at its two ends. */
export type HeatScale = {
  kind: 'log' | 'linear';
  min: number;
  max: number;
  /** What the figure is: "Waiting time p50". */
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

type Words = { figure: (v: number) => string; title: (v: number | null, n: number) => string };

function words(s: StageMetrics, mode: Exclude<OverlayMode, 'none'>, pct: Percentile): Words {
  switch (mode) {
    case 'waiting':
      return {
        figure: (v) => `waits ${duration(v)} (${pct})`,
        title: (v, n) => `Waiting time ${pct} ${v === null ? '–' : duration(v)} ${over(n)}. ${FORMULAS.waiting}`,
      };
    case 'time':
      return {
        figure: (v) => `in stage ${duration(v)} (${pct})`,
        title: (v, n) => `Time in stage ${pct} ${v === null ? '–' : duration(v)} ${over(n)}. ${FORMULAS.time}`,
      };
    case 'efficiency':
      return {
        figure: (v) => `efficiency ${percent(v)}`,
        title: (v, n) => `Flow efficiency in the stage ${percent(v)} ${over(n)}. ${FORMULAS.stageEfficiency}`,
      };
    case 'load':
      return {
        figure: (v) => `WIP ${count(v)} now`,
        title: (v) => `${count(v ?? 0)} items in the stage now; ${s.load_average.toFixed(1)} on average over the window. ${FORMULAS.load}`,
      };
    case 'bottleneck':
      return {
        figure: (v) => `${percent(v)} of waiting`,
        title: (v, n) => `Bottleneck score ${percent(v)} (rank ${s.bottleneck_rank}) ${over(n)}. ${FORMULAS.bottleneck}`,
      };
    case 'rework':
      return {
        figure: (v) => `rework ${percent(v)}`,
        title: (v, n) => `Re-entry rate ${percent(v)} ${over(n)}. ${FORMULAS.reentry}`,
      };
  }
}

/** A mode's figure without its words: the duration, the count or the percentage. */
function brief(mode: Exclude<OverlayMode, 'none'>, v: number): string {
  if (mode === 'waiting' || mode === 'time') return duration(v);
  if (mode === 'load') return `WIP ${count(v)}`;
  return percent(v);
}

const TITLES: Record<Exclude<OverlayMode, 'none'>, string> = {
  waiting: 'Waiting time',
  time: 'Time in stage',
  efficiency: 'Flow efficiency',
  load: 'Items in stage now',
  bottleneck: 'Share of all waiting',
  rework: 'Re-entry rate',
};

/** The legend of an overlay's scale: durations, counts or percentages at its ends. */
function legend(o: Overlay, mode: Exclude<OverlayMode, 'none'>): HeatScale {
  const { kind, min, max, higher_is_better: higherIsBetter } = o.scale;
  const title = o.percentile === null ? TITLES[mode] : `${TITLES[mode]} ${o.percentile}`;
  const ends: [string, string] =
    mode === 'waiting' || mode === 'time' ? [duration(min), duration(max)] : mode === 'load' ? [count(min), count(max)] : [percent(higherIsBetter ? max : min), percent(higherIsBetter ? min : max)];
  return { kind, min, max, title, low: ends[0], high: ends[1], higherIsBetter };
}

/** The overlay of every stage in `view` for `mode`, in words and colours. */
export function stageOverlay(view: FlowView, mode: OverlayMode, pct: Percentile): StageOverlay {
  const stages = new Map<NodeId, StageHeat>();
  const overlay = mode === 'none' ? undefined : overlayOf(view, mode, pct);
  if (mode === 'none' || !overlay) return { scale: null, stages };
  const byId = new Map(view.metrics.stages.map((s) => [s.id, s]));
  for (const f of overlay.stages) {
    const s = byId.get(f.stage);
    if (!s) continue;
    const w = words(s, mode, overlay.percentile ?? pct);
    const fill = f.heat === null ? NO_DATA_FILL : heatColour(f.heat);
    stages.set(f.stage, {
      value: f.value,
      heat: f.heat,
      fill,
      text: f.heat === null ? NO_DATA_TEXT : textOn(fill),
      figure: f.value === null ? 'no items' : w.figure(f.value),
      brief: f.value === null ? 'no items' : brief(mode, f.value),
      title: w.title(f.value, f.items),
      bottleneck: f.stage === view.bottleneck,
    });
  }
  return { scale: legend(overlay, mode), stages };
}

/** The wait written on a handoff: "waits 2.1 d (p50, 812)". */
export function handoffLabel(h: HandoffWait, pct: Percentile): string | null {
  const v = h.wait[pct];
  if (v === null || h.wait.count === 0) return null;
  return `waits ${duration(v)} (${pct}, ${count(h.wait.count)})`;
}

/** Handoff waits by "from→to" stage ids. */
export function handoffWaits(metrics: { handoffs: HandoffWait[] }): Map<string, HandoffWait> {
  return new Map(metrics.handoffs.map((h) => [`${h.from}→${h.to}`, h]));
}
