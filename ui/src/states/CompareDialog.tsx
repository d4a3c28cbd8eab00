import { useState } from 'react';
import { Dialog } from '../editor/Dialog';
import { shownState } from '../store/statesSlice';
import { useWindow, windowStore } from '../store/window';
import { differenceText, isBetter, totalText } from './compareText';
import { WhatIfSection } from './WhatIfSection';

/** The current state and a future state side by side: the ladder's totals, before → after. */
export function CompareDialog({ onClose }: { onClose: () => void }) {
  const comparison = useWindow((s) => s.comparison);
  if (!comparison) {
    return (
      <Dialog title="Comparing…" onCancel={onClose} testId="compare-dialog">
        <p>Computing both ladders…</p>
      </Dialog>
    );
  }
  const c = comparison;
  const estimated = c.before_stages.length - c.before_measured_rungs;
  return (
    <Dialog title={`Current state → ${c.future_name}`} onCancel={onClose} testId="compare-dialog" wide>
      <table className="compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Total</th>
            <th scope="col">Current state</th>
            <th scope="col">{c.future_name} (estimates)</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {c.rows.map((row) => {
            const better = isBetter(row);
            return (
              <tr key={row.figure} data-testid={`compare-row-${row.figure}`} data-before={row.before ?? ''} data-after={row.after ?? ''} data-difference={row.difference ?? ''}>
                <th scope="row" title={row.formula}>
                  {row.figure}
                  <span className="compare-formula">{row.formula}</span>
                </th>
                <td data-testid="compare-before">{totalText(row, row.before)}</td>
                <td data-testid="compare-after">{totalText(row, row.after)}</td>
                <td data-testid="compare-difference" className={better === null ? '' : better ? 'better' : 'worse'}>
                  {differenceText(row)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint" data-testid="compare-paths">
        Current ladder: {c.before_stages.join(' → ') || 'no stages'} ({c.before_measured_rungs} measured
        {estimated > 0 ? `, ${estimated} from estimates` : ''}). {c.future_name}: {c.after_stages.join(' → ') || 'no stages'} (workshop
        estimates; a future state has no data).
      </p>
      <WhatIfSection />
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose} data-testid="compare-close" autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** Renames the future state shown. */
export function RenameStateDialog({ onClose }: { onClose: () => void }) {
  const editor = useWindow((s) => s.editor);
  const id = shownState(editor);
  const current = editor?.states.states.find((s) => s.id === id)?.name ?? '';
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);
  if (!id) return null;
  const submit = () =>
    void windowStore
      .getState()
      .renameFutureState(id, name)
      .then((refused) => (refused ? setError(refused) : onClose()));
  return (
    <Dialog title="Rename the future state" onCancel={onClose} testId="rename-state-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="rename-state-name" aria-label="Name of the future state" autoFocus />
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="rename-state-ok">
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Deleting the future state shown, once the user says so: it cannot be undone. */
export function DeleteStateDialog({ onClose }: { onClose: () => void }) {
  const editor = useWindow((s) => s.editor);
  const id = shownState(editor);
  const name = editor?.states.states.find((s) => s.id === id)?.name ?? '';
  if (!id) return null;
  return (
    <Dialog title={`Delete “${name}”?`} onCancel={onClose} testId="delete-state-dialog">
      <p>The future state and its changes go; Undo cannot bring it back. The current state stays as it is.</p>
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} autoFocus>
          Keep it
        </button>
        <button
          type="button"
          className="primary"
          data-testid="delete-state-ok"
          onClick={() => {
            onClose();
            void windowStore.getState().deleteFutureState(id);
          }}
        >
          Delete
        </button>
      </div>
    </Dialog>
  );
}
