import { Handle, Position, type NodeProps } from '@xyflow/react';
import { HANDLES } from '../handles';
import type { CustomerNode } from '../toFlow';
import { RenameInPlace, useRenaming } from './RenameInPlace';

/** Where the work comes from. */
export function CustomerNodeView({ id, data }: NodeProps<CustomerNode>) {
  const renaming = useRenaming(id);
  return (
    <div className="customer-node" data-testid="customer-node" aria-label={`Customer ${data.name}`}>
      <Handle type="target" position={Position.Left} id={HANDLES.flowIn} />
      <Handle type="source" position={Position.Right} id={HANDLES.flowOut} />
      <span className="customer-caption">customer</span>
      {renaming ? <RenameInPlace id={id} name={data.name} className="customer-name" /> : <span className="customer-name">{data.name}</span>}
    </div>
  );
}
