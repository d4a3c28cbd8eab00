import { Handle, Position, type NodeProps } from '@xyflow/react';
import { arcHandleStyle, HANDLES } from '../handles';
import type { StageNode } from '../toFlow';
import { ToolBadgeMark } from './ToolBadgeMark';
import { BottleneckBadge, StageFigure } from '../../flow/StageFigure';
import { RenameInPlace, useFarOut, useRenaming } from './RenameInPlace';
import { KrBadge } from '../../plan/KrBadge';

/** A word too long for a card's width in large type ("Development"): the type is a little smaller. */
const LONG_WORD = /\S{11,}/;

/**
 * A stage card: its name, the team that owns it and the tool it lives in, its estimates or the
 * overlay's figure. Zoomed far out, only the name and one figure, large.
 */
export function StageNodeView({ id, data }: NodeProps<StageNode>) {
  const heat = data.heat;
  const renaming = useRenaming(id);
  const far = useFarOut();
  return (
    <>
      {heat?.bottleneck && <BottleneckBadge />}
      <KrBadge stage={id} />
      <div
        className={`${data.onCriticalPath ? 'stage-node critical' : 'stage-node'}${heat ? ' heat' : ''}${far ? ' far' : ''}${far && LONG_WORD.test(data.name) ? ' long-word' : ''}`}
        style={heat ? { background: heat.fill, color: heat.text } : undefined}
        data-testid="stage-node"
        title={heat ? `${data.name}: ${heat.title}` : data.onCriticalPath ? `${data.name} is on the critical path` : data.name}
        aria-label={`Stage ${data.name}${data.team ? `, team ${data.team}` : ''}${data.tool ? `, in ${data.tool.name}` : ''}`}
      >
        <Handle type="target" position={Position.Left} id={HANDLES.flowIn} />
        <Handle type="source" position={Position.Right} id={HANDLES.flowOut} />
        <Handle type="source" position={Position.Top} id={HANDLES.reworkOut} style={arcHandleStyle(HANDLES.reworkOut)} />
        <Handle type="target" position={Position.Top} id={HANDLES.reworkIn} style={arcHandleStyle(HANDLES.reworkIn)} />
        {renaming ? (
          <RenameInPlace id={id} name={data.name} className="stage-name" />
        ) : (
          <div className="stage-name" data-testid="stage-name">
            {data.name}
          </div>
        )}
        {far && !heat && data.headline && (
          <div className="stage-headline" data-testid="stage-headline">
            {data.headline}
          </div>
        )}
        {!far && data.team && !heat && <div className="stage-team">{data.team}</div>}
        {!far && data.tool && (
          <div className="stage-tool">
            <ToolBadgeMark kind={data.tool.kind} toolName={data.tool.name} size="small" />
            <span>{data.tool.name}</span>
          </div>
        )}
        {!far && data.estimates && !heat && (
          <div className="stage-estimates" data-testid="stage-estimates">
            {data.estimates}
          </div>
        )}
        {!far && data.counts && !heat && (
          <div className="stage-counts" data-testid="stage-counts">
            {data.counts}
          </div>
        )}
        {heat && <StageFigure heat={heat} brief={far} />}
      </div>
    </>
  );
}
