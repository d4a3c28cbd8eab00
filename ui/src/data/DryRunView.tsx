// What a sync's dry run found, per source: items new, changed and unchanged against the file,
// state changes per state (new ones apart), the labels seen with how often each was added (to
// pick the state labels from), and every event kind read and not stored, with why and how many.
// Nothing was written.

import type { DryRunReport, SourceDryRun } from '../generated/wire';
import { formatCount } from './importText';

function SourceReport({ r }: { r: SourceDryRun }) {
  const skipped = r.skipped.reduce((n, s) => n + s.count, 0);
  return (
    <div className="dry-run-source" data-testid="dry-run-source" data-source={r.source}>
      <p data-testid="dry-run-summary">
        <strong>{r.source}</strong>: {formatCount(r.items_fetched)} items fetched — {formatCount(r.items_new)} new,{' '}
        {formatCount(r.items_changed)} changed, {formatCount(r.items_unchanged)} unchanged; {formatCount(r.changes)} state changes,{' '}
        {formatCount(r.new_changes)} new to the file.
      </p>
      <div className="dry-run-tables">
        <table className="dry-run-table" data-testid="dry-run-states">
          <caption>State changes by state</caption>
          <thead>
            <tr>
              <th>State</th>
              <th className="num">Changes</th>
              <th className="num">New</th>
            </tr>
          </thead>
          <tbody>
            {r.states.map((s) => (
              <tr key={s.state}>
                <td>{s.state}</td>
                <td className="num">{formatCount(s.changes)}</td>
                <td className="num">{formatCount(s.new_changes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="dry-run-table" data-testid="dry-run-skipped">
          <caption>Skipped: {formatCount(skipped)} events read and not stored</caption>
          <thead>
            <tr>
              <th>Event</th>
              <th>Why</th>
              <th className="num">Count</th>
            </tr>
          </thead>
          <tbody>
            {r.skipped.map((s) => (
              <tr key={`${s.kind}\u0000${s.reason}`} data-testid="dry-run-skip">
                <td>{s.kind}</td>
                <td>{s.reason}</td>
                <td className="num">{formatCount(s.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.labels.length > 0 && (
          <table className="dry-run-table" data-testid="dry-run-labels">
            <caption>Labels seen (times added)</caption>
            <tbody>
              {r.labels.map((l) => (
                <tr key={l.label}>
                  <td>{l.label}</td>
                  <td className="num">{formatCount(l.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {r.labels.length > 0 && (
        <p className="field-help">
          Labels are states only when scoped (status:, state:, workflow::, kanban:, stage:) or picked: add
          &nbsp;<code>?state_labels=a,b</code> to the query (Edit). Version labels never are.
        </p>
      )}
      {r.notices.map((n) => (
        <p key={n} className="data-note">
          {n}
        </p>
      ))}
    </div>
  );
}

export function DryRunView({ report }: { report: DryRunReport }) {
  return (
    <div className="sync-done dry-run" role="status" data-testid="dry-run-report">
      <p>Dry run: what a sync would store. Nothing was written.</p>
      {report.sources.map((r) => (
        <SourceReport key={r.source} r={r} />
      ))}
    </div>
  );
}
