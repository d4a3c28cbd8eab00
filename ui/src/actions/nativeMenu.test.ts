import { ONLY_CURRENT } from '../editor/fixtures';
import { describe, expect, it, vi } from 'vitest';
import { view } from '../editor/fixtures';

// Tauri's menu API, recorded: what was built, and each item's enabled state as it changes.
type Built = { kind: string; opts: Record<string, unknown>; enabled?: boolean };
const built: Built[] = [];
let appMenu: Built | null = null;
vi.mock('@tauri-apps/api/menu', () => {
  const make = (kind: string) => ({
    new: async (opts: Record<string, unknown> = {}) => {
      const item: Built & { setEnabled: (e: boolean) => Promise<void>; setAsAppMenu: () => Promise<null> } = {
        kind,
        opts,
        enabled: opts.enabled as boolean | undefined,
        setEnabled: async (e) => void (item.enabled = e),
        setAsAppMenu: async () => ((appMenu = item), null),
      };
      built.push(item);
      return item;
    },
  });
  return { Menu: make('menu'), Submenu: make('submenu'), MenuItem: make('item'), PredefinedMenuItem: make('predefined') };
});

const { createWindowStore } = await import('../store/window');
const { installNativeMenu } = await import('./nativeMenu');
const settle = () => new Promise((r) => setTimeout(r, 0));
const item = (id: string) => built.find((b) => b.kind === 'item' && b.opts.id === id)!;

describe('the native menu', () => {
  it('is built from the registry, without accelerators, and follows enabled-when', async () => {
    const store = createWindowStore();
    store.setState({ editor: { view, dirty: false, can_undo: false, can_redo: false, title: '', states: ONLY_CURRENT } });
    const ran: string[] = [];
    const stop = installNativeMenu(store, (id) => ran.push(id));
    await settle();
    await settle();
    const submenus = built.filter((b) => b.kind === 'submenu').map((b) => b.opts.text);
    expect(submenus).toEqual(['File', 'Edit', 'View', 'States', 'Help']);
    expect(appMenu?.kind).toBe('menu');
    expect(built.filter((b) => b.kind === 'item').every((b) => b.opts.accelerator === undefined)).toBe(true);
    expect(built.filter((b) => b.kind === 'predefined').map((b) => b.opts.item)).toEqual(['Separator', 'Separator', 'Separator', 'Separator', 'Separator', 'Separator']);
    expect(item('save-as').opts.text).toBe('Save as…');

    expect(item('undo').enabled).toBe(false);
    expect(item('copy').enabled).toBe(false);
    store.setState({ editor: { view, dirty: true, can_undo: true, can_redo: false, title: '', states: ONLY_CURRENT } });
    store.getState().select({ nodes: new Set(['plan']), edges: new Set() });
    expect(item('undo').enabled).toBe(true);
    expect(item('copy').enabled).toBe(true);
    expect(item('redo').enabled).toBe(false);

    (item('shortcuts').opts.action as (id: string) => void)('shortcuts');
    expect(ran).toEqual(['shortcuts']);

    stop();
    store.getState().select({ nodes: new Set(), edges: new Set() });
    expect(item('copy').enabled).toBe(true);
  });
});
