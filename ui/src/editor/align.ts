// Aligning and spacing selected nodes. Each returns the new top-left corners of the nodes it
// moves; the caller sends them as one undoable layout edit.

import type { NodePosition, NodeView } from '../generated/wire';

export type Alignment = 'left' | 'top' | 'middle' | 'center' | 'distribute-horizontally' | 'distribute-vertically';

export const ALIGNMENTS: { alignment: Alignment; label: string }[] = [
  { alignment: 'left', label: 'Align left edges' },
  { alignment: 'center', label: 'Align centres vertically' },
  { alignment: 'top', label: 'Align top edges' },
  { alignment: 'middle', label: 'Align middles horizontally' },
  { alignment: 'distribute-horizontally', label: 'Space evenly left to right' },
  { alignment: 'distribute-vertically', label: 'Space evenly top to bottom' },
];

export function align(nodes: NodeView[], alignment: Alignment): NodePosition[] {
  if (nodes.length < 2) return [];
  const at = (v: NodeView, x: number, y: number): NodePosition => ({ node: v.node.id, x, y });
  switch (alignment) {
    case 'left': {
      const left = Math.min(...nodes.map((v) => v.x));
      return nodes.map((v) => at(v, left, v.y));
    }
    case 'top': {
      const top = Math.min(...nodes.map((v) => v.y));
      return nodes.map((v) => at(v, v.x, top));
    }
    case 'middle': {
      const middle = mean(nodes.map((v) => v.y + v.height / 2));
      return nodes.map((v) => at(v, v.x, middle - v.height / 2));
    }
    case 'center': {
      const centre = mean(nodes.map((v) => v.x + v.width / 2));
      return nodes.map((v) => at(v, centre - v.width / 2, v.y));
    }
    case 'distribute-horizontally':
      return distribute(nodes, 'x', 'width').map(([v, x]) => at(v, x, v.y));
    case 'distribute-vertically':
      return distribute(nodes, 'y', 'height').map(([v, y]) => at(v, v.x, y));
  }
}

/** Equal gaps between neighbours, the first and last staying where they are. */
function distribute(nodes: NodeView[], axis: 'x' | 'y', size: 'width' | 'height'): [NodeView, number][] {
  const sorted = [...nodes].sort((a, b) => a[axis] - b[axis]);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const span = last[axis] + last[size] - first[axis];
  const occupied = sorted.reduce((sum, v) => sum + v[size], 0);
  const gap = (span - occupied) / (sorted.length - 1);
  let cursor = first[axis];
  return sorted.map((v) => {
    const place = cursor;
    cursor += v[size] + gap;
    return [v, Math.round(place * 100) / 100];
  });
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
