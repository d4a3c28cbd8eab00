// What React Flow is given to draw, derived, never copied: the map as the core holds it (toFlow,
// with the overlay), marked with the window's selection, with the sizes React Flow measured and
// where nodes are being dragged until the core has the move. Pure.

import type { Dimensions, NodeChange, XYPosition } from '@xyflow/react';
import type { MapView } from '../generated/wire';
import type { MapNode } from './toFlow';

/** Sets `selected` where it differs from `ids`; the same array when nothing changes. */
export function markSelected<T extends { id: string; selected?: boolean }>(items: T[], ids: ReadonlySet<string>): T[] {
  let changed = false;
  const next = items.map((item) => {
    const selected = ids.has(item.id);
    if (Boolean(item.selected) === selected) return item;
    changed = true;
    return { ...item, selected };
  });
  return changed ? next : items;
}

/** The sizes React Flow measured, by node id. */
export type Measured = ReadonlyMap<string, Dimensions>;

/** Nodes with their measured sizes (React Flow hides a node it has no size for). */
export function withMeasured(nodes: MapNode[], measured: Measured): MapNode[] {
  if (measured.size === 0) return nodes;
  return nodes.map((n) => {
    const size = measured.get(n.id);
    return size ? { ...n, measured: size } : n;
  });
}

/**
 * Where nodes stand while dragged or moved with the arrow keys, for the map state (`view`) they
 * were moved on: once the core sends the map with the move, it is the core's position again.
 */
export type Moves = { view: MapView | null; at: ReadonlyMap<string, { position: XYPosition; dragging: boolean }> };
export const NO_MOVES: Moves = { view: null, at: new Map() };

export function withMoves(nodes: MapNode[], moves: Moves, view: MapView): MapNode[] {
  if (moves.view !== view || moves.at.size === 0) return nodes;
  return nodes.map((n) => {
    const moved = moves.at.get(n.id);
    return moved ? { ...n, position: moved.position, dragging: moved.dragging } : n;
  });
}

/** `measured` with the sizes in `changes`; the same map when none changed. */
export function measure(measured: Measured, changes: NodeChange<MapNode>[]): Measured {
  let next: Map<string, Dimensions> | null = null;
  for (const c of changes) {
    if (c.type !== 'dimensions' || !c.dimensions) continue;
    const was = (next ?? measured).get(c.id);
    if (was && was.width === c.dimensions.width && was.height === c.dimensions.height) continue;
    next ??= new Map(measured);
    next.set(c.id, c.dimensions);
  }
  return next ?? measured;
}

/** `moves` with the positions in `changes`, on `view`; the same when none moved. */
export function move(moves: Moves, changes: NodeChange<MapNode>[], view: MapView): Moves {
  const positions = changes.filter((c) => c.type === 'position' && c.position !== undefined);
  if (positions.length === 0) return moves;
  const at = new Map(moves.view === view ? moves.at : []);
  for (const c of positions) {
    if (c.type === 'position' && c.position) at.set(c.id, { position: c.position, dragging: c.dragging ?? false });
  }
  return { view, at };
}
