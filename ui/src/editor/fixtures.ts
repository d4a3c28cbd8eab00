// A small map for the editor's tests: Customer → Plan → Build (partner) → Test, a rework loop
// Test → Build, tools Jira (Plan, Test) and GitHub (Build).
import type { EdgeView, MapView, NodeView, StatesView } from '../generated/wire';

/** The states of a map without future states. */
export const ONLY_CURRENT: StatesView = { shown: null, states: [{ id: null, name: 'Current state' }] };

const stage = (id: string, name: string, x: number, extra: Record<string, unknown> = {}): NodeView => ({
  node: { kind: 'stage', id, name, states: [], estimates: {}, ...extra },
  x,
  y: 0,
  width: 190,
  height: 84,
});

export const nodes: NodeView[] = [
  { node: { kind: 'customer', id: 'cust', name: 'Customer' }, x: -200, y: 0, width: 150, height: 60 },
  stage('plan', 'Plan', 0, { tool: 'jira' }),
  stage('build', 'Build', 260, { tool: 'gh', partner: 'p' }),
  stage('test', 'Test', 520, { tool: 'jira' }),
  { node: { kind: 'tool', id: 'jira', name: 'Jira', tool_kind: 'jira', artifact_types: [] }, x: 0, y: 300, width: 160, height: 56 },
  { node: { kind: 'tool', id: 'gh', name: 'GitHub', tool_kind: 'github', artifact_types: [] }, x: 260, y: 300, width: 160, height: 56 },
  { node: { kind: 'partner', id: 'p', name: 'Partner' }, x: 236, y: -56, width: 238, height: 164 },
];

export const edges: EdgeView[] = [
  { edge: { kind: 'handoff', id: 'h0', from: 'cust', to: 'plan' }, rework: false },
  { edge: { kind: 'handoff', id: 'h1', from: 'plan', to: 'build' }, rework: false },
  { edge: { kind: 'handoff', id: 'h2', from: 'build', to: 'test' }, rework: false },
  { edge: { kind: 'handoff', id: 'h3', from: 'test', to: 'build' }, rework: true },
  { edge: { kind: 'artifact_flow', id: 'a1', from: 'jira', to: 'gh', links: [] }, rework: false },
];

export const view: MapView = {
  path: '/maps/small.flowmap',
  name: 'Small',
  nodes,
  edges,
  flow_order: ['plan', 'build', 'test'],
  critical_path: ['plan', 'build', 'test'],
  items: 0,
  transitions: 0,
};

export function nodeView(id: string): NodeView {
  const found = view.nodes.find((v) => v.node.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}
