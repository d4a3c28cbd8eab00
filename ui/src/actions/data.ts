// The Data view's actions: show it (its sources, its state mapping, its items, their lineage;
// back to where an item or a lineage was opened from), sync every source, and import an event
// log (the system's dialog in the app; in a browser the view's path field).

import * as backend from '../backend';
import { selectedRefs } from '../data/mappingTable';
import { selectOnlyNode } from '../store/selectors';
import type { WindowState } from '../store/window';
import type { Action } from './types';

const hasMap = (s: WindowState) => s.editor !== null;
const hasItems = (s: WindowState) => Boolean(s.editor?.file) && (s.editor?.view.items ?? 0) > 0;

/** The stage selected on the map (only it), if any. */
function selectedStage(s: WindowState): { id: string; name: string } | null {
  const id = selectOnlyNode(s);
  const node = s.editor?.view.nodes.find((n) => n.node.id === id)?.node;
  return node?.kind === 'stage' ? { id: node.id, name: node.name } : null;
}

export const DATA_ACTIONS: Action[] = [
  {
    id: 'show-data',
    label: 'Data',
    help: 'Show the Data view: where the map’s data comes from',
    enabled: hasMap,
    perform: ({ store }) => store.getState().setTab('data'),
  },
  {
    id: 'show-sources',
    label: 'Sources',
    help: 'Show the map’s sources: add one, test its connection, sync it',
    enabled: hasMap,
    perform: ({ store }) => {
      store.getState().setTab('data');
      store.getState().showDataPanel('sources');
    },
  },
  {
    id: 'sync-sources',
    label: 'Sync all sources',
    help: (s) => (s.editor?.file ? 'Fetch what changed in every connected source into the map’s file' : 'Sync sources (save the map to a file first)'),
    enabled: (s) => hasMap(s) && s.editor?.file != null && s.syncJob?.state !== 'running' && s.job?.state !== 'running',
    perform: ({ store }) => {
      store.getState().setTab('data');
      store.getState().showDataPanel('sources');
      void store.getState().startSync(null);
    },
  },
  {
    id: 'show-mapping',
    label: 'State mapping',
    help: 'Show the state mapping: the stage and category of every state of the map’s data',
    button: 'Mapping',
    enabled: hasMap,
    perform: ({ store }) => {
      store.getState().setTab('data');
      store.getState().showDataPanel('mapping');
    },
  },
  {
    id: 'show-items',
    label: 'Items',
    help: 'Show the map’s items: search, filter and sort them, and see each one’s timeline',
    enabled: hasMap,
    perform: ({ store }) => {
      store.getState().setTab('data');
      store.getState().showDataPanel('items');
    },
  },
  {
    id: 'items-back',
    label: 'Back to the map',
    help: 'Go back to the map, with the stage the item was opened from still selected',
    enabled: (s) => s.itemsFromMap && s.tab === 'data',
    perform: ({ store }) => store.getState().backToMap(),
  },
  {
    id: 'show-lineage',
    label: 'Lineage',
    help: 'Show the roots linked across the toolchain, with their end-to-end flow time and each one’s lineage timeline',
    enabled: hasMap,
    perform: ({ store }) => store.getState().showLineage(store.getState().tab === 'data' ? 'data' : store.getState().tab === 'dashboard' ? 'dashboard' : 'map'),
  },
  {
    id: 'lineage-back',
    label: 'Back from the lineage',
    help: 'Go back to where the lineage was opened from',
    enabled: (s) => s.tab === 'data' && s.dataPanel === 'lineage',
    perform: ({ store }) => store.getState().lineageBack(),
  },
  {
    id: 'import-log',
    label: 'Import event log…',
    help: (s) => (s.editor?.file ? 'Import an event log (CSV, ActionableAgile, XES) into this map' : 'Import an event log (save the map to a file first)'),
    button: 'Import log',
    enabled: (s) => hasMap(s) && s.job?.state !== 'running',
    perform: ({ store }) => {
      store.getState().setTab('data');
      store.getState().showDataPanel('import');
      if (backend.nativeDialogs() && store.getState().editor?.file) void store.getState().chooseLog();
    },
  },
  {
    id: 'discover-stages',
    label: 'Discover stages…',
    help: (s) =>
      hasItems(s)
        ? 'Propose stages and handoffs from how the items actually move, as a preview on the map to keep, merge, rename or drop'
        : 'Discover stages from the map’s data (import some data first)',
    button: 'Discover',
    enabled: (s) => hasItems(s) && s.discovery === null,
    perform: ({ store }) => {
      store.getState().setTab('map');
      void store.getState().startDiscovery();
    },
  },
  {
    id: 'map-state-to-stage',
    label: 'Map state to selected stage',
    help: 'Put the state selected in the States list into the stage selected on the map',
    shortcuts: [{ key: 'm', shift: false }],
    enabled: (s) => s.stateSelected !== null && selectedStage(s) !== null,
    perform: ({ store }) => {
      const s = store.getState();
      const stage = selectedStage(s);
      const [row] = selectedRefs(s.mapping?.rows ?? [], s.stateSelected ? [s.stateSelected] : []);
      if (stage && row) void s.mapStateTo(row, stage);
    },
  },
];
