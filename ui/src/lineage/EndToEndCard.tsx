// The Dashboard's end-to-end card: per flow item type of the roots, how many finished and the
// p50/p85 of their end-to-end flow time (from the root's work start to the completion of the
// last item its tree ends with), and how many are in progress, at the flow view's "as of".

import { FLOW_ITEM_COLOURS } from '../map/flowItemColours';
import { count, maybeDuration, rawDuration } from '../flow/format';
import { useWindow, windowStore } from '../store/window';
import './lineage.css';

const FORMULA =
  'End-to-end flow time: from a root item’s work start (a customer request, a feature) to the completion of the last item of its tree, across the tools linked by the map’s artifact flows; finished roots only.';

function Secs({ secs, testId }: { secs: number | null; testId: string }) {
  return (
    <td data-testid={testId} data-secs={secs ?? ''} title={secs === null ? 'no finished root' : rawDuration(secs)}>
      {maybeDuration(secs)}
    </td>
  );
}

export function EndToEndCard() {
  const lineage = useWindow((s) => s.lineage);
  const error = useWindow((s) => s.lineageError);
  if (!lineage && !error) return null;
  return (
    <section className="flow-card" data-testid="card-end-to-end">
      <h2>
        End-to-end flow time{' '}
        <span className="flow-info" title={FORMULA} aria-label={`How it is computed: ${FORMULA}`}>
          i
        </span>
      </h2>
      {error && <p className="data-error" role="alert">{error}</p>}
      {lineage && lineage.by_type.length === 0 && <p className="flow-empty">No items are linked across tools yet: sync sources with links, or link items by hand in the Items list.</p>}
      {lineage && lineage.by_type.length > 0 && (
        <table className="lineage-table">
          <thead>
            <tr>
              <th scope="col">Flow item type</th>
              <th scope="col">Finished</th>
              <th scope="col">p50</th>
              <th scope="col">p85</th>
              <th scope="col">In progress</th>
            </tr>
          </thead>
          <tbody>
            {lineage.by_type.map((t) => (
              <tr key={t.flow_item_type} data-testid="end-to-end-row" data-type={t.flow_item_type}>
                <th scope="row">
                  <span className="flow-item-dot" style={{ background: FLOW_ITEM_COLOURS[t.flow_item_type] }} /> {t.flow_item_type}
                </th>
                <td data-testid="end-to-end-finished">{count(t.finished)}</td>
                <Secs secs={t.p50_secs} testId="end-to-end-p50" />
                <Secs secs={t.p85_secs} testId="end-to-end-p85" />
                <td data-testid="end-to-end-in-progress">{count(t.in_progress)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lineage && (
        <button type="button" className="lineage-open" data-testid="end-to-end-roots" onClick={() => windowStore.getState().showLineage('dashboard')}>
          {count(lineage.roots.length)} roots: show their lineage…
        </button>
      )}
      <p className="flow-caption">{FORMULA}</p>
    </section>
  );
}
