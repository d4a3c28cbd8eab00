import { useEffect, type ReactNode } from 'react';
import type { SidePanelTab } from './useFlowView';
import './flow.css';

/**
 * The right-hand panel: the selection's properties when drawing, its flow when reading (the
 * editor's inspector and the stage panel), one tab each.
 */
export function SidePanel({
  tab,
  onTab,
  properties,
  flow,
  justAdded = null,
}: {
  tab: SidePanelTab;
  onTab: (tab: SidePanelTab) => void;
  properties: ReactNode;
  flow: ReactNode;
  /** A node just added: its name is typed next, in the properties. */
  justAdded?: string | null;
}) {
  useEffect(() => {
    if (justAdded) onTab('properties');
  }, [justAdded, onTab]);
  return (
    <div className={`side-panel ${tab}`} data-testid="side-panel">
      <div className="side-panel-tabs" role="tablist" aria-label="Side panel">
        {(['properties', 'flow'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} data-testid={`side-tab-${t}`} onClick={() => onTab(t)}>
            {t === 'properties' ? 'Properties' : 'Flow'}
          </button>
        ))}
      </div>
      {tab === 'properties' ? properties : <aside className="flow-panel" aria-label="Flow of the selection">{flow}</aside>}
    </div>
  );
}
