// The Data view's import of an event log: the log chosen, the options the user changed (columns,
// time zone, time format), the preview the backend read with them (nothing written), and the
// import job, polled until it ends. Kept in the store so it survives going to the Map and back.

import * as backend from '../backend';
import { toBackendError } from '../backend';
import type { ImportLogOptions, JobStatus, LogColumns, LogPreview } from '../generated/wire';
import type { SliceArgs } from './window';

export type ColumnRole = keyof LogColumns;

export type ImportSlice = {
  logPath: string;
  logOptions: ImportLogOptions;
  preview: LogPreview | null;
  previewing: boolean;
  /** Why the log could not be previewed or the import not started. */
  importError: string | null;
  /** The import running, or the last one. */
  job: JobStatus | null;
  setLogPath: (path: string) => void;
  /** Chooses a log in the system's dialog (the app only) and previews it. */
  chooseLog: () => Promise<void>;
  /** Reads the preview of the log at `logPath` with the current options. */
  previewImport: () => Promise<void>;
  /** Changes options (time zone, time format…) and reads the preview again. */
  setLogOptions: (change: Partial<ImportLogOptions>) => void;
  /** Chooses the column of a role (`undefined`: let the importer guess) and previews again. */
  setLogColumn: (role: ColumnRole, column: string | undefined) => void;
  startImport: () => Promise<void>;
  cancelImport: () => Promise<void>;
};

export const NO_OPTIONS: ImportLogOptions = { columns: {}, skip_bad_rows: false };

/** How often a running job is asked how it is going. */
const POLL_MS = 150;

export function createImportSlice(set: SliceArgs[0], get: SliceArgs[1]): ImportSlice {
  let latest = 0;

  const poll = async (id: number): Promise<void> => {
    let status: JobStatus;
    try {
      status = await backend.jobStatus(id);
    } catch (e) {
      set({ importError: toBackendError(e).message });
      return;
    }
    set({ job: status });
    if (status.state === 'running') {
      setTimeout(() => void poll(id), POLL_MS);
      return;
    }
    if (status.state === 'finished') {
      // The map follows its file: the items counted, a tool the import added.
      get().receive(await get().serially(() => backend.editorState()));
      get().say(`Imported ${status.report?.items_fetched ?? 0} items from ${get().logPath}`);
    }
  };

  return {
    logPath: '',
    logOptions: NO_OPTIONS,
    preview: null,
    previewing: false,
    importError: null,
    job: null,

    setLogPath: (logPath) => {
      if (logPath === get().logPath) return;
      // Another log: its own columns.
      set({ logPath, logOptions: NO_OPTIONS, preview: null, importError: null });
    },

    chooseLog: async () => {
      const path = await backend.choosePath(false, 'log');
      if (!path) return;
      get().setLogPath(path);
      await get().previewImport();
    },

    previewImport: async () => {
      const { logPath, logOptions } = get();
      if (!logPath.trim()) return;
      const request = ++latest;
      set({ previewing: true, importError: null });
      try {
        const preview = await backend.previewLog(logPath.trim(), logOptions);
        if (request === latest) set({ preview, previewing: false });
      } catch (e) {
        if (request === latest) set({ preview: null, previewing: false, importError: toBackendError(e).message });
      }
    },

    setLogOptions: (change) => {
      set({ logOptions: { ...get().logOptions, ...change } });
      void get().previewImport();
    },

    setLogColumn: (role, column) => {
      const { logOptions } = get();
      get().setLogOptions({ columns: { ...logOptions.columns, [role]: column } });
    },

    startImport: async () => {
      const { logPath, logOptions, job } = get();
      if (job?.state === 'running') return;
      set({ importError: null });
      try {
        const id = await backend.startImport(logPath.trim(), logOptions);
        set({ job: { id, what: `the import of ${logPath}`, state: 'running', phase: 'starting', done: 0, total: null, report: null, sources: [], sync: null, error: null } });
        void poll(id);
      } catch (e) {
        set({ importError: toBackendError(e).message });
      }
    },

    cancelImport: async () => {
      const { job } = get();
      if (job?.state !== 'running') return;
      try {
        await backend.cancelJob(job.id);
      } catch (e) {
        set({ importError: toBackendError(e).message });
      }
    },
  };
}
