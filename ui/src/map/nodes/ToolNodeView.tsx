import { Handle, Position, type NodeProps } from '@xyflow/react';
import { arcHandleStyle, HANDLES } from '../handles';
import type { ToolNode } from '../toFlow';
import { RenameInPlace, useRenaming } from './RenameInPlace';
import { ToolBadgeMark } from './ToolBadgeMark';

const ARTIFACT_HANDLES = [
  { id: HANDLES.artifactInLeft, type: 'target' },
  { id: HANDLES.artifactOutLeft, type: 'source' },
  { id: HANDLES.artifactInRight, type: 'target' },
  { id: HANDLES.artifactOutRight, type: 'source' },
] as const;

/** A tool of the toolchain lane: its badge, its name and the artifact types it holds. */
export function ToolNodeView({ id, data }: NodeProps<ToolNode>) {
  const renaming = useRenaming(id);
  const artifactTypes = data.artifactTypes.map((t) => t.name).join(' · ');
  return (
    <div className="tool-node" data-testid="tool-node" title={artifactTypes || data.name} aria-label={`Tool ${data.name}`}>
      {ARTIFACT_HANDLES.map(({ id, type }) => (
        <Handle key={id} type={type} position={Position.Bottom} id={id} style={arcHandleStyle(id)} />
      ))}
      <ToolBadgeMark kind={data.kind} toolName={data.name} size="large" />
      <div className="tool-text">
        {renaming ? <RenameInPlace id={id} name={data.name} className="tool-name" /> : <div className="tool-name" data-testid="tool-name">{data.name}</div>}
        {artifactTypes && <div className="tool-artifacts">{artifactTypes}</div>}
      </div>
    </div>
  );
}
