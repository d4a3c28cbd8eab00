import { Handle, Position, type NodeProps } from '@xyflow/react';
import { arcHandleStyle, HANDLES } from '../map/handles';
import type { GhostNode } from './ghosts';

/** A proposed stage on the canvas: dashed, with what becomes of it and the states it would hold. */
export function GhostStageView({ data }: NodeProps<GhostNode>) {
  const { fate, states, items } = data;
  return (
    <div className={`ghost-stage ${fate.kind}`} data-testid="ghost-stage" title={`Proposed: ${fate.name} (${fate.note}); states ${states.join(', ')}`}>
      <Handle type="target" position={Position.Left} id={HANDLES.flowIn} isConnectable={false} />
      <Handle type="source" position={Position.Right} id={HANDLES.flowOut} isConnectable={false} />
      <Handle type="source" position={Position.Top} id={HANDLES.reworkOut} style={arcHandleStyle(HANDLES.reworkOut)} isConnectable={false} />
      <Handle type="target" position={Position.Top} id={HANDLES.reworkIn} style={arcHandleStyle(HANDLES.reworkIn)} isConnectable={false} />
      <div className="ghost-name" data-testid="ghost-name">
        {fate.name}
      </div>
      <div className="ghost-note">
        {items} items · {fate.note}
      </div>
      <div className="ghost-states" data-testid="ghost-states">
        {states.join(', ')}
      </div>
    </div>
  );
}
