import { useWindow } from '../store/window';
import { stageBadge, STATUS_WORDS } from './okrText';
import type { KrStatus } from '../generated/wire';

/** On a stage card: its key results' worst status and how many there are. */
export function KrBadge({ stage }: { stage: string }) {
  const badge = useWindow((s) => stageBadge(s.keyResults, stage));
  if (!badge) return null;
  const [status, n] = badge.split(':') as [KrStatus, string];
  const title = `${n === '1' ? 'A key result' : `${n} key results`} on this stage: ${n === '1' ? '' : 'the worst is '}${STATUS_WORDS[status]} (Dashboard, Key results)`;
  return (
    <div className={`kr-badge ${status}`} data-testid="kr-badge" title={title} aria-label={title}>
      KR {STATUS_WORDS[status]}
    </div>
  );
}
