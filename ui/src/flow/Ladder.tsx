import { workshopSummary } from '../editor/durations';
import type { Figure, Ladder as LadderData, MapView, StageMetrics } from '../generated/wire';
import { FORMULAS, over } from './figures';
import { duration, maybeDuration, percent, rawDuration } from './format';

/** Whether any rung has a process or lead time, measured or estimated. */
export function hasFigures(ladder: LadderData): boolean {
  return ladder.rungs.some((r) => r.process_time.value !== null || r.lead_time.value !== null);
}

const sourceWord = (s: Figure['source']) => (s === 'measured' ? 'measured' : s === 'estimate' ? 'estimate' : 'no data');

/**
 * The classic VSM timeline ladder under the map, along the path most items take: each rung's
 * wait (lead minus process time, p50s) on the upper step, its process time on the lower, marked
 * measured or estimate, the workshop's estimates beside measured values, the reason a figure is
 * 0 or missing, the workshop's counts (queue, batch, people) from the map, and the measured
 * totals (the estimate-filled ones apart).
 */
export function LadderStrip({ ladder, stages, map, estimatesOnly = false }: { ladder: LadderData; stages: StageMetrics[]; map?: MapView; estimatesOnly?: boolean }) {
  const counts = (id: string) => {
    const node = map?.nodes.find((v) => v.node.id === id)?.node;
    return node?.kind === 'stage' ? workshopSummary(node.estimates) : null;
  };
  // Nothing measured or estimated yet (a map being drawn): no ladder to read.
  if (!hasFigures(ladder)) return null;
  const path = ladder.path_basis === 'items' ? 'path most items take' : 'no item moved: longest lead time';
  const filled = ladder.with_estimates;

  return (
    <div className="ladder-strip" data-testid="ladder" aria-label="Timeline ladder">
      <div className="ladder-label" title={FORMULAS.ladder}>
        Timeline ladder <span className="flow-info">i</span>
        <small data-testid="ladder-caption">{estimatesOnly ? 'future state · workshop estimates' : `${path} · p50 per stage · totals measured only`}</small>
      </div>
      <div className="ladder-rungs">
        {ladder.rungs.map((r) => (
          <div
            key={r.stage}
            className={`ladder-rung ladder-src-${r.source}`}
            data-testid="ladder-rung"
            data-source={r.source}
            title={`${r.name}: ${r.source === 'measured' ? `p50s ${over(stages.find((s) => s.id === r.stage)?.entered ?? 0)} that were in the stage` : sourceWord(r.source)}${r.moves_in !== null ? `; ${r.moves_in} moves in from the previous stage` : ''}. ${FORMULAS.ladder}`}
          >
            <div className="ladder-name">{r.name}</div>
            <div className="ladder-source" data-testid="ladder-source">
              {sourceWord(r.source)}
            </div>
            <div className="ladder-wait" title={r.waiting_secs === null ? 'no wait measured' : `Wait = lead − process time: ${rawDuration(r.waiting_secs)}`}>
              wait {maybeDuration(r.waiting_secs)}
            </div>
            <div className="ladder-process">
              <span title={`Process time p50 (${sourceWord(r.process_time.source)})`}>PT {maybeDuration(r.process_time.value)}</span>
              {r.estimate_process_secs !== null && r.process_time.source === 'measured' && (
                <span className="ladder-estimate" title="Workshop estimate">est {duration(r.estimate_process_secs)}</span>
              )}
            </div>
            <div className="ladder-lead">
              <span title={`Lead time p50 (${sourceWord(r.lead_time.source)})`}>LT {maybeDuration(r.lead_time.value)}</span>
              {r.estimate_lead_secs !== null && r.lead_time.source === 'measured' && (
                <span className="ladder-estimate" title="Workshop estimate">est {duration(r.estimate_lead_secs)}</span>
              )}
              {r.lead_time.source === 'estimate' && <span className="ladder-estimate">estimate</span>}
            </div>
            <div className="ladder-ca" title={FORMULAS.completeAccurate}>
              C&amp;A {percent(r.complete_accurate.value)}
              {r.complete_accurate.source === 'estimate' && <span className="ladder-estimate">estimate</span>}
            </div>
            {counts(r.stage) && (
              <div className="ladder-counts" data-testid="ladder-counts" title="Workshop counts: items waiting in front of the stage, batch size, people">
                {counts(r.stage)}
              </div>
            )}
            {r.reason !== null && (
              <div className="ladder-reason" data-testid="ladder-reason">
                {r.reason}
              </div>
            )}
          </div>
        ))}
      </div>
      {estimatesOnly && filled ? (
        <div className="ladder-totals" data-testid="ladder-totals" title="A future state has no data: the totals of its workshop estimates">
          <div>Σ lead {duration(filled.total_lead_secs)}</div>
          <div>Σ process {duration(filled.total_process_secs)}</div>
          <div title={FORMULAS.activityRatio} data-testid="ladder-activity-ratio">
            activity ratio {percent(filled.activity_ratio)}
          </div>
          <div title={FORMULAS.rolledCa} data-testid="ladder-rolled-ca">
            rolled C&amp;A {percent(filled.rolled_complete_accurate)} (estimates)
          </div>
        </div>
      ) : (
      <div className="ladder-totals" data-testid="ladder-totals">
        <div title={`${rawDuration(ladder.total_lead_secs)} over ${ladder.measured_rungs} measured rungs`}>Σ lead {duration(ladder.total_lead_secs)}</div>
        <div title={rawDuration(ladder.total_process_secs)}>Σ process {duration(ladder.total_process_secs)}</div>
        <div title={FORMULAS.activityRatio} data-testid="ladder-activity-ratio">
          activity ratio {percent(ladder.activity_ratio)}
        </div>
        <div title={FORMULAS.rolledCa} data-testid="ladder-rolled-ca">
          rolled C&amp;A {percent(ladder.rolled_complete_accurate)} over {ladder.rolled_complete_accurate_rungs} of {ladder.rungs.length} stages
        </div>
        {filled && (
          <div className="ladder-estimate" data-testid="ladder-with-estimates" title="Totals with workshop estimates filling the stages without a measurement">
            with estimates: Σ lead {duration(filled.total_lead_secs)}, rolled C&amp;A {percent(filled.rolled_complete_accurate)}
          </div>
        )}
      </div>
      )}
    </div>
  );
}

