import { Panel } from '@xyflow/react';
import { EDGE_COLOURS } from './toFlow';

/** What the lines and marks on the canvas mean. */
export function MapLegend() {
  return (
    <Panel position="top-right" className="map-legend" aria-label="Legend">
      <div className="legend-row">
        <span className="legend-line" style={{ borderTopColor: EDGE_COLOURS.handoff }} />
        handoff
      </div>
      <div className="legend-row">
        <span className="legend-line legend-line-thick" style={{ borderTopColor: EDGE_COLOURS.criticalHandoff }} />
        critical path
      </div>
      <div className="legend-row">
        <span className="legend-line" style={{ borderTopColor: EDGE_COLOURS.rework }} />
        rework
      </div>
      <div className="legend-row">
        <span className="legend-line legend-line-dashed" style={{ borderTopColor: EDGE_COLOURS.artifactFlow }} />
        artifact flow
      </div>
    </Panel>
  );
}
