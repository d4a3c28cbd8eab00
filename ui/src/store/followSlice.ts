// The window following its file: while the window is visible, the backend is asked about every
// second how the open file stands against other writers (the CLI, a sync, another window). The
// backend follows what they committed (item counts, nodes they added; the whole stored map when
// nothing is unsaved); when the file's data version moves, the window takes the editor state
// and the figures again. Unsaved edits stay: they live in the core's session. When another
// writer changed the map itself while edits are unsaved, `mapChanged` says that Save will be
// refused (the notice offers Save As or Reopen).

import * as backend from '../backend';
import type { SliceArgs, WindowStore } from './window';

/** How often a visible window asks about its file. */
export const FOLLOW_MS = 1000;

export type FollowSlice = {
  /** Another writer changed the map while edits are unsaved: Save will be refused. */
  mapChanged: boolean;
  /** Asks once how the file stands, and takes the map and figures again when it moved. */
  followFile: () => Promise<void>;
};

export function createFollowSlice(set: SliceArgs[0], get: SliceArgs[1]): FollowSlice {
  /** The file and data version last seen; another map shown starts afresh. */
  let seen = { key: '', version: -1 };
  let asking = false;

  return {
    mapChanged: false,

    followFile: async () => {
      const { editor, opened, serially } = get();
      if (asking || !editor?.file) return;
      const key = `${opened}\u0000${editor.file}`;
      asking = true;
      try {
        const changes = await serially(() => backend.fileChanges());
        // The first answer for a map: another writer may have committed since it was shown.
        const first = seen.key !== key;
        const moved = !first && seen.version !== changes.data_version;
        seen = { key, version: changes.data_version };
        if (get().mapChanged !== changes.map_changed) set({ mapChanged: changes.map_changed });
        if (!first && !moved) return;
        const before = get().editor?.view;
        const next = await serially(() => backend.editorState());
        get().receive(next);
        if (moved || next.view.items !== before?.items || next.view.transitions !== before?.transitions) get().refreshFlow();
      } catch {
        // Asked again in a second; a file that cannot be read shows its error when used.
      } finally {
        asking = false;
      }
    },
  };
}

/** Follows the file every `every` ms while the page is visible; returns what stops it. */
export function followWhileVisible(store: WindowStore, every = FOLLOW_MS): () => void {
  const ask = () => {
    if (typeof document === 'undefined' || !document.hidden) void store.getState().followFile();
  };
  const timer = setInterval(ask, every);
  document.addEventListener('visibilitychange', ask);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', ask);
  };
}
