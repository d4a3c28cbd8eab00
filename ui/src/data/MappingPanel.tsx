// "State mapping": every (source, state) of the map's file with its items, time, stage and
// category; what is flagged (unmapped states, states in two stages) with the time they hold;
// the bulk tools and the table.

import { useEffect } from 'react';
import { action, buttonTitle, isEnabled } from '../actions/registry';
import { duration } from '../flow/format';
import { useWindow, windowStore } from '../store/window';
import { MappingTableView } from './MappingTableView';
import { MappingToolbar } from './MappingToolbar';

/** `onDiscover` runs the registered "Discover stages" action (the preview shows on the Map). */
export function MappingPanel({ onDiscover }: { onDiscover: () => void }) {
  const file = useWindow((s) => s.editor?.file ?? null);
  const table = useWindow((s) => s.mapping);
  const error = useWindow((s) => s.mappingError);
  const canDiscover = useWindow((s) => isEnabled(action('discover-stages'), s));
  const discoverTitle = useWindow((s) => buttonTitle(action('discover-stages'), s));
  useEffect(() => {
    // The table of the file shown (another map, or items imported meanwhile).
    if (file !== null) void windowStore.getState().loadMapping();
  }, [file]);
  return (
    <section className="data-panel" aria-label="State mapping" data-testid="mapping-panel">
      <h2>
        State mapping
        <button type="button" className="discover-button" disabled={!canDiscover} title={discoverTitle} data-testid="mapping-discover" onClick={onDiscover}>
          Discover stages…
        </button>
      </h2>
      {file === null && <p className="data-note">Save the map to a file and import its data first: the state mapping is kept with the items.</p>}
      {error && (
        <p className="data-error" role="alert" data-testid="mapping-error">
          {error}
        </p>
      )}
      {file !== null && table && (
        <>
          <p className="data-note" data-testid="mapping-flags">
            {table.rows.length} states · {table.guesses} guesses to confirm ·{' '}
            <span className={table.unmapped.states ? 'flag' : ''}>
              {table.unmapped.states} unmapped ({duration(table.unmapped.time_secs)})
            </span>{' '}
            ·{' '}
            <span className={table.conflicts.states ? 'flag' : ''}>
              {table.conflicts.states} in two stages ({duration(table.conflicts.time_secs)})
            </span>
          </p>
          <MappingToolbar table={table} />
          <MappingTableView rows={table.rows} />
        </>
      )}
    </section>
  );
}
