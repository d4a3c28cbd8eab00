import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { fileName } from './recentFiles';

/** A modal dialog: focus moves into it, Escape cancels. */
export function Dialog({
  title,
  children,
  onCancel,
  testId,
  wide = false,
}: {
  title: string;
  children: ReactNode;
  onCancel: () => void;
  testId?: string;
  /** For tables: as wide as the window allows. */
  wide?: boolean;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('[autofocus], input, button');
    first?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        className={wide ? 'dialog wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        ref={ref}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <h2 id={id}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/**
 * Asks for a file's path: typed, picked from the recent files, or chosen in the system's
 * dialog (Browse…, in the app window).
 */
export function PathDialog({
  title,
  action,
  initial,
  recent = [],
  browse,
  onSubmit,
  onCancel,
}: {
  title: string;
  action: string;
  initial: string;
  recent?: string[];
  browse: (() => Promise<string | null>) | null;
  onSubmit: (path: string) => void;
  onCancel: () => void;
}) {
  const [path, setPath] = useState(initial);
  return (
    <Dialog title={title} onCancel={onCancel} testId="path-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() !== '') onSubmit(path.trim());
        }}
      >
        <div className="path-row">
          <input
            type="text"
            aria-label="File path"
            data-testid="path-input"
            value={path}
            spellCheck={false}
            placeholder="/path/to/map.flowmap"
            onChange={(e) => setPath(e.target.value)}
            autoFocus
          />
          {browse && (
            <button
              type="button"
              data-testid="path-browse"
              onClick={async () => {
                const chosen = await browse();
                if (chosen) onSubmit(chosen);
              }}
            >
              Browse…
            </button>
          )}
        </div>
        {recent.length > 0 && (
          <div className="recent-files">
            <h3>Recent</h3>
            <ul>
              {recent.map((p) => (
                <li key={p}>
                  <button type="button" className="link-button" title={p} onClick={() => onSubmit(p)}>
                    {fileName(p)} <span className="muted">{p}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="path-submit" disabled={path.trim() === ''}>
            {action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Before work is thrown away: save it, drop it, or go back. */
export function UnsavedDialog({
  mapName,
  onSave,
  onDiscard,
  onCancel,
}: {
  mapName: string;
  onSave: () => void;
  onDiscard: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog title={`Save the changes to “${mapName}”?`} onCancel={onCancel} testId="unsaved-dialog">
      <p>Your changes are lost if you don't save them.</p>
      <div className="dialog-buttons">
        <button type="button" onClick={onDiscard} data-testid="unsaved-discard">
          Don't save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onSave} data-testid="unsaved-save" autoFocus>
          Save
        </button>
      </div>
    </Dialog>
  );
}
