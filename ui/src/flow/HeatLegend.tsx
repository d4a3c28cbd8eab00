import { legendGradient } from './colour';
import type { HeatScale } from './overlay';

/** What the stages' colours mean: the scale from the least heat to the most, and its ends. */
export function HeatLegend({ scale }: { scale: HeatScale }) {
  return (
    <div className="heat-legend" data-testid="heat-legend" aria-label={`Colour scale: ${scale.title}, from ${scale.low} to ${scale.high}`}>
      <div className="heat-legend-title">
        {scale.title}
        {scale.kind === 'log' ? ' (log scale)' : ''}
      </div>
      <div className="heat-legend-bar" style={{ background: legendGradient() }} />
      <div className="heat-legend-ends">
        <span>{scale.low}</span>
        <span>{scale.high}</span>
      </div>
      <div className="heat-legend-note">
        darker: {scale.higherIsBetter ? 'less efficient' : 'more'} · viridis, readable in any colour vision · grey: no items
      </div>
    </div>
  );
}
