// The app window's native menu (File, Edit, View, Help), built from the action registry: each
// item runs its action, and is enabled when the action can run. Items carry no accelerators:
// they would take Ctrl+Z and Ctrl+C from text fields; the keys are the UI's (see keys.ts) and
// Help → Keyboard shortcuts lists them.

import { Menu, MenuItem, PredefinedMenuItem, Submenu } from '@tauri-apps/api/menu';
import type { WindowStore } from '../store/window';
import { action, isEnabled, MENU } from './registry';
import type { ActionId } from './types';

/**
 * Makes the menu the app's and keeps each item's enabled state with its action's. `run` runs a
 * chosen action. Returns a function that stops following the store.
 */
export function installNativeMenu(store: WindowStore, run: (id: ActionId) => void): () => void {
  let stopped = false;
  let unsubscribe = () => {};
  void (async () => {
    const items = new Map<ActionId, { item: MenuItem; enabled: boolean }>();
    const submenus = [];
    for (const { title, items: ids } of MENU) {
      const entries = [];
      for (const id of ids) {
        if (id === '-') {
          entries.push(await PredefinedMenuItem.new({ item: 'Separator' }));
          continue;
        }
        const enabled = isEnabled(action(id), store.getState());
        const item = await MenuItem.new({ id, text: action(id).label, enabled, action: () => run(id) });
        items.set(id, { item, enabled });
        entries.push(item);
      }
      submenus.push(await Submenu.new({ text: title, items: entries }));
    }
    if (stopped) return;
    await (await Menu.new({ items: submenus })).setAsAppMenu();
    const follow = () => {
      const state = store.getState();
      for (const [id, entry] of items) {
        const enabled = isEnabled(action(id), state);
        if (enabled === entry.enabled) continue;
        entry.enabled = enabled;
        entry.item.setEnabled(enabled).catch((error: unknown) => console.error(`menu: enabling ${id}:`, error));
      }
    };
    if (stopped) return;
    unsubscribe = store.subscribe(follow);
    follow();
  })().catch((error: unknown) => console.error('menu: could not build the native menu:', error));
  return () => {
    stopped = true;
    unsubscribe();
  };
}
