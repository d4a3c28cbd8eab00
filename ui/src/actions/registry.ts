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
import { PLAN_ACTIONS } from './plan';
import { STATE_ACTIONS } from './states';
import { VIEW_ACTIONS } from './viewing';
import { WORKSHOP_ACTIONS } from './workshop';

export const ACTIONS: readonly Action[] = [...FILE_ACTIONS, ...EDIT_ACTIONS, ...DRAW_ACTIONS, ...VIEW_ACTIONS, ...WORKSHOP_ACTIONS, ...DATA_ACTIONS, ...STATE_ACTIONS, ...PLAN_ACTIONS];

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

/**
 * The action a key press runs, if any (see keys.ts). Where two actions share a key (Esc:
 * select nothing, or leave presentation mode), the first that can run in `s` takes it.
 */
export function actionForPress(press: KeyPress, s?: WindowState): Action | null {
  const sharing = ACTIONS.filter((a) => actionForKey([a], press) !== null);
  return (s && sharing.find((a) => isEnabled(a, s))) ?? sharing[0] ?? null;
}

/** The native menu: its submenus, each a list of actions and separators ('-'). */
export const MENU: { title: string; items: (ActionId | '-')[] }[] = [
  {
    title: 'File',
    items: ['new', 'open', 'save', 'save-as', '-', 'import-json', 'import-log', 'sync-sources', 'export-json', 'export-png', 'export-svg', 'export-report', '-', 'quit'],
  },
  { title: 'Edit', items: ['undo', 'redo', '-', 'copy', 'paste', 'duplicate', 'delete', 'select-all'] },
  { title: 'View', items: ['auto-layout', 'zoom-to-fit', 'present', 'toggle-theme', '-', 'show-data', 'show-sources', 'show-items', 'items-back', 'show-lineage', 'lineage-back', 'discover-stages', 'map-state-to-stage', '-', 'forecast'] },
  { title: 'States', items: ['new-future-state', 'next-state', 'rename-future-state', 'delete-future-state', '-', 'compare-states'] },
  { title: 'Help', items: ['shortcuts'] },
];

/** A top-bar entry: an action's button, or a button opening a short list of actions. */
export type TopBarEntry = ActionId | { menu: string; items: ActionId[] };

/** The top bar's buttons, in groups; imports and exports sit in lists so the bar fits 1024 px. */
export const TOP_BAR: TopBarEntry[][] = [
  ['new', 'open', 'save', 'save-as'],
  ['undo', 'redo'],
  ['auto-layout', 'zoom-to-fit', 'discover-stages'],
  [
    { menu: 'Import', items: ['import-log', 'import-json'] },
    { menu: 'Export', items: ['export-png', 'export-svg', 'export-report', 'export-json'] },
  ],
  ['toggle-theme', 'shortcuts'],
];

/** Every action the top bar offers, in its lists too. */
export function topBarActions(): ActionId[] {
  return TOP_BAR.flat().flatMap((e) => (typeof e === 'string' ? [e] : e.items));
}

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
      'add-note',
      'add-burst',
      ['Drag from the palette', 'Add it where it is dropped'],
      'rename',
      ['Double-click a node', 'Rename it in place'],
      'edit-estimates',
      ['Drag from a handle', 'Hand off (stage → stage) or pass artifacts (tool → tool)'],
      'delete',
      ['Arrow keys', 'Move the selected nodes'],
    ],
  },
  {
    group: 'Editing',
    rows: ['undo', 'redo', 'copy', 'paste', 'duplicate', 'select-all', ['Shift+drag, Ctrl+click', 'Select several'], 'deselect'],
  },
  { group: 'States of the stream', rows: ['new-future-state', 'next-state', 'compare-states'] },
  { group: 'Map', rows: ['map-state-to-stage', ['Drag a state onto a stage', 'Put the state in that stage'], 'auto-layout', 'zoom-to-fit', 'present', 'end-presentation', 'new', 'open', 'save', 'save-as', 'export-png', 'shortcuts'] },
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
