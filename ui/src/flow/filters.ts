// The flow view's filters: a date window and its semantics, a flow item type, a source, a
// partner, and the "as of" instant at which in-flight work is measured. They are a
// `MetricsRequest` (the same request `flowmap metrics` makes), saved with the map.

import type { MapView, MetricsRequest, WindowKind } from '../generated/wire';

export const DEFAULT_FILTERS: MetricsRequest = {
  now: null,
  from: null,
  to: null,
  window: null,
  flow_item_type: null,
  sources: [],
  partner: null,
  include_points: false,
};

export const WINDOW_KINDS: { kind: WindowKind; label: string; title: string }[] = [
  { kind: 'completed', label: 'Completed in window', title: 'Items completed (or canceled) in the window; their whole history counts' },
  { kind: 'during', label: 'Time during window', title: 'Every item’s time inside the window (intervals clipped to it)' },
];

export type Parsed = { ok: true; value: string | null } | { ok: false; reason: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An instant as typed in a filter field: empty is none (all time, or "now" for the as-of
 * field); otherwise a date (2026-11-02, midnight UTC) or a date and time (2026-11-02T09:30,
 * UTC without a zone; …Z or …+01:00). The same forms `flowmap metrics` reads.
 */
export function parseInstant(text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const m = DATE.exec(t) ?? DATE_TIME.exec(t);
  if (!m) return { ok: false, reason: `“${t}” is not a date: write 2026-11-02 or 2026-11-02T09:30` };
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7).map((x) => x ?? undefined);
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  const valid =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60;
  if (!valid) return { ok: false, reason: `“${t}” is not a day of the calendar` };
  return { ok: true, value: t };
}

export type WindowPreset = 'all' | '12w' | '30d' | '6m' | 'custom';

export const WINDOW_PRESETS: { preset: WindowPreset; label: string }[] = [
  { preset: 'all', label: 'All time' },
  { preset: '30d', label: 'Last 30 days' },
  { preset: '12w', label: 'Last 12 weeks' },
  { preset: '6m', label: 'Last 26 weeks' },
  { preset: 'custom', label: 'Custom…' },
];

const DAY_MS = 86_400_000;
const PRESET_DAYS: Record<Exclude<WindowPreset, 'all' | 'custom'>, number> = { '30d': 30, '12w': 84, '6m': 182 };

const dateText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The window of a preset, ending at the as-of day (exclusive: `to` absent means the as-of
 * instant). `asOf` is the instant the figures are measured at (RFC 3339).
 */
export function presetWindow(preset: WindowPreset, asOf: string): { from: string | null; to: string | null } {
  if (preset === 'all' || preset === 'custom') return { from: null, to: null };
  const end = Date.parse(asOf);
  const midnight = Math.floor(end / DAY_MS) * DAY_MS;
  return { from: dateText(midnight - PRESET_DAYS[preset] * DAY_MS), to: null };
}

/** Which preset a window is, given the as-of instant; 'custom' for any other. */
export function presetOf(filters: MetricsRequest, asOf: string): WindowPreset {
  if (!filters.from && !filters.to) return 'all';
  for (const { preset } of WINDOW_PRESETS) {
    if (preset === 'all' || preset === 'custom') continue;
    const w = presetWindow(preset, asOf);
    if (w.from === filters.from && !filters.to) return preset;
  }
  return 'custom';
}

/** Whether two sets of filters ask for the same figures. */
export function sameFilters(a: MetricsRequest, b: MetricsRequest): boolean {
  return (
    a.now === b.now &&
    a.from === b.from &&
    a.to === b.to &&
    (a.window ?? 'completed') === (b.window ?? 'completed') &&
    a.flow_item_type === b.flow_item_type &&
    a.partner === b.partner &&
    a.sources.length === b.sources.length &&
    a.sources.every((s, i) => s === b.sources[i])
  );
}

/**
 * What in a map changes its figures: its stages (names, states, partners, estimates), the
 * handoffs between them, the tools' artifact types (which are not flow items) and the file with
 * its items — not where nodes sit. Two views with the same key give the same figures.
 */
export function metricsKey(view: MapView): string {
  const stages = view.nodes.flatMap(({ node }): unknown[] =>
    node.kind === 'stage'
      ? [[node.id, node.name, node.states, node.partner ?? null, node.estimates]]
      : node.kind === 'partner'
        ? [[node.id, node.name]]
        : node.kind === 'tool'
          ? [[node.id, node.artifact_types.map((a) => [a.name, a.not_flow_item === true])]]
          : [],
  );
  const handoffs = view.edges.flatMap(({ edge }) => (edge.kind === 'handoff' ? [[edge.id, edge.from, edge.to]] : []));
  return JSON.stringify([view.path, view.items, view.transitions, stages, handoffs]);
}

/** The partners of a map that own stages, for the partner filter. */
export function partnerOptions(view: MapView): { id: string; name: string; stages: number }[] {
  const owned = new Map<string, number>();
  for (const { node } of view.nodes) {
    if (node.kind === 'stage' && node.partner) owned.set(node.partner, (owned.get(node.partner) ?? 0) + 1);
  }
  return view.nodes.flatMap(({ node }) =>
    node.kind === 'partner' ? [{ id: node.id, name: node.name, stages: owned.get(node.id) ?? 0 }] : [],
  );
}
