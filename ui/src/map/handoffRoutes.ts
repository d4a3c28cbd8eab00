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

/** Half a stage card's height (84 px, flowmap-core's `node_size`): its handles sit at mid-height. */
const HALF_CARD = 42;
/** How wide a character of an edge label is (11 px text) and the label's padding. */
const CHAR_WIDTH = 6.4;
const LABEL_PADDING = 12;
/** How far under a card a label's middle sits. */
const BELOW = 14;

/**
 * Where a handoff's label goes, given the source's handle `from` (right side, mid-height), the
 * target's `to`, the path's midpoint `mid` and the label's length in characters: at the
 * midpoint when the label fits in the gap between the cards, else under the lower card,
 * centred on the gap — never under a card, nor over a partner frame's name (frames name their
 * partner above the cards).
 */
export function handoffLabelAt(from: Point, to: Point, mid: Point, chars: number): Point {
  const width = chars * CHAR_WIDTH + LABEL_PADDING;
  if (chars === 0 || width <= to.x - from.x - 8) return mid;
  return { x: (from.x + to.x) / 2, y: Math.max(from.y, to.y) + HALF_CARD + BELOW };
}
