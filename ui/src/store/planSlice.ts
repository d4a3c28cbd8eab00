// Planning with the map: the Forecast card's question (how many in some days, or when some
// items will be done), its sampling window, and the last forecast with the filters it was made
// for. A forecast runs when asked (the button, Enter, or a changed question), under the flow
// view's filters (flow item type, sources, "as of").

import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { ForecastRequest, ForecastView, MetricsRequest } from '../generated/wire';
import type { SliceArgs } from './window';

export type ForecastAsk = {
  kind: 'how_many' | 'when';
  days: number;
  items: number;
  windowDays: number;
};

export const DEFAULT_FORECAST_ASK: ForecastAsk = { kind: 'how_many', days: 30, items: 50, windowDays: 90 };

export type PlanSlice = {
  forecastAsk: ForecastAsk;
  forecast: ForecastView | null;
  /** The filters the shown forecast was made under (it is stale when they differ). */
  forecastFilters: MetricsRequest | null;
  forecastRunning: boolean;
  forecastError: string | null;
  setForecastAsk: (patch: Partial<ForecastAsk>) => void;
  runForecast: () => Promise<void>;
};

/** The request for `ask` under `filters`; with a back-test. */
export function forecastRequest(ask: ForecastAsk, filters: MetricsRequest): ForecastRequest {
  return {
    question: ask.kind === 'how_many' ? { kind: 'how_many', days: ask.days } : { kind: 'when', items: ask.items },
    flow_item_type: filters.flow_item_type,
    sources: filters.sources,
    now: filters.now,
    window_days: ask.windowDays,
    trials: null,
    seed: null,
    backtest: true,
  };
}

export function createPlanSlice(set: SliceArgs[0], get: SliceArgs[1]): PlanSlice {
  let latest = 0;
  return {
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
      const valid = ask.windowDays >= 1 && (ask.kind === 'how_many' ? ask.days >= 1 : ask.items >= 1);
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
