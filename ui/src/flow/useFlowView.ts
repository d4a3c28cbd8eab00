// The flow view's state: the filters (loaded from the map when it opens, saved with it when
// they change), the overlay mode, Map or Dashboard, and the figures the backend computed for
// the map being edited. Every view (heat, stage panel, ladder, dashboard) reads the same
// figures, so they always agree and update together.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { FlowView, MapView, MetricsRequest } from '../generated/wire';
import { DEFAULT_FILTERS, metricsKey, sameFilters } from './filters';
import { mapOverlay, type MapOverlay } from './mapOverlay';
import type { OverlayMode, Percentile } from './overlay';

export type FlowTab = 'map' | 'dashboard';
/** What the right-hand panel shows: the selection's properties (drawing) or its flow (reading). */
export type SidePanelTab = 'properties' | 'flow';

export type FlowState = {
  filters: MetricsRequest;
  setFilters: (next: MetricsRequest) => void;
  mode: OverlayMode;
  setMode: (mode: OverlayMode) => void;
  percentile: Percentile;
  setPercentile: (p: Percentile) => void;
  tab: FlowTab;
  setTab: (tab: FlowTab) => void;
  panel: SidePanelTab;
  setPanel: (panel: SidePanelTab) => void;
  /** The figures for the current filters and map; the last ones while new ones are computed. */
  view: FlowView | null;
  /** The overlay on the canvas, or null when drawing. */
  overlay: MapOverlay | null;
  computing: boolean;
  error: string | null;
};

/**
 * `map` is the map being edited; `opened` changes whenever another map is shown (its filters
 * are then loaded from it).
 */
export function useFlowView(map: MapView | null, file: string | null, opened: number): FlowState {
  const [filters, setFiltersState] = useState<MetricsRequest>(DEFAULT_FILTERS);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [mode, setModeState] = useState<OverlayMode>('none');
  const [panel, setPanel] = useState<SidePanelTab>('properties');
  // Turning an overlay on is reading the map: the panel shows the flow; off, the properties.
  const setMode = useCallback((next: OverlayMode) => {
    setModeState(next);
    setPanel(next === 'none' ? 'properties' : 'flow');
  }, []);
  const [percentile, setPercentile] = useState<Percentile>('p50');
  const [tab, setTab] = useState<FlowTab>('map');
  const [view, setView] = useState<FlowView | null>(null);
  const [computing, setComputing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  /** The filters the map has saved, so that only a change is written. */
  const saved = useRef<MetricsRequest | null>(null);

  const mapKey = map ? metricsKey(map) : null;
  const openKey = `${opened}\u0000${file ?? ''}`;

  // Another map (or the same one saved to a file): its saved filters.
  useEffect(() => {
    if (mapKey === null) return;
    let current = true;
    backend.flowFilters().then(
      (stored) => {
        if (!current) return;
        saved.current = stored;
        setFiltersState(stored);
        setLoadedFor(openKey);
      },
      (e) => {
        if (!current) return;
        setError(toBackendError(e).message);
        setLoadedFor(openKey);
      },
    );
    return () => {
      current = false;
    };
    // Only when another map is shown, not on every edit.
  }, [openKey, mapKey === null]);

  const wantsPoints = tab === 'dashboard';
  const ready = loadedFor === openKey && mapKey !== null;
  // The figures: again whenever the filters, the map's stages or the view asked for change.
  useEffect(() => {
    if (!ready) return;
    const request = ++latest.current;
    setComputing(true);
    backend.flowView({ ...filters, include_points: wantsPoints }).then(
      (next) => {
        if (request !== latest.current) return;
        setView(next);
        setError(null);
        setComputing(false);
        // Saved with the map once the figures are drawn: the write (a transaction flushed to
        // disk) never delays them, and filters the backend refused are never saved.
        if (!saved.current || !sameFilters(saved.current, filters)) {
          saved.current = filters;
          backend.saveFlowFilters(filters).catch((e) => setError(toBackendError(e).message));
        }
      },
      (e) => {
        if (request !== latest.current) return;
        setError(toBackendError(e).message);
        setComputing(false);
      },
    );
  }, [ready, filters, mapKey, wantsPoints]);

  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const setFilters = useCallback((next: MetricsRequest) => {
    if (sameFilters(filtersRef.current, next)) return;
    const clean = { ...next, include_points: false };
    filtersRef.current = clean;
    setFiltersState(clean);
  }, []);

  const edges = useMemo(
    () => (map ? map.edges.map(({ edge }) => ({ id: edge.id, from: edge.from, to: edge.to })) : []),
    // The edges' ends are part of the map's key: not again on every move.
    [mapKey],
  );
  const overlay = useMemo(
    () => (view && tab === 'map' ? mapOverlay(view, edges, mode, percentile) : null),
    [view, edges, mode, percentile, tab],
  );

  return { filters, setFilters, mode, setMode, percentile, setPercentile, tab, setTab, panel, setPanel, view, overlay, computing, error };
}
