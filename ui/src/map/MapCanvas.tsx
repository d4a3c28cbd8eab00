import {
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
  useReactFlow,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { edgeForConnection, freshId } from '../editor/edits';
import { dragMoves } from '../editor/dragMoves';
import type { Edit } from '../generated/wire';
import { selectOverlay, selectView } from '../store/selectors';
import { useWindow, windowStore } from '../store/window';
import { markSelected, measure, move, NO_MOVES, withMeasured, withMoves, type Measured, type Moves } from './canvasNodes';
import { ArtifactFlowEdgeView } from './edges/ArtifactFlowEdgeView';
import { HandoffEdgeView } from './edges/HandoffEdgeView';
import { ReworkEdgeView } from './edges/ReworkEdgeView';
import { MapLegend } from './MapLegend';
import { CustomerNodeView } from './nodes/CustomerNodeView';
import { BurstNodeView } from './nodes/BurstNodeView';
import { NoteNodeView } from './nodes/NoteNodeView';
import { PartnerFrameView } from './nodes/PartnerFrameView';
import { StageNodeView } from './nodes/StageNodeView';
import { ToolNodeView } from './nodes/ToolNodeView';
import { toFlow, type MapEdge, type MapNode } from './toFlow';
import { withOverlay } from '../flow/mapOverlay';
import { FIT_PADDING } from './fit';
import { GhostStageView } from '../discovery/GhostStageView';
import { ghostFlow, GHOST_COLOUR, type GhostEdge, type GhostNode } from '../discovery/ghosts';
import { droppedState, STATE_DRAG_TYPE } from '../discovery/StatesList';
import { droppedPaletteItem, PALETTE_DRAG_TYPE, type PaletteItem } from '../editor/Palette';

/** What the canvas draws: the map, and a discovery preview's ghosts beside it. */
type CanvasNode = MapNode | GhostNode;
type CanvasEdge = MapEdge | GhostEdge;

const nodeTypes = {
  stage: StageNodeView,
  tool: ToolNodeView,
  partner: PartnerFrameView,
  customer: CustomerNodeView,
  note: NoteNodeView,
  burst: BurstNodeView,
  ghost: GhostStageView,
} satisfies NodeTypes;

const edgeTypes = {
  // Handoffs (and discovery's ghost handoffs): their labels kept clear of the cards.
  default: HandoffEdgeView,
  smoothstep: HandoffEdgeView,
  rework: ReworkEdgeView,
  artifactFlow: ArtifactFlowEdgeView,
} satisfies EdgeTypes;

const MINIMAP_COLOURS: Record<NonNullable<CanvasNode['type']>, string> = {
  ghost: GHOST_COLOUR,
  stage: '#334155',
  tool: '#a78bfa',
  partner: 'rgba(14, 165, 233, 0.15)',
  customer: '#94a3b8',
  note: '#fde68a',
  burst: '#f87171',
};

const FIT_OPTIONS = { padding: FIT_PADDING, maxZoom: 1 };
/** A preview is fitted with room for the controls and the States list. */
const PREVIEW_FIT = { padding: 0.12, maxZoom: 1 };
const START_VIEWPORT = { x: 160, y: 160, zoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };
/** Arrow-key moves are one edit once the keys rest this long. */
const KEY_MOVE_REST_MS = 300;

const onNodeDoubleClick = (_event: unknown, node: CanvasNode) => {
  if (node.type !== 'ghost') windowStore.getState().setRenaming(node.id);
};

/** An edit from the canvas: a refusal shows in the notice bar. */
function canvasEdit(edit: Edit): void {
  const { commit, say } = windowStore.getState();
  void commit(edit).then((refused) => refused && say(refused, true));
}

/**
 * The map, editable: nodes move, handles connect, and every change goes to the Rust core as an
 * edit; what the canvas shows is always what the core holds. What React Flow draws is derived
 * from the window's state (the map, the selection, the overlay); only what React Flow itself
 * finds out (the sizes it measured, where a node is being dragged) is kept here.
 */
export function MapCanvas({ onPaletteDrop }: { onPaletteDrop: (item: PaletteItem, at: { x: number; y: number }) => void }) {
  const view = useWindow(selectView);
  const selection = useWindow((s) => s.selection);
  const dark = useWindow((s) => s.theme === 'dark');
  const overlay = useWindow(selectOverlay);
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  const preview = useWindow((s) => s.discovery);
  const picks = useWindow((s) => s.picks);
  const [measured, setMeasured] = useState<Measured>(() => new Map());
  const [moves, setMoves] = useState<Moves>(NO_MOVES);

  const plain = useMemo(() => toFlow(view), [view]);
  const drawn = useMemo(() => withOverlay(plain, overlay), [plain, overlay]);
  const sized = useMemo(() => withMeasured(drawn.nodes, measured), [drawn, measured]);
  const marked = useMemo(() => markSelected(sized, selection.nodes), [sized, selection.nodes]);
  const nodes = useMemo(() => withMoves(marked, moves, view), [marked, moves, view]);
  const markedEdges = useMemo(() => markSelected(drawn.edges, selection.edges), [drawn, selection.edges]);
  const ghosts = useMemo(
    () => ghostFlow(preview, picks, (id) => view.nodes.find((n) => n.node.id === id)?.node.name ?? id),
    [preview, picks, view],
  );
  const shownNodes = useMemo<CanvasNode[]>(() => (ghosts.nodes.length ? [...nodes, ...ghosts.nodes] : nodes), [nodes, ghosts]);
  const edges = useMemo<CanvasEdge[]>(() => (ghosts.edges.length ? [...markedEdges, ...ghosts.edges] : markedEdges), [markedEdges, ghosts]);

  // A proposal's ghosts are drawn below the map, and Apply puts its stages there: once a
  // proposal is shown, applied or cancelled, show all of the map.
  const previewShown = useRef(preview);
  useEffect(() => {
    if (previewShown.current === preview) return;
    previewShown.current = preview;
    const timer = setTimeout(() => void flow.fitView(PREVIEW_FIT), 80);
    return () => clearTimeout(timer);
  }, [preview, flow]);

  const dragging = useRef(false);
  const keyMoved = useRef(new Set<string>());
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(keyTimer.current), []);

  const onNodesChange = useCallback(
    (all: NodeChange<CanvasNode>[]) => {
      // Ghosts are neither selected nor moved; only their sizes would change.
      const changes = all as NodeChange<MapNode>[];
      const shown = windowStore.getState().editor?.view;
      if (!shown) return;
      // Selection goes to the window's state, which the nodes are marked from. Removal goes
      // through the core (the Delete key), never straight off the canvas: it is not applied here.
      windowStore.getState().selectChanged('nodes', changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected }] : [])));
      setMeasured((m) => measure(m, changes));
      setMoves((m) => move(m, changes, shown));
      // Arrow keys move selected nodes outside any drag: once the keys rest, that is one edit.
      if (dragging.current) return;
      for (const c of changes) if (c.type === 'position' && c.position && !c.dragging) keyMoved.current.add(c.id);
      if (keyMoved.current.size === 0) return;
      clearTimeout(keyTimer.current);
      keyTimer.current = setTimeout(() => {
        const onMap = flow.getNodes().filter((n): n is MapNode => n.type !== 'ghost');
        const moved = onMap.filter((n) => keyMoved.current.has(n.id));
        keyMoved.current.clear();
        const current = windowStore.getState().editor?.view;
        const edit = current && dragMoves(moved, onMap, current);
        if (edit) canvasEdit(edit);
      }, KEY_MOVE_REST_MS);
    },
    [flow],
  );
  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    windowStore.getState().selectChanged('edges', changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected }] : [])));
  }, []);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
      dragging.current = false;
      const isMap = (n: CanvasNode): n is MapNode => n.type !== 'ghost';
      const edit = dragMoves(dragged.filter(isMap), flow.getNodes().filter(isMap), view);
      if (edit) canvasEdit(edit);
    },
    [flow, view],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const source = view.nodes.find((v) => v.node.id === connection.source)?.node;
      const target = view.nodes.find((v) => v.node.id === connection.target)?.node;
      if (!source || !target) return;
      const result = edgeForConnection(source, target, freshId());
      if ('refused' in result) windowStore.getState().say(result.refused, true);
      else canvasEdit({ kind: 'add_edge', edge: result.edge });
    },
    [view],
  );

  // A state dragged from the States list onto a stage puts it in that stage; a palette item
  // dropped on the canvas adds its node where it was dropped.
  const onDragOver = useCallback((e: React.DragEvent) => {
    const palette = e.dataTransfer.types.includes(PALETTE_DRAG_TYPE);
    if (!palette && !e.dataTransfer.types.includes(STATE_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = palette ? 'copy' : 'move';
  }, []);
  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const item = droppedPaletteItem(e.dataTransfer);
      if (item) {
        e.preventDefault();
        onPaletteDrop(item, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
        return;
      }
      const ref = droppedState(e.dataTransfer);
      if (!ref) return;
      e.preventDefault();
      const id = (e.target as Element).closest('.react-flow__node')?.getAttribute('data-id');
      const stage = view.nodes.find((n) => n.node.id === id && n.node.kind === 'stage')?.node;
      if (stage) void windowStore.getState().mapStateTo(ref, { id: stage.id, name: stage.name });
      else windowStore.getState().say(`Drop ${ref.state} onto a stage to put it there`, true);
    },
    [view, flow, onPaletteDrop],
  );

  return (
    <ReactFlow<CanvasNode, CanvasEdge>
      nodes={shownNodes}
      edges={edges}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStart={() => {
        dragging.current = true;
      }}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      // A double-click renames a node in place; it never zooms.
      onNodeDoubleClick={onNodeDoubleClick}
      zoomOnDoubleClick={false}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      connectionMode={ConnectionMode.Loose}
      // Deleting, selecting all and the rest are the editor's shortcuts (see actions/registry.ts).
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={['Control', 'Meta']}
      colorMode={dark ? 'dark' : 'light'}
      // An empty map starts at 100 %; a drawn one is fitted, never blown up past 100 %.
      fitView={view.nodes.length > 0}
      fitViewOptions={FIT_OPTIONS}
      defaultViewport={START_VIEWPORT}
      minZoom={0.1}
      maxZoom={2.5}
      // The attribution is a link that would navigate the app's only window away.
      proOptions={PRO_OPTIONS}
      aria-label="Value stream map"
    >
      <Background gap={26} color={dark ? '#1e293b' : '#e2e8f0'} />
      <Controls showInteractive={false} />
      {/* Hidden while a proposal is previewed: the ghosts below the map need the room. */}
      {!preview && (
        <MiniMap<CanvasNode>
          pannable
          zoomable
          style={{ width: 150, height: 96 }}
          ariaLabel="Overview of the map"
          nodeColor={(node) => (node.type ? MINIMAP_COLOURS[node.type] : '#cbd5e1')}
        />
      )}
      <MapLegend />
    </ReactFlow>
  );
}
