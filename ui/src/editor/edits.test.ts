import { describe, expect, it } from 'vitest';
import { addBurstEdit, addStageAfter, copySelection, edgeForConnection, newNode, pasteEdit, placeNewNode, removeEdit, withChanges } from './edits';
import { nodeView, view } from './fixtures';

describe('newNode', () => {
  it('names a tool made from a template after its kind', () => {
    expect(newNode('tool', 't1', 'azure-devops')).toEqual({
      kind: 'tool', id: 't1', name: 'Azure DevOps', tool_kind: 'azure-devops', artifact_types: [],
    });
    expect(newNode('stage', 's1')).toEqual({ kind: 'stage', id: 's1', name: 'New stage', states: [], estimates: {} });
  });
});

describe('edgeForConnection', () => {
  const plan = nodeView('plan').node;
  const test = nodeView('test').node;
  const jira = nodeView('jira').node;
  const gh = nodeView('gh').node;
  const cust = nodeView('cust').node;

  it('draws a handoff between stages and from a customer', () => {
    expect(edgeForConnection(plan, test, 'e')).toEqual({ edge: { kind: 'handoff', id: 'e', from: 'plan', to: 'test' } });
    expect(edgeForConnection(cust, plan, 'e')).toEqual({ edge: { kind: 'handoff', id: 'e', from: 'cust', to: 'plan' } });
  });

  it('draws an artifact flow between tools', () => {
    expect(edgeForConnection(jira, gh, 'e')).toEqual({
      edge: { kind: 'artifact_flow', id: 'e', from: 'jira', to: 'gh', links: [] },
    });
  });

  it('refuses a stage joined to a tool, saying why', () => {
    const result = edgeForConnection(plan, jira, 'e');
    expect(result).toEqual({
      refused: '"Plan" (a stage) cannot be joined to "Jira" (a tool): handoffs join stages, artifact flows join tools',
    });
    expect(edgeForConnection(cust, cust, 'e')).toHaveProperty('refused');
  });
});

describe('placeNewNode', () => {
  it('centres a new node where there is room', () => {
    expect(placeNewNode('stage', { x: 1095, y: 1042 }, view.nodes)).toEqual({ x: 1000, y: 1000 });
  });

  it('moves a new node right until it covers nothing', () => {
    // Plan stands at 0..190; Build at 260..450 inside its partner's frame; Test at 520..710.
    expect(placeNewNode('stage', { x: 95, y: 42 }, view.nodes)).toEqual({ x: 760, y: 0 });
  });

  it('puts a new tool in the lane below the stages', () => {
    const at = placeNewNode('tool', { x: 1080, y: 0 }, view.nodes);
    expect(at).toEqual({ x: 1000, y: 204 });
  });
});

describe('addStageAfter', () => {
  it('adds a stage to the right, joined by a handoff, as one batch', () => {
    expect(addStageAfter(nodeView('test'), 'new', 'h')).toEqual({
      kind: 'batch',
      edits: [
        { kind: 'add_node', node: { kind: 'stage', id: 'new', name: 'New stage', states: [], estimates: {} }, x: 780, y: 0 },
        { kind: 'add_edge', edge: { kind: 'handoff', id: 'h', from: 'test', to: 'new' } },
      ],
    });
  });
});

describe('copy and paste', () => {
  it('copies the selected nodes and only the edges between them', () => {
    const clip = copySelection(view, new Set(['plan', 'test', 'jira']))!;
    expect(clip.nodes.map((p) => p.node.id)).toEqual(['plan', 'test', 'jira']);
    expect(clip.edges).toEqual([]);
    const withBuild = copySelection(view, new Set(['build', 'test']))!;
    expect(withBuild.edges.map((e) => e.id)).toEqual(['h2', 'h3']);
  });

  it('brings what a selected partner owns', () => {
    const clip = copySelection(view, new Set(['p']))!;
    expect(clip.nodes.map((p) => p.node.id).sort()).toEqual(['build', 'p']);
  });

  it('pastes at an offset', () => {
    const clip = copySelection(view, new Set(['plan']))!;
    const edit = pasteEdit(clip, 40);
    expect(edit).toEqual({ kind: 'paste', nodes: [{ node: nodeView('plan').node, x: 40, y: 40 }], edges: [] });
  });

  it('copies nothing when nothing is selected', () => {
    expect(copySelection(view, new Set())).toBeNull();
  });
});

describe('removeEdit', () => {
  it('leaves out edges that go with a removed node', () => {
    expect(removeEdit(['build'], ['h1', 'a1'], view)).toEqual({ kind: 'remove', nodes: ['build'], edges: ['a1'] });
    expect(removeEdit([], [], view)).toBeNull();
  });
});

describe('withChanges', () => {
  it('drops optional fields cleared to undefined', () => {
    const plan = nodeView('plan').node;
    if (plan.kind !== 'stage') throw new Error('a stage');
    expect(withChanges(plan, { tool: undefined, team: 'Product' })).toEqual({
      kind: 'stage', id: 'plan', name: 'Plan', states: [], estimates: {}, team: 'Product',
    });
  });
});

describe('addBurstEdit', () => {
  const none = { nodes: new Set<string>(), edges: new Set<string>() };
  it('attaches a burst to the selected stage and puts it above the stage', () => {
    const edit = addBurstEdit(view, { nodes: new Set(['build']), edges: new Set() }, 'kb', { x: 0, y: 0 });
    expect(edit).toEqual({
      kind: 'add_node',
      node: { kind: 'burst', id: 'kb', name: 'Kaizen idea', status: 'idea', target: { kind: 'stage', id: 'build' } },
      x: 260 + 95 - 75,
      y: -130,
    });
  });

  it('attaches it to the selected handoff, above its middle', () => {
    const edit = addBurstEdit(view, { nodes: new Set(), edges: new Set(['h1']) }, 'kb', { x: 0, y: 0 });
    expect(edit.kind === 'add_node' && edit.node.kind === 'burst' && edit.node.target).toEqual({ kind: 'handoff', id: 'h1' });
  });

  it('with nothing (or a tool) selected, the burst is about the whole stream, where the user looks', () => {
    expect(addBurstEdit(view, none, 'kb', { x: 40, y: 50 })).toEqual({ kind: 'add_node', node: newNode('burst', 'kb'), x: 40, y: 50 });
    const onTool = addBurstEdit(view, { nodes: new Set(['jira']), edges: new Set() }, 'kb', { x: 1, y: 2 });
    expect(onTool.kind === 'add_node' && onTool.node.kind === 'burst' && onTool.node.target).toBeUndefined();
  });
});
