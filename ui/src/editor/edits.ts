// Turning what the user does on the canvas into the edits the Rust core applies. Pure: the
// core decides whether an edit is allowed; these only build it.

import type { Edge, EdgeView, Edit, MapView, Node, NodeId, NodeView, PlacedNode, ToolKind } from '../generated/wire';
import { toolBadge } from '../map/toolBadges';

export type NodeKind = Node['kind'];

/** A fresh id for a node or edge the UI creates. */
export function freshId(): string {
  return crypto.randomUUID();
}

const DEFAULT_NAMES: Record<NodeKind, string> = {
  stage: 'New stage',
  tool: 'New tool',
  partner: 'New partner',
  customer: 'Customer',
  note: 'Note',
  burst: 'Kaizen idea',
};

/** A new node of `kind`; a tool made from a template is named after its kind ("Jira"). */
export function newNode(kind: NodeKind, id: string, toolKind: ToolKind = 'other'): Node {
  switch (kind) {
    case 'stage':
      return { kind, id, name: DEFAULT_NAMES.stage, states: [], estimates: {} };
    case 'tool':
      return {
        kind,
        id,
        name: toolKind === 'other' ? DEFAULT_NAMES.tool : toolBadge(toolKind, '').title,
        tool_kind: toolKind,
        artifact_types: [],
      };
    case 'partner':
      return { kind, id, name: DEFAULT_NAMES.partner };
    case 'customer':
      return { kind, id, name: DEFAULT_NAMES.customer };
    case 'note':
      return { kind, id, name: DEFAULT_NAMES.note };
    case 'burst':
      return { kind, id, name: DEFAULT_NAMES.burst, status: 'idea' };
  }
}

/**
 * The edge a drag from `source` to `target` draws: a handoff between stages (or from or to a
 * customer), an artifact flow between tools. Anything else is refused here with the reason,
 * before it reaches the core.
 */
export function edgeForConnection(source: Node, target: Node, id: string): { edge: Edge } | { refused: string } {
  const flowKinds: NodeKind[] = ['stage', 'customer'];
  if (source.id === target.id) return { refused: `"${source.name}" cannot hand off to itself` };
  if (source.kind === 'tool' && target.kind === 'tool') {
    return { edge: { kind: 'artifact_flow', id, from: source.id, to: target.id, links: [] } };
  }
  if (flowKinds.includes(source.kind) && flowKinds.includes(target.kind)) {
    if (source.kind === 'customer' && target.kind === 'customer') {
      return { refused: 'a handoff needs at least one stage; both ends are customers' };
    }
    return { edge: { kind: 'handoff', id, from: source.id, to: target.id } };
  }
  return {
    refused:
      `"${source.name}" (a ${source.kind}) cannot be joined to "${target.name}" (a ${target.kind}): ` +
      'handoffs join stages, artifact flows join tools',
  };
}

/** The size a new node is drawn at, before React Flow measures it. */
export const NEW_SIZES: Record<NodeKind, { width: number; height: number }> = {
  stage: { width: 190, height: 84 },
  tool: { width: 160, height: 56 },
  partner: { width: 220, height: 140 },
  customer: { width: 150, height: 60 },
  note: { width: 170, height: 110 },
  burst: { width: 150, height: 100 },
};

/**
 * Where a new node goes: at `centre` (the middle of what the canvas shows), a tool in the
 * toolchain lane below the stages; moved right until it covers no other node.
 */
export function placeNewNode(kind: NodeKind, centre: { x: number; y: number }, taken: NodeView[]): { x: number; y: number } {
  const size = NEW_SIZES[kind];
  let x = Math.round(centre.x - size.width / 2);
  let y = Math.round(centre.y - size.height / 2);
  const flow = taken.filter((v) => v.node.kind === 'stage' || v.node.kind === 'customer');
  if (kind === 'tool' && flow.length > 0) y = Math.max(y, Math.max(...flow.map((v) => v.y + v.height)) + 120);
  const covers = (v: NodeView) =>
    v.node.kind !== 'partner' && x < v.x + v.width + 20 && v.x < x + size.width + 20 && y < v.y + v.height + 20 && v.y < y + size.height + 20;
  for (let i = 0; i < 200 && taken.some(covers); i++) x += 40;
  return { x, y };
}

/**
 * Adds a stage right of `after` and joins `after` to it with a handoff, as one step of undo:
 * drawing a flow stage by stage from the keyboard.
 */
export function addStageAfter(after: NodeView, id: string, handoffId: string): Edit {
  return {
    kind: 'batch',
    edits: [
      { kind: 'add_node', node: newNode('stage', id), x: after.x + after.width + 70, y: after.y },
      { kind: 'add_edge', edge: { kind: 'handoff', id: handoffId, from: after.node.id, to: id } },
    ],
  };
}

/**
 * A kaizen burst attached to the selected stage or handoff (if one is selected), drawn above it:
 * above the stage, or above the middle of the handoff.
 */
export function addBurstEdit(view: MapView, selected: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> }, id: string, fallback: { x: number; y: number }): Edit {
  const node = selected.nodes.size === 1 && selected.edges.size === 0 ? view.nodes.find((v) => selected.nodes.has(v.node.id)) : undefined;
  const edge = selected.edges.size === 1 && selected.nodes.size === 0 ? view.edges.find((e) => selected.edges.has(e.edge.id)) : undefined;
  const burst = newNode('burst', id);
  if (burst.kind !== 'burst') throw new Error('a burst');
  const above = (x: number, y: number) => ({ x: Math.round(x - 75), y: Math.round(y - 130) });
  if (node?.node.kind === 'stage') {
    const at = above(node.x + node.width / 2, node.y);
    return { kind: 'add_node', node: { ...burst, target: { kind: 'stage', id: node.node.id } }, ...at };
  }
  if (edge?.edge.kind === 'handoff') {
    const from = view.nodes.find((v) => v.node.id === edge.edge.from);
    const to = view.nodes.find((v) => v.node.id === edge.edge.to);
    if (from && to) {
      const at = above((from.x + from.width + to.x) / 2, Math.min(from.y, to.y));
      return { kind: 'add_node', node: { ...burst, target: { kind: 'handoff', id: edge.edge.id } }, ...at };
    }
  }
  return { kind: 'add_node', node: burst, x: fallback.x, y: fallback.y };
}

/** What Copy keeps: the selected nodes where they are, and the edges between them. */
export type Clipboard = { nodes: PlacedNode[]; edges: Edge[] };

export function copySelection(view: MapView, nodeIds: ReadonlySet<NodeId>): Clipboard | null {
  // A selected partner brings what it owns.
  const ids = new Set(nodeIds);
  for (const v of view.nodes) {
    const owner = v.node.kind === 'stage' || v.node.kind === 'tool' ? v.node.partner : undefined;
    if (owner !== undefined && nodeIds.has(owner)) ids.add(v.node.id);
  }
  const nodes = view.nodes.filter((v) => ids.has(v.node.id)).map((v) => ({ node: v.node, x: v.x, y: v.y }));
  if (nodes.length === 0) return null;
  const edges = view.edges.map((e) => e.edge).filter((e) => ids.has(e.from) && ids.has(e.to));
  return { nodes, edges };
}

/** Pasting a clipboard: copies with fresh ids (the core makes them), `offset` from the originals. */
export function pasteEdit(clipboard: Clipboard, offset: number): Edit {
  return {
    kind: 'paste',
    nodes: clipboard.nodes.map((p) => ({ ...p, x: p.x + offset, y: p.y + offset })),
    edges: clipboard.edges,
  };
}

/** Removing what is selected: the edges, and the nodes with every edge attached to them. */
export function removeEdit(nodeIds: Iterable<NodeId>, edgeIds: Iterable<string>, view: MapView): Edit | null {
  const nodes = [...nodeIds];
  const gone = new Set(nodes);
  // Edges attached to a removed node go with it; naming them again would be an error.
  const edges = [...edgeIds].filter((id) => {
    const e = view.edges.find((v: EdgeView) => v.edge.id === id);
    return e !== undefined && !gone.has(e.edge.from) && !gone.has(e.edge.to);
  });
  if (nodes.length === 0 && edges.length === 0) return null;
  return { kind: 'remove', nodes, edges };
}

/** The same node with some of its fields changed (the inspector's edits). */
export function withChanges<N extends Node>(node: N, changes: Partial<N>): N {
  const next = { ...node, ...changes };
  // An optional field set to undefined is left out, as the core would write it.
  for (const key of Object.keys(next) as (keyof N)[]) if (next[key] === undefined) delete next[key];
  return next;
}
