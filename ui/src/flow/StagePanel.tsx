import type { ReactNode } from 'react';
import { windowStore } from '../store/window';
import { ItemLink } from './ItemLink';
import type { Distribution, FlowView, MapView, StageMetrics } from '../generated/wire';
import { FLOW_ITEM_COLOURS } from '../map/flowItemColours';
import { Histogram, TrendLines } from './Charts';
import { FORMULAS, over, windowText } from './figures';
import { count, day, duration, items, maybeDuration, percent, rawDuration, totalDuration } from './format';

/** The flow of one stage, or of the whole map when no stage is selected. */
export function StagePanel({
  flow,
  map,
  stageId,
  onSelectStage,
}: {
  flow: FlowView | null;
  map: MapView;
  stageId: string | null;
  onSelectStage: (id: string) => void;
}) {
  if (!flow) return <p className="flow-empty">Computing the flow…</p>;
  const m = flow.metrics;
  const partner = flow.filters.partner ? (map.nodes.find((n) => n.node.id === flow.filters.partner)?.node.name ?? null) : null;
  const window = windowText(m.window, flow.filters, partner);
  const stage = stageId ? m.stages.find((s) => s.id === stageId) : undefined;
  if (!stage) return <Overview flow={flow} window={window} onSelectStage={onSelectStage} />;
  return <StageFigures flow={flow} stage={stage} window={window} />;
}

function Overview({ flow, window, onSelectStage }: { flow: FlowView; window: string; onSelectStage: (id: string) => void }) {
  const m = flow.metrics;
  const ranked = m.bottlenecks.map((id) => m.stages.find((s) => s.id === id)!).filter(Boolean);
  return (
    <section className="stage-panel" data-testid="flow-overview">
      <h2>Where work waits</h2>
      <p className="flow-window">{window}</p>
      <p className="flow-hint">Select a stage on the map for its waiting time, aging items and trend.</p>
      <ol className="flow-ranking" title={FORMULAS.bottleneck}>
        {ranked.map((s) => (
          <li key={s.id}>
            <button type="button" onClick={() => onSelectStage(s.id)} data-testid="flow-ranking-stage">
              <span>{s.name}</span>
              <span>
                {percent(s.bottleneck_score)} of waiting · waits {maybeDuration(s.waiting.p50)} p50
              </span>
            </button>
          </li>
        ))}
      </ol>
      <p className="flow-caption">{FORMULAS.bottleneck}</p>
      {m.unmapped_waiting_share > 0 && (
        <p className="flow-caption">
          {percent(m.unmapped_waiting_share)} of waiting time is in states no stage claims ({m.unmapped_states.map((u) => u.state).join(', ')}).
        </p>
      )}
    </section>
  );
}

function Cell({ secs, testId }: { secs: number | null; testId: string }) {
  return (
    <td data-testid={testId} data-secs={secs ?? ''} title={secs === null ? 'no items' : rawDuration(secs)}>
      {maybeDuration(secs)}
    </td>
  );
}

function DistRow({ label, d, id, formula }: { label: string; d: Distribution; id: string; formula: string }) {
  return (
    <tr title={`${formula} ${over(d.count)}.`}>
      <th scope="row">{label}</th>
      <Cell secs={d.p50} testId={`flow-${id}-p50`} />
      <Cell secs={d.p85} testId={`flow-${id}-p85`} />
      <Cell secs={d.p95} testId={`flow-${id}-p95`} />
      <td className="flow-count" data-testid={`flow-${id}-count`}>
        {count(d.count)}
      </td>
    </tr>
  );
}

function Section({ title, formula, children, testId }: { title: string; formula: string; children: ReactNode; testId?: string }) {
  return (
    <section className="flow-section" data-testid={testId}>
      <h3>
        {title}{' '}
        <span className="flow-info" title={formula} aria-label={`How it is computed: ${formula}`}>
          i
        </span>
      </h3>
      {children}
      <p className="flow-caption">{formula}</p>
    </section>
  );
}

function ItemKey({ flow, source, itemKey }: { flow: FlowView; source: string; itemKey: string }) {
  const link = flow.links.find((l) => l.source === source && l.key === itemKey);
  return <ItemLink url={link?.url} source={source} itemKey={itemKey} />;
}

/** An item's title: a click shows the item and its timeline in the Items list. */
function ItemTitle({ source, itemKey, title }: { source: string; itemKey: string; title: string }) {
  return (
    <td className="flow-title">
      <button type="button" className="flow-open-item" title={`Show ${itemKey}’s timeline in Items`} data-testid="stage-item-open" onClick={() => windowStore.getState().openItem({ source, key: itemKey })}>
        {title || itemKey}
      </button>
    </td>
  );
}

function StageFigures({ flow, stage: s, window }: { flow: FlowView; stage: StageMetrics; window: string }) {
  const waitShare = s.waiting_share;
  const efficiency = s.efficiency;
  const trendLabels = s.trend.map((t) => day(t.start));
  const ca = s.complete_accurate_figure;
  return (
    <section className="stage-panel" data-testid="stage-panel" data-stage={s.id}>
      <h2 data-testid="stage-panel-name">{s.name}</h2>
      <p className="flow-window" data-testid="stage-panel-window">
        {window}
      </p>
      <p className={flow.bottleneck === s.id ? 'flow-bottleneck top' : 'flow-bottleneck'} title={FORMULAS.bottleneck}>
        {flow.bottleneck === s.id ? '▲ The bottleneck: ' : `Bottleneck rank ${s.bottleneck_rank}: `}
        {percent(s.bottleneck_score)} of all waiting time
      </p>

      <Section title="Waiting and active time" formula={`${FORMULAS.waiting} ${FORMULAS.active}`} testId="stage-panel-times">
        <table className="flow-figures">
          <thead>
            <tr>
              <th />
              <th scope="col">p50</th>
              <th scope="col">p85</th>
              <th scope="col">p95</th>
              <th scope="col">items</th>
            </tr>
          </thead>
          <tbody>
            <DistRow label="Waiting" d={s.waiting} id="waiting" formula={FORMULAS.waiting} />
            <DistRow label="Active" d={s.active} id="active" formula={FORMULAS.active} />
            <DistRow label="In stage" d={s.time} id="time" formula={FORMULAS.time} />
          </tbody>
        </table>
      </Section>

      <Section title="Waiting vs active" formula={FORMULAS.split} testId="stage-panel-split">
        <div className="flow-split" role="img" aria-label={`Waiting ${percent(waitShare)} of the time in the stage`}>
          <span className="waiting" style={{ width: `${(waitShare ?? 0) * 100}%` }} />
          <span className="active" style={{ width: `${waitShare === null ? 0 : (1 - waitShare) * 100}%` }} />
        </div>
        <p className="flow-split-legend">
          <span title={rawDuration(s.waiting_total_secs)}>
            <i className="waiting" /> waiting {percent(waitShare)} · Σ {totalDuration(s.waiting_total_secs)}
          </span>
          <span title={rawDuration(s.active_total_secs)}>
            <i className="active" /> active {percent(efficiency)} · Σ {totalDuration(s.active_total_secs)}
          </span>
        </p>
      </Section>

      <Section title="Time in stage" formula={FORMULAS.histogram} testId="stage-panel-histogram">
        <Histogram bins={s.histogram} box={{ width: 244, height: 70 }} testId="stage-histogram" />
      </Section>

      <Section title="Trend, last 12 weeks" formula={FORMULAS.trend} testId="stage-panel-trend">
        <TrendLines
          labels={trendLabels}
          series={[
            { name: 'p50', values: s.trend.map((t) => t.time.p50), counts: s.trend.map((t) => t.time.count) },
            { name: 'p85', values: s.trend.map((t) => t.time.p85), counts: s.trend.map((t) => t.time.count), dashed: true },
          ]}
          format={duration}
          unit="time in stage (calendar)"
          box={{ width: 190, height: 60 }}
          testId="stage-trend"
        />
        <p className="flow-caption">
          Solid p50, dashed p85; {items(s.trend.reduce((a, t) => a + t.time.count, 0))} left the stage in these weeks.
        </p>
      </Section>

      <Section title="Rework and quality" formula={`${FORMULAS.reentry} ${FORMULAS.completeAccurate}`} testId="stage-panel-rework">
        <dl className="flow-pairs">
          <dt>Rework (re-entry)</dt>
          <dd data-testid="flow-reentry">
            {percent(s.reentry_rate)} {over(s.entered)}
          </dd>
          <dt>%C&amp;A</dt>
          <dd data-testid="flow-complete-accurate">
            {percent(ca.value)} {ca.source === 'measured' ? 'measured' : ca.source === 'estimate' ? 'workshop estimate' : ''}
          </dd>
          <dt>Throughput</dt>
          <dd title={FORMULAS.throughput}>
            {count(s.throughput)} left forward · {s.throughput_per_week.toFixed(1)} a week
          </dd>
          <dt>Load</dt>
          <dd title={FORMULAS.load}>
            {count(s.load_current)} now · {s.load_average.toFixed(1)} on average
          </dd>
        </dl>
      </Section>

      <Section title={`Aging work in progress (${count(s.inside_now)} in the stage now)`} formula={FORMULAS.aging} testId="stage-panel-aging">
        {s.aging.length === 0 ? (
          <p className="flow-empty">No items in the stage now.</p>
        ) : (
          <table className="flow-items" data-testid="stage-aging">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">State</th>
                <th scope="col">In stage</th>
                <th scope="col">Since start</th>
              </tr>
            </thead>
            <tbody>
              {s.aging.map((a) => (
                <tr key={`${a.source}/${a.key}`} title={a.title}>
                  <td>
                    <i className="flow-type" style={{ background: FLOW_ITEM_COLOURS[a.flow_item_type] }} title={a.flow_item_type} />
                    <ItemKey flow={flow} source={a.source} itemKey={a.key} />
                  </td>
                  <td className="flow-state" title={a.state}>
                    {a.state}
                  </td>
                  <td title={rawDuration(a.age_in_stage_secs)}>{duration(a.age_in_stage_secs)}</td>
                  <td>{maybeDuration(a.age_since_start_secs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {s.inside_now > s.aging.length && <p className="flow-caption">The {s.aging.length} oldest of {count(s.inside_now)}.</p>}
      </Section>

      <Section title="Slowest items" formula={FORMULAS.slowest} testId="stage-panel-slowest">
        {s.slowest.length === 0 ? (
          <p className="flow-empty">No items in the window.</p>
        ) : (
          <table className="flow-items" data-testid="stage-slowest">
            <tbody>
              {s.slowest.map((item) => (
                <tr key={`${item.source}/${item.key}`} title={item.title}>
                  <td>
                    <i className="flow-type" style={{ background: FLOW_ITEM_COLOURS[item.flow_item_type] }} title={item.flow_item_type} />
                    <ItemKey flow={flow} source={item.source} itemKey={item.key} />
                  </td>
                  <ItemTitle source={item.source} itemKey={item.key} title={item.title} />
                  <td title={rawDuration(item.time_secs)}>{duration(item.time_secs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </section>
  );
}
