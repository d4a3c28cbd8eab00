// The file actions: new, open, save, save as, import and export, quit. Each asks for a path in
// the path dialog where it needs one, and first about unsaved work where it would be lost.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { PathPrompt } from '../store/uiSlice';
import type { WindowStore } from '../store/window';
import type { Action, ActionContext } from './types';

/** Runs `then` at once when nothing is unsaved; otherwise asks first. */
export function unlessUnsaved(store: WindowStore, then: () => void): void {
  if (store.getState().editor?.dirty) store.getState().openModal({ kind: 'unsaved', then });
  else then();
}

function askPath(store: WindowStore, prompt: Omit<PathPrompt, 'initial' | 'recent'> & Partial<PathPrompt>): void {
  store.getState().openModal({ kind: 'path', prompt: { initial: '', recent: false, ...prompt } });
}

/** The open map's file with another extension, as a suggestion for an export. */
function beside(store: WindowStore, extension: string): string {
  return store.getState().editor?.file?.replace(/\.flowmap$/, `.${extension}`) ?? '';
}

export function saveAs(store: WindowStore, then?: () => void): void {
  const { serially, receive, remember, say } = store.getState();
  askPath(store, {
    title: 'Save the map as',
    action: 'Save',
    extension: 'flowmap',
    save: true,
    initial: store.getState().editor?.file ?? '',
    then: (path) =>
      void serially(() => backend.saveMapAs(path)).then(
        (next) => {
          receive(next);
          remember(next.file);
          say(`Saved to ${path}`);
          then?.();
        },
        (error) => say(toBackendError(error).message, true),
      ),
  });
}

/** Saves to the map's file, or asks where when it has none; `then` once it is saved. */
export function save(store: WindowStore, then?: () => void): void {
  const { editor, serially, receive, say, openModal } = store.getState();
  if (!editor?.file) return saveAs(store, then);
  void serially(() => backend.saveMap()).then(
    (next) => {
      receive(next);
      say('Saved');
      then?.();
    },
    (error) => {
      const refused = toBackendError(error);
      // Another program changed the map: offer Save As or Reopen rather than a bare error.
      if (refused.code === 'map_changed') openModal({ kind: 'map-changed', then });
      else say(refused.message, true);
    },
  );
}

type ExportKind = 'png' | 'svg' | 'pdf';

/**
 * Exports what the window shows, drawn by the backend from the map and its figures (the same
 * drawing as `flowmap export`): the map as PNG or SVG (title, heat, legend, ladder, as-of), or
 * the one-page report as PDF. The filters, overlay and percentile are the window's.
 */
function exportFile({ store }: ActionContext, kind: ExportKind): void {
  const what = kind === 'pdf' ? 'the report as PDF' : `the map as ${kind.toUpperCase()}`;
  askPath(store, {
    title: `Export ${what}`,
    action: 'Export',
    extension: kind,
    save: true,
    initial: beside(store, kind),
    then: async (path) => {
      const { say, filters, mode, percentile } = store.getState();
      const request = { filters, overlay: mode, percentile };
      try {
        await (kind === 'pdf' ? backend.exportReport(path, request) : backend.exportMap(path, request));
        say(`Exported ${path}`);
      } catch (error) {
        say(`Export failed: ${toBackendError(error).message}`, true);
      }
    },
  });
}

const hasMap = (s: { editor: unknown }) => s.editor !== null;

export const FILE_ACTIONS: Action[] = [
  {
    id: 'new',
    label: 'New map',
    help: 'New map',
    button: 'New',
    shortcuts: [{ key: 'n', ctrl: true }],
    whileTyping: true,
    enabled: hasMap,
    perform: ({ store }) => unlessUnsaved(store, () => void store.getState().replaceWith(backend.newMap)),
  },
  {
    id: 'open',
    label: 'Open…',
    help: 'Open a map',
    button: 'Open',
    shortcuts: [{ key: 'o', ctrl: true }],
    whileTyping: true,
    enabled: hasMap,
    perform: ({ store }) =>
      unlessUnsaved(store, () =>
        askPath(store, {
          title: 'Open a map',
          action: 'Open',
          extension: 'flowmap',
          save: false,
          recent: true,
          then: (path) => void store.getState().replaceWith(() => backend.openMap(path)),
        }),
      ),
  },
  {
    id: 'save',
    label: 'Save',
    help: 'Save',
    button: 'Save',
    shortcuts: [{ key: 's', ctrl: true, shift: false }],
    whileTyping: true,
    enabled: hasMap,
    perform: ({ store }) => save(store),
  },
  {
    id: 'save-as',
    label: 'Save as…',
    help: 'Save as',
    button: 'Save as',
    shortcuts: [{ key: 's', ctrl: true, shift: true }],
    whileTyping: true,
    enabled: hasMap,
    perform: ({ store }) => saveAs(store),
  },
  {
    id: 'import-json',
    label: 'Import JSON…',
    help: 'Import a map from JSON',
    button: 'Import',
    enabled: hasMap,
    perform: ({ store }) =>
      unlessUnsaved(store, () =>
        askPath(store, {
          title: 'Import a map from JSON',
          action: 'Import',
          extension: 'json',
          save: false,
          then: (path) => void store.getState().replaceWith(() => backend.importJson(path), 'Imported: save it to keep it'),
        }),
      ),
  },
  {
    id: 'export-json',
    label: 'Export JSON…',
    help: 'Export the map as JSON',
    button: 'JSON',
    enabled: hasMap,
    perform: ({ store }) =>
      askPath(store, {
        title: 'Export the map as JSON',
        action: 'Export',
        extension: 'json',
        save: true,
        initial: beside(store, 'json'),
        then: (path) =>
          void backend.exportJson(path).then(
            () => store.getState().say(`Exported ${path}`),
            (error) => store.getState().say(toBackendError(error).message, true),
          ),
      }),
  },
  {
    id: 'export-png',
    label: 'Export PNG…',
    help: 'Export the map as PNG',
    button: 'PNG',
    shortcuts: [{ key: 'e', ctrl: true, shift: true }],
    enabled: hasMap,
    perform: (ctx) => exportFile(ctx, 'png'),
  },
  {
    id: 'export-svg',
    label: 'Export SVG…',
    help: 'Export the map as SVG',
    button: 'SVG',
    enabled: hasMap,
    perform: (ctx) => exportFile(ctx, 'svg'),
  },
  {
    id: 'export-report',
    label: 'Export report (PDF)…',
    help: 'Export a one-page report of the map and its flow as PDF',
    button: 'Report',
    enabled: hasMap,
    perform: (ctx) => exportFile(ctx, 'pdf'),
  },
  {
    id: 'quit',
    label: 'Quit',
    help: 'Quit Flowmap',
    perform: ({ store }) => unlessUnsaved(store, () => void backend.closeWindow()),
  },
];
