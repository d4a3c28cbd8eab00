// The window's key handler: a key press runs its action from the registry.

import { actionForPress, isEnabled, perform } from './registry';
import type { ActionContext } from './types';

/** What the key handler reads of a key event (a DOM KeyboardEvent, or a test's stand-in). */
export type KeyEvent = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
  preventDefault: () => void;
};

type Target = { tagName: string; isContentEditable?: boolean; blur?: () => void };

/** Runs the action of a key press, if any. Not while a dialog is open, which has its own keys. */
export function handleKey(e: KeyEvent, ctx: ActionContext): void {
  if (ctx.store.getState().modal) return;
  const target = e.target as Target | null;
  const inField = !!target && (!!target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  const found = actionForPress({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey, alt: e.altKey, inField }, ctx.store.getState());
  if (!found) return;
  // Buttons and links keep their own keys.
  if (!inField && target && ['BUTTON', 'A'].includes(target.tagName) && (e.key === ' ' || e.key === 'Enter')) return;
  e.preventDefault();
  if (!isEnabled(found, ctx.store.getState())) return;
  // The field's value is committed (on blur) before the action runs.
  if (inField) target?.blur?.();
  perform(found.id, ctx);
}
