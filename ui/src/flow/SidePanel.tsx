import type { ReactNode } from 'react';
import { useWindow } from '../store/window';
import './flow.css';

const TAB_NAMES = { properties: 'Properties', flow: 'Flow', kaizen: 'Kaizen' } as const;

/**
 * The right-hand panel: the selection's properties when drawing, its flow when reading (the
 * editor's inspector and the stage panel), one tab each, and the map's kaizen bursts and notes. A node just added shows its
 * properties (see actions/drawing.ts).
 */
export function SidePanel({ properties, flow, kaizen }: { properties: ReactNode; flow: ReactNode; kaizen: ReactNode }) {
  const tab = useWindow((s) => s.panel);
  const setPanel = useWindow((s) => s.setPanel);
  return (
    <div className={`side-panel ${tab}`} data-testid="side-panel">
      <div className="side-panel-tabs" role="tablist" aria-label="Side panel">
        {(['properties', 'flow', 'kaizen'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} data-testid={`side-tab-${t}`} onClick={() => setPanel(t)}>
            {TAB_NAMES[t]}
          </button>
        ))}
      </div>
      {tab === 'properties' ? properties : tab === 'kaizen' ? kaizen : <aside className="flow-panel" aria-label="Flow of the selection">{flow}</aside>}
    </div>
  );
}
