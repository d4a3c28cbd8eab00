import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { ARC_MIN_BULGE, arc } from '../arcs';
import { FLOW_ITEM_COLOURS } from '../flowItemColours';
import { artifactLinkLines, type ArtifactFlowEdge } from '../toFlow';

/** An artifact flow between two tools, arcing below the toolchain lane, one line per link. */
export function ArtifactFlowEdgeView({ id, sourceX, sourceY, targetX, targetY, style, markerEnd, data }: EdgeProps<ArtifactFlowEdge>) {
  const { path, labelX, labelY } = arc({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, 'below', data?.bulge ?? ARC_MIN_BULGE);
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      {data && data.links.length > 0 && (
        <EdgeLabelRenderer>
          <div
            className="edge-label artifact-label nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {artifactLinkLines(data.links).map((line, i) => {
              const flowItemType = data.links[i]!.flow_item_type;
              return (
                <div key={line} className="artifact-link" title={flowItemType}>
                  <span className="flow-item-dot" style={{ background: FLOW_ITEM_COLOURS[flowItemType] }} />
                  {line}
                </div>
              );
            })}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
