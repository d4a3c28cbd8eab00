// The window's panels, each behind its own error boundary (PanelBoundary): its name for people,
// and what the user was doing with it, read from the window's state when it failed. Pure.

import { nodeName, selectOnlyNode } from '../store/selectors';
import type { WindowState } from '../store/window';

export type PanelId = 'top-bar' | 'flow-bar' | 'palette' | 'map-canvas' | 'inspector' | 'stage-panel' | 'ladder' | 'dashboard' | 'data' | 'dialog' | 'drop' | 'discovery' | 'states-list' | 'kaizen';

const mapName = (s: WindowState) => `“${s.editor?.view.name ?? 'the map'}”`;

function selected(s: WindowState): string {
  const { nodes, edges } = s.selection;
  const count = nodes.size + edges.size;
  if (count === 0) return '';
  const only = nodeName(s, selectOnlyNode(s));
  return count === 1 && only ? ` with ${only} selected` : ` with ${count} things selected`;
}

const MODAL_NAMES = { path: 'path', unsaved: 'unsaved changes', recovery: 'restore', 'map-changed': 'map changed', shortcuts: 'keyboard shortcuts', compare: 'compare states', 'rename-state': 'rename state', 'delete-state': 'delete state' } as const;

type Panel = {
  name: string;
  doing: (s: WindowState) => string;
  /** What the panel shows: when it changes, a failed panel is tried again. */
  resetOn?: (s: WindowState) => unknown;
};

export const PANELS: Record<PanelId, Panel> = {
  'top-bar': { name: 'The top bar', doing: (s) => `while showing ${mapName(s)}`, resetOn: (s) => s.editor },
  'flow-bar': { name: 'The flow bar', doing: (s) => `while showing the filters of ${mapName(s)}`, resetOn: (s) => s.flowView },
  palette: { name: 'The palette', doing: () => 'while showing what can be added' },
  'map-canvas': { name: 'The map', doing: (s) => `while drawing ${mapName(s)}${selected(s)}`, resetOn: (s) => s.opened },
  inspector: {
    name: 'The properties panel',
    resetOn: (s) => s.selection,
    doing: (s) => {
      const only = nodeName(s, selectOnlyNode(s));
      return only ? `while showing ${only}` : `while showing ${s.selection.nodes.size + s.selection.edges.size > 0 ? 'the selection' : mapName(s)}`;
    },
  },
  'stage-panel': {
    name: 'The stage panel',
    resetOn: selectOnlyNode,
    doing: (s) => `while showing ${nodeName(s, selectOnlyNode(s)) ?? 'where work waits'}`,
  },
  ladder: { name: 'The timeline ladder', doing: (s) => `while showing the critical path of ${mapName(s)}`, resetOn: (s) => s.flowView },
  dashboard: { name: 'The dashboard', doing: (s) => `while showing the flow metrics of ${mapName(s)}`, resetOn: (s) => s.flowView },
  data: { name: 'The Data view', doing: (s) => `while showing the data of ${mapName(s)}${s.logPath ? ` and the log ${s.logPath}` : ''}`, resetOn: (s) => s.preview },
  drop: { name: 'Dropping a file', doing: () => 'while showing where a log can be dropped' },
  discovery: {
    name: 'The discovery panel',
    doing: (s) => `while showing the stages discovered in the data of ${mapName(s)}`,
    resetOn: (s) => s.discovery,
  },
  kaizen: { name: 'The kaizen list', doing: (s) => `while listing the kaizen bursts and notes of ${mapName(s)}`, resetOn: (s) => s.editor },
  'states-list': { name: 'The States list', doing: (s) => `while showing the states of ${mapName(s)}`, resetOn: (s) => s.mapping },
  dialog: {
    name: 'The dialog',
    resetOn: (s) => s.modal,
    doing: (s) => (s.modal ? `while showing the ${s.modal.kind === 'path' ? `“${s.modal.prompt.title}”` : MODAL_NAMES[s.modal.kind]} dialog` : 'while closing'),
  },
};

/** "The stage panel failed while showing Testing: <message>" */
export function faultText(panel: PanelId, s: WindowState, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${PANELS[panel].name} failed ${PANELS[panel].doing(s)}: ${message}`;
}
