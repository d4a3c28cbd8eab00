import type { EditorState } from './generated/wire';
import { fileName } from './editor/recentFiles';
import type { Theme } from './editor/theme';

const count = new Intl.NumberFormat('en');

export type TopBarAction =
  | 'new' | 'open' | 'save' | 'save-as' | 'undo' | 'redo' | 'auto-layout' | 'zoom-to-fit'
  | 'export-png' | 'export-svg' | 'export-json' | 'import-json' | 'toggle-theme' | 'shortcuts';

/** The map's name and file, the unsaved marker, and the file and edit commands. */
export function TopBar({ state, theme, onAction }: { state: EditorState; theme: Theme; onAction: (a: TopBarAction) => void }) {
  const { view } = state;
  const button = (action: TopBarAction, label: string, title: string, disabled = false) => (
    <button type="button" onClick={() => onAction(action)} title={title} aria-label={title} disabled={disabled} data-testid={`action-${action}`}>
      {label}
    </button>
  );
  return (
    <header className="top-bar">
      <div className="top-bar-title">
        <h1 data-testid="map-name">
          {view.name}
          {state.dirty && (
            <span className="dirty-marker" data-testid="dirty-marker" title="Unsaved changes" aria-label="unsaved changes">
              {' '}•
            </span>
          )}
        </h1>
        <div className="top-bar-path" title={state.file ?? 'Not saved yet'} data-testid="map-file">
          {state.file ? fileName(state.file) : 'Not saved yet'}
          {view.items > 0 && (
            <span className="top-bar-stats" data-testid="map-counts">
              {' '}· {count.format(view.items)} items · {count.format(view.transitions)} transitions
            </span>
          )}
        </div>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Map">
        <div className="toolbar-group">
          {button('new', 'New', 'New map (Ctrl+N)')}
          {button('open', 'Open', 'Open a map (Ctrl+O)')}
          {button('save', 'Save', 'Save (Ctrl+S)')}
          {button('save-as', 'Save as', 'Save as (Ctrl+Shift+S)')}
        </div>
        <div className="toolbar-group">
          {button('undo', '↶ Undo', 'Undo (Ctrl+Z)', !state.can_undo)}
          {button('redo', '↷ Redo', 'Redo (Ctrl+Shift+Z)', !state.can_redo)}
        </div>
        <div className="toolbar-group">
          {button('auto-layout', 'Auto-layout', 'Auto-layout left to right (L)')}
          {button('zoom-to-fit', 'Fit', 'Zoom to fit (F)')}
        </div>
        <div className="toolbar-group">
          {button('export-png', 'PNG', 'Export as PNG (Ctrl+Shift+E)')}
          {button('export-svg', 'SVG', 'Export as SVG')}
          {button('export-json', 'JSON', 'Export as JSON')}
          {button('import-json', 'Import', 'Import a map from JSON')}
        </div>
        <div className="toolbar-group">
          {button('toggle-theme', theme === 'dark' ? '☀' : '☾', theme === 'dark' ? 'Light theme' : 'Dark theme')}
          {button('shortcuts', '?', 'Keyboard shortcuts (?)')}
        </div>
      </div>
    </header>
  );
}
