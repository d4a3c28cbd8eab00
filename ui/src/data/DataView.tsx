// The Data view, beside Map and Dashboard: where the map's data comes from. Its first panel
// imports an event log into the map's file.

import { ImportPanel } from './ImportPanel';
import './data.css';

export function DataView({ onSaveAs }: { onSaveAs: () => void }) {
  return (
    <main className="data-view" data-testid="data-view">
      <ImportPanel onSaveAs={onSaveAs} />
    </main>
  );
}
