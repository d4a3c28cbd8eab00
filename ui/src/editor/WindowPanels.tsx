// The window's panels, each given what it shows from the window's state.

import { removeSelected } from '../actions/editing';
import { Dashboard } from '../flow/Dashboard';
import { HeatLegend } from '../flow/HeatLegend';
import { LadderStrip } from '../flow/Ladder';
import { StagePanel } from '../flow/StagePanel';
import { CrossingPanel } from '../lineage/CrossingPanel';
import { selectOnlyArtifactFlow, selectOnlyNode, selectOverlay, selectView } from '../store/selectors';
import { useWindow, windowStore } from '../store/window';
import { Inspector } from './Inspector';

export function InspectorPanel() {
  const view = useWindow(selectView);
  const selection = useWindow((s) => s.selection);
  const justAdded = useWindow((s) => s.justAdded);
  const commit = useWindow((s) => s.commit);
  return (
    <Inspector
      view={view}
      selectedNodes={selection.nodes}
      selectedEdges={selection.edges}
      commit={commit}
      onDelete={() => removeSelected(windowStore)}
      justAdded={justAdded}
    />
  );
}

export function StagePanelView() {
  const flow = useWindow((s) => s.flowView);
  const map = useWindow(selectView);
  const stageId = useWindow(selectOnlyNode);
  const select = useWindow((s) => s.select);
  const artifactFlow = useWindow(selectOnlyArtifactFlow);
  if (artifactFlow) return <CrossingPanel flowId={artifactFlow} />;
  return <StagePanel flow={flow} map={map} stageId={stageId} onSelectStage={(id) => select({ nodes: new Set([id]), edges: new Set() })} />;
}

export function LadderView() {
  const metrics = useWindow((s) => s.flowView?.metrics);
  const view = useWindow(selectView);
  const future = useWindow((s) => (s.editor?.states.shown ?? null) !== null);
  return metrics ? <LadderStrip ladder={metrics.ladder} stages={metrics.stages} map={view} estimatesOnly={future} /> : null;
}

export function DashboardView() {
  const flow = useWindow((s) => s.flowView);
  const map = useWindow(selectView);
  return <Dashboard flow={flow} map={map} />;
}

export function HeatLegendView() {
  const scale = useWindow((s) => selectOverlay(s)?.stages.scale);
  return scale ? <HeatLegend scale={scale} /> : null;
}

/** What just happened, or why it was refused, for a few seconds. */
export function NoticeBar() {
  const notice = useWindow((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={notice.error ? 'notice-bar error' : 'notice-bar'} role={notice.error ? 'alert' : 'status'} data-testid="notice">
      {notice.text}
    </div>
  );
}
