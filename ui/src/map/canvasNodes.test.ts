import { describe, expect, it } from 'vitest';
import type { NodeChange } from '@xyflow/react';
import { view } from '../editor/fixtures';
import { markSelected, measure, move, NO_MOVES, withMeasured, withMoves } from './canvasNodes';
import { toFlow, type MapNode } from './toFlow';

const nodes = toFlow(view).nodes;

describe('what the canvas draws, derived', () => {
  it('marks the selection, keeping every node that did not change', () => {
    const marked = markSelected(nodes, new Set(['plan']));
    expect(marked.filter((n) => n.selected).map((n) => n.id)).toEqual(['plan']);
    expect(marked.filter((n) => n.id !== 'plan').every((n) => nodes.includes(n))).toBe(true);
    expect(markSelected(marked, new Set(['plan']))).toBe(marked);
  });

  it('keeps the sizes React Flow measured, and only new ones make a new map', () => {
    const changes: NodeChange<MapNode>[] = [{ id: 'plan', type: 'dimensions', dimensions: { width: 190, height: 84 } }];
    const measured = measure(new Map(), changes);
    expect(measure(measured, changes)).toBe(measured);
    const sized = withMeasured(nodes, measured);
    expect(sized.find((n) => n.id === 'plan')?.measured).toEqual({ width: 190, height: 84 });
    expect(sized.find((n) => n.id === 'build')).toBe(nodes.find((n) => n.id === 'build'));
  });

  it('shows a drag where it is until the core sends the map again', () => {
    const dragged = move(NO_MOVES, [{ id: 'plan', type: 'position', position: { x: 5, y: 6 }, dragging: true }], view);
    expect(withMoves(nodes, dragged, view).find((n) => n.id === 'plan')).toMatchObject({ position: { x: 5, y: 6 }, dragging: true });
    // The map the core sent after the move: its positions, whatever was dragged on the last one.
    const next = { ...view };
    expect(withMoves(nodes, dragged, next)).toBe(nodes);
    const later = move(dragged, [{ id: 'test', type: 'position', position: { x: 1, y: 1 } }], next);
    expect([...later.at.keys()]).toEqual(['test']);
    expect(move(later, [{ id: 'plan', type: 'select', selected: true }], next)).toBe(later);
  });
});
