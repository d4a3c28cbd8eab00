import type { NodeProps } from '@xyflow/react';
import type { BurstNode } from '../toFlow';

/** The points of the classic VSM kaizen burst: a star of `spikes` points in a w × h box. */
export function burstPoints(w: number, h: number, spikes = 12): string {
  const points: string[] = [];
  for (let i = 0; i < spikes * 2; i++) {
    const angle = (Math.PI * i) / spikes - Math.PI / 2;
    const r = i % 2 === 0 ? 1 : 0.78;
    points.push(`${(w / 2 + (Math.cos(angle) * r * w) / 2).toFixed(1)},${(h / 2 + (Math.sin(angle) * r * h) / 2).toFixed(1)}`);
  }
  return points.join(' ');
}

const STATUS_WORDS = { idea: 'idea', planned: 'planned', doing: 'doing', done: 'done', dropped: 'dropped' } as const;

/** A kaizen burst: the improvement idea in a starburst, with its owner, status and target. */
export function BurstNodeView({ data, selected, width, height }: NodeProps<BurstNode>) {
  const w = width ?? 150;
  const h = height ?? 100;
  return (
    <div className={`burst-node status-${data.status}${selected ? ' selected' : ''}`} data-testid="burst-node" aria-label={`Kaizen burst ${data.title}`} title={data.effect ?? undefined}>
      <svg className="burst-shape" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
        <polygon points={burstPoints(w, h)} />
      </svg>
      <div className="burst-text">
        <span className="burst-title">{data.title}</span>
        <span className="burst-meta">
          {STATUS_WORDS[data.status]}
          {data.owner ? ` · ${data.owner}` : ''}
        </span>
        {data.on && <span className="burst-on">on {data.on}</span>}
      </div>
    </div>
  );
}
