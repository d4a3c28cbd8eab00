import { count, decimal, maybeDuration, percent } from '../flow/format';
import type { Distribution } from '../generated/wire';
import { useWindow } from '../store/window';

const FORMULA =
  'Deployment frequency: successful deployments in the window per week. Lead time for changes: from a pull or merge request opened to the deployment that shipped it (linked, else the next successful one after its merge). Change failure rate: failed ÷ all finished deployments. Time to restore: a failed deployment to the next successful one in the same source.';

function spread(d: Distribution): string {
  return d.count === 0 ? '–' : `p50 ${maybeDuration(d.p50)} · p85 ${maybeDuration(d.p85)}`;
}

/** The Dashboard's delivery metrics (DORA), beside the flow metrics. */
export function DoraCard() {
  const v = useWindow((s) => s.dora);
  const error = useWindow((s) => s.doraError);
  const d = v?.dora;
  return (
    <section className="flow-card wide" data-testid="card-dora">
      <h2>
        Delivery (DORA){' '}
        <span className="flow-info" title={FORMULA} aria-label={`How it is computed: ${FORMULA}`}>
          i
        </span>
      </h2>
      {error && (
        <p className="flow-error" role="alert">
          {error}
        </p>
      )}
      {v && d && v.deployment_types.length === 0 && (
        <p className="flow-caption" data-testid="dora-none">
          No deployments in this map’s data: sync a source that brings deployments, pipelines or builds (GitHub, GitLab, Jenkins).
        </p>
      )}
      {v && d && v.deployment_types.length > 0 && (
        <>
          <div className="dora-grid">
            <div>
              <p className="flow-label">Deployment frequency</p>
              <strong className="flow-big" data-testid="dora-frequency">
                {decimal(d.per_week)}
              </strong>{' '}
              a week
              <p className="flow-caption">{count(Number(d.succeeded))} successful deployments</p>
            </div>
            <div>
              <p className="flow-label">Lead time for changes</p>
              <strong data-testid="dora-lead">{spread(d.lead_time)}</strong>
              <p className="flow-caption">
                {count(Number(d.lead_time.count))} changes: {count(Number(d.changes.linked))} linked, {count(Number(d.changes.next_deploy))} by the next deployment; {count(Number(d.changes.waiting))} waiting
              </p>
            </div>
            <div>
              <p className="flow-label">Change failure rate</p>
              <strong className="flow-big" data-testid="dora-cfr">
                {percent(d.change_failure_rate)}
              </strong>
              <p className="flow-caption">
                {count(Number(d.failed))} failed of {count(Number(d.succeeded) + Number(d.failed))}
              </p>
            </div>
            <div>
              <p className="flow-label">Time to restore</p>
              <strong data-testid="dora-restore">{spread(d.time_to_restore)}</strong>
              {Number(d.unrestored) > 0 && <p className="flow-caption">{count(Number(d.unrestored))} not restored yet</p>}
            </div>
          </div>
          <p className="flow-caption" data-testid="dora-types">
            Deployments: {v.deployment_types.join(', ')}; changes: {v.change_types.join(', ') || 'none found'}.
          </p>
        </>
      )}
      <p className="flow-caption">{FORMULA}</p>
    </section>
  );
}
