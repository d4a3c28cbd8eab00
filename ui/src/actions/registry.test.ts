import { ONLY_CURRENT } from '../editor/fixtures';
import { describe, expect, it } from 'vitest';
import { view as fixtureView } from '../editor/fixtures';
import { createWindowStore } from '../store/window';
import { actionForKey, shortcutText } from './keys';
import { action, ACTIONS, actionForPress, buttonTitle, isEnabled, MENU, shortcutTable, topBarActions } from './registry';

const press = (key: string, mods: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; inField: boolean }> = {}) =>
  actionForPress({ key, ctrl: false, shift: false, alt: false, inField: false, ...mods })?.id ?? null;

describe('the keys of the registry', () => {
  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z or Ctrl+Y', () => {
    expect(press('z', { ctrl: true })).toBe('undo');
    expect(press('Z', { ctrl: true, shift: true })).toBe('redo');
    expect(press('y', { ctrl: true })).toBe('redo');
  });

  it('adds nodes with single letters, but not while typing', () => {
    expect(press('s')).toBe('add-stage');
    expect(press('t')).toBe('add-tool');
    expect(press('p')).toBe('add-partner');
    expect(press('c')).toBe('add-customer');
    expect(press('S', { shift: true })).toBeNull();
    expect(press('s', { inField: true })).toBeNull();
    expect(press('Backspace', { inField: true })).toBeNull();
    expect(press('z', { ctrl: true, inField: true })).toBeNull();
    expect(press('c', { ctrl: true, inField: true })).toBeNull();
    expect(press('a', { ctrl: true, inField: true })).toBeNull();
  });

  it('saves and opens from anywhere, even a field', () => {
    expect(press('s', { ctrl: true, inField: true })).toBe('save');
    expect(press('S', { ctrl: true, shift: true })).toBe('save-as');
    expect(press('S', { ctrl: true, shift: true, inField: true })).toBe('save-as');
    expect(press('o', { ctrl: true, inField: true })).toBe('open');
    expect(press('n', { ctrl: true, inField: true })).toBe('new');
  });

  it('knows the rest and ignores what it does not know', () => {
    expect(press('?', { shift: true })).toBe('shortcuts');
    expect(press('Delete')).toBe('delete');
    expect(press('Backspace')).toBe('delete');
    expect(press('Escape')).toBe('deselect');
    expect(press('c', { ctrl: true })).toBe('copy');
    expect(press('v', { ctrl: true })).toBe('paste');
    expect(press('d', { ctrl: true })).toBe('duplicate');
    expect(press('a', { ctrl: true })).toBe('select-all');
    expect(press('E', { ctrl: true, shift: true })).toBe('export-png');
    expect(press('e', { ctrl: true })).toBeNull();
    expect(press('l')).toBe('auto-layout');
    expect(press('f')).toBe('zoom-to-fit');
    expect(press('x')).toBeNull();
    expect(press('s', { alt: true })).toBeNull();
  });

  it('gives no key press to two actions', () => {
    const mods = [false, true];
    for (const a of ACTIONS) {
      for (const s of a.shortcuts ?? []) {
        for (const shift of s.shift === undefined ? mods : [s.shift]) {
          const p = { key: s.key, ctrl: s.ctrl ?? false, shift, alt: false, inField: false };
          const claimed = ACTIONS.filter((b) => actionForKey([b], p) !== null).map((b) => b.id);
          // Esc is shared by two actions that never run in the same state.
          const shared = s.key === 'Escape' ? ['deselect', 'end-presentation'] : [a.id];
          expect(claimed, `${shortcutText(s)} (shift ${shift})`).toEqual(shared);
        }
      }
    }
  });
});

describe('the workshop keys', () => {
  it('gives Esc to presentation mode while presenting, else to select nothing', () => {
    const store = createWindowStore();
    store.setState({ editor: { view: { name: 'm', nodes: [], edges: [] } } as never });
    const esc = { key: 'Escape', ctrl: false, shift: false, alt: false, inField: false };
    expect(actionForPress(esc, store.getState())?.id).toBe('deselect');
    store.setState({ presenting: true });
    expect(actionForPress(esc, store.getState())?.id).toBe('end-presentation');
    expect(press('F5')).toBe('present');
    expect(press('F2')).toBe('rename');
    expect(press('Enter')).toBe('rename');
    expect(press('e')).toBe('edit-estimates');
  });
});

describe('one registry for the menu, the top bar and the ? list', () => {
  it('builds the native menu File, Edit, View, States, Help with the labels the app has always shown', () => {
    const labels = MENU.map(({ title, items }) => [title, items.map((id) => (id === '-' ? '-' : action(id).label))]);
    expect(labels).toEqual([
      ['File', ['New map', 'Open…', 'Save', 'Save as…', '-', 'Import JSON…', 'Import event log…', 'Sync all sources', 'Export JSON…', 'Export PNG…', 'Export SVG…', 'Export report (PDF)…', '-', 'Quit']],
      ['Edit', ['Undo', 'Redo', '-', 'Copy', 'Paste', 'Duplicate', 'Delete', 'Select all']],
      ['View', ['Auto-layout', 'Zoom to fit', 'Presentation mode', 'Light / dark theme', '-', 'Data', 'Sources', 'Items', 'Back to the map', 'Lineage', 'Back from the lineage', 'Discover stages…', 'Map state to selected stage', '-', 'Forecast']],
      ['States', ['New future state', 'Show the next state', 'Rename the future state', 'Delete the future state', '-', 'Compare with the current state']],
      ['Help', ['Keyboard shortcuts']],
    ]);
  });

  it('shows the Data view and imports a log from it', () => {
    const store = createWindowStore();
    store.setState({ editor: { view: { path: '', name: 'm', nodes: [], edges: [], flow_order: [], critical_path: [], items: 0, transitions: 0 }, file: '/tmp/m.flowmap', dirty: false, can_undo: false, can_redo: false, title: '', states: ONLY_CURRENT } });
    const ctx = { store, canvas: null as never };
    action('show-data').perform(ctx);
    expect(store.getState().tab).toBe('data');
    store.getState().setTab('map');
    action('import-log').perform(ctx);
    expect(store.getState().tab).toBe('data');
    store.setState({ job: { id: 1, what: '', state: 'running', phase: 'writing', done: 0, total: 1, report: null, sources: [], sync: null, summary: null, dry_run: null, error: null } });
    expect(action('import-log').enabled?.(store.getState())).toBe(false);
    expect(action('sync-sources').enabled?.(store.getState())).toBe(false);
  });

  it('shows the sources first and cannot sync a map without a file', () => {
    const store = createWindowStore();
    expect(store.getState().dataPanel).toBe('sources');
    store.setState({ editor: { view: { path: '', name: 'm', nodes: [], edges: [], flow_order: [], critical_path: [], items: 0, transitions: 0 }, dirty: false, can_undo: false, can_redo: false, title: '', states: ONLY_CURRENT } });
    expect(action('sync-sources').enabled?.(store.getState())).toBe(false);
    action('show-sources').perform({ store, canvas: null as never });
    expect(store.getState().tab).toBe('data');
  });

  it('discovers only with data, and maps a state only with a state and one stage selected', () => {
    const store = createWindowStore();
    const noItems = { path: '', name: 'm', nodes: [], edges: [], flow_order: [], critical_path: [], items: 0, transitions: 0 };
    store.setState({ editor: { view: noItems, file: '/tmp/m.flowmap', dirty: false, can_undo: false, can_redo: false, title: '', states: ONLY_CURRENT } });
    expect(isEnabled(action('discover-stages'), store.getState())).toBe(false);
    store.setState({ editor: { view: { ...fixtureView, items: 3 }, file: '/tmp/m.flowmap', dirty: false, can_undo: false, can_redo: false, title: '', states: ONLY_CURRENT } });
    expect(isEnabled(action('discover-stages'), store.getState())).toBe(true);
    const mapState = action('map-state-to-stage');
    expect(isEnabled(mapState, store.getState())).toBe(false);
    store.getState().selectState('log\u0000In review');
    expect(isEnabled(mapState, store.getState())).toBe(false);
    store.getState().select({ nodes: new Set(['test']), edges: new Set() });
    expect(isEnabled(mapState, store.getState())).toBe(true);
    expect(mapState.shortcuts).toEqual([{ key: 'm', shift: false }]);
  });

  it('writes each button’s first keys in its tooltip', () => {
    const s = createWindowStore().getState();
    expect(buttonTitle(action('redo'), s)).toBe('Redo (Ctrl+Shift+Z)');
    expect(buttonTitle(action('save-as'), s)).toBe('Save as (Ctrl+Shift+S)');
    expect(buttonTitle(action('export-svg'), s)).toBe('Export the map as SVG');
    expect(topBarActions()).toContain('toggle-theme');
    expect(topBarActions()).toEqual(expect.arrayContaining(['import-log', 'export-png', 'export-svg']));
  });

  it('lists every action that has keys in the ? list, with the registry’s keys', () => {
    const table = shortcutTable(createWindowStore().getState());
    const rows = new Map(table.flatMap((g) => g.rows).map(([keys, what]) => [what, keys]));
    for (const a of ACTIONS.filter((x) => x.shortcuts)) {
      expect(rows.get(typeof a.help === 'string' ? a.help : ''), a.id).toBe(a.shortcuts!.map(shortcutText).join(' / '));
    }
    expect(rows.get('Redo')).toBe('Ctrl+Shift+Z / Ctrl+Y');
    expect(rows.get('Delete what is selected')).toBe('Delete / Backspace');
    expect(rows.get('Move the selected nodes')).toBe('Arrow keys');
  });
});
