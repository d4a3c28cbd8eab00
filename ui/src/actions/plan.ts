// Planning actions: the forecast from the map's own throughput (the Dashboard's Forecast card).

import type { WindowState } from '../store/window';
import type { Action } from './types';

const hasItems = (s: WindowState) => Boolean(s.editor?.file) && (s.editor?.view.items ?? 0) > 0;

export const PLAN_ACTIONS: Action[] = [
  {
    id: 'forecast',
    label: 'Forecast',
    help: (s) => (hasItems(s) ? 'Forecast how many items will be done by a date, or when a number of them will be, from the map’s own throughput' : 'Forecast (the map has no items yet: import a log or sync a source)'),
    enabled: hasItems,
    perform: ({ store }) => {
      store.getState().setTab('dashboard');
      void store.getState().runForecast();
      // The card is on the Dashboard, drawn once the tab shows.
      setTimeout(() => document.querySelector('[data-testid="card-forecast"]')?.scrollIntoView({ block: 'start' }), 50);
    },
  },
];
