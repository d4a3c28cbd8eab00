import { describe, expect, it } from 'vitest';
import { dragMoves, type CanvasNode } from './dragMoves';
import { nodeView, view } from './fixtures';

// The canvas as toFlow lays it out: Build inside the partner's frame, relative to it.
const canvas = (overrides: Record<string, { x: number; y: number }> = {}): CanvasNode[] =>
  view.nodes.map((v) => {
    const parent = v.node.kind === 'stage' || v.node.kind === 'tool' ? v.node.partner : undefined;
    const frame = parent ? nodeView(parent) : undefined;
    const position = overrides[v.node.id] ?? (frame ? { x: v.x - frame.x, y: v.y - frame.y } : { x: v.x, y: v.y });
    return { id: v.node.id, type: v.node.kind, position, width: v.width, height: v.height, ...(frame ? { parentId: frame.node.id } : {}) };
  });

describe('dragMoves', () => {
  it('moves a dragged node to where it was dropped', () => {
    const all = canvas({ plan: { x: 10, y: 20 } });
    expect(dragMoves([all[1]!], all, view)).toEqual({ kind: 'move_nodes', moves: [{ node: 'plan', x: 10, y: 20 }] });
  });

  it("gives a node inside a frame its place on the canvas, not in the frame", () => {
    const all = canvas({ build: { x: 30, y: 60 } });
    const build = all.find((n) => n.id === 'build')!;
    expect(dragMoves([build], all, view)).toEqual({ kind: 'move_nodes', moves: [{ node: 'build', x: 266, y: 4 }] });
  });

  it('moves what a partner owns with its frame', () => {
    const all = canvas({ p: { x: 336, y: -56 } });
    const frame = all.find((n) => n.id === 'p')!;
    expect(dragMoves([frame], all, view)).toEqual({
      kind: 'move_nodes',
      moves: [{ node: 'p', x: 336, y: -56 }, { node: 'build', x: 360, y: 0 }],
    });
  });

  it("makes a stage dropped inside a partner's frame the partner's", () => {
    const all = canvas({ test: { x: 280, y: 10 } });
    const test = all.find((n) => n.id === 'test')!;
    const edit = dragMoves([test], all, view);
    expect(edit).toEqual({
      kind: 'batch',
      edits: [
        { kind: 'update_node', node: { ...nodeView('test').node, partner: 'p' } },
        { kind: 'move_nodes', moves: [{ node: 'test', x: 280, y: 10 }] },
      ],
    });
  });

  it('changes nothing for a node let go where it was', () => {
    const all = canvas();
    expect(dragMoves([all[1]!], all, view)).toBeNull();
  });
});
