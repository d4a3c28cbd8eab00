import { TrendLines } from '../flow/Charts';
import { day } from '../flow/format';
import type { KeyResultView } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { KeyResultForm } from './KeyResultForm';
import { byObjective, krValue, STATUS_WORDS, wayText } from './okrText';

const FORMULA =
  'Each point: the figure over the 28 days before it (flow load: at the instant). Progress = (now − baseline) ÷ (target − baseline). On track when progress ≥ the share of the time gone; at risk when at most 25 points behind; off track beyond; achieved or missed at the due date.';

function KeyResultRow({ view }: { view: KeyResultView }) {
  const k = view.key_result;
  const p = view.progress;
  const store = windowStore.getState;
  const kind = k.flow_item_type ? ` · ${k.flow_item_type.toLowerCase()} items` : '';
  return (
    <li className="kr-row" data-testid="kr-row">
      <div className="kr-head">
        <span className={`kr-status ${p.status}`} data-testid="kr-status">
          {STATUS_WORDS[p.status]}
        </span>
        <strong data-testid="kr-name">{k.name}</strong>
        <span className="flow-label">
          {view.figure_label}
          {kind}
          {k.owner ? ` · ${k.owner}` : ''}
        </span>
        <span className="kr-actions">
          <button type="button" onClick={() => store().editKeyResult(view)} data-testid="kr-edit">
            Edit
          </button>
          <button type="button" onClick={() => void store().deleteKeyResult(view)} data-testid="kr-remove" aria-label={`Remove ${k.name}`}>
            Remove
          </button>
        </span>
      </div>
      <div className="flow-row top">
        <p className="kr-figures" data-testid="kr-figures">
          {krValue(view.unit, k.baseline)} → {krValue(view.unit, k.target)} by {day(k.due)}; now <strong data-testid="kr-current">{krValue(view.unit, p.current)}</strong>
          {p.progress !== null && <> ({wayText(p.progress)} of the way)</>}
        </p>
        {p.points.length > 1 && (
          <TrendLines
            labels={p.points.map((pt) => day(pt.at))}
            series={[
              { name: 'measured', values: p.points.map((pt) => pt.value) },
              { name: 'path to target', values: p.points.map((pt) => pt.path), dashed: true },
            ]}
            format={(v) => krValue(view.unit, v)}
            unit={view.figure_label}
            box={{ width: 220, height: 44 }}
          />
        )}
      </div>
      <p className="flow-caption" data-testid="kr-reason">
        {p.reason}
      </p>
    </li>
  );
}

/** The Dashboard's flow key results, by objective, with the form that adds or changes one. */
export function KeyResultsCard() {
  const views = useWindow((s) => s.keyResults);
  const draft = useWindow((s) => s.krDraft);
  const error = useWindow((s) => s.krError);
  const hasFile = useWindow((s) => Boolean(s.editor?.file));
  return (
    <section className="flow-card wide" data-testid="card-key-results">
      <h2>
        Key results{' '}
        <span className="flow-info" title={FORMULA} aria-label={`How it is computed: ${FORMULA}`}>
          i
        </span>
        {hasFile && !draft && (
          <button type="button" className="kr-add" onClick={() => windowStore.getState().editKeyResult(null)} data-testid="kr-add">
            + Key result
          </button>
        )}
      </h2>
      {!hasFile && <p className="flow-caption">Save the map to a file to set key results: they are kept in it.</p>}
      {error && (
        <p className="flow-error" role="alert" data-testid="kr-error">
          {error}
        </p>
      )}
      {draft && <KeyResultForm draft={draft} />}
      {views && views.length === 0 && !draft && <p className="flow-caption">No key results yet: set one on a flow figure of this map, with a baseline, a target and a due date.</p>}
      {views &&
        byObjective(views).map((g) => (
          <div key={g.objective} className="kr-objective" data-testid="kr-objective">
            <h3>{g.objective || 'No objective'}</h3>
            <ul className="kr-list">
              {g.results.map((v) => (
                <KeyResultRow key={v.key_result.id} view={v} />
              ))}
            </ul>
          </div>
        ))}
      <p className="flow-caption">{FORMULA}</p>
    </section>
  );
}
