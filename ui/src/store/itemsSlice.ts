// The Data view's Items list: the query (search, filters, sort) the backend filters and sorts
// the map's items by, the window of rows loaded around what is on screen (never all items),
// the item selected and its timeline, and where to go back to when the item was opened from
// the Map's stage panel (the stage stays selected there).

import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { ItemRow, ItemSortColumn, ItemStatus, ItemTimeline, ItemsPage, ItemsQuery, FlowItemType } from '../generated/wire';
import type { SliceArgs } from './window';

/** What the list asks for, apart from the rows' window. */
export type ItemsAsk = Omit<ItemsQuery, 'offset' | 'limit' | 'now'>;
export type ItemRef = { source: string; key: string };
export type ItemsFilter = 'flow_item_type' | 'source' | 'state' | 'stage' | 'status';
export type ItemsFilterValue = FlowItemType | ItemStatus | string | undefined;

/** Rows fetched at once around what is on screen. */
export const ITEMS_WINDOW = 200;

export const NO_ITEMS_ASK: ItemsAsk = { search: '', sort: 'key', descending: false };

export type ItemsSlice = {
  itemsAsk: ItemsAsk;
  /** The last page: its rows from `offset`, with the counts and the filters' choices. */
  itemsPage: ItemsPage | null;
  itemsLoading: boolean;
  itemsError: string | null;
  itemSelected: ItemRef | null;
  timeline: ItemTimeline | null;
  /** Set when an item was opened from the Map: Back returns there. */
  itemsFromMap: boolean;
  setItemsSearch: (search: string) => void;
  setItemsFilter: (filter: ItemsFilter, value: ItemsFilterValue) => void;
  /** Sorts by `column`; the same column again turns the direction. */
  sortItems: (column: ItemSortColumn) => void;
  /** Makes sure the rows from `first` to `last` (indexes in the list) are loaded. */
  showItemRows: (first: number, last: number) => void;
  loadItems: (offset?: number) => Promise<void>;
  selectItem: (item: ItemRef | null) => Promise<void>;
  /** Shows the item in the Items list, from the Map (Back returns to it). */
  openItem: (item: ItemRef) => void;
  backToMap: () => void;
};

/** The row at index `i` of the list, when loaded. */
export function itemRowAt(page: ItemsPage | null, i: number): ItemRow | undefined {
  if (!page || i < page.offset) return undefined;
  return page.rows[i - page.offset];
}

export function createItemsSlice(set: SliceArgs[0], get: SliceArgs[1]): ItemsSlice {
  let latest = 0;
  let latestTimeline = 0;
  const now = () => get().filters.now ?? undefined;

  const reload = () => void get().loadItems(0);

  return {
    itemsAsk: NO_ITEMS_ASK,
    itemsPage: null,
    itemsLoading: false,
    itemsError: null,
    itemSelected: null,
    timeline: null,
    itemsFromMap: false,

    setItemsSearch: (search) => {
      set({ itemsAsk: { ...get().itemsAsk, search } });
      reload();
    },
    setItemsFilter: (filter, value) => {
      const ask = { ...get().itemsAsk, [filter]: value };
      if (value === undefined || value === '') delete ask[filter];
      set({ itemsAsk: ask });
      reload();
    },
    sortItems: (column) => {
      const { itemsAsk } = get();
      // Durations and dates read best longest/latest first.
      const descending = itemsAsk.sort === column ? !itemsAsk.descending : ['time', 'started', 'finished'].includes(column);
      set({ itemsAsk: { ...itemsAsk, sort: column, descending } });
      reload();
    },
    showItemRows: (first, last) => {
      const page = get().itemsPage;
      if (!page || get().itemsLoading) return;
      const end = Math.min(last, Number(page.total) - 1);
      if (first >= page.offset && end < page.offset + page.rows.length) return;
      void get().loadItems(Math.max(0, first - ITEMS_WINDOW / 4));
    },
    loadItems: async (offset = 0) => {
      const request = ++latest;
      set({ itemsLoading: true });
      try {
        const page = await backend.items({ ...get().itemsAsk, offset, limit: ITEMS_WINDOW, now: now() });
        if (request === latest) set({ itemsPage: page, itemsLoading: false, itemsError: null });
      } catch (e) {
        if (request === latest) set({ itemsLoading: false, itemsError: toBackendError(e).message });
      }
    },
    selectItem: async (item) => {
      const request = ++latestTimeline;
      set({ itemSelected: item });
      if (!item) {
        set({ timeline: null });
        return;
      }
      try {
        const timeline = await backend.itemTimeline(item.source, item.key, now() ?? null);
        if (request === latestTimeline) set({ timeline, itemsError: null });
      } catch (e) {
        if (request === latestTimeline) set({ timeline: null, itemsError: toBackendError(e).message });
      }
    },
    openItem: (item) => {
      // The list shows the item: searched by its key, no other filter.
      set({ itemsAsk: { ...NO_ITEMS_ASK, search: item.key, source: item.source }, itemsFromMap: true });
      get().setTab('data');
      get().showDataPanel('items');
      void get().selectItem(item);
    },
    backToMap: () => {
      set({ itemsFromMap: false });
      get().setTab('map');
    },
  };
}
