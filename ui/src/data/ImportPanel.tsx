// "Import an event log": choose a log (the system's dialog in the app, a path typed in a
// browser), see how the importer reads it and what it will do, change columns, time zone and
// format in place, then import with progress and a Cancel button.

import { useState } from 'react';
import * as backend from '../backend';
import { useWindow, windowStore } from '../store/window';
import { ImportJobView } from './ImportJobView';
import { LogPreviewView } from './LogPreviewView';

function LogPathField() {
  const logPath = useWindow((s) => s.logPath);
  const [draft, setDraft] = useState(logPath);
  const [shown, setShown] = useState(logPath);
  if (shown !== logPath) {
    // Chosen in the dialog: the field shows it.
    setShown(logPath);
    setDraft(logPath);
  }
  const preview = () => {
    const s = windowStore.getState();
    s.setLogPath(draft.trim());
    void s.previewImport();
  };
  return (
    <form
      className="log-path"
      onSubmit={(e) => {
        e.preventDefault();
        preview();
      }}
    >
      <label>
        Event log (CSV, ActionableAgile CSV, XES or OCEL 2.0 JSON or SQLite)
        <input type="text" value={draft} placeholder="/path/to/log.csv" data-testid="log-path" onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit" data-testid="log-preview" disabled={!draft.trim()}>
        Preview
      </button>
      {backend.nativeDialogs() && (
        <button type="button" data-testid="log-choose" onClick={() => void windowStore.getState().chooseLog()}>
          Choose file…
        </button>
      )}
    </form>
  );
}

export function ImportPanel({ onSaveAs }: { onSaveAs: () => void }) {
  const file = useWindow((s) => s.editor?.file ?? null);
  const preview = useWindow((s) => s.preview);
  const previewing = useWindow((s) => s.previewing);
  const error = useWindow((s) => s.importError);
  const job = useWindow((s) => s.job);
  const running = job?.state === 'running';
  const canImport = file !== null && preview?.summary != null && !preview.error && !running && !previewing;
  return (
    <section className="data-panel" aria-label="Import an event log" data-testid="import-panel">
      <h2>Import an event log</h2>
      {file === null && (
        <p className="data-note" role="status" data-testid="import-unsaved">
          Save the map to a file first: an import writes its items into the map’s file.{' '}
          <button type="button" onClick={onSaveAs}>
            Save As…
          </button>
        </p>
      )}
      <LogPathField />
      {error && (
        <p className="data-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {previewing && <p className="data-note">Reading the log…</p>}
      {preview && <LogPreviewView preview={preview} />}
      <div className="import-actions">
        <button type="button" className="primary" data-testid="import-start" disabled={!canImport} onClick={() => void windowStore.getState().startImport()}>
          Import
        </button>
      </div>
      {job && <ImportJobView job={job} />}
    </section>
  );
}
