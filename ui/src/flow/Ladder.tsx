import type { Figure, Ladder as LadderData, StageMetrics } from '../generated/wire';
import { FORMULAS, over } from './figures';
import { duration, maybeDuration, percent, rawDuration } from './format';

/** Whether any rung has a process or lead time, measured or estimated. */
export function hasFigures(ladder: LadderData): boolean {
  return ladder.rungs.some((r) => r.process_time.value !== null || r.lead_time.value !== null);
}

const source = (f: Figure) => (f.source === 'measured' ? 'measured' : f.source === 'estimate' ? 'estimate' : '');

/**
 * The classic VSM timeline ladder under the map, along the critical path: each rung's wait
 * (lead minus process time) on the upper step, its process time on the lower, the workshop's
 * estimates beside the measured values, and the totals with the activity ratio.
 */
export function LadderStrip({ ladder, stages }: { ladder: LadderData; stages: StageMetrics[] }) {
  // Nothing measured or estimated yet (a map being drawn): no ladder to read.
  if (!hasFigures(ladder)) return null;
  return (
    <div className="ladder-strip" data-testid="ladder" aria-label="Timeline ladder">
      <div className="ladder-label" title={FORMULAS.ladder}>
        Timeline ladder <span className="flow-info">i</span>
        <small>critical path · means</small>
      </div>
      <div className="ladder-rungs">
        {ladder.rungs.map((r) => (
          <div
            key={r.stage}
            className="ladder-rung"
            data-testid="ladder-rung"
            title={`${r.name}: means ${over(stages.find((s) => s.id === r.stage)?.entered ?? 0)} that were in the stage. ${FORMULAS.ladder}`}
          >
            <div className="ladder-name">{r.name}</div>
            <div className="ladder-wait" title={r.waiting_secs === null ? 'no wait measured' : `Wait = lead − process time: ${rawDuration(r.waiting_secs)}`}>
              wait {maybeDuration(r.waiting_secs)}
            </div>
            <div className="ladder-process">
              <span title={`Process time (${source(r.process_time)})`}>PT {maybeDuration(r.process_time.value)}</span>
              {r.estimate_process_secs !== null && r.process_time.source === 'measured' && (
                <span className="ladder-estimate" title="Workshop estimate">est {duration(r.estimate_process_secs)}</span>
              )}
            </div>
            <div className="ladder-lead">
              <span title={`Lead time (${source(r.lead_time)})`}>LT {maybeDuration(r.lead_time.value)}</span>
              {r.estimate_lead_secs !== null && r.lead_time.source === 'measured' && (
                <span className="ladder-estimate" title="Workshop estimate">est {duration(r.estimate_lead_secs)}</span>
              )}
              {r.lead_time.source === 'estimate' && <span className="ladder-estimate">estimate</span>}
            </div>
            <div className="ladder-ca" title={FORMULAS.completeAccurate}>
              C&amp;A {percent(r.complete_accurate.value)}
            </div>
          </div>
        ))}
      </div>
      <div className="ladder-totals" data-testid="ladder-totals">
        <div title={rawDuration(ladder.total_lead_secs)}>Σ lead {duration(ladder.total_lead_secs)}</div>
        <div title={rawDuration(ladder.total_process_secs)}>Σ process {duration(ladder.total_process_secs)}</div>
        <div title={FORMULAS.activityRatio} data-testid="ladder-activity-ratio">
          activity ratio {percent(ladder.activity_ratio)}
        </div>
        <div title={FORMULAS.rolledCa}>rolled C&amp;A {percent(ladder.rolled_complete_accurate)}</div>
      </div>
    </div>
  );
}
