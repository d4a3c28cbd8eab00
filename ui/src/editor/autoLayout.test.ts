import { describe, expect, it } from 'vitest';
import type { MapView, NodePosition } from '../generated/wire';
import { autoLayout } from './autoLayout';
import { view } from './fixtures';

const at = (positions: NodePosition[], id: string) => {
  const p = positions.find((q) => q.node === id);
  if (!p) throw new Error(`no position for ${id}`);
  return p;
};

describe('autoLayout', () => {
  it('lays the flow out left to right, rework loops aside, tools in a lane below', async () => {
    const positions = await autoLayout(view);
    const x = (id: string) => at(positions, id).x;
    expect(x('cust')).toBeLessThan(x('plan'));
    expect(x('plan')).toBeLessThan(x('build'));
    expect(x('build')).toBeLessThan(x('test'));
    const lowestStage = Math.max(...['plan', 'build', 'test'].map((id) => at(positions, id).y + 84));
    expect(at(positions, 'jira').y).toBeGreaterThan(lowestStage);
    expect(at(positions, 'gh').y).toBe(at(positions, 'jira').y);
    // Jira sits under the middle of Plan and Test, the stages that live in it; GitHub wants the
    // same place (under Build) and stands next to Jira instead of on it.
    expect(Math.abs(x('jira') + 80 - (x('plan') + x('test')) / 2 - 95)).toBeLessThan(1);
    expect(x('gh')).toBe(x('jira') + 160 + 40);
    // A partner that owns something is a frame, not a node with a place of its own.
    expect(positions.some((p) => p.node === 'p')).toBe(false);
  });

  it("keeps a partner's stages together, with nothing else between them", async () => {
    const s = (id: string, partner?: string) => ({
      node: { kind: 'stage' as const, id, name: id, states: [], estimates: {}, ...(partner ? { partner } : {}) },
      x: 0, y: 0, width: 190, height: 84,
    });
    const h = (id: string, from: string, to: string) => ({ edge: { kind: 'handoff' as const, id, from, to }, rework: false });
    const parallel: MapView = {
      ...view,
      nodes: [s('a'), s('x'), s('p1', 'p'), s('y'), s('p2', 'p'), s('z'), { node: { kind: 'partner', id: 'p', name: 'P' }, x: 0, y: 0, width: 220, height: 140 }],
      edges: [h('1', 'a', 'x'), h('2', 'a', 'p1'), h('3', 'a', 'y'), h('4', 'a', 'p2'), h('5', 'x', 'z'), h('6', 'p1', 'z'), h('7', 'y', 'z'), h('8', 'p2', 'z')],
    };
    const positions = await autoLayout(parallel);
    const ys = ['p1', 'p2'].map((id) => at(positions, id).y);
    const top = Math.min(...ys);
    const bottom = Math.max(...ys) + 84;
    for (const other of ['x', 'y']) {
      const p = at(positions, other);
      const overlapsVertically = p.y < bottom && p.y + 84 > top;
      expect(overlapsVertically, `${other} stands between the partner's stages`).toBe(false);
    }
  });
  it('puts a kaizen burst above the stage it improves, and leaves a note where it is', async () => {
    const withAnnotations: MapView = {
      ...view,
      nodes: [
        ...view.nodes,
        { node: { kind: 'burst', id: 'kb', name: 'Pair', status: 'idea', target: { kind: 'stage', id: 'build' } }, x: 900, y: 900, width: 150, height: 100 },
        { node: { kind: 'note', id: 'nb', name: 'Ask ops' }, x: 700, y: 700, width: 170, height: 110 },
      ],
    };
    const positions = await autoLayout(withAnnotations);
    const build = at(positions, 'build');
    const burst = at(positions, 'kb');
    expect(burst.x + 75).toBe(build.x + 95);
    expect(burst.y + 100).toBeLessThan(build.y);
    expect(positions.some((p) => p.node === 'nb')).toBe(false);
  });
});
