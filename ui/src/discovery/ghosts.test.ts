import { describe, expect, it } from 'vitest';
import type { DiscoveryPreview } from '../generated/wire';
import { NO_PICKS } from './choices';
import { ghostFlow } from './ghosts';

const place = (x: number) => ({ x, y: 300, width: 190, height: 84 });
const preview: DiscoveryPreview = {
  proposal: {
    sources: ['log'],
    items: 3,
    tool: null,
    stages: [
      { name: 'Analysis', states: ['Analysis'], category: 'Active', items: 2, existing: null, matched: 'new', new_states: [] },
      { name: 'Build', states: ['Build'], category: 'Active', items: 3, existing: 'b', matched: 'name', new_states: ['Build'] },
      { name: 'Test', states: ['Test', 'QA'], category: 'Active', items: 2, existing: null, matched: 'new', new_states: [] },
    ],
    handoffs: [
      { from: 'Analysis', to: 'Build', count: 2, share: 1, existing: false, rework: false },
      { from: 'Build', to: 'Test', count: 3, share: 0.75, existing: false, rework: false },
      { from: 'Test', to: 'Build', count: 1, share: 1, existing: false, rework: true },
    ],
    rare_handoffs: 0,
    min_count: 1,
    left_out: [],
    applied: false,
    stages_added: 0,
    handoffs_added: 0,
    order_method: 'exact',
    moves_between: 6,
    moves_backward: 1,
    backward_share: 1 / 6,
    greedy_moves_backward: 1,
  },
  places: [place(0), null, place(320)],
};

describe('the proposal on the canvas', () => {
  it('draws a ghost per new stage at its place and joins handoffs to the map’s matched stage', () => {
    const { nodes, edges } = ghostFlow(preview, NO_PICKS, () => 'Build');
    expect(nodes.map((n) => [n.id, n.position.x, n.data.fate.name, n.draggable, n.selectable])).toEqual([
      ['ghost:0', 0, 'Analysis', false, false],
      ['ghost:2', 320, 'Test', false, false],
    ]);
    expect(nodes[1]?.data.states).toEqual(['Test', 'QA']);
    expect(edges.map((e) => [e.source, e.target, e.label, e.sourceHandle])).toEqual([
      ['ghost:0', 'b', '2 moves · 100%', 'flow-out'],
      ['b', 'ghost:2', '3 moves · 75%', 'flow-out'],
      ['ghost:2', 'b', '1 move · 100%', 'rework-out'],
    ]);
  });

  it('leaves out unticked handoffs and shows a dropped stage as dropped', () => {
    const unticked = ghostFlow(preview, { stages: {}, handoffs: { 'Analysis\u0000Build': false } }, () => 'Build');
    expect(unticked.edges.map((e) => e.label)).toEqual(['3 moves · 75%', '1 move · 100%']);
    const picks = { stages: { Test: { name: 'Test', mode: 'drop' as const } }, handoffs: {} };
    const { nodes, edges } = ghostFlow(preview, picks, () => 'Build');
    expect(nodes[1]?.data.fate.kind).toBe('dropped');
    expect(edges.map((e) => e.label)).toEqual(['2 moves · 100%']);
    expect(ghostFlow(null, NO_PICKS, () => '')).toEqual({ nodes: [], edges: [] });
  });
});
