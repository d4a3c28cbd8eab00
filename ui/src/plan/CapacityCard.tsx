import { count, decimal, percent } from '../flow/format';
import type { TypeLoads } from '../generated/wire';
import { useWindow } from '../store/window';

const FORMULA =
  'Load: items in the stage on average over the window (time-averaged), measured for each flow item type under the same filters, so the four add up to the stage’s load. Rework: share of the items that entered the stage (a team: any of its stages) more than once. Unplanned: defects among the items created in the window.';

function Shares({ load }: { load: TypeLoads }) {
  const share = (v: number) => (load.total > 0 ? percent(v / load.total) : '–');
  return (
    <>
      <td>{share(load.feature)}</td>
      <td>{share(load.defect)}</td>
      <td>{share(load.risk)}</td>
      <td>{share(load.debt)}</td>
      <td>{decimal(load.total)}</td>
    </>
  );
}

/** The Dashboard's capacity for new work and unplanned work, per stage and team. */
export function CapacityCard() {
  const c = useWindow((s) => s.capacity);
  const error = useWindow((s) => s.capacityError);
  return (
    <section className="flow-card wide" data-testid="card-capacity">
      <h2>
        Capacity and unplanned work{' '}
        <span className="flow-info" title={FORMULA} aria-label={`How it is computed: ${FORMULA}`}>
          i
        </span>
      </h2>
      {error && (
        <p className="flow-error" role="alert">
          {error}
        </p>
      )}
      {c && (
        <>
          <p className="flow-row" data-testid="capacity-unplanned">
            {c.arrivals.unplanned_share === null ? (
              'No item arrived in the window.'
            ) : (
              <>
                <strong className="flow-big">{percent(c.arrivals.unplanned_share)}</strong>
                <span>
                  unplanned: {count(c.arrivals.counts.defect)} of the {count(c.arrivals.counts.total)} items that arrived in the window were defects
                </span>
              </>
            )}
          </p>
          <table className="flow-week-table" data-testid="capacity-table">
            <thead>
              <tr>
                <th scope="col">Stage or team</th>
                <th scope="col">Feature</th>
                <th scope="col">Defect</th>
                <th scope="col">Risk</th>
                <th scope="col">Debt</th>
                <th scope="col">Load (items)</th>
                <th scope="col">Rework</th>
              </tr>
            </thead>
            <tbody>
              {c.teams.map((t) => (
                <tr key={`team-${t.team}`} className="capacity-team" data-testid="capacity-team">
                  <th scope="row" title={t.stages.join(', ')}>
                    Team {t.team}
                  </th>
                  <Shares load={t.load} />
                  <td>{percent(t.rework_rate)}</td>
                </tr>
              ))}
              {c.stages.map((s) => (
                <tr key={s.id} data-testid="capacity-stage">
                  <th scope="row">{s.name}</th>
                  <Shares load={s.load} />
                  <td>{s.entered > 0 ? percent(s.reentered / s.entered) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="flow-caption">{FORMULA}</p>
    </section>
  );
}
