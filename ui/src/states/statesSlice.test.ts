import { describe, expect, it } from 'vitest';
import { ONLY_CURRENT, view } from '../editor/fixtures';
import type { EditorState } from '../generated/wire';
import { nextFutureName, shownState } from '../store/statesSlice';

const editor = (states: EditorState['states']): EditorState => ({ view, dirty: false, can_undo: false, can_redo: false, title: '', states });

describe('the states of the stream', () => {
  it('names a new future state with a name no state has', () => {
    expect(nextFutureName(editor(ONLY_CURRENT))).toBe('Future state');
    const two = { shown: 'f1', states: [...ONLY_CURRENT.states, { id: 'f1', name: 'Future state' }, { id: 'f2', name: 'Future state 2' }] };
    expect(nextFutureName(editor(two))).toBe('Future state 3');
    expect(shownState(editor(two))).toBe('f1');
    expect(shownState(editor(ONLY_CURRENT))).toBe(null);
    expect(shownState(null)).toBe(null);
  });
});
