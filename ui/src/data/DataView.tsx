// The Data view, beside Map and Dashboard: where the map's data comes from and how it is read.
// Its panels: the connected sources (add, test, sync), importing an event log into the map's
// file, the state mapping, and the items.

import { useWindow, windowStore } from '../store/window';
import type { DataPanel } from '../store/mappingSlice';
import { ImportPanel } from './ImportPanel';
import { ItemsPanel } from './ItemsPanel';
import { MappingPanel } from './MappingPanel';
import { SourcesPanel } from './SourcesPanel';
import './data.css';

const PANELS: readonly { panel: DataPanel; label: string }[] = [
  { panel: 'sources', label: 'Sources' },
  { panel: 'import', label: 'Import' },
  { panel: 'mapping', label: 'State mapping' },
  { panel: 'items', label: 'Items' },
];

export function DataView({ onSaveAs, onBack, onDiscover }: { onSaveAs: () => void; onBack: () => void; onDiscover: () => void }) {
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
      {shown === 'sources' && <SourcesPanel onSaveAs={onSaveAs} />}
      {shown === 'import' && <ImportPanel onSaveAs={onSaveAs} />}
      {shown === 'mapping' && <MappingPanel onDiscover={onDiscover} />}
      {shown === 'items' && <ItemsPanel onBack={onBack} />}
    </main>
  );
}
