import type { NodeProps } from '@xyflow/react';
import type { PartnerNode } from '../toFlow';
import { RenameInPlace, useRenaming } from './RenameInPlace';

/** The frame around the stages and tools a partner organisation owns. */
export function PartnerFrameView({ id, data }: NodeProps<PartnerNode>) {
  const renaming = useRenaming(id);
  return (
    <div className="partner-frame" data-testid="partner-frame">
      {renaming ? (
        <RenameInPlace id={id} name={data.name} className="partner-name" />
      ) : (
        <div className="partner-name" data-testid="partner-name" title={`Partner: ${data.name}`}>
          {data.name}
        </div>
      )}
    </div>
  );
}
