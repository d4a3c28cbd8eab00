import { describe, expect, it } from 'vitest';
import { ONLY_CURRENT, view } from '../editor/fixtures';
import { createWindowStore } from '../store/window';
import { faultText } from './panels';

describe('what a failed panel says', () => {
  const store = createWindowStore();
  store.setState({ editor: { view, dirty: false, can_undo: false, can_redo: false, title: '', states: ONLY_CURRENT } });

  it('names the panel, what it was showing and the error', () => {
    store.getState().select({ nodes: new Set(['test']), edges: new Set() });
    expect(faultText('stage-panel', store.getState(), new Error('boom'))).toBe('The stage panel failed while showing Test: boom');
    expect(faultText('map-canvas', store.getState(), new Error('boom'))).toBe('The map failed while drawing “Small” with Test selected: boom');
    store.getState().select({ nodes: new Set(), edges: new Set() });
    expect(faultText('stage-panel', store.getState(), 'lost')).toBe('The stage panel failed while showing where work waits: lost');
    store.getState().openModal({ kind: 'shortcuts' });
    expect(faultText('dialog', store.getState(), new Error('x'))).toBe('The dialog failed while showing the keyboard shortcuts dialog: x');
  });
});
