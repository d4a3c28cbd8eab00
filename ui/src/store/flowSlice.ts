// The flow view's state: the filters (loaded from the map when it opens, saved with it once
// figures for them are drawn), the overlay mode and percentile (saved with the map when chosen,
// restored when it opens), Map or Dashboard, and the figures the backend
// computed for the map being edited. Every view (heat, stage panel, ladder, dashboard) reads
// the same figures, so they always agree and update together.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import { DEFAULT_FILTERS, metricsKey, sameFilters } from '../flow/filters';
import type { OverlayMode, Percentile } from '../flow/overlay';
import type { FlowView, MapView, MetricsRequest } from '../generated/wire';
import type { SliceArgs } from './window';

export type FlowTab = 'map' | 'dashboard' | 'data';
/**
 * What the right-hand panel shows: the selection's properties (drawing), its flow (reading), or
 * the map's kaizen bursts and notes.
 */
export type SidePanelTab = 'properties' | 'flow' | 'kaizen';

export type FlowSlice = {
  filters: MetricsRequest;
  mode: OverlayMode;
  percentile: Percentile;
  tab: FlowTab;
  panel: SidePanelTab;
  /** The figures for the current filters and map; the last ones while new ones are computed. */
  flowView: FlowView | null;
  computing: boolean;
  flowError: string | null;
  setFilters: (next: MetricsRequest) => void;
  /** Turning an overlay on is reading the map: the panel shows the flow; off, the properties. */
  setMode: (mode: OverlayMode) => void;
  setPercentile: (percentile: Percentile) => void;
  setTab: (tab: FlowTab) => void;
  setPanel: (panel: SidePanelTab) => void;
  /**
   * Called whenever the map changes: another map (or the same one saved to another file) loads
   * its saved filters; a change to what the figures depend on computes them again.
   */
  syncFlow: () => void;
  /** The file's items changed (another writer): the figures are computed again. */
  refreshFlow: () => void;
};

const keys = new WeakMap<MapView, string>();

/** `metricsKey` of a map, computed once per map state the core sent. */
export function metricsKeyOf(view: MapView): string {
  let key = keys.get(view);
  if (key === undefined) {
    key = metricsKey(view);
    keys.set(view, key);
  }
  return key;
}

export function createFlowSlice(set: SliceArgs[0], get: SliceArgs[1]): FlowSlice {
  /** Which map the filters were loaded for, and for which map the figures were last asked. */
  /**
   * Which map the filters were loaded for, whether they are, for which map the figures were
   * last asked, and whether the user chose filters before the saved ones came (they win).
   */
  const track = { openKey: '', loaded: false, mapKey: '', latest: 0, chosen: false };
  /** The filters the map has saved, so that only a change is written. */
  let saved: MetricsRequest | null = null;

  /** Figures arrived for `filters`: shown, and what follows from them asked for. */
  const show = (next: FlowView, filters: MetricsRequest, tab: FlowTab) => {
    set({ flowView: next, flowError: null, computing: false });
    // Key results are measured at the same instant, on the same map and data; the
    // Dashboard's capacity under the same filters.
    get().refreshKeyResults();
    get().refreshLineage();
    if (tab === 'dashboard') get().loadCapacity(filters);
    // Saved with the map once the figures are drawn: the write (a transaction flushed to
    // disk) never delays them, and filters the backend refused are never saved.
    if (!saved || !sameFilters(saved, filters)) {
      saved = filters;
      backend.saveFlowFilters(filters).catch((e) => set({ flowError: toBackendError(e).message }));
    }
  };

  const compute = () => {
    const { editor, filters, tab } = get();
    if (!track.loaded || !editor) return;
    track.mapKey = metricsKeyOf(editor.view);
    const request = ++track.latest;
    set({ computing: true });
    backend.flowView({ ...filters, include_points: tab === 'dashboard' }).then(
      (next) => {
        if (request !== track.latest) return;
        show(next, filters, tab);
      },
      (e) => {
        if (request !== track.latest) return;
        set({ flowError: toBackendError(e).message, computing: false });
      },
    );
  };

  /**
   * Saves the overlay with the map (mode and percentile), which it opens with next time; in
   * turn with the other calls, so the last one chosen is the one saved.
   */
  const saveOverlay = () => {
    const { mode, percentile } = get();
    get()
      .serially(() => backend.saveFlowOverlay({ mode, percentile }))
      .catch((e) => set({ flowError: toBackendError(e).message }));
  };

  const loadFilters = (openKey: string) => {
    const current = () => track.openKey === openKey;
    // The map opens with the overlay it was saved with.
    backend.flowOverlay().then(
      ({ mode, percentile }) => current() && set({ mode, percentile, panel: mode === 'none' ? 'properties' : 'flow' }),
      (e) => current() && set({ flowError: toBackendError(e).message }),
    );
    // The figures under the saved filters in one call, sent before the map is drawn: the
    // backend computes them (its items read since the file was opened) while the page draws.
    const { editor, tab } = get();
    const mapKey = editor ? metricsKeyOf(editor.view) : '';
    track.chosen = false;
    const request = ++track.latest;
    set({ computing: true });
    backend.savedFlowView(tab === 'dashboard').then(
      (next) => {
        if (!current()) return;
        const stored = { ...next.filters, include_points: false };
        saved = stored;
        track.loaded = true;
        // Filters the user chose while these were computed are the ones wanted.
        if (track.chosen) {
          compute();
          return;
        }
        set({ filters: stored });
        track.mapKey = mapKey;
        const now = get();
        // The map was edited, the tab changed or a filter set while they were computed: again.
        if (request !== track.latest || now.tab !== tab || (now.editor && metricsKeyOf(now.editor.view) !== mapKey)) {
          compute();
          return;
        }
        show(next, stored, tab);
      },
      (e) => {
        if (!current()) return;
        set({ flowError: toBackendError(e).message, computing: false });
        track.loaded = true;
        compute();
      },
    );
  };

  return {
    filters: DEFAULT_FILTERS,
    mode: 'none',
    percentile: 'p50',
    tab: 'map',
    panel: 'properties',
    flowView: null,
    computing: false,
    flowError: null,

    setFilters: (next) => {
      if (sameFilters(get().filters, next)) return;
      set({ filters: { ...next, include_points: false } });
      if (!track.loaded) track.chosen = true;
      compute();
    },
    setMode: (mode) => {
      if (mode === get().mode) return;
      set({ mode, panel: mode === 'none' ? 'properties' : 'flow' });
      saveOverlay();
    },
    setPercentile: (percentile) => {
      if (percentile === get().percentile) return;
      set({ percentile });
      saveOverlay();
    },
    setTab: (tab) => {
      if (tab === get().tab) return;
      set({ tab });
      // The dashboard needs each item's points; the map does not; the Data view shows none.
      // Back from the Data view, figures are computed afresh: an import changed the items.
      if (tab !== 'data') compute();
    },
    setPanel: (panel) => set({ panel }),

    refreshFlow: () => {
      if (get().tab !== 'data') compute();
      get().refreshKeyResults(true);
      get().refreshLineage(true);
    },

    syncFlow: () => {
      const { editor, opened } = get();
      if (!editor) return;
      const openKey = `${opened}\u0000${editor.file ?? ''}`;
      if (openKey !== track.openKey) {
        track.openKey = openKey;
        track.loaded = false;
        loadFilters(openKey);
      } else if (track.loaded && metricsKeyOf(editor.view) !== track.mapKey) {
        compute();
      }
    },
  };
}
