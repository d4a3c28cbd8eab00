import { describe, expect, it } from 'vitest';
import { edges, nodes } from '../editor/fixtures';
import type { MapView } from '../generated/wire';
import { DEFAULT_FILTERS, metricsKey, parseInstant, partnerOptions, presetOf, presetWindow, sameFilters } from './filters';

const view: MapView = { path: '/m.flowmap', name: 'Test', nodes, edges, flow_order: [], critical_path: [], items: 10, transitions: 40 };

describe('the flow view’s filters', () => {
  it('read the instants the CLI reads, and say why others are refused', () => {
    expect(parseInstant('')).toEqual({ ok: true, value: null });
    expect(parseInstant(' 2026-11-02 ')).toEqual({ ok: true, value: '2026-11-02' });
    expect(parseInstant('2026-11-02T09:30')).toEqual({ ok: true, value: '2026-11-02T09:30' });
    expect(parseInstant('2026-11-02T09:30:00+01:00').ok).toBe(true);
    expect(parseInstant('2026-11-02 09:30:00Z').ok).toBe(true);
    expect(parseInstant('2026-02-30')).toEqual({ ok: false, reason: '“2026-02-30” is not a day of the calendar' });
    expect(parseInstant('last week')).toMatchObject({ ok: false });
  });

  it('make windows from presets ending at the as-of day', () => {
    expect(presetWindow('30d', '2026-11-02T15:00:00Z')).toEqual({ from: '2026-10-03', to: null });
    expect(presetWindow('12w', '2026-11-02T00:00:00Z')).toEqual({ from: '2026-08-10', to: null });
    expect(presetWindow('all', '2026-11-02T00:00:00Z')).toEqual({ from: null, to: null });
    expect(presetOf({ ...DEFAULT_FILTERS, from: '2026-08-10' }, '2026-11-02T00:00:00Z')).toBe('12w');
    expect(presetOf({ ...DEFAULT_FILTERS, from: '2026-08-11' }, '2026-11-02T00:00:00Z')).toBe('custom');
    expect(presetOf(DEFAULT_FILTERS, '2026-11-02T00:00:00Z')).toBe('all');
  });

  it('compare by what they ask for', () => {
    expect(sameFilters(DEFAULT_FILTERS, { ...DEFAULT_FILTERS, window: 'completed', include_points: true })).toBe(true);
    expect(sameFilters(DEFAULT_FILTERS, { ...DEFAULT_FILTERS, sources: ['jira'] })).toBe(false);
    expect(sameFilters(DEFAULT_FILTERS, { ...DEFAULT_FILTERS, now: '2026-11-02' })).toBe(false);
  });

  it('recompute when stages or handoffs change, not when nodes move', () => {
    const key = metricsKey(view);
    const moved: MapView = { ...view, nodes: view.nodes.map((n) => ({ ...n, x: n.x + 40 })) };
    expect(metricsKey(moved)).toBe(key);
    const renamed: MapView = {
      ...view,
      nodes: view.nodes.map((n) => (n.node.id === 'plan' ? { ...n, node: { ...n.node, name: 'Plan it' } } : n)),
    };
    expect(metricsKey(renamed)).not.toBe(key);
    expect(metricsKey({ ...view, edges: view.edges.slice(1) })).not.toBe(key);
    expect(metricsKey({ ...view, items: 11 })).not.toBe(key);
  });

  it('recompute when a tool marks an artifact type as not a flow item', () => {
    const withTool = (not_flow_item: boolean): MapView => ({
      ...view,
      nodes: [
        ...view.nodes,
        {
          node: { kind: 'tool', id: 'gh', name: 'GitHub', tool_kind: 'github', artifact_types: [{ name: 'Pull Request', flow_item_type: 'Feature', not_flow_item }] },
          x: 0,
          y: 0,
          width: 120,
          height: 40,
        },
      ],
    });
    expect(metricsKey(withTool(true))).not.toBe(metricsKey(withTool(false)));
    expect(metricsKey(withTool(false))).not.toBe(metricsKey(view));
  });

  it('offer the partners with how many stages they own', () => {
    expect(partnerOptions(view)).toEqual([{ id: 'p', name: 'Partner', stages: 1 }]);
  });
});
