// An import job: its progress bar and Cancel button while it runs, then what it did (items,
// transitions, new states), why it failed, or that it was cancelled.

import { useEffect, useRef } from 'react';
import { formatCount } from './importText';
import type { JobStatus } from '../generated/wire';
import { windowStore } from '../store/window';

function Running({ job }: { job: JobStatus }) {
  const what = job.phase === 'writing' ? 'Writing' : job.phase === 'counting' ? 'Reading' : 'Starting';
  const of = job.total !== null ? ` of ${formatCount(job.total)}` : '';
  return (
    <div className="import-job" role="status" data-testid="import-progress">
      <progress value={job.total ? job.done : undefined} max={job.total ?? undefined} />
      <span>
        {what}: {formatCount(job.done)}
        {of} items
      </span>
      <button type="button" data-testid="import-cancel" onClick={() => void windowStore.getState().cancelImport()}>
        Cancel
      </button>
    </div>
  );
}

export function ImportJobView({ job }: { job: JobStatus }) {
  if (job.state === 'running') return <Running job={job} />;
  if (job.state !== 'finished' || !job.report) {
    const cancelled = job.state === 'cancelled';
    return (
      <p className={cancelled ? 'data-note' : 'data-error'} role={cancelled ? 'status' : 'alert'} data-testid="import-failed">
        {cancelled ? 'Cancelled: the file is unchanged.' : `The import failed: ${job.error?.message ?? 'no reason given'}`}
      </p>
    );
  }
  return <Finished job={job} report={job.report} />;
}

function Finished({ job, report: r }: { job: JobStatus; report: NonNullable<JobStatus['report']> }) {
  const shown = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Below a long preview at 1280×720: brought into view once, when the import ends.
    shown.current?.scrollIntoView?.({ block: 'nearest' });
  }, [job.id]);
  const fresh = r.states.filter((s) => s.proposed).map((s) => s.state);
  return (
    <div className="import-done" role="status" data-testid="import-summary" ref={shown}>
      <p>
        Imported <strong data-testid="import-items">{formatCount(r.items_fetched)}</strong> items and{' '}
        <strong data-testid="import-transitions">{formatCount(r.transitions_added)}</strong> new transitions from {r.source}
        {fresh.length > 0 && (
          <>
            ; new states: <span data-testid="import-new-states">{fresh.join(', ')}</span>
          </>
        )}
        .
      </p>
      {r.notices.length > 0 && (
        <ul className="data-notices">
          {r.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <button type="button" data-testid="import-show-map" onClick={() => windowStore.getState().setTab('map')}>
        Show on the map
      </button>{' '}
      <button type="button" data-testid="import-show-mapping" onClick={() => windowStore.getState().showDataPanel('mapping')}>
        Map the states
      </button>
    </div>
  );
}
