// What a drag on the canvas changes: where the dragged nodes now stand (a partner's frame
// brings what it owns), and, for a stage or tool dropped inside another partner's frame, that
// partner as its owner. One edit, so one step of undo.

import type { Edit, MapView, Node, NodePosition } from '../generated/wire';

/** The little of a React Flow node this needs. */
export type CanvasNode = {
  id: string;
  type?: string;
  parentId?: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
};

export function dragMoves(dragged: CanvasNode[], all: CanvasNode[], view: MapView): Edit | null {
  const byId = new Map(all.map((n) => [n.id, n]));
  const absolute = (n: CanvasNode) => {
    const parent = n.parentId === undefined ? undefined : byId.get(n.parentId);
    return parent ? { x: parent.position.x + n.position.x, y: parent.position.y + n.position.y } : n.position;
  };
  const shown = new Map(view.nodes.map((v) => [v.node.id, v]));
  const draggedIds = new Set(dragged.map((n) => n.id));
  const moves: NodePosition[] = [];
  const moveTo = (n: CanvasNode) => {
    const p = absolute(n);
    const before = shown.get(n.id);
    if (before && before.x === p.x && before.y === p.y) return;
    moves.push({ node: n.id, x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100 });
  };
  for (const n of dragged) {
    moveTo(n);
    if (n.type === 'partner') {
      for (const child of all) if (child.parentId === n.id && !draggedIds.has(child.id)) moveTo(child);
    }
  }
  if (moves.length === 0) return null;
  const move: Edit = { kind: 'move_nodes', moves };

  const [only] = dragged;
  if (dragged.length !== 1 || !only || (only.type !== 'stage' && only.type !== 'tool')) return move;
  const node = shown.get(only.id)?.node;
  if (!node || (node.kind !== 'stage' && node.kind !== 'tool')) return move;
  const p = absolute(only);
  const centre = { x: p.x + (only.width ?? 0) / 2, y: p.y + (only.height ?? 0) / 2 };
  const frame = all.find(
    (f) =>
      f.type === 'partner' &&
      f.id !== node.partner &&
      centre.x >= f.position.x &&
      centre.x <= f.position.x + (f.width ?? 0) &&
      centre.y >= f.position.y &&
      centre.y <= f.position.y + (f.height ?? 0),
  );
  if (!frame) return move;
  const joined: Node = { ...node, partner: frame.id };
  return { kind: 'batch', edits: [{ kind: 'update_node', node: joined }, move] };
}
