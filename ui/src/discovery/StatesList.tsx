// The Map view's "States" list: the states of the map's sources with the time they hold, the
// unmapped ones flagged. A row dragged onto a stage of the canvas puts the state in that stage
// (the State mapping table's `set_mapping`); a row clicked is selected, for the keyboard's "Map
// state to selected stage" (M).

import { useEffect } from 'react';
import { rowKey } from '../data/mappingTable';
import { duration } from '../flow/format';
import type { StateRef } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import './discovery.css';

/** The drag's data type: a state of a source, as JSON. */
export const STATE_DRAG_TYPE = 'application/x-flowmap-state';

export function StatesList() {
  const file = useWindow((s) => s.editor?.file ?? null);
  const items = useWindow((s) => s.editor?.view.items ?? 0);
  const table = useWindow((s) => s.mapping);
  const open = useWindow((s) => s.statesOpen);
  const selected = useWindow((s) => s.stateSelected);
  // Asked for once the map's first figures are in: on a big file the table's own pass over the
  // items would otherwise hold the backend while the heat waits (docs/benchmarks.md).
  const figuresIn = useWindow((s) => s.flowView !== null || s.flowError !== null);
  useEffect(() => {
    // The table of the file shown (another map, or items imported meanwhile).
    if (file !== null && items > 0 && figuresIn) void windowStore.getState().loadMapping();
  }, [file, items, figuresIn]);
  if (file === null || items === 0 || !table) return null;
  const rows = [...table.rows].sort((a, b) => b.time_secs - a.time_secs);
  return (
    <details
      className="states-list"
      open={open}
      data-testid="states-list"
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        if (now !== open) windowStore.getState().setStatesOpen(now);
      }}
    >
      <summary data-testid="states-summary">
        States ({rows.length}
        {table.unmapped.states > 0 ? `, ${table.unmapped.states} unmapped` : ''})
      </summary>
      <ul aria-label="States of the map's data: drag one onto a stage">
        {rows.map((r) => {
          const key = rowKey(r);
          const unmapped = r.status === 'unmapped';
          return (
            <li
              key={key}
              draggable
              className={`${key === selected ? 'selected' : ''}${unmapped ? ' unmapped' : ''}`}
              data-testid="states-row"
              data-state={r.state}
              title={`${r.state} (${r.source}): ${r.items} items, ${duration(r.time_secs)}; drag onto a stage, or select and press M with a stage selected`}
              onClick={() => windowStore.getState().selectState(key === selected ? null : key)}
              onDragStart={(e) => {
                const ref: StateRef = { source: r.source, state: r.state };
                e.dataTransfer.setData(STATE_DRAG_TYPE, JSON.stringify(ref));
                e.dataTransfer.effectAllowed = 'move';
              }}
            >
              <span className="state-name">{r.state}</span>
              <span className="state-stage" data-testid="states-row-stage">
                {duration(r.time_secs)} · {unmapped ? 'unmapped' : r.status === 'not_flow_items' ? 'not flow items' : (r.stage ?? r.category)}
              </span>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/** The state a drop carries, if it is one. */
export function droppedState(data: DataTransfer): StateRef | null {
  const raw = data.getData(STATE_DRAG_TYPE);
  if (!raw) return null;
  try {
    const ref = JSON.parse(raw) as StateRef;
    return typeof ref.source === 'string' && typeof ref.state === 'string' ? ref : null;
  } catch {
    return null;
  }
}
