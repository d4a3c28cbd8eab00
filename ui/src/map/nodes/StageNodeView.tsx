import { Handle, Position, type NodeProps } from '@xyflow/react';
import { arcHandleStyle, HANDLES } from '../handles';
import type { StageNode } from '../toFlow';
import { ToolBadgeMark } from './ToolBadgeMark';
import { BottleneckBadge, StageFigure } from '../../flow/StageFigure';

/** A stage card: its name, the team that owns it and the tool it lives in. */
export function StageNodeView({ data }: NodeProps<StageNode>) {
  const heat = data.heat;
  return (
    <>
      {heat?.bottleneck && <BottleneckBadge />}
      <div
        className={`${data.onCriticalPath ? 'stage-node critical' : 'stage-node'}${heat ? ' heat' : ''}`}
        style={heat ? { background: heat.fill, color: heat.text } : undefined}
        data-testid="stage-node"
        title={heat ? `${data.name}: ${heat.title}` : data.onCriticalPath ? `${data.name} is on the critical path` : data.name}
        aria-label={`Stage ${data.name}${data.team ? `, team ${data.team}` : ''}${data.tool ? `, in ${data.tool.name}` : ''}`}
      >
        <Handle type="target" position={Position.Left} id={HANDLES.flowIn} />
        <Handle type="source" position={Position.Right} id={HANDLES.flowOut} />
        <Handle type="source" position={Position.Top} id={HANDLES.reworkOut} style={arcHandleStyle(HANDLES.reworkOut)} />
        <Handle type="target" position={Position.Top} id={HANDLES.reworkIn} style={arcHandleStyle(HANDLES.reworkIn)} />
        <div className="stage-name" data-testid="stage-name">
          {data.name}
        </div>
        {data.team && !heat && <div className="stage-team">{data.team}</div>}
        {data.tool && (
          <div className="stage-tool">
            <ToolBadgeMark kind={data.tool.kind} toolName={data.tool.name} size="small" />
            <span>{data.tool.name}</span>
          </div>
        )}
        {data.estimates && !heat && (
          <div className="stage-estimates" data-testid="stage-estimates">
            {data.estimates}
          </div>
        )}
        {heat && <StageFigure heat={heat} />}
      </div>
    </>
  );
}
