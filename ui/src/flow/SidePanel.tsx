import type { ReactNode } from 'react';
import { useWindow } from '../store/window';
import './flow.css';

/**
 * The right-hand panel: the selection's properties when drawing, its flow when reading (the
 * editor's inspector and the stage panel), one tab each. A node just added shows its
 * properties (see actions/drawing.ts).
 */
export function SidePanel({ properties, flow }: { properties: ReactNode; flow: ReactNode }) {
  const tab = useWindow((s) => s.panel);
  const setPanel = useWindow((s) => s.setPanel);
  return (
    <div className={`side-panel ${tab}`} data-testid="side-panel">
      <div className="side-panel-tabs" role="tablist" aria-label="Side panel">
        {(['properties', 'flow'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} data-testid={`side-tab-${t}`} onClick={() => setPanel(t)}>
            {t === 'properties' ? 'Properties' : 'Flow'}
          </button>
        ))}
      </div>
      {tab === 'properties' ? properties : <aside className="flow-panel" aria-label="Flow of the selection">{flow}</aside>}
    </div>
  );
}
