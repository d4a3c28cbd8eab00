// The Data view, beside Map and Dashboard: where the map's data comes from and how it is read.
// Its panels: importing an event log into the map's file, and the state mapping.

import { useWindow, windowStore } from '../store/window';
import type { DataPanel } from '../store/mappingSlice';
import { ImportPanel } from './ImportPanel';
import { MappingPanel } from './MappingPanel';
import './data.css';

const PANELS: readonly { panel: DataPanel; label: string }[] = [
  { panel: 'import', label: 'Import' },
  { panel: 'mapping', label: 'State mapping' },
];

export function DataView({ onSaveAs, onDiscover }: { onSaveAs: () => void; onDiscover: () => void }) {
  const shown = useWindow((s) => s.dataPanel);
  return (
    <main className="data-view" data-testid="data-view">
      <nav className="data-tabs" role="tablist">
        {PANELS.map(({ panel, label }) => (
          <button
            key={panel}
            type="button"
            role="tab"
            aria-selected={shown === panel}
            data-testid={`data-tab-${panel}`}
            onClick={() => windowStore.getState().showDataPanel(panel)}
          >
            {label}
          </button>
        ))}
      </nav>
      {shown === 'import' ? <ImportPanel onSaveAs={onSaveAs} /> : <MappingPanel onDiscover={onDiscover} />}
    </main>
  );
}
