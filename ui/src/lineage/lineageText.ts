// What the lineage views write and draw, pure: an artifact flow's crossing label and heat, and
// the lineage timeline's layout (rows grouped by tool, each state a bar on one time axis, the
// crossings between tools marked).

import { count, duration, maybeDuration } from '../flow/format';
import type { CrossingRow, ItemLineage, LineageNode, RootStatusView, StateCategory, TimelineStep } from '../generated/wire';

export const ROOT_STATUS_NAMES: Record<RootStatusView, string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  finished: 'finished',
  canceled: 'canceled',
};

/** "crossing p50 12.9 d" on the edge; null when nothing crossed it yet. */
export function crossingLabel(c: CrossingRow | undefined): string | null {
  if (!c || c.count === 0 || c.p50_secs === null) return null;
  return `crossing p50 ${duration(c.p50_secs)}`;
}

/** The edge label's tooltip: both percentiles over how many crossings. */
export function crossingTitle(c: CrossingRow): string {
  return `${c.label}: from an item done in ${c.from_tool} to its successor started in ${c.to_tool}; p50 ${maybeDuration(c.p50_secs)}, p85 ${maybeDuration(c.p85_secs)} over ${count(c.count)} crossing${c.count === 1 ? '' : 's'}.`;
}

/** A duration scale of the stages' heat (waiting time, time in stage) to put crossings on. */
export type TimeScale = { kind: 'log' | 'linear'; min: number; max: number };

/** Where `v` sits on `scale`, clamped to [0, 1]. */
function onScale(v: number, { kind, min, max }: TimeScale): number {
  if (max <= min) return v >= max ? 1 : 0;
  const t = kind === 'log' && min > 0 ? (Math.log(Math.max(v, min)) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (v - min) / (max - min);
  return Math.min(1, Math.max(0, t));
}

/**
 * The heat of each artifact flow in [0, 1] from its p50 crossing: on the stages' scale when the
 * overlay shows a duration (so a crossing and a stage of one colour wait alike), else over the
 * longest p50 crossing of the map.
 */
export function crossingHeats(crossings: readonly CrossingRow[], stages: TimeScale | null = null): Map<string, number> {
  const max = Math.max(0, ...crossings.map((c) => c.p50_secs ?? 0));
  const scale = stages ?? { kind: 'linear' as const, min: 0, max };
  return new Map(crossings.filter((c) => c.p50_secs !== null).map((c) => [c.flow, onScale(c.p50_secs!, scale)]));
}

export type GanttBar = { left: number; width: number; state: string; category: StateCategory; title: string };
export type GanttRow = { node: LineageNode; bars: GanttBar[]; crossing: { left: number; width: number; title: string } | null };
export type GanttGroup = { tool: string; rows: GanttRow[] };
export type Gantt = { from: number; to: number; groups: GanttGroup[] };

/**
 * How long a step is drawn: a done or canceled item's last state lasts until now and would
 * stretch the axis over months; it is drawn as a sliver at its entry.
 */
function lasting(s: TimelineStep): number {
  return s.current && (s.category === 'Done' || s.category === 'Canceled') ? 0 : s.duration_secs;
}

const pct = (ms: number, from: number, span: number) => ((ms - from) / span) * 100;

/**
 * The lineage timeline of `lineage` measured at `now` (ms): one row per item of the tree, rows
 * grouped by tool in the order the tree first reaches each tool, each state a bar from its
 * entry for its duration, and each crossing from the parent's completion to the item's start.
 */
export function ganttOf(lineage: ItemLineage, now: number): Gantt {
  const starts = lineage.items.flatMap((n) => n.steps.map((s) => s.at_ms));
  const ends = lineage.items.flatMap((n) => n.steps.map((s) => s.at_ms + lasting(s) * 1000));
  const from = starts.length > 0 ? Math.min(...starts) : now;
  const to = Math.max(from + 1, ...ends);
  const span = to - from;
  const groups: GanttGroup[] = [];
  for (const node of lineage.items) {
    const tool = node.tool ?? 'No tool';
    let group = groups.find((g) => g.tool === tool);
    if (!group) {
      group = { tool, rows: [] };
      groups.push(group);
    }
    const bars = node.steps.map((s) => ({
      left: pct(s.at_ms, from, span),
      width: Math.max(0.15, (lasting(s) * 1000 * 100) / span),
      state: s.state,
      category: s.category,
      title: `${node.key} ${s.state}: ${duration(s.duration_secs)}${s.current ? ' so far' : ''} (${s.category})`,
    }));
    let crossing: GanttRow['crossing'] = null;
    if (node.crossing_secs !== null && node.started) {
      const start = Date.parse(node.started);
      const width = (node.crossing_secs * 1000 * 100) / span;
      crossing = { left: pct(start, from, span) - width, width: Math.max(0.15, width), title: `crossing from ${node.parent}: ${duration(node.crossing_secs)}` };
    }
    group.rows.push({ node, bars, crossing });
  }
  return { from, to, groups };
}
