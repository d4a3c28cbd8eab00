// What each figure means: its formula in plain words (docs/metrics.md is the reference), shown
// beside or under every figure with how many items it counts and the window it covers.

import type { FlowItemType, MetricsRequest, StageMetrics, WindowInfo } from '../generated/wire';
import { count, day, decimal, items } from './format';

export const FORMULAS = {
  waiting:
    'Waiting time per item in the stage: the time it spent in the stage’s Waiting states, every re-entry summed. Nearest-rank percentiles over items, calendar time.',
  active:
    'Active time per item in the stage: the time it spent in the stage’s Active states, every re-entry summed. Nearest-rank percentiles over items, calendar time.',
  time: 'Time in stage per item: its waiting plus active time in the stage, every re-entry summed. Nearest-rank percentiles over items, calendar time.',
  split: 'Σ waiting and Σ active time in the stage over the items counted; the share is Σ waiting ÷ Σ (waiting + active).',
  stageEfficiency: 'Σ active ÷ Σ (active + waiting) in the stage over the items counted: a ratio of sums, not a mean of ratios.',
  histogram: 'Items by their time in the stage (waiting + active).',
  aging: 'Items in the stage at the “as of” instant, oldest first by time since they last entered it; “since start” is since their work started.',
  slowest: 'The items with the most time in the stage (every entry summed).',
  trend: 'Time in stage (p50 and p85) of the items whose last exit from the stage fell in each of the window’s last 12 weeks.',
  reentry: 'Re-entry rate: the share of the items that entered the stage more than once (rework), over their history up to the “as of” instant.',
  completeAccurate:
    '%C&A measured: of the items that left the stage, the share that left it forward and never came back to it.',
  bottleneck:
    'Bottleneck score: the stage’s share of all waiting time in the window — its waiting ÷ (every stage’s waiting + waiting in states no stage claims).',
  load: 'Load: items in the stage (Waiting or Active there) at the “as of” instant; the average is over the window.',
  throughput: 'Items that left the stage forward in the window.',
  handoff:
    'Wait after the handoff: for each move from one stage straight into the next, the Waiting time in the next stage until work starts there (or the item leaves it, or the “as of” instant).',
  ladder:
    'Along the path most items take (the chain of forward handoffs that carries the most item moves). Process time = p50 of active time per item in the stage, lead time = p50 of time in stage — the same p50s as the stage panel. A stage without items shows the workshop estimate, marked; the totals count measured stages only. Medians do not add up and not every item visits every stage, so the total models the stream rather than any item’s flow time.',
  activityRatio: 'Activity ratio = Σ process time ÷ Σ lead time over the measured stages of the ladder.',
  rolledCa: 'Rolled %C&A = the product of the measured %C&A of the stages that have one (stages without data are left out and counted, never taken as 0).',
  velocity: 'Flow velocity: items completed per period, by flow item type.',
  distribution: 'Flow distribution: shares of Feature, Defect, Risk and Debt among the items completed in the window.',
  flowTime: 'Flow time = completed − work start (the first Waiting or Active state), per item completed in the window. Nearest-rank percentiles.',
  efficiency: 'Flow efficiency = Σ active ÷ Σ (active + waiting) over the items completed in the window (a ratio of sums).',
  flowLoad: 'Flow load: items started and not completed or canceled, at 00:00 UTC of each day; “now” is at the “as of” instant.',
  cfd: 'Cumulative flow (Vacanti): at 00:00 UTC of each day and at the “as of” instant, per stage in flow order the items that had arrived in it — entered it or a later stage, or completed — stacked as bands, the first stage on top. A band’s height is the items whose furthest point is that stage; the bottom band is the items completed.',
  littlesLaw:
    'Little’s law: L (average flow load) against λ (completed per day) × W (mean flow time in days). Near 1 when the window is stable and the data consistent; a consistency check, never used to fill gaps.',
} as const;

export type FigureName = keyof typeof FORMULAS;

const TYPE_NAMES: Record<FlowItemType, string> = { Feature: 'features', Defect: 'defects', Risk: 'risks', Debt: 'debts' };

/** The window and filters a figure covers, in words: "items completed from the first event to 2026-11-02 · defects · as of 2026-11-02". */
export function windowText(window: WindowInfo, filters: MetricsRequest, partnerName: string | null): string {
  const span = `${window.from ? day(window.from) : 'the first event'} to ${day(window.to)}`;
  const kind = window.kind === 'completed' ? `items completed from ${span}` : `time spent from ${span}`;
  const parts = [kind];
  if (window.flow_item_type) parts.push(`${TYPE_NAMES[window.flow_item_type]} only`);
  if (filters.sources.length > 0) parts.push(`source ${filters.sources.join(', ')}`);
  if (partnerName) parts.push(`through ${partnerName}`);
  parts.push(`as of ${window.now.replace('T00:00:00Z', '').replace(/:00Z$/, 'Z')}`);
  return parts.join(' · ');
}

/** "p50 over 812 items" and the like: a figure's count, always said. */
export function over(n: number, what = 'item'): string {
  return `over ${count(n)} ${n === 1 ? what : `${what}s`}`;
}

/** The caption of a stage's waiting figures: "waiting time per item in Testing · 1,544 items". */
export function stageCaption(figure: FigureName, stage: StageMetrics, n: number): string {
  return `${FORMULAS[figure]} ${stage.name}: ${items(n)}.`;
}

/** "L 149.8 vs λW 128.5 (ratio 1.17)". */
export function littleText(average: number, predicted: number | null, ratio: number | null): string {
  if (predicted === null || ratio === null) return `L ${decimal(average)}; no completed items to compare`;
  return `L ${decimal(average)} vs λW ${decimal(predicted)} (ratio ${ratio.toFixed(2)})`;
}
