import { ONLY_CURRENT } from '../editor/fixtures';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { view } from '../editor/fixtures';
import { createWindowStore, type WindowStore } from '../store/window';
import { handleKey, type KeyEvent } from './keyHandler';
import type { ActionContext } from './types';

let store: WindowStore;
let ctx: ActionContext;
const canvas = {
  fitView: vi.fn(),
  setCenter: vi.fn(),
  getZoom: () => 1,
  screenToFlowPosition: (p: { x: number; y: number }) => p,
  flowToScreenPosition: (p: { x: number; y: number }) => p,
  element: () => null,
};

function key(k: string, mods: Partial<KeyEvent> = {}, target: { tagName: string; isContentEditable?: boolean; blur?: () => void } = { tagName: 'DIV' }) {
  const e = { key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: target as unknown as EventTarget, preventDefault: vi.fn(), ...mods };
  handleKey(e, ctx);
  return e;
}

beforeEach(() => {
  store = createWindowStore();
  store.setState({ editor: { view, dirty: false, can_undo: false, can_redo: false, title: '', states: ONLY_CURRENT } });
  ctx = { store, canvas };
  canvas.fitView.mockClear();
});

describe('the key handler', () => {
  it('runs the action of a key and keeps the key from the page', () => {
    const e = key('f');
    expect(canvas.fitView).toHaveBeenCalledOnce();
    expect(e.preventDefault).toHaveBeenCalled();
    key('a', { ctrlKey: true });
    expect(store.getState().selection.nodes.size).toBe(view.nodes.length);
    key('Escape');
    expect(store.getState().selection.nodes.size).toBe(0);
    key('?', { shiftKey: true });
    expect(store.getState().modal?.kind).toBe('shortcuts');
  });

  it('leaves text fields their keys, except saving and opening, which commit the field first', () => {
    const blur = vi.fn();
    const input = { tagName: 'INPUT', blur };
    const typed = key('f', {}, input);
    expect(typed.preventDefault).not.toHaveBeenCalled();
    expect(key('z', { ctrlKey: true }, { tagName: 'TEXTAREA' }).preventDefault).not.toHaveBeenCalled();
    expect(key('a', { ctrlKey: true }, { tagName: 'DIV', isContentEditable: true }).preventDefault).not.toHaveBeenCalled();
    expect(canvas.fitView).not.toHaveBeenCalled();
    const saved = key('o', { ctrlKey: true }, input);
    expect(saved.preventDefault).toHaveBeenCalled();
    expect(blur).toHaveBeenCalledOnce();
    expect(store.getState().modal?.kind).toBe('path');
  });

  it('does nothing while a dialog is open, or for an action that cannot run', () => {
    store.getState().openModal({ kind: 'shortcuts' });
    expect(key('f').preventDefault).not.toHaveBeenCalled();
    store.getState().closeModal();
    // Nothing to undo: the key is still the editor's, but nothing happens.
    const undo = key('z', { ctrlKey: true });
    expect(undo.preventDefault).toHaveBeenCalled();
    expect(canvas.fitView).not.toHaveBeenCalled();
    // A focused button keeps Enter and Space.
    expect(key('Enter', {}, { tagName: 'BUTTON' }).preventDefault).not.toHaveBeenCalled();
  });
});
