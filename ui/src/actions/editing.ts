// The edit actions: undo and redo, the clipboard, deleting, selecting.

import { copySelection, pasteEdit, removeEdit } from '../editor/edits';
import { NO_SELECTION } from '../store/documentSlice';
import type { WindowState, WindowStore } from '../store/window';
import type { Action } from './types';

/** How far each paste lands from the last, right and down. */
const PASTE_OFFSET = 40;

/** Removes what is selected: the edges, and the nodes with every edge attached to them. */
export function removeSelected(store: WindowStore): void {
  const { editor, selection, commit, say, select } = store.getState();
  if (!editor) return;
  const change = removeEdit(selection.nodes, selection.edges, editor.view);
  if (!change) return;
  void commit(change).then((refused) => (refused ? say(refused, true) : select(NO_SELECTION)));
}

/** Keeps the selected nodes (and the edges between them); false when nothing was copied. */
function copy(store: WindowStore): boolean {
  const { editor, selection, say } = store.getState();
  if (!editor) return false;
  const clip = copySelection(editor.view, selection.nodes);
  if (!clip) return false;
  store.setState({ clipboard: clip, pastes: 0 });
  say(`Copied ${clip.nodes.length} ${clip.nodes.length === 1 ? 'node' : 'nodes'}`);
  return true;
}

function paste(store: WindowStore): void {
  const { clipboard, pastes, commit, say } = store.getState();
  if (!clipboard) return;
  store.setState({ pastes: pastes + 1 });
  void commit(pasteEdit(clipboard, PASTE_OFFSET * (pastes + 1)), 'created').then((refused) => refused && say(refused, true));
}

const hasMap = (s: WindowState) => s.editor !== null;
const nodesSelected = (s: WindowState) => s.editor !== null && s.selection.nodes.size > 0;

export const EDIT_ACTIONS: Action[] = [
  {
    id: 'undo',
    label: 'Undo',
    help: 'Undo',
    button: '↶ Undo',
    shortcuts: [{ key: 'z', ctrl: true, shift: false }],
    enabled: (s) => s.editor?.can_undo ?? false,
    perform: ({ store }) => void store.getState().history('undo'),
  },
  {
    id: 'redo',
    label: 'Redo',
    help: 'Redo',
    button: '↷ Redo',
    shortcuts: [
      { key: 'z', ctrl: true, shift: true },
      { key: 'y', ctrl: true },
    ],
    enabled: (s) => s.editor?.can_redo ?? false,
    perform: ({ store }) => void store.getState().history('redo'),
  },
  {
    id: 'copy',
    label: 'Copy',
    help: 'Copy',
    shortcuts: [{ key: 'c', ctrl: true }],
    enabled: nodesSelected,
    perform: ({ store }) => void copy(store),
  },
  {
    id: 'paste',
    label: 'Paste',
    help: 'Paste',
    shortcuts: [{ key: 'v', ctrl: true }],
    enabled: (s) => s.editor !== null && s.clipboard !== null,
    perform: ({ store }) => paste(store),
  },
  {
    id: 'duplicate',
    label: 'Duplicate',
    help: 'Duplicate',
    shortcuts: [{ key: 'd', ctrl: true }],
    enabled: nodesSelected,
    perform: ({ store }) => {
      if (copy(store)) paste(store);
    },
  },
  {
    id: 'delete',
    label: 'Delete',
    help: 'Delete what is selected',
    shortcuts: [{ key: 'Delete' }, { key: 'Backspace' }],
    enabled: (s) => s.editor !== null && s.selection.nodes.size + s.selection.edges.size > 0,
    perform: ({ store }) => removeSelected(store),
  },
  {
    id: 'select-all',
    label: 'Select all',
    help: 'Select everything',
    shortcuts: [{ key: 'a', ctrl: true }],
    enabled: hasMap,
    perform: ({ store }) => {
      const view = store.getState().editor?.view;
      if (view) store.getState().select({ nodes: new Set(view.nodes.map((v) => v.node.id)), edges: new Set(view.edges.map((e) => e.edge.id)) });
    },
  },
  {
    id: 'deselect',
    label: 'Select nothing',
    help: 'Select nothing, close a dialog',
    shortcuts: [{ key: 'Escape' }],
    // In presentation mode Esc leaves it (see workshop.ts).
    enabled: (s) => hasMap(s) && !s.presenting,
    perform: ({ store }) => store.getState().select(NO_SELECTION),
  },
];
