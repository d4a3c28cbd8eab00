import type { NodeProps } from '@xyflow/react';
import type { PartnerNode } from '../toFlow';

/** The frame around the stages and tools a partner organisation owns. */
export function PartnerFrameView({ data }: NodeProps<PartnerNode>) {
  return (
    <div className="partner-frame" data-testid="partner-frame">
      <div className="partner-name" data-testid="partner-name" title={`Partner: ${data.name}`}>
        {data.name}
      </div>
    </div>
  );
}
