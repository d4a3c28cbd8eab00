// How the Items list words and places things: local times, the columns, the timeline's bars.

import type { ItemSortColumn, ItemStatus, StateCategory, TimelineStep } from '../generated/wire';

/** The user's zone, named once beside the times shown in it. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant in the user's local zone: "2024-03-03 13:00". */
export function localTime(instant: string | null | undefined): string {
  if (!instant) return '–';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export const STATUS_NAMES: Record<ItemStatus, string> = {
  not_started: 'Not started',
  in_flight: 'In flight',
  done: 'Done',
  canceled: 'Canceled',
};

export const ITEM_COLUMNS: readonly { column: ItemSortColumn; label: string; width: number }[] = [
  { column: 'key', label: 'Key', width: 96 },
  { column: 'title', label: 'Title', width: 230 },
  { column: 'type', label: 'Type', width: 70 },
  { column: 'source', label: 'Source', width: 90 },
  { column: 'state', label: 'State', width: 110 },
  { column: 'stage', label: 'Stage', width: 110 },
  { column: 'time', label: 'Age / flow time', width: 110 },
  { column: 'started', label: 'Started', width: 120 },
  { column: 'finished', label: 'Finished', width: 120 },
];

/** What a category means on the timeline: waiting, active (work), or outside the flow. */
export function categoryClass(c: StateCategory): string {
  if (c === 'Waiting') return 'wait';
  if (c === 'Active') return 'active';
  if (c === 'Done') return 'done';
  return 'other';
}

/**
 * Each step's share of the bar (by duration), at least a sliver so every state shows. A
 * finished item's last state lasts until now and would fill the bar: it gets the sliver only.
 */
export function barShares(steps: readonly TimelineStep[], finished: boolean): number[] {
  const secs = steps.map((s) => (finished && s.current ? 0 : s.duration_secs));
  const total = secs.reduce((t, s) => t + s, 0);
  if (total <= 0) return steps.map(() => 100 / Math.max(1, steps.length));
  const min = 0.6;
  const raw = secs.map((s) => Math.max(min, (100 * s) / total));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => (100 * r) / sum);
}
