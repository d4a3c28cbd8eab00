// The view actions: auto-layout, zoom to fit, the theme, and the list of shortcuts.

import { FIT_PADDING, PRESENT_FIT_PADDING } from '../map/fit';
import type { WindowState } from '../store/window';
import type { Action, ActionContext } from './types';

const FIT = { padding: FIT_PADDING, duration: 300 };

async function layout({ store, canvas }: ActionContext): Promise<void> {
  const { editor, commit, say } = store.getState();
  if (!editor || editor.view.nodes.length === 0) return;
  try {
    // elkjs is large: loaded the first time it is needed.
    const { autoLayout } = await import('../editor/autoLayout');
    const refused = await commit({ kind: 'apply_layout', positions: await autoLayout(editor.view) });
    if (refused) say(refused, true);
    else setTimeout(() => void canvas.fitView(FIT), 50);
  } catch (error) {
    say(`Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`, true);
  }
}

const hasMap = (s: WindowState) => s.editor !== null;

export const VIEW_ACTIONS: Action[] = [
  {
    id: 'auto-layout',
    label: 'Auto-layout',
    help: 'Auto-layout, left to right',
    button: 'Auto-layout',
    shortcuts: [{ key: 'l', shift: false }],
    enabled: hasMap,
    perform: (ctx) => void layout(ctx),
  },
  {
    id: 'zoom-to-fit',
    label: 'Zoom to fit',
    help: 'Zoom to fit',
    button: 'Fit',
    shortcuts: [{ key: 'f', shift: false }],
    enabled: hasMap,
    perform: ({ store, canvas }) => void canvas.fitView(store.getState().presenting ? { ...FIT, padding: PRESENT_FIT_PADDING } : FIT),
  },
  {
    id: 'toggle-theme',
    label: 'Light / dark theme',
    help: (s) => (s.theme === 'dark' ? 'Light theme' : 'Dark theme'),
    button: (s) => (s.theme === 'dark' ? '☀' : '☾'),
    perform: ({ store }) => store.getState().toggleTheme(),
  },
  {
    id: 'shortcuts',
    label: 'Keyboard shortcuts',
    help: 'Keyboard shortcuts',
    button: '?',
    shortcuts: [{ key: '?' }],
    perform: ({ store }) => store.getState().openModal({ kind: 'shortcuts' }),
  },
];
