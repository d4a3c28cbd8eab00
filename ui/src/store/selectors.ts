// What several components derive from the window's state. Each returns the same value while
// what it depends on is the same, as `useWindow` needs.

import { mapOverlay, type MapOverlay } from '../flow/mapOverlay';
import type { MapView } from '../generated/wire';
import { metricsKeyOf } from './flowSlice';
import type { WindowState } from './window';

type OverlayInputs = { flowView: WindowState['flowView']; key: string; mode: WindowState['mode']; percentile: WindowState['percentile'] };
let lastOverlay: { inputs: OverlayInputs; overlay: MapOverlay | null } | null = null;

/** The heat overlay on the canvas, or null when drawing (no overlay) or on the dashboard. */
export function selectOverlay(s: WindowState): MapOverlay | null {
  if (!s.flowView || s.tab !== 'map' || !s.editor || s.mode === 'none') return null;
  // The edges' ends are part of the map's key: not again on every move.
  const inputs = { flowView: s.flowView, key: metricsKeyOf(s.editor.view), mode: s.mode, percentile: s.percentile };
  const last = lastOverlay?.inputs;
  if (last && last.flowView === inputs.flowView && last.key === inputs.key && last.mode === inputs.mode && last.percentile === inputs.percentile) {
    return lastOverlay!.overlay;
  }
  const edges = s.editor.view.edges.map(({ edge }) => ({ id: edge.id, from: edge.from, to: edge.to }));
  const overlay = mapOverlay(s.flowView, edges, s.mode, s.percentile);
  lastOverlay = { inputs, overlay };
  return overlay;
}

/** The map being edited (only called once one is shown). */
export function selectView(s: WindowState): MapView {
  if (!s.editor) throw new Error('no map is shown yet');
  return s.editor.view;
}

/** The one node selected, if exactly one is (whatever edges are selected with it). */
export function selectOnlyNode(s: WindowState): string | null {
  return s.selection.nodes.size === 1 ? [...s.selection.nodes][0]! : null;
}

/** The one artifact flow selected, if it is all that is selected. */
export function selectOnlyArtifactFlow(s: WindowState): string | null {
  if (s.selection.nodes.size !== 0 || s.selection.edges.size !== 1) return null;
  const id = [...s.selection.edges][0]!;
  return s.editor?.view.edges.some((e) => e.edge.id === id && e.edge.kind === 'artifact_flow') ? id : null;
}

/** The name of a node of the map, if it has one. */
export function nodeName(s: WindowState, id: string | null): string | null {
  if (!id || !s.editor) return null;
  return s.editor.view.nodes.find((v) => v.node.id === id)?.node.name ?? null;
}
