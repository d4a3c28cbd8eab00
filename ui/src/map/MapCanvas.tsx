import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type NodeTypes,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { edgeForConnection, freshId } from '../editor/edits';
import { dragMoves } from '../editor/dragMoves';
import type { Edit, MapView } from '../generated/wire';
import { ArtifactFlowEdgeView } from './edges/ArtifactFlowEdgeView';
import { ReworkEdgeView } from './edges/ReworkEdgeView';
import { MapLegend } from './MapLegend';
import { CustomerNodeView } from './nodes/CustomerNodeView';
import { PartnerFrameView } from './nodes/PartnerFrameView';
import { StageNodeView } from './nodes/StageNodeView';
import { ToolNodeView } from './nodes/ToolNodeView';
import { toFlow, type MapEdge, type MapNode } from './toFlow';
import { withOverlay, type MapOverlay } from '../flow/mapOverlay';

const nodeTypes = {
  stage: StageNodeView,
  tool: ToolNodeView,
  partner: PartnerFrameView,
  customer: CustomerNodeView,
} satisfies NodeTypes;

const edgeTypes = {
  rework: ReworkEdgeView,
  artifactFlow: ArtifactFlowEdgeView,
} satisfies EdgeTypes;

const MINIMAP_COLOURS: Record<NonNullable<MapNode['type']>, string> = {
  stage: '#334155',
  tool: '#a78bfa',
  partner: 'rgba(14, 165, 233, 0.15)',
  customer: '#94a3b8',
};

export type Selection = { nodes: ReadonlySet<string>; edges: ReadonlySet<string> };

/** Sets `selected` where it differs from `ids`; the same array when nothing changes. */
function markSelected<T extends { id: string; selected?: boolean }>(items: T[], ids: ReadonlySet<string>): T[] {
  let changed = false;
  const next = items.map((item) => {
    const selected = ids.has(item.id);
    if (Boolean(item.selected) === selected) return item;
    changed = true;
    return { ...item, selected };
  });
  return changed ? next : items;
}

/**
 * The map, editable: nodes move, handles connect, and every change goes to the Rust core as an
 * edit; what the canvas shows is always what the core holds.
 */
export function MapCanvas({
  view,
  selection,
  dark,
  onSelectionChange,
  onEdit,
  onRefused,
  overlay = null,
}: {
  view: MapView;
  selection: Selection;
  dark: boolean;
  onSelectionChange: (selection: Selection) => void;
  onEdit: (edit: Edit) => void;
  onRefused: (message: string) => void;
  /** The flow overlay: heat on the stages, waits on the handoffs (none when drawing). */
  overlay?: MapOverlay | null;
}) {
  const drawn = useMemo(() => toFlow(view), [view]);
  const flow = useMemo(() => withOverlay(drawn, overlay), [drawn, overlay]);
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const [nodes, setNodes] = useState<MapNode[]>(() => markSelected(flow.nodes, selection.nodes));
  const [edges, setEdges] = useState<MapEdge[]>(() => markSelected(flow.edges, selection.edges));

  // What the core holds replaces what the canvas showed, keeping the selection.
  useEffect(() => {
    setNodes(markSelected(flow.nodes, selectionRef.current.nodes));
    setEdges(markSelected(flow.edges, selectionRef.current.edges));
  }, [flow]);
  // A selection made elsewhere (paste, select all, the inspector) shows on the canvas.
  useEffect(() => {
    setNodes((ns) => markSelected(ns, selection.nodes));
    setEdges((es) => markSelected(es, selection.edges));
  }, [selection]);

  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const viewRef = useRef(view);
  viewRef.current = view;
  const onEditRef = useRef(onEdit);
  onEditRef.current = onEdit;
  const dragging = useRef(false);
  const keyMoved = useRef(new Set<string>());
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const onNodesChange = useCallback((changes: NodeChange<MapNode>[]) => {
    // Removal goes through the core (the Delete key), never straight off the canvas.
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
    // Arrow keys move selected nodes outside any drag: once the keys rest, that is one edit.
    if (dragging.current) return;
    for (const c of changes) if (c.type === 'position' && c.position && !c.dragging) keyMoved.current.add(c.id);
    if (keyMoved.current.size === 0) return;
    clearTimeout(keyTimer.current);
    keyTimer.current = setTimeout(() => {
      const moved = nodesRef.current.filter((n) => keyMoved.current.has(n.id));
      keyMoved.current.clear();
      const edit = dragMoves(moved, nodesRef.current, viewRef.current);
      if (edit) onEditRef.current(edit);
    }, 300);
  }, []);
  useEffect(() => () => clearTimeout(keyTimer.current), []);
  const onEdgesChange = useCallback((changes: EdgeChange<MapEdge>[]) => {
    setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es));
  }, []);

  const onSelection = useCallback(
    ({ nodes: selectedNodes, edges: selectedEdges }: OnSelectionChangeParams) => {
      const next = { nodes: new Set(selectedNodes.map((n) => n.id)), edges: new Set(selectedEdges.map((e) => e.id)) };
      const same = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));
      if (same(next.nodes, selectionRef.current.nodes) && same(next.edges, selectionRef.current.edges)) return;
      onSelectionChange(next);
    },
    [onSelectionChange],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: MapNode, dragged: MapNode[]) => {
      dragging.current = false;
      const edit = dragMoves(dragged, nodesRef.current, view);
      if (edit) onEdit(edit);
    },
    [onEdit, view],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const source = view.nodes.find((v) => v.node.id === connection.source)?.node;
      const target = view.nodes.find((v) => v.node.id === connection.target)?.node;
      if (!source || !target) return;
      const result = edgeForConnection(source, target, freshId());
      if ('refused' in result) onRefused(result.refused);
      else onEdit({ kind: 'add_edge', edge: result.edge });
    },
    [view, onEdit, onRefused],
  );

  return (
    <ReactFlow<MapNode, MapEdge>
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onSelectionChange={onSelection}
      onNodeDragStart={() => {
        dragging.current = true;
      }}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      connectionMode={ConnectionMode.Loose}
      // Deleting, selecting all and the rest are the editor's shortcuts (see shortcuts.ts).
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={['Control', 'Meta']}
      colorMode={dark ? 'dark' : 'light'}
      // An empty map starts at 100 %; a drawn one is fitted, never blown up past 100 %.
      fitView={view.nodes.length > 0}
      fitViewOptions={{ padding: 0.08, maxZoom: 1 }}
      defaultViewport={{ x: 160, y: 160, zoom: 1 }}
      minZoom={0.1}
      maxZoom={2.5}
      // The attribution is a link that would navigate the app's only window away.
      proOptions={{ hideAttribution: true }}
      aria-label="Value stream map"
    >
      <Background gap={26} color={dark ? '#1e293b' : '#e2e8f0'} />
      <Controls showInteractive={false} />
      <MiniMap<MapNode>
        pannable
        zoomable
        style={{ width: 150, height: 96 }}
        ariaLabel="Overview of the map"
        nodeColor={(node) => (node.type ? MINIMAP_COLOURS[node.type] : '#cbd5e1')}
      />
      <MapLegend />
    </ReactFlow>
  );
}
