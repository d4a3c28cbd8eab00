// A sync job: a progress bar per source (fetched of the total when the source tells it) and a
// Cancel button while it runs; then what it did per source (new and changed items, new states,
// time taken), or in words why it failed or that it was cancelled (the file is unchanged).

import type { JobStatus } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { formatCount } from './importText';
import { DryRunView } from './DryRunView';
import { failureText, syncSummary } from './sourceKinds';

function Running({ job }: { job: JobStatus }) {
  return (
    <div className="sync-job" role="status" data-testid="sync-progress">
      <p>{job.what.startsWith('the dry run') ? `Checking ${job.what.replace(/^the dry run of /, '')} (dry run, nothing is written)…` : `Syncing ${job.what.replace(/^the sync of /, '')}…`}</p>
      {job.sources.length === 0 && <p className="data-note">Connecting…</p>}
      {job.sources.map((p) => (
        <div key={p.source} className="sync-bar" data-testid="sync-bar">
          <span className="sync-bar-name">{p.source}</span>
          <progress value={p.total ? p.fetched : undefined} max={p.total ?? undefined} />
          <span>
            {p.phase}: {formatCount(p.fetched)}
            {p.total !== null ? ` of ${formatCount(p.total)}` : ''}
          </span>
        </div>
      ))}
      <button type="button" data-testid="sync-cancel" onClick={() => void windowStore.getState().cancelSync()}>
        Cancel
      </button>
    </div>
  );
}

export function SyncJobView() {
  const job = useWindow((s) => s.syncJob);
  const sources = useWindow((s) => s.sources);
  if (!job) return null;
  if (job.state === 'running') return <Running job={job} />;
  if (job.state === 'finished' && job.dry_run) return <DryRunView report={job.dry_run} />;
  if (job.state !== 'finished' || !job.sync) {
    const cancelled = job.state === 'cancelled';
    const dry = job.what.startsWith('the dry run');
    const name = job.what.replace(/^the (sync|dry run) of /, '');
    const url = sources?.sources.find((r) => r.source.name === name)?.source.url ?? null;
    const why = job.error ? failureText(job.error, url) : 'no reason given';
    return (
      <p className={cancelled ? 'data-note' : 'data-error'} role={cancelled ? 'status' : 'alert'} data-testid="sync-failed">
        {cancelled
          ? `The ${dry ? 'dry run' : 'sync'} was cancelled: the file is unchanged.`
          : `The ${dry ? 'dry run' : 'sync'} failed and the file is unchanged. ${why}`}
      </p>
    );
  }
  return (
    <div className="sync-done" role="status" data-testid="sync-summary">
      {job.sync.sources.map((r) => (
        <p key={r.source}>
          <strong>{r.source}</strong>: <span data-testid="sync-summary-text">{syncSummary(r)}</span>.
        </p>
      ))}
      <button type="button" data-testid="sync-show-map" onClick={() => windowStore.getState().setTab('map')}>
        Show on the map
      </button>
    </div>
  );
}
