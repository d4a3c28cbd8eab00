import { Background, Controls, MiniMap, ReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { useMemo } from 'react';
import type { MapView } from '../generated/wire';
import { ArtifactFlowEdgeView } from './edges/ArtifactFlowEdgeView';
import { ReworkEdgeView } from './edges/ReworkEdgeView';
import { MapLegend } from './MapLegend';
import { CustomerNodeView } from './nodes/CustomerNodeView';
import { PartnerFrameView } from './nodes/PartnerFrameView';
import { StageNodeView } from './nodes/StageNodeView';
import { ToolNodeView } from './nodes/ToolNodeView';
import { toFlow, type MapNode } from './toFlow';

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

/**
 * The map, read-only for now: positions come from the file's layout, and a node dragged here
 * would not be saved.
 */
export function MapCanvas({ view }: { view: MapView }) {
  const flow = useMemo(() => toFlow(view), [view]);
  return (
    <ReactFlow<MapNode>
      defaultNodes={flow.nodes}
      defaultEdges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      fitView
      fitViewOptions={{ padding: 0.06 }}
      minZoom={0.1}
      maxZoom={2.5}
      // The attribution is a link that would navigate the app's only window away.
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={26} color="#e2e8f0" />
      <Controls showInteractive={false} />
      <MiniMap<MapNode>
        pannable
        zoomable
        nodeColor={(node) => (node.type ? MINIMAP_COLOURS[node.type] : '#cbd5e1')}
      />
      <MapLegend />
    </ReactFlow>
  );
}
