import type { ToolKind } from '../../generated/wire';
import { toolBadge } from '../toolBadges';

export function ToolBadgeMark({ kind, toolName, size }: { kind: ToolKind; toolName: string; size: 'small' | 'large' }) {
  const badge = toolBadge(kind, toolName);
  return (
    <span
      className={`tool-badge tool-badge-${size}`}
      style={{ background: badge.colour }}
      title={badge.title}
      aria-label={badge.title}
    >
      {badge.letters}
    </span>
  );
}
