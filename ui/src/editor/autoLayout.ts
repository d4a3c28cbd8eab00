// Auto-layout, left to right, with elkjs (the Eclipse Layout Kernel's layered algorithm).
//
// The flow lane holds customers and stages in flow order, rework loops left out of the
// layering; each partner is a compound node around its stages, so they stay together and its
// frame holds nothing else. The toolchain lane below holds each tool under the stages that live
// in it, in the order of those stages; tools without stages follow. Partners that own nothing
// stand after the toolchain.

import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { NodeId, NodePosition, NodeView, MapView } from '../generated/wire';

export const LANE_GAP = 150;
export const TOOL_GAP = 40;
const FRAME_PADDING = '[top=56,left=24,bottom=24,right=24]';

const elk = new ELK();

function partnerOf(v: NodeView): NodeId | undefined {
  return v.node.kind === 'stage' || v.node.kind === 'tool' ? v.node.partner : undefined;
}

export async function autoLayout(view: MapView): Promise<NodePosition[]> {
  const flowNodes = view.nodes.filter((v) => v.node.kind === 'stage' || v.node.kind === 'customer');
  const inFlow = new Set(flowNodes.map((v) => v.node.id));
  const box = (v: NodeView): ElkNode => ({ id: v.node.id, width: v.width, height: v.height });

  const partnerBoxes = new Map<NodeId, ElkNode>();
  const top: ElkNode[] = [];
  for (const v of flowNodes) {
    const partner = partnerOf(v);
    if (partner === undefined) {
      top.push(box(v));
      continue;
    }
    let frame = partnerBoxes.get(partner);
    if (!frame) {
      frame = { id: `partner:${partner}`, children: [], layoutOptions: { 'elk.padding': FRAME_PADDING } };
      partnerBoxes.set(partner, frame);
      top.push(frame);
    }
    frame.children!.push(box(v));
  }
  const edges: ElkExtendedEdge[] = view.edges
    .filter((e) => e.edge.kind === 'handoff' && !e.rework && inFlow.has(e.edge.from) && inFlow.has(e.edge.to))
    .map((e) => ({ id: e.edge.id, sources: [e.edge.from], targets: [e.edge.to] }));

  const laidOut = await elk.layout({
    id: 'flow',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
    },
    children: top,
    edges,
  });

  const positions = new Map<NodeId, { x: number; y: number }>();
  const collect = (nodes: ElkNode[] | undefined, dx: number, dy: number) => {
    for (const n of nodes ?? []) {
      const x = dx + (n.x ?? 0);
      const y = dy + (n.y ?? 0);
      if (n.children && n.children.length > 0) collect(n.children, x, y);
      else positions.set(n.id, { x, y });
    }
  };
  collect(laidOut.children, 0, 0);

  // The toolchain lane.
  const flowBottom = Math.max(0, ...flowNodes.map((v) => (positions.get(v.node.id)?.y ?? 0) + v.height));
  const laneY = flowBottom + LANE_GAP;
  const tools = view.nodes.filter((v) => v.node.kind === 'tool');
  const wanted = tools.map((tool, order) => {
    const xs = flowNodes
      .filter((v) => v.node.kind === 'stage' && v.node.tool === tool.node.id)
      .map((v) => (positions.get(v.node.id)?.x ?? 0) + v.width / 2 - tool.width / 2);
    return { tool, order, x: xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.POSITIVE_INFINITY };
  });
  wanted.sort((a, b) => a.x - b.x || a.order - b.order);
  let nextFree = Number.NEGATIVE_INFINITY;
  let rightmost = 0;
  for (const w of wanted) {
    const want = Number.isFinite(w.x) ? w.x : rightmost + TOOL_GAP;
    const x = Math.max(want, nextFree);
    positions.set(w.tool.node.id, { x, y: laneY });
    nextFree = x + w.tool.width + TOOL_GAP;
    rightmost = Math.max(rightmost, x + w.tool.width);
  }

  // Partners that own nothing.
  const owners = new Set(view.nodes.map(partnerOf).filter((p) => p !== undefined));
  const toolHeight = Math.max(0, ...tools.map((t) => t.height));
  let loneX = 0;
  for (const v of view.nodes) {
    if (v.node.kind === 'partner' && !owners.has(v.node.id)) {
      positions.set(v.node.id, { x: loneX, y: laneY + toolHeight + LANE_GAP });
      loneX += v.width + TOOL_GAP;
    }
  }

  placeBursts(view, positions);
  return view.nodes
    .filter((v) => positions.has(v.node.id))
    .map((v) => {
      const p = positions.get(v.node.id)!;
      return { node: v.node.id, x: Math.round(p.x), y: Math.round(p.y) };
    });
}

/** Kaizen bursts follow what they improve: above their stage, or above their handoff's middle. */
function placeBursts(view: MapView, positions: Map<NodeId, { x: number; y: number }>): void {
  const byId = new Map(view.nodes.map((v) => [v.node.id, v]));
  const centreTop = (id: NodeId) => {
    const v = byId.get(id);
    const p = positions.get(id);
    return v && p ? { x: p.x + v.width / 2, y: p.y } : null;
  };
  const stacked = new Map<string, number>();
  for (const v of view.nodes) {
    if (v.node.kind !== 'burst' || !v.node.target) continue;
    const target = v.node.target;
    let anchor: { x: number; y: number } | null = null;
    if (target.kind === 'stage') anchor = centreTop(target.id);
    else {
      const edge = view.edges.find((e) => e.edge.id === target.id)?.edge;
      const [a, b] = edge ? [centreTop(edge.from), centreTop(edge.to)] : [null, null];
      if (a && b) anchor = { x: (a.x + b.x) / 2, y: Math.min(a.y, b.y) };
    }
    if (!anchor) continue;
    const n = stacked.get(target.id) ?? 0;
    stacked.set(target.id, n + 1);
    positions.set(v.node.id, { x: anchor.x - v.width / 2, y: anchor.y - 30 - v.height - n * (v.height + 10) });
  }
}
