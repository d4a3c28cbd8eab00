// The Data view's Sources tab: the sources the backend last listed, the form open (adding one,
// or editing one by name), the last connection test, and the sync job, polled until it ends.
// When a sync has written, the map follows its file (as after an import) so the heat updates.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { AddSource, ApiError, ConnectionAccepted, Credentials, JobStatus, SourcesView, TestConnection, UpdateSource } from '../generated/wire';
import { failureText } from '../data/sourceKinds';
import type { SliceArgs } from './window';

export type SourceFormMode = { mode: 'add' } | { mode: 'edit'; name: string };

export type ConnectionTestState =
  | { state: 'testing' }
  | { state: 'accepted'; result: ConnectionAccepted }
  | { state: 'failed'; error: ApiError; text: string };

export type SourcesSlice = {
  sources: SourcesView | null;
  sourcesError: string | null;
  sourceForm: SourceFormMode | null;
  connectionTest: ConnectionTestState | null;
  /** The sync running, or the last one. */
  syncJob: JobStatus | null;
  loadSources: () => Promise<void>;
  openSourceForm: (form: SourceFormMode | null) => void;
  testConnection: (test: TestConnection, url: string | null) => Promise<void>;
  /** Adds a source; true when it was added (the form closes). */
  addSource: (source: AddSource, credentials: Credentials | null) => Promise<boolean>;
  updateSource: (name: string, update: UpdateSource, credentials: Credentials | null) => Promise<boolean>;
  removeSource: (name: string, dropItems: boolean) => Promise<void>;
  startSync: (source: string | null) => Promise<void>;
  /** Fetches what a sync of `source` would store and skip, writing nothing (a job too). */
  startDryRun: (source: string | null) => Promise<void>;
  cancelSync: () => Promise<void>;
};

const POLL_MS = 150;

export function createSourcesSlice(set: SliceArgs[0], get: SliceArgs[1]): SourcesSlice {
  let testRun = 0;
  const fail = (e: unknown) => set({ sourcesError: toBackendError(e).message });

  /** The map follows the file (a tool added, items counted or dropped), then the list. */
  const follow = async () => {
    get().receive(await get().serially(() => backend.editorState()));
    await get().loadSources();
  };

  const poll = async (id: number): Promise<void> => {
    let status: JobStatus;
    try {
      status = await backend.jobStatus(id);
    } catch (e) {
      fail(e);
      return;
    }
    set({ syncJob: status });
    if (status.state === 'running') {
      setTimeout(() => void poll(id), POLL_MS);
      return;
    }
    if (status.what.startsWith('the dry run')) {
      if (status.state === 'finished') get().say('Dry run done: nothing was written');
      return;
    }
    await follow();
    if (status.state === 'finished') {
      const items = (status.sync?.sources ?? []).reduce((n, s) => n + s.items_new, 0);
      get().say(`Synced: ${items} new items`);
    }
  };

  /** Starts a sync or its dry run of `source` (every source when null) as the one sync job. */
  const start = async (source: string | null, kind: 'sync' | 'dry run'): Promise<void> => {
    if (get().syncJob?.state === 'running') return;
    set({ sourcesError: null });
    try {
      const id = kind === 'sync' ? await backend.startSync(source) : await backend.startDryRun(source);
      const what = `the ${kind} of ${source ?? 'every source'}`;
      set({ syncJob: { id, what, state: 'running', phase: 'starting', done: 0, total: null, report: null, sources: [], sync: null, summary: null, dry_run: null, error: null } });
      void poll(id);
    } catch (e) {
      fail(e);
    }
  };

  const saved = async (work: () => Promise<unknown>): Promise<boolean> => {
    set({ sourcesError: null });
    try {
      await work();
    } catch (e) {
      fail(e);
      return false;
    }
    set({ sourceForm: null, connectionTest: null });
    await follow();
    return true;
  };

  return {
    sources: null,
    sourcesError: null,
    sourceForm: null,
    connectionTest: null,
    syncJob: null,

    loadSources: async () => {
      try {
        set({ sources: await backend.listSources() });
      } catch (e) {
        fail(e);
      }
    },

    openSourceForm: (sourceForm) => set({ sourceForm, connectionTest: null, sourcesError: null }),

    testConnection: async (test, url) => {
      const run = ++testRun;
      set({ connectionTest: { state: 'testing' } });
      try {
        const result = await backend.testConnection(test);
        if (run === testRun) set({ connectionTest: { state: 'accepted', result } });
      } catch (e) {
        const error = toBackendError(e);
        if (run === testRun) set({ connectionTest: { state: 'failed', error, text: failureText(error, url) } });
      }
    },

    addSource: (source, credentials) =>
      saved(async () => {
        const r = await backend.addSource(source, credentials);
        get().say(r.token === 'session' ? `Added ${r.source.name}; its token is kept for this session only` : `Added ${r.source.name}`);
      }),

    updateSource: (name, update, credentials) => saved(() => backend.updateSource(name, update, credentials)),

    removeSource: async (name, dropItems) => {
      await saved(async () => {
        const r = await backend.removeSource(name, dropItems);
        get().say(dropItems ? `Removed ${name} and its ${r.items} items` : `Removed ${name}; its items stay in the file`);
      });
    },

    startSync: (source) => start(source, 'sync'),
    startDryRun: (source) => start(source, 'dry run'),

    cancelSync: async () => {
      const job = get().syncJob;
      if (job?.state !== 'running') return;
      try {
        await backend.cancelJob(job.id);
      } catch (e) {
        fail(e);
      }
    },
  };
}
