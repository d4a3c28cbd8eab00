import { BaseEdge, getBezierPath, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { handoffLabelAt } from '../handoffRoutes';
import type { HandoffEdge } from '../toFlow';

/**
 * A handoff along the flow: React Flow's Bézier (or smooth-step) path, with its label where it
 * can be read — in the gap between the two stages when it fits there, under the two cards when
 * it does not (stages drawn with S stand 70 px apart, less than a wait's label), never under
 * the next stage's card.
 */
export function HandoffEdgeView(props: EdgeProps<HandoffEdge>) {
  const { id, type, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, style, markerEnd, markerStart, interactionWidth } = props;
  const ends = { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition };
  const [path, midX, midY] =
    type === 'smoothstep' ? getSmoothStepPath({ ...ends, ...(props.pathOptions as object) }) : getBezierPath(ends);
  const text = typeof label === 'string' ? label : '';
  const at = handoffLabelAt({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, { x: midX, y: midY }, text.length);
  return (
    <BaseEdge
      id={id}
      path={path}
      style={style}
      markerEnd={markerEnd}
      markerStart={markerStart}
      interactionWidth={interactionWidth}
      label={label}
      labelX={at.x}
      labelY={at.y}
      labelStyle={props.labelStyle}
      labelShowBg={props.labelShowBg}
      labelBgStyle={props.labelBgStyle}
      labelBgPadding={props.labelBgPadding}
      labelBgBorderRadius={props.labelBgBorderRadius}
    />
  );
}
