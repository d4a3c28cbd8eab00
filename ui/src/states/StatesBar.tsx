import { action, buttonTitle, isEnabled, perform } from '../actions/registry';
import type { ActionContext, ActionId } from '../actions/types';
import { shownState } from '../store/statesSlice';
import { useWindow, windowStore } from '../store/window';
import './states.css';

function StateButton({ id, ctx }: { id: ActionId; ctx: ActionContext }) {
  const a = action(id);
  const enabled = useWindow((s) => isEnabled(a, s));
  const title = useWindow((s) => buttonTitle(a, s));
  return (
    <button type="button" onClick={() => perform(id, ctx)} title={title} aria-label={title} disabled={!enabled} data-testid={`action-${id}`}>
      {typeof a.button === 'string' ? a.button : a.label}
    </button>
  );
}

/** The top bar's states of the stream: which one is shown, and making and comparing them. */
export function StatesBar({ ctx }: { ctx: ActionContext }) {
  const states = useWindow((s) => s.editor?.states ?? null);
  if (!states) return null;
  const shown = shownState(windowStore.getState().editor);
  const future = states.shown !== null;
  return (
    <div className={future ? 'toolbar-group states-bar future' : 'toolbar-group states-bar'} role="group" aria-label="States of the stream">
      <label className="states-select" title="The state of the stream shown: the current state or a future state">
        <select
          aria-label="State of the stream shown"
          value={shown ?? ''}
          data-testid="state-select"
          onChange={(e) => void windowStore.getState().showState(e.target.value === '' ? null : e.target.value)}
        >
          {states.states.map((st) => (
            <option key={st.id ?? ''} value={st.id ?? ''}>
              {st.id === null ? st.name : `${st.name} (future)`}
            </option>
          ))}
        </select>
      </label>
      <StateButton id="new-future-state" ctx={ctx} />
      {future && <StateButton id="rename-future-state" ctx={ctx} />}
      {future && <StateButton id="delete-future-state" ctx={ctx} />}
      <StateButton id="compare-states" ctx={ctx} />
    </div>
  );
}

/** Under the flow bar while a future state is shown: its figures are estimates, not data. */
export function FutureBanner() {
  const name = useWindow((s) => s.editor?.states.states.find((st) => st.id !== null && st.id === s.editor?.states.shown)?.name ?? null);
  if (name === null) return null;
  return (
    <div className="future-banner" role="status" data-testid="future-banner">
      <strong>Future state “{name}”</strong> — estimates only: measured data stays with the current state, so no heat and no item
      figures here.
    </div>
  );
}
