// The Data view, beside Map and Dashboard: where the map's data comes from and how it is read.
// Its panels: the connected sources (add, test, sync), importing an event log into the map's
// file, the state mapping, the items, and their lineage across tools.

import { useWindow, windowStore } from '../store/window';
import type { DataPanel } from '../store/mappingSlice';
import { ImportPanel } from './ImportPanel';
import { LineagePanel } from '../lineage/LineagePanel';
import { ItemsPanel } from './ItemsPanel';
import { MappingPanel } from './MappingPanel';
import { SourcesPanel } from './SourcesPanel';
import './data.css';

const PANELS: readonly { panel: DataPanel; label: string }[] = [
  { panel: 'sources', label: 'Sources' },
  { panel: 'import', label: 'Import' },
  { panel: 'mapping', label: 'State mapping' },
  { panel: 'items', label: 'Items' },
  { panel: 'lineage', label: 'Lineage' },
];

export function DataView({ onSaveAs, onBack, onLineageBack, onDiscover }: { onSaveAs: () => void; onBack: () => void; onLineageBack: () => void; onDiscover: () => void }) {
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
            onClick={() => (panel === 'lineage' ? windowStore.getState().showLineage('data') : windowStore.getState().showDataPanel(panel))}
          >
            {label}
          </button>
        ))}
      </nav>
      {shown === 'sources' && <SourcesPanel onSaveAs={onSaveAs} />}
      {shown === 'import' && <ImportPanel onSaveAs={onSaveAs} />}
      {shown === 'mapping' && <MappingPanel onDiscover={onDiscover} />}
      {shown === 'items' && <ItemsPanel onBack={onBack} />}
      {shown === 'lineage' && <LineagePanel onBack={onLineageBack} />}
    </main>
  );
}
