import { useEffect, useRef, useState } from 'react';
import { action, buttonText, buttonTitle, isEnabled, perform, TOP_BAR, type TopBarEntry } from './actions/registry';
import type { ActionContext, ActionId } from './actions/types';
import { fileName } from './editor/recentFiles';
import { useWindow } from './store/window';
import { StatesBar } from './states/StatesBar';

const count = new Intl.NumberFormat('en');

/** A top-bar button (or one elsewhere): an action of the registry, with its keys in the tooltip.
 * In a list it shows the action's full label ("Export PNG…"). */
export function ActionButton({ id, ctx, className, inList, onDone }: { id: ActionId; ctx: ActionContext; className?: string; inList?: boolean; onDone?: () => void }) {
  const a = action(id);
  const enabled = useWindow((s) => isEnabled(a, s));
  const text = useWindow((s) => (inList ? a.label : buttonText(a, s)));
  const title = useWindow((s) => buttonTitle(a, s));
  return (
    <button
      type="button"
      className={className}
      role={inList ? 'menuitem' : undefined}
      onClick={() => {
        onDone?.();
        perform(id, ctx);
      }}
      title={title}
      aria-label={inList ? undefined : title}
      disabled={!enabled}
      data-testid={`action-${id}`}
    >
      {text}
    </button>
  );
}

/** A button that opens a short list of actions below it; Escape or a click elsewhere closes it. */
function ActionList({ menu, items, ctx }: { menu: string; items: ActionId[]; ctx: ActionContext }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div className="toolbar-list" ref={box}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} data-testid={`menu-${menu.toLowerCase()}`} onClick={() => setOpen(!open)}>
        {menu} ▾
      </button>
      {open && (
        <div className="toolbar-list-items" role="menu" aria-label={menu}>
          {items.map((id) => (
            <ActionButton key={id} id={id} ctx={ctx} inList onDone={() => setOpen(false)} />
          ))}
        </div>
      )}
    </div>
  );
}

function Entry({ entry, ctx }: { entry: TopBarEntry; ctx: ActionContext }) {
  return typeof entry === 'string' ? <ActionButton id={entry} ctx={ctx} /> : <ActionList menu={entry.menu} items={entry.items} ctx={ctx} />;
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
          <div className="toolbar-group" key={group.map((e) => (typeof e === 'string' ? e : e.menu)).join(' ')}>
            {group.map((entry) => (
              <Entry key={typeof entry === 'string' ? entry : entry.menu} entry={entry} ctx={ctx} />
            ))}
          </div>
        ))}
      </div>
    </header>
  );
}
