// The Sources tab: every source of the map (kind, URL, query, tool, last sync, items and how
// it stands), Sync one or all, Add, Edit and Remove (asking whether to keep or drop the
// source's items), with the form and the sync job below.

import { useEffect, useState } from 'react';
import type { SourceRow } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { formatCount } from './importText';
import { SourceForm } from './SourceForm';
import { failureText, kindForm, STATE_WORDS } from './sourceKinds';
import { SyncJobView } from './SyncJobView';

function when(at: string | null): string {
  return at ? new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

function RemoveQuestion({ name, onDone }: { name: string; onDone: () => void }) {
  const remove = (drop: boolean) => {
    onDone();
    void windowStore.getState().removeSource(name, drop);
  };
  return (
    <div className="remove-question" role="alertdialog" aria-label={`Remove ${name}`} data-testid="remove-question">
      <span>Remove {name}: keep its items in the file, or drop them (items, state changes and mapping rows)?</span>
      <button type="button" data-testid="remove-keep" onClick={() => remove(false)}>
        Keep items
      </button>
      <button type="button" className="danger" data-testid="remove-drop" onClick={() => remove(true)}>
        Drop items
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </div>
  );
}

function Row({ row, busy, onRemove }: { row: SourceRow; busy: boolean; onRemove: () => void }) {
  const s = row.source;
  const network = kindForm(s.kind) !== undefined;
  const state = row.state === 'failed' && row.failure ? `failed: ${failureText(row.failure, s.url)}` : STATE_WORDS[row.state];
  return (
    <tr data-testid="source-row" data-source={s.name}>
      <td>{s.name}</td>
      <td>{row.state === 'demo' ? 'demo data (Jira)' : (kindForm(s.kind)?.label.split(' (')[0] ?? s.kind)}</td>
      <td className="source-url">{s.url ?? '—'}</td>
      <td>{s.query ?? '—'}</td>
      <td>{s.tool ?? '—'}</td>
      <td>{when(row.synced_at)}</td>
      <td className="num" data-testid="source-items">
        {formatCount(s.items)}
      </td>
      <td className={`source-state state-${row.state}`} data-testid="source-state">
        {state}
        {row.token === 'session' && <span className="field-help"> · token held for this session</span>}
      </td>
      <td>
        <div className="source-actions">
        {network && (
          <button type="button" data-testid="source-sync" disabled={busy} onClick={() => void windowStore.getState().startSync(s.name)}>
            Sync
          </button>
        )}
        {network && row.state !== 'demo' && (
          <button type="button" data-testid="source-dry-run" disabled={busy} title="Fetch and show what a sync would store and skip, writing nothing" onClick={() => void windowStore.getState().startDryRun(s.name)}>
            Dry run
          </button>
        )}
        {network && row.state !== 'demo' && (
          <button type="button" data-testid="source-edit" onClick={() => windowStore.getState().openSourceForm({ mode: 'edit', name: s.name })}>
            Edit
          </button>
        )}
        <button type="button" data-testid="source-remove" onClick={onRemove}>
          Remove
        </button>
        </div>
      </td>
    </tr>
  );
}

export function SourcesPanel({ onSaveAs }: { onSaveAs: () => void }) {
  const view = useWindow((s) => s.sources);
  const error = useWindow((s) => s.sourcesError);
  const form = useWindow((s) => s.sourceForm);
  const busy = useWindow((s) => s.syncJob?.state === 'running' || s.job?.state === 'running');
  const file = useWindow((s) => s.editor?.file ?? null);
  const [removing, setRemoving] = useState<string | null>(null);
  useEffect(() => {
    void windowStore.getState().loadSources();
  }, [file]);
  const rows = view?.sources ?? [];
  const editing = form?.mode === 'edit' ? (rows.find((r) => r.source.name === form.name)?.source ?? null) : null;
  return (
    <section className="data-panel" aria-label="Sources" data-testid="sources-panel">
      <h2>Sources</h2>
      {file === null ? (
        <p className="data-note" role="status" data-testid="sources-unsaved">
          Save the map to a file first: its sources and their items are kept in the map’s file.{' '}
          <button type="button" onClick={onSaveAs}>
            Save As…
          </button>
        </p>
      ) : rows.length === 0 ? (
        <p className="data-note" data-testid="sources-empty">
          No source yet: add one to see measured flow on the map’s stages.
        </p>
      ) : (
        <table className="sources-table" data-testid="sources-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>URL</th>
              <th>Query / project</th>
              <th>Tool</th>
              <th>Last sync</th>
              <th className="num">Items</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Row key={r.source.name} row={r} busy={busy} onRemove={() => setRemoving(r.source.name)} />
            ))}
          </tbody>
        </table>
      )}
      {removing && <RemoveQuestion name={removing} onDone={() => setRemoving(null)} />}
      {error && (
        <p className="data-error" role="alert" data-testid="sources-error">
          {error}
        </p>
      )}
      {file !== null && (
        <div className="import-actions">
          <button type="button" data-testid="source-add" disabled={form !== null} onClick={() => windowStore.getState().openSourceForm({ mode: 'add' })}>
            Add a source
          </button>
          <button type="button" className="primary" data-testid="sync-all" disabled={busy || rows.every((r) => r.state === 'demo' || !kindForm(r.source.kind))} onClick={() => void windowStore.getState().startSync(null)}>
            Sync all
          </button>
        </div>
      )}
      {form && <SourceForm key={form.mode === 'edit' ? form.name : 'add'} editing={editing} />}
      <SyncJobView />
    </section>
  );
}
