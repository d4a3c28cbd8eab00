// A log as the importer reads it: its format, the column chosen for each role (changeable in
// place), the time zone and format, what the import will do, and the first rows.

import { useState } from 'react';
import type { LogPreview } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { FORMAT_NAMES, ROLES, summaryText, type Role } from './importText';

function ColumnSelect({ role, label, preview }: { role: Role; label: string; preview: LogPreview }) {
  const chosen = preview.columns[role] ?? '';
  return (
    <label className="log-column">
      {label}
      <select
        value={chosen}
        data-testid={`log-column-${role}`}
        onChange={(e) => windowStore.getState().setLogColumn(role, e.target.value || undefined)}
      >
        <option value="">(none found)</option>
        {preview.header.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A text option committed on Enter or when the field is left. */
function OptionField({ label, value, placeholder, testId, onCommit }: { label: string; value: string; placeholder: string; testId: string; onCommit: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <label className="log-option">
      {label}
      <input
        type="text"
        value={draft}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  );
}

function PreviewTable({ preview }: { preview: LogPreview }) {
  const used = new Set(Object.values(preview.columns));
  return (
    <div className="log-rows">
      <table data-testid="log-rows">
        <thead>
          <tr>
            {preview.header.map((h, i) => (
              <th key={i} className={used.has(h) ? 'chosen' : ''}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A large log's totals while a job counts them; the head is shown already. */
function CountingNote() {
  const counting = useWindow((s) => s.counting);
  return (
    <p className="import-plan" role="status" data-testid="log-counting">
      Counting the whole log… {counting ? `${counting.done.toLocaleString()} items read so far` : ''}{' '}
      <button type="button" onClick={() => windowStore.getState().cancelCount()}>
        Stop
      </button>
    </p>
  );
}

export function LogPreviewView({ preview }: { preview: LogPreview }) {
  const s = windowStore.getState();
  const tz = s.logOptions.tz ?? '';
  const format = s.logOptions.time_format ?? '';
  return (
    <div className="log-preview" data-testid="log-preview-view">
      <p className="data-note">
        {FORMAT_NAMES[preview.format] ?? preview.format}
        {preview.delimiter && preview.delimiter !== ',' ? `, separated by “${preview.delimiter === '\t' ? 'tab' : preview.delimiter}”` : ''}
      </p>
      {preview.format === 'csv' && (
        <fieldset className="log-columns" data-testid="log-columns">
          <legend>Columns</legend>
          {ROLES.map((r) => (
            <ColumnSelect key={r.role} role={r.role} label={r.label} preview={preview} />
          ))}
        </fieldset>
      )}
      <fieldset className="log-options">
        <legend>Times</legend>
        <OptionField label="Time zone of times without one" value={tz} placeholder="UTC, +02:00, Europe/Berlin" testId="log-tz" onCommit={(v) => s.setLogOptions({ tz: v || undefined })} />
        <OptionField label="Time format" value={format} placeholder="guessed, or e.g. %d.%m.%Y %H:%M" testId="log-time-format" onCommit={(v) => s.setLogOptions({ time_format: v || undefined })} />
      </fieldset>
      {preview.summary && (
        <p className="import-plan" data-testid="import-plan">
          {summaryText(preview.summary, preview.tz)}
        </p>
      )}
      {!preview.summary && preview.summary_job !== null && <CountingNote />}
      {preview.error && (
        <p className="data-error" role="alert" data-testid="preview-error">
          {preview.error.message}
        </p>
      )}
      <PreviewTable preview={preview} />
    </div>
  );
}
