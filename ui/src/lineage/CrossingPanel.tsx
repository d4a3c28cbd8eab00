// The side panel's Flow tab for an artifact flow selected on the map: how long items take to
// cross it (from an item done in one tool to its successor started in the next), with the
// slowest crossings by item key; each opens the lineage of its item.

import { count, maybeDuration, rawDuration, duration } from '../flow/format';
import { useWindow, windowStore } from '../store/window';
import './lineage.css';

export function CrossingPanel({ flowId }: { flowId: string }) {
  const lineage = useWindow((s) => s.lineage);
  const error = useWindow((s) => s.lineageError);
  const c = lineage?.crossings.find((x) => x.flow === flowId);
  if (error) return <p className="data-error" role="alert">{error}</p>;
  if (!lineage) return <p className="flow-empty">Reading the lineage…</p>;
  if (!c) return <p className="flow-empty">This artifact flow links no artifact types yet: name them in its properties.</p>;
  const open = (source: string, key: string) => void windowStore.getState().openLineage({ source, key }, 'map');
  return (
    <section className="stage-panel crossing-panel" data-testid="crossing-panel" data-flow={flowId}>
      <h2>
        {c.from_tool} → {c.to_tool}
      </h2>
      <p className="flow-window">
        {c.label} · crossing time at {lineage.now.slice(0, 10)}: from an item done in {c.from_tool} to its successor started in {c.to_tool}
      </p>
      <table className="flow-table">
        <tbody>
          <tr>
            <th scope="row">Crossings</th>
            <td data-testid="crossing-count">{count(c.count)}</td>
          </tr>
          <tr>
            <th scope="row">p50</th>
            <td data-testid="crossing-p50" data-secs={c.p50_secs ?? ''} title={c.p50_secs === null ? 'none yet' : rawDuration(c.p50_secs)}>
              {maybeDuration(c.p50_secs)}
            </td>
          </tr>
          <tr>
            <th scope="row">p85</th>
            <td data-testid="crossing-p85" data-secs={c.p85_secs ?? ''} title={c.p85_secs === null ? 'none yet' : rawDuration(c.p85_secs)}>
              {maybeDuration(c.p85_secs)}
            </td>
          </tr>
        </tbody>
      </table>
      {c.slowest.length > 0 && (
        <>
          <h3>Slowest crossings</h3>
          <ol className="crossing-slowest">
            {c.slowest.map((x) => (
              <li key={`${x.from_source}/${x.from_key}>${x.to_source}/${x.to_key}`} data-testid="crossing-slow">
                <button type="button" onClick={() => open(x.to_source, x.to_key)} title="Show its lineage">
                  {x.from_key} → {x.to_key}
                </button>{' '}
                <span data-secs={x.secs}>{duration(x.secs)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {c.count === 0 && <p className="flow-hint">No item of {c.from_tool} is linked to one of {c.to_tool} yet.</p>}
    </section>
  );
}
