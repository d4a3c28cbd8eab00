import { useState, type ReactNode } from 'react';
import type { FlowView, MapView } from '../generated/wire';
import { ForecastCard } from '../plan/ForecastCard';
import { KeyResultsCard } from '../plan/KeyResultsCard';
import { CapacityCard } from '../plan/CapacityCard';
import { DoraCard } from '../plan/DoraCard';
import { EndToEndCard } from '../lineage/EndToEndCard';
import { CfdChart } from './CfdChart';
import { DailyLine, FlowTimeScatter, Histogram, TrendLines, TypeShareBar, VelocityBars } from './Charts';
import { FORMULAS, littleText, over, windowText } from './figures';
import { count, day, decimal, duration, maybeDuration, percent } from './format';
import './flow.css';

type Period = 'weekly' | 'monthly' | 'quarterly';

const PERIOD_WORD: Record<Period, string> = { weekly: 'week', monthly: 'month', quarterly: 'quarter' };

function Card({ title, formula, children, testId, wide = false }: { title: string; formula: string; children: ReactNode; testId: string; wide?: boolean }) {
  return (
    <section className={wide ? 'flow-card wide' : 'flow-card'} data-testid={testId}>
      <h2>
        {title}{' '}
        <span className="flow-info" title={formula} aria-label={`How it is computed: ${formula}`}>
          i
        </span>
      </h2>
      {children}
      <p className="flow-caption">{formula}</p>
    </section>
  );
}

/** "↑ 12% on the week before", from the last two values. */
function change(values: (number | null)[], format: (v: number) => string): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return '';
  const [prev, last] = known.slice(-2) as [number, number];
  const arrow = last > prev ? '↑' : last < prev ? '↓' : '→';
  return `${arrow} ${format(last)} latest, ${format(prev)} the period before`;
}

/** The flow metrics of the whole stream under the shared filters. */
export function Dashboard({ flow, map }: { flow: FlowView | null; map: MapView }) {
  const [period, setPeriod] = useState<Period>('weekly');
  if (!flow) return <main className="dashboard" data-testid="dashboard"><p className="flow-empty">Computing the flow…</p></main>;
  const m = flow.metrics;
  const partner = flow.filters.partner ? (map.nodes.find((n) => n.node.id === flow.filters.partner)?.node.name ?? null) : null;
  const periods = m.flow_velocity[period];
  const shown = period === 'weekly' ? periods.slice(-26) : periods;
  const trend = m.flow_trend;
  const weeks = trend.map((w) => day(w.start));
  const to = Date.parse(m.window.to);
  const from = m.window.from
    ? Date.parse(m.window.from)
    : m.flow_time_points.length > 0
      ? Math.min(...m.flow_time_points.map((p) => Date.parse(p.completed_at)))
      : m.cfd.length > 0
        ? Date.parse(m.cfd[0]!.at)
        : to - 86_400_000;
  const stageNames = m.stages.map((s) => s.name);
  const ll = m.littles_law;
  return (
    <main className="dashboard" data-testid="dashboard">
      <header className="dashboard-head">
        <h1>Flow metrics</h1>
        <p className="flow-window">{windowText(m.window, flow.filters, partner)}</p>
      </header>
      <div className="dashboard-grid">
        <Card title="Flow velocity" formula={FORMULAS.velocity} testId="card-velocity" wide>
          <div className="flow-row">
            <strong className="flow-big" data-testid="velocity-total">
              {count(m.items.completed)}
            </strong>
            <span>completed in the window</span>
            <select value={period} aria-label="Period" onChange={(e) => setPeriod(e.target.value as Period)}>
              <option value="weekly">per week</option>
              <option value="monthly">per month</option>
              <option value="quarterly">per quarter</option>
            </select>
            <span className="flow-trend">{change(periods.map((p) => p.completed.total), count)}</span>
          </div>
          <VelocityBars periods={shown} unit={`items completed per ${PERIOD_WORD[period]}`} />
          {period === 'weekly' && periods.length > shown.length && <p className="flow-caption">The last {shown.length} of {periods.length} weeks.</p>}
        </Card>

        <Card title="Flow distribution" formula={FORMULAS.distribution} testId="card-distribution">
          <p className="flow-label">Completed in the window ({count(m.flow_distribution.completed.counts.total)})</p>
          <TypeShareBar counts={m.flow_distribution.completed.counts} testId="distribution-completed" />
          <p className="flow-label">In progress now ({count(m.flow_distribution.in_progress.counts.total)})</p>
          <TypeShareBar counts={m.flow_distribution.in_progress.counts} testId="distribution-in-progress" />
        </Card>

        <Card title="Flow efficiency" formula={FORMULAS.efficiency} testId="card-efficiency">
          <div className="flow-row">
            <strong className="flow-big" data-testid="efficiency-aggregate">
              {percent(m.flow_efficiency.aggregate)}
            </strong>
            <span>
              per item p50 {percent(m.flow_efficiency.per_item.p50)} {over(m.flow_efficiency.per_item.count)}
            </span>
          </div>
          <Histogram bins={m.flow_efficiency.histogram} box={{ width: 380, height: 80 }} unit="items by flow efficiency" testId="efficiency-histogram" />
        </Card>

        <Card title="Flow time" formula={FORMULAS.flowTime} testId="card-flow-time" wide>
          <div className="flow-row" data-testid="flow-time-figures">
            <span>
              p50 <strong>{maybeDuration(m.flow_time.p50)}</strong>
            </span>
            <span>
              p85 <strong>{maybeDuration(m.flow_time.p85)}</strong>
            </span>
            <span>
              p95 <strong>{maybeDuration(m.flow_time.p95)}</strong>
            </span>
            <span>{over(m.flow_time.count)}</span>
          </div>
          <div className="flow-row top">
            <FlowTimeScatter points={m.flow_time_points} distribution={m.flow_time} from={from} to={to} shown={m.flow_time_points.length} total={flow.points_total} />
            <Histogram bins={m.flow_time_histogram} box={{ width: 300, height: 120 }} unit="items by flow time (calendar)" testId="flow-time-histogram" />
          </div>
        </Card>

        <Card title="Flow load" formula={FORMULAS.flowLoad} testId="card-load">
          <div className="flow-row">
            <strong className="flow-big" data-testid="load-current">
              {count(m.flow_load.current)}
            </strong>
            <span>in progress now · {decimal(m.flow_load.average)} on average</span>
          </div>
          <DailyLine points={m.flow_load.daily} box={{ width: 400, height: 90 }} testId="load-chart" />
        </Card>

        <Card title="Little’s law" formula={FORMULAS.littlesLaw} testId="card-little">
          <p className="flow-big" data-testid="littles-law">
            {ll.ratio === null ? '–' : ll.ratio.toFixed(2)}
          </p>
          <p>{littleText(ll.average_load, ll.predicted_load, ll.ratio)}</p>
          <p className="flow-label">
            λ {ll.throughput_per_day.toFixed(2)} completed a day × W {ll.average_flow_time_days === null ? '–' : `${decimal(ll.average_flow_time_days)} days`}
          </p>
        </Card>

        <EndToEndCard />

        <KeyResultsCard />

        <DoraCard />

        <CapacityCard />

        <ForecastCard />

        <Card title="The five flow metrics, week by week" formula="Each of the window’s last 12 weeks: the items completed in it (velocity, distribution), their flow time and flow efficiency, and the mean daily flow load." testId="card-trend" wide>
          <div className="flow-trend-grid">
            <div>
              <p className="flow-label">Velocity</p>
              <TrendLines labels={weeks} series={[{ name: 'completed', values: trend.map((w) => w.completed.total) }]} format={count} unit="items / week" box={{ width: 180, height: 44 }} />
              <p className="flow-trend">{change(trend.map((w) => w.completed.total), count)}</p>
            </div>
            <div>
              <p className="flow-label">Flow time p50 / p85</p>
              <TrendLines
                labels={weeks}
                series={[
                  { name: 'p50', values: trend.map((w) => w.flow_time.p50), counts: trend.map((w) => w.flow_time.count) },
                  { name: 'p85', values: trend.map((w) => w.flow_time.p85), counts: trend.map((w) => w.flow_time.count), dashed: true },
                ]}
                format={duration}
                unit="calendar time"
                box={{ width: 180, height: 44 }}
              />
              <p className="flow-trend">{change(trend.map((w) => w.flow_time.p50), duration)}</p>
            </div>
            <div>
              <p className="flow-label">Flow efficiency</p>
              <TrendLines labels={weeks} series={[{ name: 'efficiency', values: trend.map((w) => w.efficiency) }]} format={percent} unit="%" box={{ width: 180, height: 44 }} />
              <p className="flow-trend">{change(trend.map((w) => w.efficiency), percent)}</p>
            </div>
            <div>
              <p className="flow-label">Flow load (mean)</p>
              <TrendLines labels={weeks} series={[{ name: 'load', values: trend.map((w) => w.load_average) }]} format={decimal} unit="items in progress" box={{ width: 180, height: 44 }} />
              <p className="flow-trend">{change(trend.map((w) => w.load_average), decimal)}</p>
            </div>
            <div>
              <p className="flow-label">Distribution (Feature share)</p>
              <TrendLines
                labels={weeks}
                series={[{ name: 'Feature share', values: trend.map((w) => (w.completed.total > 0 ? w.completed.feature / w.completed.total : null)) }]}
                format={percent}
                unit="%"
                box={{ width: 180, height: 44 }}
              />
              <p className="flow-trend">{change(trend.map((w) => (w.completed.total > 0 ? w.completed.feature / w.completed.total : null)), percent)}</p>
            </div>
          </div>
          <table className="flow-week-table" data-testid="trend-table">
            <thead>
              <tr>
                <th scope="col">Week from</th>
                <th scope="col">Completed</th>
                <th scope="col">Feature · Defect · Risk · Debt</th>
                <th scope="col">Flow time p50</th>
                <th scope="col">Efficiency</th>
                <th scope="col">Load</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((w) => (
                <tr key={w.start}>
                  <td>{day(w.start)}</td>
                  <td>{count(w.completed.total)}</td>
                  <td>
                    {w.completed.feature} · {w.completed.defect} · {w.completed.risk} · {w.completed.debt}
                  </td>
                  <td>{maybeDuration(w.flow_time.p50)}</td>
                  <td>{percent(w.efficiency)}</td>
                  <td>{w.load_average === null ? '–' : decimal(w.load_average)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>

        <Card title="Cumulative flow" formula={FORMULAS.cfd} testId="card-cfd" wide>
          <CfdChart points={m.cfd} stages={stageNames} />
        </Card>
      </div>
    </main>
  );
}
