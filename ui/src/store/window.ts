// The window's state, in one store: the map being edited and what is selected (documentSlice),
// the dialogs, notices, theme and recent files (uiSlice), and the flow view's filters and figures
// (flowSlice), the Data view's import of an event log (importSlice), state mapping
// (mappingSlice), sources (sourcesSlice) and items list (itemsSlice), how the file stands against
// other writers (followSlice), and discovery's preview on the map with the Map view's States list
// (discoverySlice), presentation mode, renaming in place and the estimates' unit
// (workshopSlice), the states of the stream with their comparison (statesSlice), and planning
// with the map: the Forecast card's question and result (planSlice), and lineage across the
// toolchain with hand links (lineageSlice).
// Components read it with
// `useWindow(selector)`; actions read it with `store.getState()` when they run, so nothing
// mirrors state in refs.

import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDiscoverySlice, type DiscoverySlice } from './discoverySlice';
import { createDocumentSlice, type DocumentSlice } from './documentSlice';
import { createFlowSlice, type FlowSlice } from './flowSlice';
import { createFollowSlice, type FollowSlice } from './followSlice';
import { createImportSlice, type ImportSlice } from './importSlice';
import { createItemsSlice, type ItemsSlice } from './itemsSlice';
import { createLineageSlice, type LineageSlice } from './lineageSlice';
import { createMappingSlice, type MappingSlice } from './mappingSlice';
import { createPlanSlice, type PlanSlice } from './planSlice';
import { createSourcesSlice, type SourcesSlice } from './sourcesSlice';
import { createStatesSlice, type StatesSlice } from './statesSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createWorkshopSlice, type WorkshopSlice } from './workshopSlice';

export type WindowState = DocumentSlice & UiSlice & FlowSlice & ImportSlice & MappingSlice & ItemsSlice & FollowSlice & SourcesSlice & DiscoverySlice & WorkshopSlice & StatesSlice & PlanSlice & LineageSlice;
export type WindowStore = StoreApi<WindowState>;
export type SliceArgs = [set: WindowStore['setState'], get: WindowStore['getState']];

/** A store for one window (the app has one; tests make their own). */
export function createWindowStore(): WindowStore {
  return createStore<WindowState>()((set, get) => ({
    ...createDocumentSlice(set, get),
    ...createUiSlice(set, get),
    ...createFlowSlice(set, get),
    ...createImportSlice(set, get),
    ...createMappingSlice(set, get),
    ...createItemsSlice(set, get),
    ...createFollowSlice(set, get),
    ...createSourcesSlice(set, get),
    ...createDiscoverySlice(set, get),
    ...createWorkshopSlice(set),
    ...createStatesSlice(set, get),
    ...createPlanSlice(set, get),
    ...createLineageSlice(set, get),
  }));
}

/** The window's store. */
export const windowStore: WindowStore = createWindowStore();

/**
 * What a component reads from the window's state. The selector must return something stable
 * (a field, a primitive, or a memoized value): a new object each time would render forever.
 */
export function useWindow<T>(selector: (state: WindowState) => T): T {
  return useStore(windowStore, selector);
}
