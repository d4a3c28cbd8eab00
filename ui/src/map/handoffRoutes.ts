// How a handoff runs from one stage to the next: a smooth curve, unless a node stands in the
// way (a handoff that skips a column, like Support triage → Planning past Discovery). Then it
// runs along its source's row, climbs or drops in a gap between nodes, and enters its target
// along the target's row.

import type { Point } from './arcs';

export type Rect = { x: number; y: number; width: number; height: number };

export type HandoffRoute = { kind: 'curve' } | { kind: 'step'; stepPosition: number };

/** Room kept between a route and the nodes it passes. */
const CLEARANCE = 16;

/**
 * The route from `from` (the source's right side) to `to` (the target's left side) past
 * `obstacles` (every other node). `stepPosition` says where along the way the route turns,
 * 0 at the source and 1 at the target.
 */
export function handoffRoute(from: Point, to: Point, obstacles: Rect[]): HandoffRoute {
  const curve: HandoffRoute = { kind: 'curve' };
  if (to.x - from.x <= 2 * CLEARANCE) return curve;
  const box = {
    x: from.x,
    y: Math.min(from.y, to.y),
    width: to.x - from.x,
    height: Math.abs(to.y - from.y),
  };
  const inTheWay = obstacles.filter((o) => intersect(o, box));
  if (inTheWay.length === 0) return curve;

  // The turn must come after whatever stands on the target's row and before whatever stands
  // on the source's row, and the climb itself must pass between nodes.
  let earliest = from.x + CLEARANCE;
  let latest = to.x - CLEARANCE;
  for (const o of inTheWay) {
    if (spansRow(o, to.y)) earliest = Math.max(earliest, o.x + o.width + CLEARANCE);
    if (spansRow(o, from.y)) latest = Math.min(latest, o.x - CLEARANCE);
  }
  const turn = (earliest + latest) / 2;
  const climbIsClear = inTheWay.every((o) => turn < o.x - CLEARANCE / 2 || turn > o.x + o.width + CLEARANCE / 2);
  if (earliest > latest || !climbIsClear) return curve;
  return { kind: 'step', stepPosition: (turn - from.x) / (to.x - from.x) };
}

function spansRow(rect: Rect, y: number): boolean {
  return rect.y - CLEARANCE / 2 <= y && y <= rect.y + rect.height + CLEARANCE / 2;
}

function intersect(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}
