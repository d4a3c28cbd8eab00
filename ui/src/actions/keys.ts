// Keyboard shortcuts: how a key press matches an action's shortcut, and how a shortcut is
// written for people (the top bar's tooltips, the `?` list). Pure.

/** A key with Ctrl (or ⌘) held or not; `shift` undefined: with or without Shift. */
export type Shortcut = { key: string; ctrl?: boolean; shift?: boolean };

export type KeyPress = { key: string; ctrl: boolean; shift: boolean; alt: boolean; inField: boolean };

/** What the key handler needs to know of an action. */
export type Keyed = { shortcuts?: readonly Shortcut[]; whileTyping?: boolean };

const normal = (key: string) => (key.length === 1 ? key.toLowerCase() : key);

export function matches(shortcut: Shortcut, press: KeyPress): boolean {
  if (press.alt) return false;
  if ((shortcut.ctrl ?? false) !== press.ctrl) return false;
  if (shortcut.shift !== undefined && shortcut.shift !== press.shift) return false;
  return normal(shortcut.key) === normal(press.key);
}

/**
 * The action a key press runs, if any. In a text field only the actions marked `whileTyping`
 * (saving, opening) take their keys; the field keeps every other key.
 */
export function actionForKey<A extends Keyed>(actions: readonly A[], press: KeyPress): A | null {
  const found = actions.find((a) => a.shortcuts?.some((s) => matches(s, press)));
  if (!found || (press.inField && !found.whileTyping)) return null;
  return found;
}

/** "Ctrl+Shift+Z" */
export function shortcutText(shortcut: Shortcut): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  return `${shortcut.ctrl ? 'Ctrl+' : ''}${shortcut.shift ? 'Shift+' : ''}${key}`;
}

/** "Ctrl+Shift+Z / Ctrl+Y", or null without a shortcut. */
export function shortcutsText(action: Keyed): string | null {
  const all = action.shortcuts ?? [];
  return all.length === 0 ? null : all.map(shortcutText).join(' / ');
}
