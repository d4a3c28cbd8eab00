import { describe, expect, it } from 'vitest';
import type { NodeView } from '../generated/wire';
import { align } from './align';

const box = (id: string, x: number, y: number, width = 100, height = 50): NodeView => ({
  node: { kind: 'customer', id, name: id },
  x,
  y,
  width,
  height,
});

describe('align', () => {
  const nodes = [box('a', 10, 0), box('b', 300, 40, 200, 90), box('c', 120, 100)];

  it('lines up left and top edges', () => {
    expect(align(nodes, 'left').map((p) => p.x)).toEqual([10, 10, 10]);
    expect(align(nodes, 'top').map((p) => [p.x, p.y])).toEqual([[10, 0], [300, 0], [120, 0]]);
  });

  it('lines up middles and centres', () => {
    const middles = align(nodes, 'middle').map((p, i) => p.y + nodes[i]!.height / 2);
    expect(new Set(middles).size).toBe(1);
    const centres = align(nodes, 'center').map((p, i) => p.x + nodes[i]!.width / 2);
    expect(new Set(centres).size).toBe(1);
  });

  it('spaces nodes evenly, the outer ones staying put', () => {
    const spaced = align(nodes, 'distribute-horizontally');
    const byId = Object.fromEntries(spaced.map((p) => [p.node, p.x]));
    expect(byId).toEqual({ a: 10, c: 155, b: 300 });
  });

  it('moves nothing for fewer than two nodes', () => {
    expect(align([box('a', 0, 0)], 'left')).toEqual([]);
  });
});
