// Small plain-SVG charts of the flow view. Geometry comes from charts.ts; these only draw it.

import type { Distribution, FlowItemType, FlowTimePoint, HistogramBin } from '../generated/wire';
import { FLOW_ITEM_COLOURS } from '../map/flowItemColours';
import { ChartLegend, YAxis } from './ChartAxis';
import { bars, linePath, niceMax, scatter, spread, stackedBars, type Box } from './charts';
import { count, day, duration, percent } from './format';

const TYPES: FlowItemType[] = ['Feature', 'Defect', 'Risk', 'Debt'];

/**
 * Bars of a histogram, each with its count above it and its bucket's label under it: side by
 * side when the labels fit, else on two staggered rows, so every bucket is named.
 */
export function Histogram({ bins, box = { width: 280, height: 70 }, testId, unit, counted = items }: { bins: HistogramBin[]; box?: Box; testId?: string; unit?: string; counted?: (n: number) => string }) {
  // Room above the tallest bar for its count.
  const top = 12;
  const rects = bars(
    bins.map((b) => b.count),
    { width: box.width, height: box.height - top },
  ).map((r) => ({ ...r, y: r.y + top }));
  const total = bins.reduce((a, b) => a + b.count, 0);
  const longest = Math.max(0, ...bins.map((b) => b.label.length));
  const rows = longest * 5.6 > box.width / Math.max(1, bins.length) - 2 ? 2 : 1;
  const below = rows * 11 + (unit ? 13 : 4);
  return (
    <svg className="flow-chart" width={box.width} height={box.height + below} role="img" aria-label={`Histogram of ${counted(total)}`} data-testid={testId}>
      {rects.map((r, i) => (
        <g key={bins[i]!.label}>
          <rect x={r.x} y={r.y} width={r.width} height={r.height} className="flow-bar-fill">
            <title>{`${bins[i]!.label}: ${counted(bins[i]!.count)}`}</title>
          </rect>
          {bins[i]!.count > 0 && (
            <text x={r.x + r.width / 2} y={Math.max(9, r.y - 2)} className="flow-chart-value" textAnchor="middle">
              {count(bins[i]!.count)}
            </text>
          )}
          <text x={r.x + r.width / 2} y={box.height + 10 + (rows === 2 ? (i % 2) * 11 : 0)} className="flow-chart-axis" textAnchor="middle" data-testid="histogram-label">
            {bins[i]!.label}
          </text>
        </g>
      ))}
      {unit && (
        <text x={box.width / 2} y={box.height + below - 2} className="flow-chart-unit" textAnchor="middle">
          {unit}
        </text>
      )}
    </svg>
  );
}

const items = (n: number) => `${count(n)} ${n === 1 ? 'item' : 'items'}`;

/** Lines over periods (p50 solid, p85 dashed) on a value axis in `unit`, a dot per value and its tooltip, and a legend when there are several. */
export function TrendLines({
  labels,
  series,
  box = { width: 280, height: 60 },
  format,
  unit,
  testId,
}: {
  labels: string[];
  series: { name: string; values: (number | null)[]; counts?: number[]; dashed?: boolean }[];
  box?: Box;
  format: (v: number) => string;
  unit: string;
  testId?: string;
}) {
  const largest = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  // Shares up to a nice fraction of 100%, durations to a nice number of days, counts to a nice count.
  const max = unit === '%' ? Math.max(largest > 0 ? Math.min(1, niceMax(largest * 10) / 10) : 1, largest) : unit.includes('calendar') ? niceMax(largest / 86_400) * 86_400 : niceMax(largest);
  const n = labels.length;
  const x = (i: number) => (n <= 1 ? box.width / 2 : (i / (n - 1)) * box.width);
  const y = (v: number) => (max > 0 ? box.height - (v / max) * box.height : box.height);
  const left = 46;
  return (
    <div>
      <svg className="flow-chart" width={box.width + left + 6} height={box.height + 38} role="img" aria-label="Trend" data-testid={testId ?? 'trend-chart'}>
        <g transform={`translate(${left},20)`}>
          <YAxis max={max} width={box.width} height={box.height} format={format} unit={unit} count={2} />
          {series.map((s) => (
            <g key={s.name}>
              <path d={linePath(s.values, box, max)} className={s.dashed ? 'flow-line dashed' : 'flow-line'} />
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={2.5} className="flow-dot">
                    <title>{`${labels[i]}: ${s.name} ${format(v)}${s.counts ? ` over ${items(s.counts[i] ?? 0)}` : ''}`}</title>
                  </circle>
                ),
              )}
            </g>
          ))}
          {n > 0 && (
            <>
              <text x={0} y={box.height + 14} className="flow-chart-axis">
                {labels[0]}
              </text>
              <text x={box.width} y={box.height + 14} className="flow-chart-axis" textAnchor="end">
                {labels[n - 1]}
              </text>
            </>
          )}
        </g>
      </svg>
      {series.length > 1 && <ChartLegend items={series.map((s) => ({ name: s.name, colour: s.dashed ? '#35b779' : '#31688e', dashed: s.dashed, line: true }))} />}
    </div>
  );
}

/** Completions per period, stacked by flow item type, on an axis of items per period, with the types' legend. */
export function VelocityBars({
  periods,
  unit,
  box = { width: 820, height: 120 },
}: {
  periods: { label: string; completed: Record<'feature' | 'defect' | 'risk' | 'debt' | 'total', number> }[];
  unit: string;
  box?: Box;
}) {
  const max = niceMax(Math.max(0, ...periods.map((p) => p.completed.total)));
  const stacks = stackedBars(
    periods.map((p) => [p.completed.feature, p.completed.defect, p.completed.risk, p.completed.debt]),
    box,
    2,
    max,
  );
  const left = 46;
  return (
    <div>
      <svg className="flow-chart" width={box.width + left + 4} height={box.height + 38} role="img" aria-label="Flow velocity" data-testid="velocity-chart">
        <g transform={`translate(${left},20)`}>
          <YAxis max={max} width={box.width} height={box.height} format={count} unit={unit} />
          {stacks.map((parts, i) =>
            parts.map((r, t) => (
              <rect key={`${i}-${t}`} x={r.x} y={r.y} width={r.width} height={r.height} fill={FLOW_ITEM_COLOURS[TYPES[t]!]}>
                <title>{`${periods[i]!.label}: ${count(periods[i]!.completed.total)} completed (${TYPES.map((ty, k) => `${ty} ${[periods[i]!.completed.feature, periods[i]!.completed.defect, periods[i]!.completed.risk, periods[i]!.completed.debt][k]}`).join(', ')})`}</title>
              </rect>
            )),
          )}
          {periods.length > 0 && (
            <>
              <text x={0} y={box.height + 13} className="flow-chart-axis">
                {periods[0]!.label}
              </text>
              <text x={box.width} y={box.height + 13} className="flow-chart-axis" textAnchor="end">
                {periods[periods.length - 1]!.label}
              </text>
            </>
          )}
        </g>
      </svg>
      <ChartLegend testId="velocity-legend" items={TYPES.map((t) => ({ name: t, colour: FLOW_ITEM_COLOURS[t] }))} />
    </div>
  );
}

/** Shares of the four flow item types as one bar, labelled. */
export function TypeShareBar({ counts, testId }: { counts: { feature: number; defect: number; risk: number; debt: number; total: number }; testId?: string }) {
  const parts = [counts.feature, counts.defect, counts.risk, counts.debt];
  let left = 0;
  return (
    <div className="flow-share" data-testid={testId}>
      <div className="flow-share-bar" role="img" aria-label="Flow distribution">
        {parts.map((n, i) => {
          const w = counts.total > 0 ? (n / counts.total) * 100 : 0;
          const el = <span key={TYPES[i]} style={{ left: `${left}%`, width: `${w}%`, background: FLOW_ITEM_COLOURS[TYPES[i]!] }} title={`${TYPES[i]} ${count(n)} of ${count(counts.total)}`} />;
          left += w;
          return el;
        })}
      </div>
      <div className="flow-share-legend">
        {parts.map((n, i) => (
          <span key={TYPES[i]}>
            <i style={{ background: FLOW_ITEM_COLOURS[TYPES[i]!] }} />
            {TYPES[i]} {percent(counts.total > 0 ? n / counts.total : null)} ({count(n)})
          </span>
        ))}
      </div>
    </div>
  );
}

/** A line of daily values (flow load) on an axis of items in progress. */
export function DailyLine({ points, box = { width: 560, height: 90 }, testId }: { points: { at: string; load: number }[]; box?: Box; testId?: string }) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.load)));
  const left = 46;
  return (
    <svg className="flow-chart" width={box.width + left + 4} height={box.height + 38} role="img" aria-label="Flow load by day" data-testid={testId}>
      <g transform={`translate(${left},20)`}>
        <YAxis max={max} width={box.width} height={box.height} format={count} unit="items in progress" count={2} />
        <path d={linePath(points.map((p) => p.load), box, max)} className="flow-line" />
        {points.length > 0 && (
          <>
            <text x={0} y={box.height + 13} className="flow-chart-axis">
              {day(points[0]!.at)}
            </text>
            <text x={box.width} y={box.height + 13} className="flow-chart-axis" textAnchor="end">
              {day(points[points.length - 1]!.at)}
            </text>
          </>
        )}
      </g>
    </svg>
  );
}

/** Flow time per completed item against its completion, with the 50/85/95th percentile lines. */
export function FlowTimeScatter({
  points,
  distribution,
  from,
  to,
  shown,
  total,
  box = { width: 560, height: 200 },
}: {
  points: FlowTimePoint[];
  distribution: Distribution;
  from: number;
  to: number;
  shown: number;
  total: number;
  box?: Box;
}) {
  const s = scatter(points, distribution, from, to, box);
  const labelYs = spread(
    s.lines.map((l) => l.y + 3),
    12,
  );
  return (
    <div>
      <svg className="flow-chart" width={box.width + 124} height={box.height + 18} role="img" aria-label="Flow time scatterplot" data-testid="scatter-chart">
        <g transform="translate(44,0)">
          {s.dots.map((d) => (
            <circle key={d.key} cx={d.x} cy={d.y} r={2} fill={FLOW_ITEM_COLOURS[d.type]} opacity={0.55}>
              <title>{`${d.key} (${d.type}): ${duration(d.secs)}, completed ${day(d.at)}`}</title>
            </circle>
          ))}
          {s.lines.map((l, i) => (
            <g key={l.label} data-testid={`scatter-${l.label}`}>
              <line x1={0} x2={box.width} y1={l.y} y2={l.y} className="flow-percentile" />
              <text x={box.width + 4} y={labelYs[i]} className="flow-chart-value">
                {`${l.label} ${duration(l.secs)}`}
              </text>
            </g>
          ))}
          <text x={0} y={box.height + 13} className="flow-chart-axis">
            {day(new Date(from).toISOString())}
          </text>
          <text x={box.width} y={box.height + 13} className="flow-chart-axis" textAnchor="end">
            {day(new Date(to).toISOString())}
          </text>
        </g>
        <text x={40} y={10} className="flow-chart-axis" textAnchor="end">
          {duration(s.maxSecs)}
        </text>
        <text x={48} y={10} className="flow-chart-unit" data-testid="y-unit">
          flow time (calendar)
        </text>
        <text x={40} y={box.height} className="flow-chart-axis" textAnchor="end">
          0
        </text>
      </svg>
      <ChartLegend testId="scatter-legend" items={TYPES.map((t) => ({ name: t, colour: FLOW_ITEM_COLOURS[t] }))} />
      <p className="flow-caption">
        {shown < total ? `${count(shown)} of ${count(total)} items drawn (evenly by completion, the slowest kept); ` : `${count(total)} items; `}
        percentile lines over all {count(total)}.
      </p>
    </div>
  );
}
