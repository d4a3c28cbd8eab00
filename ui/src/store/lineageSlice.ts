// Lineage across the toolchain (docs/metrics.md, "Lineage and end-to-end figures"): the file's
// summary at the flow view's "as of" instant (crossing times on the map's artifact flows, the
// Dashboard's end-to-end card, the Data view's Lineage list), loaded when the figures are drawn
// for another file, instant, map or data; the root whose lineage timeline is shown, with where
// it was opened from (Back returns there); and the links made by hand from the item whose
// timeline the Items list shows.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { ItemLineage, LinkKind, LinkRequest, LineageSummaryView } from '../generated/wire';
import type { ItemRef } from './itemsSlice';
import type { SliceArgs } from './window';

/**
 * Where the Lineage panel was opened from (Back returns there); `list`: a root clicked in the
 * Lineage list (Back returns to the list, and from it to where the list was opened from).
 */
export type LineageFrom = 'map' | 'dashboard' | 'items' | 'data' | 'list';

export type LineageSlice = {
  lineage: LineageSummaryView | null;
  lineageError: string | null;
  /** Loads the summary when the file, the instant, the map or its data changed since. */
  refreshLineage: (force?: boolean) => void;
  /** The lineage timeline shown in the Data view's Lineage panel. */
  lineageShown: ItemLineage | null;
  /** Where the Lineage panel was opened from, and whether the timeline was opened from its list. */
  lineageFrom: Exclude<LineageFrom, 'list'>;
  timelineFromList: boolean;
  /** Shows the Data view's Lineage list, from the Map or the Dashboard. */
  showLineage: (from: LineageFrom) => void;
  /** Shows the lineage timeline of `item`'s root. */
  openLineage: (item: ItemRef, from: LineageFrom) => Promise<void>;
  /** Back to where the timeline or the list was opened from. */
  lineageBack: () => void;
  /** Links made by hand from the item whose timeline is shown in the Items list. */
  handLinks: LinkRequest[];
  linkError: string | null;
  loadHandLinks: (item: ItemRef | null) => Promise<void>;
  linkItem: (item: ItemRef, targetKey: string, kind: LinkKind) => Promise<void>;
  unlinkItem: (link: LinkRequest) => Promise<void>;
};

export function createLineageSlice(set: SliceArgs[0], get: SliceArgs[1]): LineageSlice {
  let latest = 0;
  let key = '';
  let shownLatest = 0;
  let linksLatest = 0;
  const now = () => get().filters.now;

  const afterLinkChange = async (item: ItemRef) => {
    await get().loadHandLinks(item);
    get().refreshLineage(true);
    // A timeline shown before the change is drawn again when opened.
    set({ lineageShown: null });
  };

  return {
    lineage: null,
    lineageError: null,
    lineageShown: null,
    lineageFrom: 'data',
    timelineFromList: false,
    handLinks: [],
    linkError: null,

    refreshLineage: (force = false) => {
      const { editor, filters } = get();
      if (!editor?.file) {
        key = '';
        set({ lineage: null, lineageError: null });
        return;
      }
      const v = editor.view;
      // The artifact flows and their links are part of what lineage follows.
      const flows = v.edges.filter((e) => e.edge.kind === 'artifact_flow').map((e) => `${e.edge.id}:${e.edge.from}>${e.edge.to}:${e.edge.kind === 'artifact_flow' ? e.edge.links.length : 0}`);
      const next = [editor.file, filters.now ?? '', v.items, v.transitions, v.nodes.length, flows.join()].join('\u0000');
      if (!force && next === key) return;
      key = next;
      const mine = ++latest;
      backend.lineageSummary(filters.now).then(
        (lineage) => mine === latest && set({ lineage, lineageError: null }),
        (e) => mine === latest && set({ lineage: null, lineageError: toBackendError(e).message }),
      );
    },

    showLineage: (from) => {
      ++shownLatest;
      set({ lineageFrom: from === 'list' ? 'data' : from, lineageShown: null, timelineFromList: false });
      get().setTab('data');
      get().showDataPanel('lineage');
      get().refreshLineage();
    },

    openLineage: async (item, from) => {
      const mine = ++shownLatest;
      set(from === 'list' ? { timelineFromList: true } : { lineageFrom: from, timelineFromList: false });
      get().setTab('data');
      get().showDataPanel('lineage');
      try {
        const shown = await backend.itemLineage(item.source, item.key, now());
        if (mine === shownLatest) set({ lineageShown: shown, lineageError: null });
      } catch (e) {
        if (mine === shownLatest) set({ lineageShown: null, lineageError: toBackendError(e).message });
      }
    },

    lineageBack: () => {
      const { lineageFrom, lineageShown, timelineFromList } = get();
      ++shownLatest;
      set({ lineageShown: null, timelineFromList: false });
      if (lineageShown && timelineFromList) return;
      if (lineageFrom === 'map' || lineageFrom === 'dashboard') get().setTab(lineageFrom);
      else if (lineageFrom === 'items') get().showDataPanel('items');
    },

    loadHandLinks: async (item) => {
      const mine = ++linksLatest;
      if (!item) {
        set({ handLinks: [], linkError: null });
        return;
      }
      try {
        const handLinks = await backend.handLinks(item.source, item.key);
        if (mine === linksLatest) set({ handLinks, linkError: null });
      } catch (e) {
        if (mine === linksLatest) set({ handLinks: [], linkError: toBackendError(e).message });
      }
    },

    linkItem: async (item, targetKey, kind) => {
      const target = targetKey.trim();
      if (target === '') {
        set({ linkError: 'Type the key of the item to link to.' });
        return;
      }
      try {
        const { changed } = await backend.linkItems({ source: item.source, key: item.key, target_key: target, kind });
        set({ linkError: changed ? null : `${item.key} is already linked to ${target} (${kind}).` });
        await afterLinkChange(item);
      } catch (e) {
        set({ linkError: toBackendError(e).message });
      }
    },

    unlinkItem: async (link) => {
      try {
        await backend.unlinkItems(link);
        set({ linkError: null });
        await afterLinkChange({ source: link.source, key: link.key });
      } catch (e) {
        set({ linkError: toBackendError(e).message });
      }
    },
  };
}
