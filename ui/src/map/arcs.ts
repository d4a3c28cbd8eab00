// Arcs for edges that must not run through the nodes of their lane: rework handoffs arc back
// above the flow lane, artifact flows arc below the toolchain lane.

export type Point = { x: number; y: number };

export type ArcSide = 'above' | 'below';

export type Arc = {
  /** SVG path data: one cubic Bézier from `from` to `to`. */
  path: string;
  /** The middle of the arc, where its label goes. */
  labelX: number;
  labelY: number;
};

/** How far an arc bulges out by default: a little for neighbours, more the further it spans. */
export const ARC_MIN_BULGE = 48;
export const ARC_BULGE_PER_PIXEL = 0.22;
/** How much further an arc bulges each time its label would cover another's. */
export const ARC_BULGE_STEP = 16;
const MAX_BULGE_STEPS = 30;
/** Room kept between two labels. */
const LABEL_MARGIN = 6;

export function defaultBulge(from: Point, to: Point): number {
  return ARC_MIN_BULGE + ARC_BULGE_PER_PIXEL * Math.abs(to.x - from.x);
}

export function arc(from: Point, to: Point, side: ArcSide, bulge: number): Arc {
  const outwards = side === 'above' ? -1 : 1;
  const fromControlY = from.y + outwards * bulge;
  const toControlY = to.y + outwards * bulge;
  return {
    path: `M ${from.x},${from.y} C ${from.x},${fromControlY} ${to.x},${toControlY} ${to.x},${to.y}`,
    // The Bézier at t = 1/2.
    labelX: (from.x + to.x) / 2,
    labelY: (from.y + 3 * fromControlY + 3 * toControlY + to.y) / 8,
  };
}

export type Size = { width: number; height: number };

export type ArcRequest = { from: Point; to: Point; side: ArcSide; label: Size };

type Rect = { left: number; top: number; right: number; bottom: number };

/**
 * How far each arc bulges so that no two labels cover each other. Shorter arcs are placed
 * first and keep their default bulge; an arc whose label would cover one already placed
 * bulges further until it is clear.
 */
export function placeArcs(requests: ArcRequest[]): number[] {
  const span = (r: ArcRequest) => Math.abs(r.to.x - r.from.x);
  const order = requests.map((_, i) => i);
  order.sort((a, b) => span(requests[a]!) - span(requests[b]!) || a - b);
  const placed: Rect[] = [];
  const bulges: number[] = new Array<number>(requests.length).fill(0);
  for (const i of order) {
    const request = requests[i]!;
    let bulge = defaultBulge(request.from, request.to);
    let rect = labelRect(request, bulge);
    for (let step = 0; step < MAX_BULGE_STEPS && placed.some((p) => overlap(p, rect)); step++) {
      bulge += ARC_BULGE_STEP;
      rect = labelRect(request, bulge);
    }
    placed.push(rect);
    bulges[i] = bulge;
  }
  return bulges;
}

function labelRect({ from, to, side, label }: ArcRequest, bulge: number): Rect {
  const { labelX, labelY } = arc(from, to, side, bulge);
  return {
    left: labelX - label.width / 2 - LABEL_MARGIN,
    right: labelX + label.width / 2 + LABEL_MARGIN,
    top: labelY - label.height / 2 - LABEL_MARGIN,
    bottom: labelY + label.height / 2 + LABEL_MARGIN,
  };
}

function overlap(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
