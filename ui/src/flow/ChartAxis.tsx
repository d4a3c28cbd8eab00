// The value axis every chart with a scale draws: ticks from 0 to the chart's bound, each
// labelled in the chart's unit, light grid lines across the plot, and the unit's name above.

import { ticks } from './charts';

/**
 * A y-axis for a plot `width` × `height` drawn at the origin of the enclosing group: labels
 * right-aligned left of it, the unit's name above the top tick.
 */
export function YAxis({ max, width, height, format, unit, count = 4 }: { max: number; width: number; height: number; format: (v: number) => string; unit: string; count?: number }) {
  return (
    <g className="flow-axis" data-testid="y-axis" data-unit={unit}>
      {ticks(max, count).map((v) => {
        const y = max > 0 ? height - (v / max) * height : height;
        return (
          <g key={v}>
            <line x1={0} x2={width} y1={y} y2={y} className="flow-grid" />
            <text x={-4} y={y + 3} className="flow-chart-axis" textAnchor="end">
              {format(v)}
            </text>
          </g>
        );
      })}
      <text x={-4} y={-8} className="flow-chart-unit" textAnchor="start" data-testid="y-unit">
        {unit}
      </text>
    </g>
  );
}

/** Swatches with names: what each mark of a chart is. */
export function ChartLegend({ items, testId }: { items: { name: string; colour: string; dashed?: boolean; line?: boolean }[]; testId?: string }) {
  return (
    <div className="flow-legend-rows" data-testid={testId}>
      {items.map((i) => (
        <span key={i.name} data-testid="legend-item">
          {i.line ? (
            <svg width={18} height={8} aria-hidden="true">
              <line x1={0} x2={18} y1={4} y2={4} stroke={i.colour} strokeWidth={2} strokeDasharray={i.dashed ? '4 3' : undefined} />
            </svg>
          ) : (
            <i style={{ background: i.colour }} />
          )}
          {i.name}
        </span>
      ))}
    </div>
  );
}
