import { action, buttonText, buttonTitle, isEnabled, perform, TOP_BAR } from './actions/registry';
import type { ActionContext, ActionId } from './actions/types';
import { fileName } from './editor/recentFiles';
import { useWindow } from './store/window';
import { StatesBar } from './states/StatesBar';

const count = new Intl.NumberFormat('en');

/** A top-bar button: an action of the registry, with its keys in the tooltip. */
function ActionButton({ id, ctx }: { id: ActionId; ctx: ActionContext }) {
  const a = action(id);
  const enabled = useWindow((s) => isEnabled(a, s));
  const text = useWindow((s) => buttonText(a, s));
  const title = useWindow((s) => buttonTitle(a, s));
  return (
    <button type="button" onClick={() => perform(id, ctx)} title={title} aria-label={title} disabled={!enabled} data-testid={`action-${id}`}>
      {text}
    </button>
  );
}

/** The map's name and file, the unsaved marker, and the file and edit commands. */
export function TopBar({ ctx }: { ctx: ActionContext }) {
  const state = useWindow((s) => s.editor);
  if (!state) return null;
  const { view } = state;
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
          <span className="top-bar-file">{state.file ? fileName(state.file) : 'Not saved yet'}</span>
          {view.items > 0 && (
            <span className="top-bar-stats" data-testid="map-counts">
              · {count.format(view.items)} items · {count.format(view.transitions)} transitions
            </span>
          )}
        </div>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Map">
        <StatesBar ctx={ctx} />
        {TOP_BAR.map((group) => (
          <div className="toolbar-group" key={group.join(' ')}>
            {group.map((id) => (
              <ActionButton key={id} id={id} ctx={ctx} />
            ))}
          </div>
        ))}
      </div>
    </header>
  );
}
