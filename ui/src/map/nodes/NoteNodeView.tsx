import type { NodeProps } from '@xyflow/react';
import type { NoteNode } from '../toFlow';

/** A sticky note: the workshop's free text. */
export function NoteNodeView({ data, selected }: NodeProps<NoteNode>) {
  return (
    <div className={selected ? 'note-node selected' : 'note-node'} data-testid="note-node" aria-label={`Note: ${data.text}`}>
      {data.text}
    </div>
  );
}
