// The workshop's actions: presentation mode for a projector (F5; Esc leaves), renaming the
// selected node in place on the canvas (F2 or Enter; a double-click does the same), and typing
// the selected stage's estimates (E).

import { PRESENT_FIT_PADDING } from '../map/fit';
import type { WindowState } from '../store/window';
import type { Action, ActionContext } from './types';

/** Once the panels are hidden or back, the map is fitted to the room it has. */
function refit({ canvas }: ActionContext, presenting: boolean): void {
  setTimeout(() => void canvas.fitView({ padding: presenting ? PRESENT_FIT_PADDING : undefined, duration: 200 }), 60);
}

function setPresenting(ctx: ActionContext, presenting: boolean): void {
  ctx.store.setState({ presenting, renaming: null });
  refit(ctx, presenting);
}

/** The one node selected (and nothing else), if any. */
export function onlyNode(s: WindowState): string | null {
  if (s.selection.nodes.size !== 1 || s.selection.edges.size !== 0) return null;
  const [id] = s.selection.nodes;
  return id !== undefined && s.editor?.view.nodes.some((v) => v.node.id === id) ? id : null;
}

const onlyStage = (s: WindowState) => {
  const id = onlyNode(s);
  return id !== null && s.editor?.view.nodes.find((v) => v.node.id === id)?.node.kind === 'stage';
};

const onMap = (s: WindowState) => s.editor !== null && s.tab === 'map';

export const WORKSHOP_ACTIONS: Action[] = [
  {
    id: 'present',
    label: 'Presentation mode',
    help: 'Presentation mode: only the map, large type, high contrast (F5 or Esc leaves)',
    button: 'Present',
    shortcuts: [{ key: 'F5' }],
    whileTyping: true,
    enabled: onMap,
    perform: (ctx) => setPresenting(ctx, !ctx.store.getState().presenting),
  },
  {
    id: 'end-presentation',
    label: 'Leave presentation mode',
    help: 'Leave presentation mode',
    button: 'Esc',
    shortcuts: [{ key: 'Escape' }],
    enabled: (s) => s.presenting,
    perform: (ctx) => setPresenting(ctx, false),
  },
  {
    id: 'rename',
    label: 'Rename in place',
    help: 'Rename the selected node on the canvas (a double-click does the same)',
    shortcuts: [{ key: 'F2' }, { key: 'Enter', shift: false }],
    enabled: (s) => onMap(s) && onlyNode(s) !== null,
    perform: ({ store }) => store.getState().setRenaming(onlyNode(store.getState())),
  },
  {
    id: 'edit-estimates',
    label: 'Type estimates',
    help: "Type the selected stage's estimates (process time first; Tab to the next)",
    shortcuts: [{ key: 'e', shift: false }],
    enabled: (s) => onMap(s) && !s.presenting && onlyStage(s),
    perform: ({ store }) => {
      store.setState({ panel: 'properties' });
      setTimeout(() => document.querySelector<HTMLInputElement>('[data-testid="estimate-process-time"]')?.focus(), 0);
    },
  },
];
