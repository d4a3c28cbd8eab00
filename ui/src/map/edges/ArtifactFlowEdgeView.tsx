import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { heatColour, textOn } from '../../flow/colour';
import { crossingHeats, crossingLabel, crossingTitle } from '../../lineage/lineageText';
import { selectOverlay } from '../../store/selectors';
import { useWindow, windowStore } from '../../store/window';
import '../../lineage/lineage.css';
import { ARC_MIN_BULGE, arc } from '../arcs';
import { FLOW_ITEM_COLOURS } from '../flowItemColours';
import { artifactLinkLines, type ArtifactFlowEdge } from '../toFlow';

/** The crossing time of artifact flow `id` at the flow view's "as of", with its heat when an overlay is on. */
function CrossingFigure({ id }: { id: string }) {
  const crossings = useWindow((s) => s.lineage?.crossings);
  const heatOn = useWindow((s) => s.mode !== 'none');
  const timeScale = useWindow((s) => (s.mode === 'waiting' || s.mode === 'time' ? (selectOverlay(s)?.stages.scale ?? null) : null));
  const c = crossings?.find((x) => x.flow === id);
  const label = crossingLabel(c);
  if (!c || !label) return null;
  const heat = heatOn ? crossingHeats(crossings!, timeScale).get(id) : undefined;
  const background = heat === undefined ? undefined : heatColour(heat);
  return (
    <div
      className="artifact-crossing"
      data-testid="artifact-crossing"
      data-flow={id}
      data-p50={c.p50_secs ?? ''}
      data-p85={c.p85_secs ?? ''}
      title={crossingTitle(c)}
      role="button"
      tabIndex={-1}
      onClick={() => {
        // Selecting the flow shows its crossings in the side panel's Flow tab.
        const s = windowStore.getState();
        s.select({ nodes: new Set(), edges: new Set([id]) });
        s.setPanel('flow');
      }}
      style={background ? { background, color: textOn(background) } : undefined}
    >
      {label}
    </div>
  );
}

/**
 * An artifact flow between two tools, arcing below the toolchain lane, one line per link, with
 * the time items take to cross it when the file's items are linked (see lineageSlice).
 */
export function ArtifactFlowEdgeView({ id, sourceX, sourceY, targetX, targetY, style, markerEnd, data }: EdgeProps<ArtifactFlowEdge>) {
  const { path, labelX, labelY } = arc({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, 'below', data?.bulge ?? ARC_MIN_BULGE);
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      {data && data.links.length > 0 && (
        <EdgeLabelRenderer>
          <div
            className="edge-label artifact-label nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {artifactLinkLines(data.links).map((line, i) => {
              const flowItemType = data.links[i]!.flow_item_type;
              return (
                <div key={line} className="artifact-link" title={flowItemType}>
                  <span className="flow-item-dot" style={{ background: FLOW_ITEM_COLOURS[flowItemType] }} />
                  {line}
                </div>
              );
            })}
            <CrossingFigure id={id} />
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
