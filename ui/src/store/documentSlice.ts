// The map being edited, as the Rust core last sent it, what is selected on it, and the one
// queue every backend call that changes it goes through.

import * as backend from '../backend';
import { toBackendError, type BackendError } from '../backend';
import type { Clipboard } from '../editor/edits';
import type { Edit, EditorState, MapView } from '../generated/wire';
import type { SliceArgs } from './window';

export type Selection = { nodes: ReadonlySet<string>; edges: ReadonlySet<string> };
export const NO_SELECTION: Selection = { nodes: new Set(), edges: new Set() };

/** A change of one node's or edge's selection, as React Flow reports a click or a drag box. */
export type SelectChange = { id: string; selected: boolean };

export type DocumentSlice = {
  /** The map and its undo state, as the core holds them; null until the first answer. */
  editor: EditorState | null;
  /** Why the map the app was started with could not be shown. */
  startError: BackendError | null;
  /** Counts the maps shown (opened, new, restored): the canvas is drawn afresh for each. */
  opened: number;
  selection: Selection;
  /** A node just added: its name field takes the focus. */
  justAdded: string | null;
  /** What Copy kept, and how often it was pasted since (each paste lands a little further). */
  clipboard: Clipboard | null;
  pastes: number;

  /** Asks for the map the app opened (once, however often it is called). */
  start: () => Promise<void>;
  /** Shows another map (opened, new, restored): drawn afresh, nothing selected. */
  show: (next: EditorState) => void;
  /** The same map in a new state (an edit, undo, save). */
  receive: (next: EditorState) => void;
  select: (selection: Selection) => void;
  /** Applies React Flow's selection changes of nodes or edges to the selection. */
  selectChanged: (kind: 'nodes' | 'edges', changes: SelectChange[]) => void;
  /** Runs backend calls one after another, in the order the user made them. */
  serially: <T>(task: () => Promise<T>) => Promise<T>;
  /** Applies an edit; resolves to the core's reason when it refuses it, null when applied. */
  commit: (edit: Edit, select?: 'created') => Promise<string | null>;
  /**
   * Applies the edit `build` makes from the map as it stands when the edit's turn comes (after
   * every edit sent before it): a field that changes one value of a node keeps the others.
   */
  commitWith: (build: (view: MapView) => Edit | null, select?: 'created') => Promise<string | null>;
  history: (which: 'undo' | 'redo') => Promise<void>;
  /** A backend call that replaces the map shown (open, new, import, restore). */
  replaceWith: (call: () => Promise<EditorState>, done?: string) => Promise<void>;
};

export function createDocumentSlice(set: SliceArgs[0], get: SliceArgs[1]): DocumentSlice {
  let queue: Promise<unknown> = Promise.resolve();
  let started: Promise<void> | null = null;

  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const startOnce = async () => {
    try {
      get().show(await backend.editorState());
      const info = await backend.recoveryInfo();
      if (info) get().openModal({ kind: 'recovery', info });
    } catch (error) {
      set({ startError: toBackendError(error) });
    }
  };

  return {
    editor: null,
    startError: null,
    opened: 0,
    selection: NO_SELECTION,
    justAdded: null,
    clipboard: null,
    pastes: 0,

    start: () => (started ??= startOnce()),

    show: (next) => {
      set((s) => ({ editor: next, selection: NO_SELECTION, justAdded: null, opened: s.opened + 1, startError: null }));
      get().cancelDiscovery();
      get().remember(next.file);
      get().syncFlow();
    },

    receive: (next) => {
      set({ editor: next });
      get().syncFlow();
      // The mapping follows the stages' state lists (an edit, Undo, Redo): a table shown follows.
      if (get().mapping) void get().loadMapping();
    },

    select: (selection) => set({ selection }),

    selectChanged: (kind, changes) => {
      if (changes.length === 0) return;
      const current = get().selection;
      const ids = new Set(current[kind]);
      for (const c of changes) {
        if (c.selected) ids.add(c.id);
        else ids.delete(c.id);
      }
      if (sameIds(ids, current[kind])) return;
      set({ selection: { ...current, [kind]: ids } });
    },

    serially,

    commit: (edit, select) => get().commitWith(() => edit, select),

    commitWith: (build, select) =>
      serially(async () => {
        const view = get().editor?.view;
        const edit = view ? build(view) : null;
        if (!edit) return null;
        try {
          const outcome = await backend.applyEdit(edit);
          get().receive(outcome.state);
          if (select === 'created' && outcome.created_nodes.length > 0) {
            set({ selection: { nodes: new Set(outcome.created_nodes), edges: new Set(outcome.created_edges) } });
          }
          return null;
        } catch (error) {
          return toBackendError(error).message;
        }
      }),

    history: (which) =>
      serially(async () => {
        const current = get().editor;
        if (!current || (which === 'undo' ? !current.can_undo : !current.can_redo)) return;
        get().receive(await (which === 'undo' ? backend.undo() : backend.redo()));
      }).catch((error) => get().say(toBackendError(error).message, true)),

    replaceWith: (call, done) =>
      serially(call).then(
        (next) => {
          get().show(next);
          if (done) get().say(done);
        },
        (error) => get().say(toBackendError(error).message, true),
      ),
  };
}

export function sameIds(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
