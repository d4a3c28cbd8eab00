// What the window shows around the map: the dialog open (at most one), the notice bar, the
// theme and the recent files.

import { loadRecent, saveRecent, withRecent } from '../editor/recentFiles';
import { applyTheme, loadTheme, type Theme } from '../editor/theme';
import type { RecoveryInfo } from '../generated/wire';
import type { SliceArgs } from './window';

/** What the path dialog asks for, and what happens with the path given. */
export type PathPrompt = {
  title: string;
  action: string;
  extension: string;
  save: boolean;
  initial: string;
  recent: boolean;
  then: (path: string) => void;
};

export type Modal =
  | { kind: 'path'; prompt: PathPrompt }
  | { kind: 'unsaved'; then: () => void }
  | { kind: 'recovery'; info: RecoveryInfo }
  | { kind: 'map-changed'; then?: () => void }
  | { kind: 'shortcuts' }
  | { kind: 'compare' }
  | { kind: 'rename-state' }
  | { kind: 'delete-state' };

export type Notice = { text: string; error: boolean };

export type UiSlice = {
  modal: Modal | null;
  notice: Notice | null;
  theme: Theme;
  recent: string[];
  openModal: (modal: Modal) => void;
  closeModal: () => void;
  /** Shows a notice for a few seconds (longer for an error). */
  say: (text: string, error?: boolean) => void;
  toggleTheme: () => void;
  /** Puts a file at the top of the recent files. */
  remember: (path: string | null | undefined) => void;
};

const NOTICE_MS = { info: 3000, error: 8000 };

function showTheme(theme: Theme): Theme {
  if (typeof document !== 'undefined') applyTheme(theme);
  return theme;
}

export function createUiSlice(set: SliceArgs[0], get: SliceArgs[1]): UiSlice {
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    modal: null,
    notice: null,
    theme: showTheme(loadTheme()),
    recent: loadRecent(),

    openModal: (modal) => set({ modal }),
    closeModal: () => set({ modal: null }),

    say: (text, error = false) => {
      const notice = { text, error };
      clearTimeout(noticeTimer);
      set({ notice });
      noticeTimer = setTimeout(() => get().notice === notice && set({ notice: null }), error ? NOTICE_MS.error : NOTICE_MS.info);
    },

    toggleTheme: () => set((s) => ({ theme: showTheme(s.theme === 'dark' ? 'light' : 'dark') })),

    remember: (path) => {
      if (!path) return;
      const recent = withRecent(get().recent, path);
      saveRecent(recent);
      set({ recent });
    },
  };
}
