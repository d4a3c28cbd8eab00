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
  /** The count of a large log's totals while it runs (the preview shows its head already). */
  counting: JobStatus | null;
  setLogPath: (path: string) => void;
  /** Chooses a log in the system's dialog (the app only) and previews it. */
  chooseLog: () => Promise<void>;
  /** Reads the preview of the log at `logPath` with the current options. */
  previewImport: () => Promise<void>;
  /** Changes options (time zone, time format…) and reads the preview again. */
  setLogOptions: (change: Partial<ImportLogOptions>) => void;
  /** Chooses the column of a role (`undefined`: let the importer guess) and previews again. */
  setLogColumn: (role: ColumnRole, column: string | undefined) => void;
  /** Previews a log dropped on the window: its path (the app), or its bytes (a browser page). */
  dropLog: (dropped: { path: string } | { file: File }) => Promise<void>;
  cancelCount: () => void;
  startImport: () => Promise<void>;
  cancelImport: () => Promise<void>;
};

export const NO_OPTIONS: ImportLogOptions = { columns: {}, skip_bad_rows: false };

/** How often a running job is asked how it is going. */
const POLL_MS = 150;

/** The largest file a browser page sends to the backend (`store_dropped_file`). */
export const MAX_DROPPED_BYTES = 32 << 20;

/** A file's bytes as base64. */
async function base64Of(file: File): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`${file.name} cannot be read: ${reader.error?.message ?? 'unknown error'}`));
    reader.readAsDataURL(file);
  });
  return url.slice(url.indexOf(',') + 1);
}

export function createImportSlice(set: SliceArgs[0], get: SliceArgs[1]): ImportSlice {
  let latest = 0;
  /** The count running for the preview shown. */
  let countId: number | null = null;

  /** Follows the count of a large log until it ends; its totals go into the preview. */
  const followCount = async (id: number, request: number): Promise<void> => {
    let status: JobStatus;
    try {
      status = await backend.jobStatus(id);
    } catch (e) {
      if (request === latest) set({ counting: null, importError: toBackendError(e).message });
      return;
    }
    if (request !== latest) return;
    if (status.state === 'running') {
      set({ counting: status });
      setTimeout(() => void followCount(id, request), POLL_MS);
      return;
    }
    const preview = get().preview;
    countId = null;
    set({ counting: null });
    if (!preview) return;
    if (status.state === 'finished') set({ preview: { ...preview, summary: status.summary, summary_job: null } });
    else if (status.state === 'failed') set({ preview: { ...preview, error: status.error, summary_job: null } });
  };

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
    counting: null,

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
      get().cancelCount();
      const request = ++latest;
      set({ previewing: true, importError: null });
      try {
        const preview = await backend.previewLog(logPath.trim(), logOptions);
        if (request !== latest) {
          if (preview.summary_job !== null) void backend.cancelJob(preview.summary_job).catch(() => {});
          return;
        }
        set({ preview, previewing: false });
        if (preview.summary_job !== null) {
          countId = preview.summary_job;
          void followCount(preview.summary_job, request);
        }
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

    dropLog: async (dropped) => {
      get().setTab('data');
      get().showDataPanel('import');
      let path: string;
      if ('path' in dropped) {
        path = dropped.path;
      } else {
        const { file } = dropped;
        if (file.size > MAX_DROPPED_BYTES) {
          set({ preview: null, importError: `${file.name} is ${(file.size / 1e6).toFixed(1)} MB: a browser page can send at most ${MAX_DROPPED_BYTES >> 20} MB; type its path instead` });
          return;
        }
        set({ previewing: true, importError: null, preview: null });
        try {
          path = await backend.storeDroppedFile(file.name, await base64Of(file));
        } catch (e) {
          set({ previewing: false, importError: toBackendError(e).message });
          return;
        }
      }
      get().setLogPath(path);
      await get().previewImport();
    },

    cancelCount: () => {
      if (countId === null) return;
      const id = countId;
      countId = null;
      set({ counting: null });
      void backend.cancelJob(id).catch(() => {});
    },

    startImport: async () => {
      const { logPath, logOptions, job } = get();
      if (job?.state === 'running') return;
      set({ importError: null });
      try {
        const id = await backend.startImport(logPath.trim(), logOptions);
        set({ job: { id, what: `the import of ${logPath}`, state: 'running', phase: 'starting', done: 0, total: null, report: null, sources: [], sync: null, summary: null, dry_run: null, error: null } });
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
