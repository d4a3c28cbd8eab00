// Every action of the window, registered once: the key handler, the top bar, the `?` list and
// the native menu all read this registry, so an action's keys, label and whether it can run
// are the same everywhere.

import type { WindowState } from '../store/window';
import { DATA_ACTIONS } from './data';
import { DRAW_ACTIONS } from './drawing';
import { EDIT_ACTIONS } from './editing';
import { FILE_ACTIONS } from './files';
import { actionForKey, shortcutsText, type KeyPress } from './keys';
import type { Action, ActionContext, ActionId } from './types';
import { VIEW_ACTIONS } from './viewing';

export const ACTIONS: readonly Action[] = [...FILE_ACTIONS, ...EDIT_ACTIONS, ...DRAW_ACTIONS, ...VIEW_ACTIONS, ...DATA_ACTIONS];

const BY_ID = new Map<ActionId, Action>(ACTIONS.map((a) => [a.id, a]));

export function action(id: ActionId): Action {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`no action "${id}"`);
  return found;
}

export function isEnabled(a: Action, s: WindowState): boolean {
  return a.enabled?.(s) ?? true;
}

/** Runs the action when it can run now; whether it ran. */
export function perform(id: ActionId, ctx: ActionContext): boolean {
  const a = action(id);
  if (!isEnabled(a, ctx.store.getState())) return false;
  a.perform(ctx);
  return true;
}

export function helpText(a: Action, s: WindowState): string {
  return typeof a.help === 'function' ? a.help(s) : a.help;
}

/** The top bar's tooltip: what it does and its keys ("Redo (Ctrl+Shift+Z)"). */
export function buttonTitle(a: Action, s: WindowState): string {
  const first = a.shortcuts?.[0];
  const keys = first ? shortcutsText({ shortcuts: [first] }) : null;
  return keys ? `${helpText(a, s)} (${keys})` : helpText(a, s);
}

export function buttonText(a: Action, s: WindowState): string {
  const text = a.button ?? a.label;
  return typeof text === 'function' ? text(s) : text;
}

/** The action a key press runs, if any (see keys.ts). */
export function actionForPress(press: KeyPress): Action | null {
  return actionForKey(ACTIONS, press);
}

/** The native menu: its submenus, each a list of actions and separators ('-'). */
export const MENU: { title: string; items: (ActionId | '-')[] }[] = [
  {
    title: 'File',
    items: ['new', 'open', 'save', 'save-as', '-', 'import-json', 'import-log', 'sync-sources', 'export-json', 'export-png', 'export-svg', 'export-report', '-', 'quit'],
  },
  { title: 'Edit', items: ['undo', 'redo', '-', 'copy', 'paste', 'duplicate', 'delete', 'select-all'] },
  { title: 'View', items: ['auto-layout', 'zoom-to-fit', 'toggle-theme', '-', 'show-data', 'show-sources', 'show-items', 'items-back', 'discover-stages', 'map-state-to-stage'] },
  { title: 'Help', items: ['shortcuts'] },
];

/** The top bar's buttons, in groups. */
export const TOP_BAR: ActionId[][] = [
  ['new', 'open', 'save', 'save-as'],
  ['undo', 'redo'],
  ['auto-layout', 'zoom-to-fit', 'discover-stages'],
  ['export-png', 'export-svg', 'export-report', 'export-json', 'import-json', 'import-log'],
  ['toggle-theme', 'shortcuts'],
];

/** A row of the `?` list that is a gesture rather than an action: [keys, what it does]. */
type Gesture = [keys: string, what: string];

/** The `?` list: groups of actions (their keys and help come from the registry) and gestures. */
const SHORTCUT_GROUPS: { group: string; rows: (ActionId | Gesture)[] }[] = [
  {
    group: 'Drawing',
    rows: [
      'add-stage',
      'add-tool',
      'add-partner',
      'add-customer',
      ['Drag from a handle', 'Hand off (stage → stage) or pass artifacts (tool → tool)'],
      'delete',
      ['Arrow keys', 'Move the selected nodes'],
    ],
  },
  {
    group: 'Editing',
    rows: ['undo', 'redo', 'copy', 'paste', 'duplicate', 'select-all', ['Shift+drag, Ctrl+click', 'Select several'], 'deselect'],
  },
  { group: 'Map', rows: ['map-state-to-stage', ['Drag a state onto a stage', 'Put the state in that stage'], 'auto-layout', 'zoom-to-fit', 'new', 'open', 'save', 'save-as', 'export-png', 'shortcuts'] },
];

export function shortcutTable(s: WindowState): { group: string; rows: Gesture[] }[] {
  return SHORTCUT_GROUPS.map(({ group, rows }) => ({
    group,
    rows: rows.map((row): Gesture => {
      if (typeof row !== 'string') return row;
      const a = action(row);
      return [shortcutsText(a) ?? '', helpText(a, s)];
    }),
  }));
}
