// Planning with the map: the Forecast card's question (how many in some days, or when some
// items will be done), its sampling window, and the last forecast with the filters it was made
// for. A forecast runs when asked (the button, Enter, or a changed question), under the flow
// view's filters (flow item type, sources, "as of"). And the map's flow key results measured
// at the "as of" instant (loaded when the figures are drawn for another file, instant, map or
// data), with the form that adds or changes one.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import { draftOf } from '../plan/okrText';
import type { Capacity, DoraView, ForecastRequest, ForecastView, KeyResultDraft, KeyResultView, MetricsRequest } from '../generated/wire';
import type { SliceArgs } from './window';

export type ForecastAsk = {
  kind: 'how_many' | 'when' | 'under';
  days: number;
  items: number;
  /** The key of the item whose descendants are forecast (`under`). */
  under: string;
  windowDays: number;
};

export const DEFAULT_FORECAST_ASK: ForecastAsk = { kind: 'how_many', days: 30, items: 50, under: '', windowDays: 90 };

export type PlanSlice = {
  forecastAsk: ForecastAsk;
  forecast: ForecastView | null;
  /** The filters the shown forecast was made under (it is stale when they differ). */
  forecastFilters: MetricsRequest | null;
  forecastRunning: boolean;
  forecastError: string | null;
  setForecastAsk: (patch: Partial<ForecastAsk>) => void;
  runForecast: () => Promise<void>;
  /**
   * Capacity and unplanned work under the filters the Dashboard's figures were drawn for; the
   * delivery metrics are loaded with them.
   */
  capacity: Capacity | null;
  capacityError: string | null;
  loadCapacity: (filters: MetricsRequest) => void;
  /** The delivery metrics (DORA) under the same window. */
  dora: DoraView | null;
  doraError: string | null;
  /** The map's key results, measured at the "as of" instant; null without a file. */
  keyResults: KeyResultView[] | null;
  krError: string | null;
  /** The key result being added or changed. */
  krDraft: KeyResultDraft | null;
  /** Loads the key results when the file, the instant, the map or its data changed since. */
  refreshKeyResults: (force?: boolean) => void;
  editKeyResult: (view: KeyResultView | null) => void;
  setKrDraft: (patch: Partial<KeyResultDraft>) => void;
  cancelKeyResult: () => void;
  saveKeyResult: () => Promise<void>;
  deleteKeyResult: (view: KeyResultView) => Promise<void>;
};

/** The request for `ask` under `filters`; with a back-test. */
export function forecastRequest(ask: ForecastAsk, filters: MetricsRequest): ForecastRequest {
  return {
    question: ask.kind === 'how_many' ? { kind: 'how_many', days: ask.days } : { kind: 'when', items: ask.kind === 'when' ? ask.items : 1 },
    flow_item_type: filters.flow_item_type,
    sources: filters.sources,
    now: filters.now,
    window_days: ask.windowDays,
    trials: null,
    seed: null,
    backtest: true,
    under: ask.kind === 'under' && ask.under.trim() !== '' ? { key: ask.under.trim(), source: null } : null,
  };
}

export function createPlanSlice(set: SliceArgs[0], get: SliceArgs[1]): PlanSlice {
  let latest = 0;
  let krLatest = 0;
  let krKey = '';
  const krFailed = (e: unknown) => set({ krError: toBackendError(e).message });
  const showKeyResults = (mine: number) => (list: KeyResultView[]) => {
    if (mine === krLatest) set({ keyResults: list, krError: null });
  };
  const krNow = () => get().filters.now;
  let capacityLatest = 0;
  return {
    capacity: null,
    capacityError: null,
    dora: null,
    doraError: null,
    loadCapacity: (filters) => {
      const mine = ++capacityLatest;
      backend.dora({ window: filters, deployment_types: [], change_types: [] }).then(
        (dora) => mine === capacityLatest && set({ dora, doraError: null }),
        (e) => mine === capacityLatest && set({ dora: null, doraError: toBackendError(e).message }),
      );
      backend.capacity(filters).then(
        (capacity) => mine === capacityLatest && set({ capacity, capacityError: null }),
        (e) => mine === capacityLatest && set({ capacity: null, capacityError: toBackendError(e).message }),
      );
    },
    keyResults: null,
    krError: null,
    krDraft: null,
    refreshKeyResults: (force = false) => {
      const { editor, filters } = get();
      if (!editor?.file) {
        krKey = '';
        set({ keyResults: null, krError: null });
        return;
      }
      const v = editor.view;
      const key = [editor.file, filters.now ?? '', v.nodes.length, v.edges.length, v.items, v.transitions, v.nodes.map((n) => n.node.id).join()].join('\u0000');
      if (!force && key === krKey) return;
      krKey = key;
      const mine = ++krLatest;
      backend.keyResults(filters.now).then(showKeyResults(mine), (e) => mine === krLatest && krFailed(e));
    },
    editKeyResult: (view) => {
      const today = (get().filters.now ?? new Date().toISOString()).slice(0, 10);
      set({ krDraft: draftOf(view, today), krError: null });
    },
    setKrDraft: (patch) => {
      const draft = get().krDraft;
      if (draft) set({ krDraft: { ...draft, ...patch } });
    },
    cancelKeyResult: () => set({ krDraft: null, krError: null }),
    saveKeyResult: async () => {
      const draft = get().krDraft;
      if (!draft) return;
      const mine = ++krLatest;
      try {
        const list = await backend.saveKeyResult(draft, krNow());
        showKeyResults(mine)(list);
        set({ krDraft: null });
      } catch (e) {
        krFailed(e);
      }
    },
    deleteKeyResult: async (view) => {
      const mine = ++krLatest;
      try {
        showKeyResults(mine)(await backend.deleteKeyResult(view.key_result.id, view.version, krNow()));
      } catch (e) {
        krFailed(e);
      }
    },
    forecastAsk: DEFAULT_FORECAST_ASK,
    forecast: null,
    forecastFilters: null,
    forecastRunning: false,
    forecastError: null,
    setForecastAsk: (patch) => {
      set({ forecastAsk: { ...get().forecastAsk, ...patch } });
      void get().runForecast();
    },
    runForecast: async () => {
      const ask = get().forecastAsk;
      const filters = get().filters;
      if (ask.kind === 'under' && ask.under.trim() === '') {
        set({ forecastError: 'Type the key of an epic, a feature or a customer request: its descendants along the lineage are forecast.' });
        return;
      }
      const valid = ask.windowDays >= 1 && (ask.kind === 'how_many' ? ask.days >= 1 : ask.kind === 'under' || ask.items >= 1);
      if (!valid) {
        set({ forecastError: 'Give a whole number of at least 1.' });
        return;
      }
      const mine = ++latest;
      set({ forecastRunning: true });
      try {
        const view = await backend.forecast(forecastRequest(ask, filters));
        if (mine !== latest) return;
        set({ forecast: view, forecastFilters: filters, forecastError: null, forecastRunning: false });
      } catch (e) {
        if (mine !== latest) return;
        set({ forecast: null, forecastError: toBackendError(e).message, forecastRunning: false });
      }
    },
  };
}
