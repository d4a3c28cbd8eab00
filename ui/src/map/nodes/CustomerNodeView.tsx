import { Handle, Position, type NodeProps } from '@xyflow/react';
import { HANDLES } from '../handles';
import type { CustomerNode } from '../toFlow';

/** Where the work comes from. */
export function CustomerNodeView({ data }: NodeProps<CustomerNode>) {
  return (
    <div className="customer-node" data-testid="customer-node" aria-label={`Customer ${data.name}`}>
      <Handle type="target" position={Position.Left} id={HANDLES.flowIn} />
      <Handle type="source" position={Position.Right} id={HANDLES.flowOut} />
      <span className="customer-caption">customer</span>
      <span className="customer-name">{data.name}</span>
    </div>
  );
}
