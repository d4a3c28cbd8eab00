// The Data view's state mapping: the table the backend last sent, which of the Data view's
// panels shows, the rows selected (by source and state), the last row clicked, the sort, and
// the edits that set several rows at once or confirm them. The map's heat follows when the
// window goes back to the Map (the flow view is computed afresh then).

import * as backend from '../backend';
import { toBackendError } from '../backend';
import { rowKey, selectByPattern, selectedRefs, type MappingSort } from '../data/mappingTable';
import type { MappingTable, StageChoice, StateCategory, StateRef } from '../generated/wire';
import type { SliceArgs } from './window';

export type DataPanel = 'sources' | 'import' | 'mapping' | 'items' | 'lineage';

export type MappingSlice = {
  dataPanel: DataPanel;
  mapping: MappingTable | null;
  mappingError: string | null;
  mappingSelected: string[];
  mappingAnchor: string | null;
  mappingSort: MappingSort;
  mappingPattern: string;
  showDataPanel: (panel: DataPanel) => void;
  loadMapping: () => Promise<void>;
  setMappingSelection: (selected: string[], anchor?: string | null) => void;
  setMappingSort: (sort: MappingSort) => void;
  /** Selects the rows whose state matches the pattern. */
  selectMappingPattern: (pattern: string) => void;
  /** Sets the stage and/or category of the selected rows. */
  setSelectedMapping: (stage: StageChoice | null, category: StateCategory | null) => Promise<void>;
  confirmMappingRows: (rows: StateRef[]) => Promise<void>;
  /** Puts one state in a stage (a state dropped on a stage of the map); the heat follows. */
  mapStateTo: (row: StateRef, stage: { id: string; name: string }) => Promise<void>;
};

export function createMappingSlice(set: SliceArgs[0], get: SliceArgs[1]): MappingSlice {
  const receive = (mapping: MappingTable) => {
    const keys = new Set(mapping.rows.map(rowKey));
    set({ mapping, mappingError: null, mappingSelected: get().mappingSelected.filter((k) => keys.has(k)) });
  };
  const run = async (work: () => Promise<MappingTable>) => {
    try {
      receive(await work());
    } catch (e) {
      set({ mappingError: toBackendError(e).message });
    }
  };
  return {
    dataPanel: 'sources',
    mapping: null,
    mappingError: null,
    mappingSelected: [],
    mappingAnchor: null,
    mappingSort: { column: 'time', descending: true },
    mappingPattern: '',
    showDataPanel: (dataPanel) => {
      set({ dataPanel });
      if (dataPanel === 'mapping') void get().loadMapping();
      if (dataPanel === 'sources') void get().loadSources();
      if (dataPanel === 'items') void get().loadItems(0);
    },
    loadMapping: () => run(() => backend.mappingTable()),
    setMappingSelection: (mappingSelected, anchor) =>
      set(anchor === undefined ? { mappingSelected } : { mappingSelected, mappingAnchor: anchor }),
    setMappingSort: (mappingSort) => set({ mappingSort }),
    selectMappingPattern: (mappingPattern) =>
      set({ mappingPattern, mappingSelected: selectByPattern(get().mapping?.rows ?? [], mappingPattern) }),
    setSelectedMapping: async (stage, category) => {
      const rows = selectedRefs(get().mapping?.rows ?? [], get().mappingSelected);
      if (rows.length === 0 || (stage === null && category === null)) return;
      await run(() => backend.setMapping(rows, stage, category));
      if (!get().mappingError) get().say(`Mapped ${rows.length} state${rows.length === 1 ? '' : 's'}`);
    },
    mapStateTo: async (row, stage) => {
      await run(() => backend.setMapping([row], { kind: 'stage', id: stage.id }, null));
      if (get().mappingError) return get().say(get().mappingError ?? '', true);
      get().refreshFlow();
      get().say(`Mapped ${row.state} to ${stage.name}`);
    },
    confirmMappingRows: (rows) => (rows.length === 0 ? Promise.resolve() : run(() => backend.confirmMapping(rows))),
  };
}
