// The states of the stream: which one is shown (the core holds it; `editor.states` is what it
// last sent), making, renaming and deleting future states, and the comparison of a future
// state with the current one.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { EditorState, StateComparison, StateId, WhatIfView } from '../generated/wire';
import type { SliceArgs } from './window';

export type StatesSlice = {
  /** The comparison shown in the Compare dialog, once computed. */
  comparison: StateComparison | null;
  /**
   * The what-if of the compared future state on the measured items, once simulated; or why it
   * could not be (no data, nothing completed in the window).
   */
  whatIf: { view: WhatIfView } | { refused: string } | null;
  /** Shows a state (`null`: the current state): the canvas is drawn afresh, nothing selected. */
  showState: (id: StateId | null) => Promise<void>;
  /** Makes a future state from the current one ("Future state 2") and shows it. */
  createFutureState: () => Promise<void>;
  /** Renames a future state; resolves to the reason when refused, null when done. */
  renameFutureState: (id: StateId, name: string) => Promise<string | null>;
  deleteFutureState: (id: StateId) => Promise<void>;
  /** Compares a future state with the current one, under the flow view's filters. */
  compareStates: (id: StateId) => Promise<void>;
};

/** The state shown, and the future states, of what the core last sent. */
export function shownState(editor: EditorState | null): StateId | null {
  return editor?.states.shown ?? null;
}

/** A name for the next future state that no state has yet. */
export function nextFutureName(editor: EditorState | null): string {
  const names = new Set(editor?.states.states.map((s) => s.name) ?? []);
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'Future state' : `Future state ${n}`;
    if (!names.has(name)) return name;
  }
}

export function createStatesSlice(set: SliceArgs[0], get: SliceArgs[1]): StatesSlice {
  /** A call that replaces the state shown: drawn afresh, figures recomputed. */
  const switchTo = (call: () => Promise<EditorState>, done?: string) =>
    get()
      .serially(call)
      .then(
        (next) => {
          get().show(next);
          if (done) get().say(done);
        },
        (error) => get().say(toBackendError(error).message, true),
      );
  return {
    comparison: null,
    whatIf: null,
    showState: (id) => switchTo(() => backend.showState(id)),
    createFutureState: () => {
      const name = nextFutureName(get().editor);
      return switchTo(() => backend.createFutureState(name), `Made “${name}”, a copy of the current state: change it freely`);
    },
    renameFutureState: (id, name) =>
      get()
        .serially(() => backend.renameFutureState(id, name))
        .then(
          (next) => {
            get().receive(next);
            return null;
          },
          (error) => toBackendError(error).message,
        ),
    deleteFutureState: (id) => switchTo(() => backend.deleteFutureState(id)),
    compareStates: async (id) => {
      set({ comparison: null, whatIf: null });
      get().openModal({ kind: 'compare' });
      try {
        const comparison = await get().serially(() => backend.compareStates(id, get().filters));
        set({ comparison });
      } catch (error) {
        get().closeModal();
        get().say(toBackendError(error).message, true);
        return;
      }
      const f = get().filters;
      const request = { state: id, changes: [], flow_item_type: f.flow_item_type, sources: f.sources, now: f.now, window_days: null };
      try {
        const view = await get().serially(() => backend.whatIf(request));
        set({ whatIf: { view } });
      } catch (error) {
        set({ whatIf: { refused: toBackendError(error).message } });
      }
    },
  };
}
