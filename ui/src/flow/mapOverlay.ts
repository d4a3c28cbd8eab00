// The heat overlay laid onto the canvas: each stage node gets its heat, each handoff the wait
// after it. Pure: the canvas's nodes and edges in, new ones out.

import type { FlowView } from '../generated/wire';
import type { MapEdge, MapFlow, MapNode } from '../map/toFlow';
import { handoffLabel, handoffWaits, stageOverlay, usesPercentile, type OverlayMode, type Percentile, type StageHeat, type StageOverlay } from './overlay';

export type MapOverlay = {
  stages: StageOverlay;
  /** Edge id → the wait written on it. */
  waits: Map<string, { label: string; title: string }>;
};

/** The overlay of `view` for `mode`; null when no overlay is shown. */
export function mapOverlay(
  view: FlowView,
  edges: { id: string; from: string; to: string }[],
  mode: OverlayMode,
  pct: Percentile,
): MapOverlay | null {
  if (mode === 'none') return null;
  const stages = stageOverlay(view, mode, pct);
  const byPair = handoffWaits(view.metrics);
  const waits = new Map<string, { label: string; title: string }>();
  const edgePct = usesPercentile(view, mode) ? pct : 'p50';
  for (const e of edges) {
    const h = byPair.get(`${e.from}→${e.to}`);
    const label = h ? handoffLabel(h, edgePct) : null;
    if (h && label) {
      waits.set(e.id, {
        label,
        title: `${label}: waiting in the next stage after this handoff until work starts there, over ${h.wait.count} handoffs.`,
      });
    }
  }
  return { stages, waits };
}

/** `flow` with the overlay's heat on stage nodes and waits on handoff edges. */
export function withOverlay(flow: MapFlow, overlay: MapOverlay | null): MapFlow {
  if (!overlay) return flow;
  const nodes = flow.nodes.map((n): MapNode => {
    if (n.type !== 'stage') return n;
    const heat: StageHeat | undefined = overlay.stages.stages.get(n.id);
    return heat ? { ...n, data: { ...n.data, heat } } : n;
  });
  const edges = flow.edges.map((e): MapEdge => {
    const wait = overlay.waits.get(e.id);
    if (!wait) return e;
    if (e.type === 'rework') {
      return { ...e, className: `${e.className ?? ''} has-wait`.trim(), data: { ...e.data!, label: `${e.data!.label} · ${wait.label}` } };
    }
    if (e.type === 'artifactFlow') return e;
    const existing = typeof e.label === 'string' && e.label !== '' ? `${e.label} · ` : '';
    return { ...e, className: `${e.className ?? ''} has-wait`.trim(), label: `${existing}${wait.label}` };
  });
  return { nodes, edges };
}
