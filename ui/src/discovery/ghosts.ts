// The proposal drawn on the canvas beside the user's drawing, which it never changes: a ghost
// stage (dashed) per new proposed stage, at the place the backend gave it (below the drawing, in
// the proposed order); ghost handoffs (dashed, with their moves and share) between ghosts and
// the map's stages a proposed stage matched; none for a dropped stage or an unticked handoff.
// Ghosts cannot be selected, moved or connected. Pure.

import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { DiscoveryPreview } from '../generated/wire';
import { HANDLES } from '../map/handles';
import { fateOf, handoffLabel, keptHandoff, pickOf, type Fate, type Picks } from './choices';

export type GhostData = { fate: Fate; states: string[]; items: number };
export type GhostNode = Node<GhostData, 'ghost'>;
export type GhostEdge = Edge<Record<string, never>, 'default'>;

export const GHOST_COLOUR = '#0f766e';
export const ghostId = (index: number) => `ghost:${index}`;
export const isGhost = (id: string) => id.startsWith('ghost:');

export function ghostFlow(preview: DiscoveryPreview | null, picks: Picks, stageName: (id: string) => string): { nodes: GhostNode[]; edges: GhostEdge[] } {
  if (!preview) return { nodes: [], edges: [] };
  const stages = preview.proposal.stages;
  const nodeOf = new Map<string, string>();
  const dropped = new Set(stages.filter((s) => pickOf(picks, s).mode === 'drop').map((s) => s.name));
  const nodes: GhostNode[] = [];
  stages.forEach((s, i) => {
    const place = preview.places[i];
    if (s.existing) nodeOf.set(s.name, s.existing);
    if (!place) return;
    nodeOf.set(s.name, ghostId(i));
    nodes.push({
      id: ghostId(i),
      type: 'ghost',
      position: { x: place.x, y: place.y },
      width: place.width,
      height: place.height,
      draggable: false,
      selectable: false,
      connectable: false,
      focusable: false,
      data: { fate: fateOf(preview, picks, s, stageName), states: s.states, items: s.items },
    });
  });
  const edges: GhostEdge[] = preview.proposal.handoffs.flatMap((h) => {
    const source = nodeOf.get(h.from);
    const target = nodeOf.get(h.to);
    // A dropped stage's handoffs go with it; a handoff on the map already is drawn as it is.
    if (!source || !target || h.existing || !keptHandoff(picks, h) || dropped.has(h.from) || dropped.has(h.to)) return [];
    return [
      {
        id: `ghost:${h.from}\u0000${h.to}`,
        type: 'default',
        source,
        target,
        sourceHandle: h.rework ? HANDLES.reworkOut : HANDLES.flowOut,
        targetHandle: h.rework ? HANDLES.reworkIn : HANDLES.flowIn,
        selectable: false,
        focusable: false,
        label: handoffLabel(h),
        className: 'ghost-edge',
        style: { stroke: h.rework ? '#ea580c' : GHOST_COLOUR, strokeDasharray: '6 4', strokeWidth: 1.6 },
        labelStyle: { fill: GHOST_COLOUR, fontWeight: 600, fontSize: 12 },
        labelBgStyle: { fill: '#f0fdfa' },
        labelBgPadding: [4, 2] as [number, number],
        markerEnd: { type: MarkerType.ArrowClosed, color: h.rework ? '#ea580c' : GHOST_COLOUR },
        data: {},
      },
    ];
  });
  return { nodes, edges };
}
