// The Data view's Lineage panel: the roots (key, title, tool, status, end to end) at the flow
// view's "as of"; a root clicked shows its lineage timeline. Back returns where the panel or
// the timeline was opened from (the Map, the Dashboard, the Items list, or this list).

import { useState } from 'react';
import { count, maybeDuration, rawDuration } from '../flow/format';
import { useWindow, windowStore } from '../store/window';
import { LineageTimeline } from './LineageTimeline';
import { ROOT_STATUS_NAMES } from './lineageText';
import './lineage.css';

/** Rows listed at once; the search finds the others. */
const SHOWN = 300;

const BACK_TO = { map: 'the map', dashboard: 'the Dashboard', items: 'the Items list', data: '' } as const;

export function LineagePanel({ onBack }: { onBack: () => void }) {
  const lineage = useWindow((s) => s.lineage);
  const error = useWindow((s) => s.lineageError);
  const shown = useWindow((s) => s.lineageShown);
  const from = useWindow((s) => s.lineageFrom);
  const fromList = useWindow((s) => s.timelineFromList);
  const [search, setSearch] = useState('');
  const back = shown && fromList ? 'the list' : BACK_TO[from];
  const needle = search.trim().toLowerCase();
  const roots = (lineage?.roots ?? []).filter((r) => needle === '' || r.key.toLowerCase().includes(needle) || r.title.toLowerCase().includes(needle));
  return (
    <section className="data-panel lineage-panel" aria-label="Lineage" data-testid="lineage-panel">
      <div className="items-title">
        <h2>Lineage</h2>
        {back && (
          <button type="button" data-testid="lineage-back" onClick={onBack}>
            ← Back to {back}
          </button>
        )}
      </div>
      {error && (
        <p className="data-error" role="alert" data-testid="lineage-error">
          {error}
        </p>
      )}
      {shown ? (
        <LineageTimeline lineage={shown} />
      ) : (
        <>
          {lineage && (
            <p className="data-note" data-testid="lineage-count">
              {count(lineage.roots.length)} roots · {count(lineage.links)} links{lineage.unresolved > 0 ? ` (${count(lineage.unresolved)} to items in no source yet)` : ''} · measured at {lineage.now}
            </p>
          )}
          <label className="lineage-search">
            Search key or title <input type="search" value={search} data-testid="lineage-search" onChange={(e) => setSearch(e.target.value)} />
          </label>
          <table className="lineage-table lineage-roots">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Title</th>
                <th scope="col">Tool</th>
                <th scope="col">Status</th>
                <th scope="col">End to end</th>
                <th scope="col">Items</th>
              </tr>
            </thead>
            <tbody>
              {roots.slice(0, SHOWN).map((r) => (
                <tr key={`${r.source}/${r.key}`} data-testid="lineage-root" data-key={r.key} onClick={() => void windowStore.getState().openLineage({ source: r.source, key: r.key }, 'list')}>
                  <td>
                    <button type="button" className="lineage-key">
                      {r.key}
                    </button>
                  </td>
                  <td>{r.title}</td>
                  <td>{r.tool ?? '–'}</td>
                  <td>{ROOT_STATUS_NAMES[r.status]}</td>
                  <td data-secs={r.end_to_end_secs ?? ''} title={r.end_to_end_secs === null ? '' : rawDuration(r.end_to_end_secs)}>
                    {maybeDuration(r.end_to_end_secs)}
                    {r.status === 'in_progress' ? ' so far' : ''}
                  </td>
                  <td>{r.items}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {roots.length > SHOWN && <p className="data-note">The first {SHOWN} of {count(roots.length)}: search for the others.</p>}
        </>
      )}
    </section>
  );
}
