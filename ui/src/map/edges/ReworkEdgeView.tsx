import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { ARC_MIN_BULGE, arc } from '../arcs';
import type { ReworkEdge } from '../toFlow';

/** A rework handoff, arcing back above the flow lane. */
export function ReworkEdgeView({ id, sourceX, sourceY, targetX, targetY, style, markerEnd, data }: EdgeProps<ReworkEdge>) {
  const { path, labelX, labelY } = arc({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, 'above', data?.bulge ?? ARC_MIN_BULGE);
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      {data && (
        <EdgeLabelRenderer>
          <div
            className="edge-label rework-label nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
