import type { Compared, WhatIfView } from '../generated/wire';
import { useWindow } from '../store/window';
import { changeClass, changeText, figureText, peopleText, reproductionText, type Pct } from './whatIfText';

/** A figure's row: simulated now → after for p50 and p85, the change, and what was measured. */
function Row({ label, people, c, testId }: { label: string; people: string | null; c: Compared; testId: string }) {
  const cells = (pct: Pct) => (
    <>
      <td>{figureText(c.baseline, pct)}</td>
      <td>{figureText(c.after, pct)}</td>
      <td className={changeClass(c, pct)} data-testid={`${testId}-change-${pct === 'p50_secs' ? 'p50' : 'p85'}`}>
        {changeText(c, pct)}
      </td>
    </>
  );
  return (
    <tr data-testid={testId} data-after-p50={c.after?.p50_secs ?? ''} data-baseline-p50={c.baseline?.p50_secs ?? ''}>
      <th scope="row">{label}</th>
      <td data-testid={`${testId}-people`}>{people ?? ''}</td>
      {cells('p50_secs')}
      {cells('p85_secs')}
      <td className="whatif-measured">
        {figureText(c.measured, 'p50_secs')} · {figureText(c.measured, 'p85_secs')}
      </td>
    </tr>
  );
}

function Table({ view }: { view: WhatIfView }) {
  const w = view.what_if;
  return (
    <table className="compare-table whatif-table" data-testid="whatif-table">
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            Time per item
          </th>
          <th scope="col" rowSpan={2}>
            People
          </th>
          <th scope="colgroup" colSpan={3}>
            p50: now → after
          </th>
          <th scope="colgroup" colSpan={3}>
            p85: now → after
          </th>
          <th scope="col" rowSpan={2}>
            Measured p50 · p85
          </th>
        </tr>
        <tr>
          <th scope="col">Now</th>
          <th scope="col">After</th>
          <th scope="col">Change</th>
          <th scope="col">Now</th>
          <th scope="col">After</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        <Row label="Flow time" people={null} c={w.flow_time} testId="whatif-flow" />
        {w.stages
          .filter((s) => s.visits > 0)
          .map((s) => (
            <Row key={s.stage} label={s.name} people={peopleText(s)} c={s.time} testId={`whatif-stage-${s.name}`} />
          ))}
      </tbody>
    </table>
  );
}

/**
 * The what-if of the compared future state: the measured items replayed through the stream as
 * it is (now) and as the future state changes it (after), with the changes in words, how close
 * "now" came to what was measured, and the assumptions.
 */
export function WhatIfSection() {
  const whatIf = useWindow((s) => s.whatIf);
  if (!whatIf) {
    return (
      <p className="hint" data-testid="whatif-running">
        Simulating the measured items through the future state…
      </p>
    );
  }
  if ('refused' in whatIf) {
    return (
      <p className="hint" data-testid="whatif-refused">
        What-if: {whatIf.refused}
      </p>
    );
  }
  const { view } = whatIf;
  const w = view.what_if;
  return (
    <section className="whatif" data-testid="whatif">
      <h3>What-if on the measured items</h3>
      <p className="hint" data-testid="whatif-scope">
        {w.items_compared} items completed from {view.window_from.slice(0, 10)} to {view.now.slice(0, 10)}, replayed through the stream as it is
        (now) and as {view.state_name ?? 'changed'} runs it (after).
      </p>
      {view.changes.length === 0 ? (
        <p data-testid="whatif-no-changes">
          No change the simulation can play: set a stage’s people, WIP limit or batch size in the future state, or remove a stage or a
          handoff.
        </p>
      ) : (
        <ul className="whatif-changes" data-testid="whatif-changes">
          {view.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <Table view={view} />
      <p className={w.reproduction.within ? 'hint' : 'hint warn'} data-testid="whatif-reproduction">
        {reproductionText(w.reproduction)}
      </p>
      <details className="whatif-assumptions">
        <summary>How it was simulated</summary>
        <ul>
          {w.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
