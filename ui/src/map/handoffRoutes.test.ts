import { describe, expect, it } from 'vitest';
import { handoffLabelAt, handoffRoute } from './handoffRoutes';

// The demo's first columns: Support triage (row 1) hands off to Planning (row 0, two columns
// on), past Discovery (row 0, the column between).
const discovery = { x: 520, y: 0, width: 190, height: 84 };
const supportRightSide = { x: 450, y: 172 };
const planningLeftSide = { x: 780, y: 42 };

describe('handoffRoute', () => {
  it('curves straight to its target when nothing stands in the way', () => {
    expect(handoffRoute({ x: 450, y: 42 }, { x: 520, y: 42 }, [discovery])).toEqual({ kind: 'curve' });
    expect(handoffRoute(supportRightSide, planningLeftSide, [])).toEqual({ kind: 'curve' });
  });

  it("runs past a stage in the target's row before climbing to the target", () => {
    const route = handoffRoute(supportRightSide, planningLeftSide, [discovery]);
    if (route.kind !== 'step') throw new Error('expected a stepped route');
    const turnX = supportRightSide.x + route.stepPosition * (planningLeftSide.x - supportRightSide.x);
    expect(turnX).toBeGreaterThan(discovery.x + discovery.width);
    expect(turnX).toBeLessThan(planningLeftSide.x);
  });

  it("turns before a stage in the source's row", () => {
    const inSourceRow = { x: 700, y: 130, width: 190, height: 84 };
    const route = handoffRoute({ x: 450, y: 172 }, { x: 1040, y: 42 }, [inSourceRow]);
    if (route.kind !== 'step') throw new Error('expected a stepped route');
    const turnX = 450 + route.stepPosition * (1040 - 450);
    expect(turnX).toBeLessThan(inSourceRow.x);
  });

  it('falls back to a curve when there is no gap to turn in', () => {
    const wall = { x: 470, y: 0, width: 300, height: 220 };
    expect(handoffRoute(supportRightSide, planningLeftSide, [wall])).toEqual({ kind: 'curve' });
  });
});

describe('where a handoff label goes', () => {
  const mid = { x: 225, y: 42 };
  it('stays in the gap when it fits there', () => {
    // Stages 190 wide at x 0 and 400: a 210 px gap holds "waits 2.1 d (p50, 812)".
    expect(handoffLabelAt({ x: 190, y: 42 }, { x: 400, y: 42 }, mid, 22)).toEqual(mid);
  });

  it('goes under the cards when the gap is narrower than the label (stages drawn with S, 70 px apart)', () => {
    const at = handoffLabelAt({ x: 190, y: 42 }, { x: 260, y: 42 }, { x: 225, y: 42 }, 22);
    expect(at).toEqual({ x: 225, y: 42 + 42 + 14 });
    // Under the lower of two cards on different rows.
    expect(handoffLabelAt({ x: 190, y: 42 }, { x: 260, y: 202 }, mid, 22).y).toBe(202 + 56);
    // A short label stays in the gap.
    expect(handoffLabelAt({ x: 190, y: 42 }, { x: 260, y: 42 }, mid, 5)).toEqual(mid);
  });
});
