// The states of the stream: make a future state, show another state, rename or delete the
// future state shown, compare it with the current state; and the workshop's notes and kaizen
// bursts.

import { addBurstEdit, freshId, newNode, placeNewNode } from '../editor/edits';
import type { Edit } from '../generated/wire';
import { shownState } from '../store/statesSlice';
import type { WindowState } from '../store/window';
import { reveal } from './drawing';
import type { Action, ActionContext } from './types';

const hasMap = (s: WindowState) => s.editor !== null;
const showsFuture = (s: WindowState) => shownState(s.editor) !== null;
const onMap = (s: WindowState) => s.editor !== null && s.tab === 'map';

/** The state after the one shown, the current state after the last. */
function nextState(s: WindowState): string | null {
  const states = s.editor?.states.states ?? [];
  const at = states.findIndex((st) => st.id === shownState(s.editor));
  return states[(at + 1) % Math.max(1, states.length)]?.id ?? null;
}

/** Adds a note, or a kaizen burst attached to the selected stage or handoff; selects it. */
function addAnnotation({ store, canvas }: ActionContext, kind: 'note' | 'burst'): void {
  const { editor, selection, commit, say } = store.getState();
  if (!editor) return;
  const id = freshId();
  const bounds = canvas.element()?.getBoundingClientRect();
  const centre = bounds ? canvas.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 3 }) : { x: 0, y: 0 };
  const at = placeNewNode(kind, centre, editor.view.nodes);
  const change: Edit = kind === 'burst' ? addBurstEdit(editor.view, selection, id, at) : { kind: 'add_node', node: newNode(kind, id), x: at.x, y: at.y };
  void commit(change).then((refused) => {
    if (refused) return say(refused, true);
    store.setState({ selection: { nodes: new Set([id]), edges: new Set() }, justAdded: id, panel: 'properties' });
    reveal(canvas, change);
  });
}

export const STATE_ACTIONS: Action[] = [
  {
    id: 'add-note',
    label: 'Add a note',
    help: 'Add a sticky note',
    shortcuts: [{ key: 'n', shift: false }],
    enabled: onMap,
    perform: (ctx) => addAnnotation(ctx, 'note'),
  },
  {
    id: 'add-burst',
    label: 'Add a kaizen burst',
    help: 'Add a kaizen burst (on the selected stage or handoff)',
    shortcuts: [{ key: 'k', shift: false }],
    enabled: onMap,
    perform: (ctx) => addAnnotation(ctx, 'burst'),
  },
  {
    id: 'new-future-state',
    label: 'New future state',
    help: 'Make a future state: a copy of the current state to change freely',
    button: '+ Future',
    enabled: hasMap,
    perform: ({ store }) => void store.getState().createFutureState(),
  },
  {
    id: 'next-state',
    label: 'Show the next state',
    help: 'Show the next state of the stream (current → future states → current)',
    shortcuts: [{ key: ']' }],
    enabled: (s) => (s.editor?.states.states.length ?? 0) > 1,
    perform: ({ store }) => void store.getState().showState(nextState(store.getState())),
  },
  {
    id: 'rename-future-state',
    label: 'Rename the future state',
    help: 'Rename the future state shown',
    button: 'Rename',
    enabled: showsFuture,
    perform: ({ store }) => store.getState().openModal({ kind: 'rename-state' }),
  },
  {
    id: 'delete-future-state',
    label: 'Delete the future state',
    help: 'Delete the future state shown, after asking (the current state is shown)',
    button: 'Delete',
    enabled: showsFuture,
    perform: ({ store }) => store.getState().openModal({ kind: 'delete-state' }),
  },
  {
    id: 'compare-states',
    label: 'Compare with the current state',
    help: 'Compare the future state shown (or the first) with the current state, side by side',
    button: 'Compare',
    enabled: (s) => (s.editor?.states.states.length ?? 0) > 1,
    perform: ({ store }) => {
      const s = store.getState();
      const id = shownState(s.editor) ?? s.editor?.states.states[1]?.id ?? null;
      if (id) void s.compareStates(id);
    },
  },
];
