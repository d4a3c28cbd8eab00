// The cumulative flow diagram (Vacanti): one band per stage stacked in flow order — the first
// stage on top, the completed items at the bottom — on a value axis in items, dates along the
// bottom ending at the "as of" instant, each band named at its right end when it is thick
// enough and in the legend always.

import type { CfdPoint } from '../generated/wire';
import { cfdBands, type Box } from './charts';
import { ChartLegend, YAxis } from './ChartAxis';
import { count, day } from './format';

/** Ten colours told apart by most people (Tableau 10), then again lighter. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const COMPLETED = '#475569';

export const cfdColour = (index: number) => (index < 0 ? COMPLETED : PALETTE[index % PALETTE.length]!);

/** "2026-11-02 14:05 UTC": when a sample falls between midnights (the last, at "as of"). */
function sampleLabel(at: string): string {
  return at.endsWith('T00:00:00Z') ? day(at) : `${day(at)} ${at.slice(11, 16)} UTC`;
}

export function CfdChart({ points, stages, box = { width: 760, height: 240 } }: { points: CfdPoint[]; stages: string[]; box?: Box }) {
  const { bands, max } = cfdBands(points, stages.length, box);
  const name = (index: number) => (index < 0 ? 'Completed' : stages[index]!);
  const left = 48;
  const last = points[points.length - 1];
  return (
    <div>
      <svg
        className="flow-chart"
        width={box.width + left + 150}
        height={box.height + 40}
        role="img"
        aria-label="Cumulative flow diagram"
        data-testid="cfd-chart"
        data-last={last?.at ?? ''}
      >
        <g transform={`translate(${left},18)`}>
          <YAxis max={max} width={box.width} height={box.height} format={count} unit="items (cumulative arrivals)" />
          {bands.map((b) => (
            <path key={b.index} d={b.area} fill={cfdColour(b.index)} opacity={0.85} data-testid="cfd-band" data-stage={name(b.index)}>
              <title>{`${name(b.index)}: ${count(b.last)} ${b.index < 0 ? 'completed' : 'here now (arrived, not further on)'}`}</title>
            </path>
          ))}
          {bands.map(
            (b) =>
              b.thickness >= 11 && (
                <text key={`l${b.index}`} x={box.width + 6} y={b.labelY + 4} className="flow-chart-value" data-testid="cfd-band-label">
                  {`${name(b.index)} ${count(b.last)}`}
                </text>
              ),
          )}
          {points.length > 0 && (
            <>
              <text x={0} y={box.height + 14} className="flow-chart-axis">
                {sampleLabel(points[0]!.at)}
              </text>
              <text x={box.width} y={box.height + 14} className="flow-chart-axis" textAnchor="end" data-testid="cfd-last-label">
                {`as of ${sampleLabel(last!.at)}`}
              </text>
            </>
          )}
        </g>
      </svg>
      <ChartLegend
        testId="cfd-legend"
        items={bands.map((b) => ({ name: `${name(b.index)} ${count(b.last)}`, colour: cfdColour(b.index) }))}
      />
    </div>
  );
}
