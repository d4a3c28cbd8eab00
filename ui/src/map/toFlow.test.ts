import { describe, expect, it } from 'vitest';
import type { EdgeView, MapView, NodeView } from '../generated/wire';
import { HANDLES } from './handles';
import { EDGE_COLOURS, toFlow, type MapEdge, type MapNode } from './toFlow';

const estimates = {};
const nodes: NodeView[] = [
  { node: { kind: 'customer', id: 'cust', name: 'Customers' }, x: 0, y: 0, width: 150, height: 60 },
  {
    node: { kind: 'stage', id: 'plan', name: 'Planning', team: 'Engineering', tool: 'jira', states: [], estimates },
    x: 260, y: 0, width: 190, height: 84,
  },
  {
    node: { kind: 'stage', id: 'dev', name: 'Development', tool: 'jira', states: [], estimates },
    x: 520, y: 0, width: 190, height: 84,
  },
  {
    node: {
      kind: 'stage', id: 'pdev', name: 'Partner development', team: 'Nearshore team',
      tool: 'pjira', partner: 'partner', states: [], estimates,
    },
    x: 520, y: 130, width: 190, height: 84,
  },
  {
    node: { kind: 'stage', id: 'test', name: 'Testing', states: [], estimates },
    x: 780, y: 0, width: 190, height: 84,
  },
  {
    node: { kind: 'stage', id: 'rel', name: 'Release', states: [], estimates },
    x: 1040, y: 0, width: 190, height: 84,
  },
  {
    node: { kind: 'tool', id: 'jira', name: 'Jira', tool_kind: 'jira', artifact_types: [{ name: 'Story', flow_item_type: 'Feature' }] },
    x: 260, y: 400, width: 160, height: 56,
  },
  {
    node: { kind: 'tool', id: 'pjira', name: 'Nearshore Jira', tool_kind: 'jira', partner: 'partner', artifact_types: [] },
    x: 520, y: 400, width: 160, height: 56,
  },
  // The frame around what the partner owns, as the backend computes it.
  { node: { kind: 'partner', id: 'partner', name: 'Nearshore Partner Ltd' }, x: 496, y: 74, width: 238, height: 406 },
];
const edges: EdgeView[] = [
  { edge: { kind: 'handoff', id: 'h1', from: 'cust', to: 'plan', label: 'feature requests' }, label: 'feature requests', rework: false },
  { edge: { kind: 'handoff', id: 'h2', from: 'plan', to: 'dev' }, rework: false },
  { edge: { kind: 'handoff', id: 'h3', from: 'plan', to: 'pdev' }, rework: false },
  { edge: { kind: 'handoff', id: 'h4', from: 'pdev', to: 'test' }, rework: false },
  { edge: { kind: 'handoff', id: 'h5', from: 'dev', to: 'test' }, rework: false },
  { edge: { kind: 'handoff', id: 'h6', from: 'test', to: 'dev', label: 'failed QA' }, label: 'failed QA', rework: true },
  { edge: { kind: 'handoff', id: 'h7', from: 'test', to: 'plan' }, rework: true },
  { edge: { kind: 'handoff', id: 'h8', from: 'pdev', to: 'rel', label: 'hotfix' }, label: 'hotfix', rework: false },
  {
    edge: {
      kind: 'artifact_flow', id: 'a1', from: 'jira', to: 'pjira',
      links: [{ source_type: 'Story', target_type: 'Story', flow_item_type: 'Feature' }],
    },
    label: 'Story → Story',
    rework: false,
  },
  {
    edge: {
      kind: 'artifact_flow', id: 'a2', from: 'pjira', to: 'jira',
      links: [{ source_type: 'Story', target_type: 'Bug', flow_item_type: 'Defect' }],
    },
    label: 'Story → Bug',
    rework: false,
  },
];
const view: MapView = {
  path: '/maps/demo.flowmap',
  name: 'Demo',
  nodes,
  edges,
  flow_order: ['plan', 'dev', 'pdev', 'test'],
  critical_path: ['plan', 'pdev', 'test'],
  items: 2000,
  transitions: 18000,
};

const flow = toFlow(view);
const node = (id: string): MapNode => {
  const found = flow.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};
const edge = (id: string): MapEdge => {
  const found = flow.edges.find((e) => e.id === id);
  if (!found) throw new Error(`no edge ${id}`);
  return found;
};

describe('toFlow nodes', () => {
  it('draws every node once, at the size the backend laid it out at', () => {
    expect(flow.nodes.map((n) => n.id).sort()).toEqual(nodes.map((v) => v.node.id).sort());
    expect(node('plan')).toMatchObject({ type: 'stage', position: { x: 260, y: 0 }, width: 190, height: 84 });
    expect(node('cust')).toMatchObject({ type: 'customer', data: { name: 'Customers' } });
  });

  it("draws a partner as a frame and places what it owns inside, relative to the frame", () => {
    expect(node('partner')).toMatchObject({
      type: 'partner',
      position: { x: 496, y: 74 },
      width: 238,
      height: 406,
      data: { name: 'Nearshore Partner Ltd' },
    });
    expect(node('pdev')).toMatchObject({ parentId: 'partner', position: { x: 24, y: 56 } });
    expect(node('pjira')).toMatchObject({ parentId: 'partner', position: { x: 24, y: 326 } });
    expect(node('dev').parentId).toBeUndefined();
  });

  it('lists each frame before what it holds', () => {
    const index = (id: string) => flow.nodes.findIndex((n) => n.id === id);
    expect(index('partner')).toBeLessThan(index('pdev'));
    expect(index('partner')).toBeLessThan(index('pjira'));
  });

  it("gives a stage its team and its tool's name and kind", () => {
    expect(node('pdev').data).toEqual({
      name: 'Partner development',
      team: 'Nearshore team',
      tool: { name: 'Nearshore Jira', kind: 'jira' },
      onCriticalPath: true,
      estimates: null,
      headline: null,
      counts: null,
    });
    expect(node('test').data).toMatchObject({ team: null, tool: null });
  });

  it('marks the stages on the critical path and only those', () => {
    const marked = flow.nodes
      .filter((n) => n.type === 'stage' && n.data.onCriticalPath)
      .map((n) => n.id);
    expect(marked).toEqual(['plan', 'pdev', 'test']);
  });
});

describe('toFlow edges', () => {
  it('turns every handoff into an arrow between its stages, with its label', () => {
    const handoffs = edges.filter((e) => e.edge.kind === 'handoff');
    for (const { edge: h, label } of handoffs) {
      const e = edge(h.id);
      expect(e).toMatchObject({ source: h.from, target: h.to });
      expect(e.markerEnd).toMatchObject({ type: 'arrowclosed' });
      if (label && (e.type === 'default' || e.type === 'smoothstep')) expect(e.label).toBe(label);
    }
    expect(edge('h1')).toMatchObject({
      type: 'default',
      label: 'feature requests',
      sourceHandle: HANDLES.flowOut,
      targetHandle: HANDLES.flowIn,
    });
  });

  it('steps a handoff past a stage that stands between its ends, and curves the others', () => {
    expect(edge('h8')).toMatchObject({ type: 'smoothstep', label: 'hotfix' });
    expect(edge('h2').type).toBe('default');
  });

  it('draws rework handoffs as orange arcs between the tops of the stages, labelled rework', () => {
    expect(edge('h6')).toMatchObject({
      type: 'rework',
      className: 'rework',
      sourceHandle: HANDLES.reworkOut,
      targetHandle: HANDLES.reworkIn,
      style: { stroke: EDGE_COLOURS.rework },
      markerEnd: { color: EDGE_COLOURS.rework },
      data: { label: 'rework: failed QA' },
    });
    expect(edge('h7').data).toMatchObject({ label: 'rework' });
  });

  it('emphasises the handoffs along the critical path', () => {
    expect(edge('h3')).toMatchObject({ className: 'handoff critical', style: { stroke: EDGE_COLOURS.criticalHandoff } });
    expect(edge('h4').className).toBe('handoff critical');
    expect(edge('h2')).toMatchObject({ className: 'handoff', style: { stroke: EDGE_COLOURS.handoff } });
  });

  it('draws artifact flows dashed between tools, carrying their links', () => {
    expect(edge('a1')).toMatchObject({
      type: 'artifactFlow',
      source: 'jira',
      target: 'pjira',
      sourceHandle: HANDLES.artifactOutRight,
      targetHandle: HANDLES.artifactInLeft,
      style: { strokeDasharray: '6 4', stroke: EDGE_COLOURS.artifactFlow },
      data: { links: [{ source_type: 'Story', target_type: 'Story', flow_item_type: 'Feature' }] },
    });
  });

  it('lets an artifact flow to the left leave its tool on the left and enter on the right', () => {
    expect(edge('a2')).toMatchObject({
      source: 'pjira',
      target: 'jira',
      sourceHandle: HANDLES.artifactOutLeft,
      targetHandle: HANDLES.artifactInRight,
    });
  });

  it('bulges arcs so that their labels stand clear of each other', () => {
    const bulge = (id: string) => {
      const e = edge(id);
      if ((e.type !== 'rework' && e.type !== 'artifactFlow') || !e.data) throw new Error(`${id} is no arc`);
      return e.data.bulge;
    };
    // Both rework loops end at Development; the longer one reaches further out.
    expect(bulge('h7')).toBeGreaterThan(bulge('h6'));
    // Two flows between the same tools, one each way: their labels do not sit on each other.
    expect(Math.abs(bulge('a1') - bulge('a2'))).toBeGreaterThanOrEqual(16);
  });
});
