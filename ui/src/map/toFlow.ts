// MapView (what the backend serves) → the nodes and edges React Flow draws.

import { MarkerType, type Edge, type Node, type SmoothStepPathOptions } from '@xyflow/react';
import type * as wire from '../generated/wire';
import { ARC_MIN_BULGE, placeArcs, type ArcRequest, type ArcSide, type Point } from './arcs';
import { estimateHeadline, estimateSummary, workshopSummary } from '../editor/durations';
import { handoffRoute, type Rect } from './handoffRoutes';
import { ARC_HANDLE_OFFSETS, HANDLES, type ArcHandle } from './handles';
import type { StageHeat } from '../flow/overlay';

export type StageData = {
  name: string;
  team: string | null;
  tool: { name: string; kind: wire.ToolKind } | null;
  onCriticalPath: boolean;
  /** The workshop's estimates on one line ("PT 2 h · LT 3 d · C&A 80%"), if any. */
  estimates: string | null;
  /** The one estimate a stage shows large when the map is zoomed out ("LT 3 d"), if any. */
  headline: string | null;
  /** The workshop's counts ("queue 12 · batch 5 · 3 people"), if any. */
  counts: string | null;
  /** The flow overlay's figure and colour, when one is shown (see flow/mapOverlay.ts). */
  heat?: StageHeat;
};
export type ToolData = { name: string; kind: wire.ToolKind; artifactTypes: wire.ArtifactType[] };
export type PartnerData = { name: string };
export type CustomerData = { name: string };
export type NoteData = { text: string };
/** A kaizen burst: its idea, owner, effect and status, and what it is attached to ("Build"). */
export type BurstData = { title: string; owner: string | null; effect: string | null; status: wire.BurstStatus; on: string | null };

export type StageNode = Node<StageData, 'stage'>;
export type ToolNode = Node<ToolData, 'tool'>;
export type PartnerNode = Node<PartnerData, 'partner'>;
export type CustomerNode = Node<CustomerData, 'customer'>;
export type NoteNode = Node<NoteData, 'note'>;
export type BurstNode = Node<BurstData, 'burst'>;
export type MapNode = StageNode | ToolNode | PartnerNode | CustomerNode | NoteNode | BurstNode;

/**
 * A handoff along the flow, with its label: React Flow's own Bézier edge, or its smooth-step
 * edge where a curve would cross a node (see `handoffRoute`).
 */
export type HandoffEdge =
  | Edge<Record<string, never>, 'default'>
  | (Edge<Record<string, never>, 'smoothstep'> & { pathOptions: SmoothStepPathOptions });
/** `bulge`: how far the arc reaches out from its lane (see `placeArcs`). */
export type ReworkData = { label: string; bulge: number };
export type ReworkEdge = Edge<ReworkData, 'rework'>;
export type ArtifactFlowData = { links: wire.ArtifactLink[]; bulge: number };
export type ArtifactFlowEdge = Edge<ArtifactFlowData, 'artifactFlow'>;
export type MapEdge = HandoffEdge | ReworkEdge | ArtifactFlowEdge;

export const EDGE_COLOURS = {
  handoff: '#64748b',
  criticalHandoff: '#1d4ed8',
  rework: '#ea580c',
  artifactFlow: '#7c3aed',
} as const;

export type MapFlow = { nodes: MapNode[]; edges: MapEdge[] };

export function toFlow(view: wire.MapView): MapFlow {
  return { nodes: toNodes(view), edges: toEdges(view) };
}

/**
 * Partner frames come first: React Flow needs a parent before its children. What a partner
 * owns is drawn inside its frame, at a position relative to it.
 */
function toNodes(view: wire.MapView): MapNode[] {
  const byId = new Map(view.nodes.map((v) => [v.node.id, v]));
  const critical = new Set(view.critical_path);
  const frames = view.nodes.filter((v) => v.node.kind === 'partner');
  const others = view.nodes.filter((v) => v.node.kind !== 'partner');
  return [...frames, ...others].map((v) => {
    const owner = ownerOf(v.node);
    const ownerView = owner === undefined ? undefined : byId.get(owner);
    const frame = ownerView?.node.kind === 'partner' ? ownerView : undefined;
    const placement = {
      id: v.node.id,
      position: frame ? { x: v.x - frame.x, y: v.y - frame.y } : { x: v.x, y: v.y },
      width: v.width,
      height: v.height,
      ...(frame ? { parentId: frame.node.id } : {}),
    };
    const node = v.node;
    switch (node.kind) {
      case 'stage': {
        const tool = node.tool === undefined ? undefined : byId.get(node.tool)?.node;
        return {
          ...placement,
          type: 'stage',
          data: {
            name: node.name,
            team: node.team ?? null,
            tool: tool?.kind === 'tool' ? { name: tool.name, kind: tool.tool_kind } : null,
            onCriticalPath: critical.has(node.id),
            estimates: estimateSummary(node.estimates),
            headline: estimateHeadline(node.estimates),
            counts: workshopSummary(node.estimates),
          },
        } satisfies StageNode;
      }
      case 'tool':
        return {
          ...placement,
          type: 'tool',
          data: { name: node.name, kind: node.tool_kind, artifactTypes: node.artifact_types },
        } satisfies ToolNode;
      case 'partner':
        return { ...placement, type: 'partner', data: { name: node.name } } satisfies PartnerNode;
      case 'customer':
        return { ...placement, type: 'customer', data: { name: node.name } } satisfies CustomerNode;
      case 'note':
        return { ...placement, type: 'note', data: { text: node.name } } satisfies NoteNode;
      case 'burst':
        return {
          ...placement,
          type: 'burst',
          data: { title: node.name, owner: node.owner ?? null, effect: node.effect ?? null, status: node.status, on: burstTargetName(view, node.target) },
        } satisfies BurstNode;
    }
  });
}

/** What a kaizen burst is attached to, in words: "Build", or "Build → Test" for a handoff. */
export function burstTargetName(view: wire.MapView, target: wire.BurstTarget | undefined): string | null {
  if (!target) return null;
  const name = (id: string) => view.nodes.find((v) => v.node.id === id)?.node;
  const label = (n: wire.Node | undefined) => n?.name ?? '?';
  if (target.kind === 'stage') return label(name(target.id));
  const edge = view.edges.find((e) => e.edge.id === target.id)?.edge;
  return edge ? `${label(name(edge.from))} → ${label(name(edge.to))}` : null;
}

function ownerOf(node: wire.Node): wire.NodeId | undefined {
  return node.kind === 'stage' || node.kind === 'tool' ? node.partner : undefined;
}

function toEdges(view: wire.MapView): MapEdge[] {
  const byId = new Map(view.nodes.map((v) => [v.node.id, v]));
  const bulges = arcBulges(view.edges, byId);
  const criticalSteps = new Set(
    view.critical_path.slice(1).map((to, i) => `${view.critical_path[i]}→${to}`),
  );
  return view.edges.map(({ edge, label, rework }): MapEdge => {
    const ends = { id: edge.id, source: edge.from, target: edge.to };
    const bulge = bulges.get(edge.id) ?? ARC_MIN_BULGE;
    if (edge.kind === 'artifact_flow') {
      const handles = artifactFlowHandles(byId.get(edge.from), byId.get(edge.to));
      return {
        ...ends,
        sourceHandle: handles.source,
        targetHandle: handles.target,
        type: 'artifactFlow',
        className: 'artifact-flow',
        style: { stroke: EDGE_COLOURS.artifactFlow, strokeDasharray: '6 4' },
        markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLOURS.artifactFlow },
        data: { links: edge.links, bulge },
      };
    }
    if (rework) {
      return {
        ...ends,
        sourceHandle: HANDLES.reworkOut,
        targetHandle: HANDLES.reworkIn,
        type: 'rework',
        className: 'rework',
        style: { stroke: EDGE_COLOURS.rework, strokeWidth: 2 },
        markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLOURS.rework },
        data: { label: reworkLabel(label), bulge },
      };
    }
    const onCriticalPath = criticalSteps.has(`${edge.from}→${edge.to}`);
    const colour = onCriticalPath ? EDGE_COLOURS.criticalHandoff : EDGE_COLOURS.handoff;
    const route = handoffRouteOf(edge.from, edge.to, view.nodes, byId);
    return {
      ...ends,
      sourceHandle: HANDLES.flowOut,
      targetHandle: HANDLES.flowIn,
      ...(route.kind === 'step'
        ? { type: 'smoothstep' as const, pathOptions: { stepPosition: route.stepPosition, borderRadius: 12 } }
        : { type: 'default' as const }),
      className: onCriticalPath ? 'handoff critical' : 'handoff',
      style: { stroke: colour, strokeWidth: onCriticalPath ? 2.5 : 1.5 },
      markerEnd: { type: MarkerType.ArrowClosed, color: colour },
      ...(label ? { label } : {}),
      labelBgPadding: [4, 2],
      labelBgBorderRadius: 4,
      data: {},
    };
  });
}

/** The stages, tools and customers a handoff's route must keep clear of. */
function handoffRouteOf(
  from: wire.NodeId,
  to: wire.NodeId,
  nodes: wire.NodeView[],
  byId: Map<wire.NodeId, wire.NodeView>,
) {
  const source = byId.get(from);
  const target = byId.get(to);
  if (!source || !target) return { kind: 'curve' } as const;
  const obstacles: Rect[] = nodes.filter(
    (v) => v.node.kind !== 'partner' && v.node.id !== from && v.node.id !== to,
  );
  return handoffRoute(
    { x: source.x + source.width, y: source.y + source.height / 2 },
    { x: target.x, y: target.y + target.height / 2 },
    obstacles,
  );
}

function reworkLabel(label: string | undefined): string {
  return label ? `rework: ${label}` : 'rework';
}

/** The lines of an artifact flow's label, one per link. */
export function artifactLinkLines(links: wire.ArtifactLink[]): string[] {
  return links.map((link) => `${link.source_type} → ${link.target_type}`);
}

/**
 * A flow to the right leaves its tool's right half and enters the target's left half; a flow
 * to the left the other way round.
 */
function artifactFlowHandles(from: wire.NodeView | undefined, to: wire.NodeView | undefined) {
  const rightwards = (to?.x ?? 0) >= (from?.x ?? 0);
  return rightwards
    ? { source: HANDLES.artifactOutRight, target: HANDLES.artifactInLeft }
    : { source: HANDLES.artifactOutLeft, target: HANDLES.artifactInRight };
}

/** How far each rework and artifact-flow arc bulges, so that no two labels cover each other. */
function arcBulges(edges: wire.EdgeView[], byId: Map<wire.NodeId, wire.NodeView>): Map<wire.EdgeId, number> {
  const arcs: { id: wire.EdgeId; request: ArcRequest }[] = [];
  for (const { edge, label, rework } of edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    if (edge.kind === 'artifact_flow') {
      const handles = artifactFlowHandles(from, to);
      const lines = artifactLinkLines(edge.links);
      const longest = Math.max(0, ...lines.map((line) => line.length));
      arcs.push({
        id: edge.id,
        request: {
          from: handlePoint(from, handles.source, 'below'),
          to: handlePoint(to, handles.target, 'below'),
          side: 'below',
          // `.artifact-label` in styles.css: 11px text, a line per link, a dot before each.
          label: { width: longest * 6.6 + 28, height: lines.length * 15 + 6 },
        },
      });
    } else if (rework) {
      arcs.push({
        id: edge.id,
        request: {
          from: handlePoint(from, HANDLES.reworkOut, 'above'),
          to: handlePoint(to, HANDLES.reworkIn, 'above'),
          side: 'above',
          // `.rework-label` in styles.css: one line of 12px semi-bold text.
          label: { width: reworkLabel(label).length * 7.3 + 16, height: 20 },
        },
      });
    }
  }
  const bulges = placeArcs(arcs.map((a) => a.request));
  return new Map(arcs.map((a, i) => [a.id, bulges[i] ?? ARC_MIN_BULGE]));
}

/** Where an arc handle sits on the canvas: on its node's top edge above, bottom edge below. */
function handlePoint(node: wire.NodeView, handle: ArcHandle, side: ArcSide): Point {
  return {
    x: node.x + ARC_HANDLE_OFFSETS[handle] * node.width,
    y: side === 'above' ? node.y : node.y + node.height,
  };
}
