// The file actions: new, open, save, save as, import and export, quit. Each asks for a path in
// the path dialog where it needs one, and first about unsaved work where it would be lost.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import { canvasImage, type ImageFormat } from '../editor/exportImage';
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

function exportImage({ store, canvas }: ActionContext, format: ImageFormat): void {
  const element = canvas.element();
  if (!element) return;
  askPath(store, {
    title: `Export the map as ${format.toUpperCase()}`,
    action: 'Export',
    extension: format,
    save: true,
    initial: beside(store, format),
    then: async (path) => {
      const { say } = store.getState();
      try {
        await backend.exportImage(path, await canvasImage(element, format));
        say(`Exported ${path}`);
      } catch (error) {
        say(`Export failed: ${toBackendError(error).message}`, true);
      }
    },
  });
}

const hasMap = (s: { editor: unknown }) => s.editor !== null;
const mapShown = (s: { editor: unknown; tab: string }) => s.editor !== null && s.tab === 'map';

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
    enabled: mapShown,
    perform: (ctx) => exportImage(ctx, 'png'),
  },
  {
    id: 'export-svg',
    label: 'Export SVG…',
    help: 'Export the map as SVG',
    button: 'SVG',
    enabled: mapShown,
    perform: (ctx) => exportImage(ctx, 'svg'),
  },
  {
    id: 'quit',
    label: 'Quit',
    help: 'Quit Flowmap',
    perform: ({ store }) => unlessUnsaved(store, () => void backend.closeWindow()),
  },
];
