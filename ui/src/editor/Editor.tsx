// The window's layout: which panel goes where, each behind its own error boundary. What the
// panels show is the window's state (src/store/); what the keys, buttons and menu do is the
// action registry (src/actions/).

import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, type ReactNode } from 'react';
import * as backend from '../backend';
import { addNode } from '../actions/drawing';
import { perform } from '../actions/registry';
import { DataView } from '../data/DataView';
import { DropTarget } from '../data/DropTarget';
import { DiscoveryPanel } from '../discovery/DiscoveryPanel';
import { StatesList } from '../discovery/StatesList';
import { useActionContext, useCloseGuard, useNativeMenu, useShortcutKeys } from '../actions/useActions';
import { FlowBar } from '../flow/FlowBar';
import { SidePanel } from '../flow/SidePanel';
import { MapCanvas } from '../map/MapCanvas';
import { LoadingNotice, MapErrorNotice } from '../Notices';
import { Panel } from '../panels/PanelBoundary';
import { followWhileVisible } from '../store/followSlice';
import { useWindow, windowStore } from '../store/window';
import { ActionButton, TopBar } from '../TopBar';
import { Dialog } from './Dialog';
import { Dialogs } from './Dialogs';
import { MapChangedNotice } from './MapChanged';
import { Palette } from './Palette';
import './presenting.css';
import { KaizenPanel } from '../states/KaizenPanel';
import { FutureBanner } from '../states/StatesBar';
import { DashboardView, HeatLegendView, InspectorPanel, LadderView, NoticeBar, StagePanelView } from './WindowPanels';

export function Editor() {
  return (
    <ReactFlowProvider>
      <EditorWindow />
    </ReactFlowProvider>
  );
}

/** A dialog that failed still closes. */
const dialogFrame = (message: ReactNode) => (
  <Dialog title="The dialog failed" onCancel={() => windowStore.getState().closeModal()} testId="dialog-fault">
    {message}
  </Dialog>
);

/** Another map, when the one the app was started with cannot be shown. */
async function openInstead(path: string): Promise<void> {
  try {
    windowStore.getState().show(await windowStore.getState().serially(() => backend.openMap(path)));
  } catch (error) {
    windowStore.setState({ startError: backend.toBackendError(error) });
  }
}

function EditorWindow() {
  const ctx = useActionContext();
  useShortcutKeys(ctx);
  useNativeMenu(ctx);
  useCloseGuard();
  // The map the app opened, then any unsaved work a crash left behind.
  useEffect(() => void windowStore.getState().start(), []);
  // The map follows its file while the window is visible (another program's writes).
  useEffect(() => followWhileVisible(windowStore), []);

  const startError = useWindow((s) => s.startError);
  const shown = useWindow((s) => s.editor !== null);
  const opened = useWindow((s) => s.opened);
  const tab = useWindow((s) => s.tab);
  const discovering = useWindow((s) => s.discovery !== null);
  // Presentation mode: only the map (and its legend), for a room.
  const presenting = useWindow((s) => s.presenting && s.tab === 'map');

  if (startError) return <MapErrorNotice error={startError} onOpen={openInstead} />;
  if (!shown) return <LoadingNotice />;
  return (
    <div className={presenting ? 'map-window presenting' : 'map-window'} data-testid={presenting ? 'presenting' : undefined}>
      {!presenting && (
        <Panel panel="top-bar">
          <TopBar ctx={ctx} />
        </Panel>
      )}
      {!presenting && (
        <Panel panel="flow-bar">
          <FlowBar />
          <MapChangedNotice />
          <FutureBanner />
        </Panel>
      )}
      {tab === 'data' && (
        <Panel panel="data">
          <DataView onSaveAs={() => perform('save-as', ctx)} onBack={() => perform('items-back', ctx)} onLineageBack={() => perform('lineage-back', ctx)} onDiscover={() => perform('discover-stages', ctx)} />
        </Panel>
      )}
      {tab === 'dashboard' && (
        <Panel panel="dashboard">
          <DashboardView />
        </Panel>
      )}
      {tab === 'map' && (
        <div className="editor-body">
          {!presenting && (
            <Panel panel="palette">
              <Palette onAdd={(kind, toolKind) => (kind === 'note' || kind === 'burst' ? perform(kind === 'note' ? 'add-note' : 'add-burst', ctx) : addNode(ctx, kind, toolKind))} />
            </Panel>
          )}
          <main className="canvas-area">
            <Panel panel="map-canvas">
              {/* Drawn afresh for each map shown. */}
              <MapCanvas key={opened} onPaletteDrop={(item, at) => addNode(ctx, item.kind, item.toolKind, at)} />
            </Panel>
            {!presenting && (
              <Panel panel="states-list">
                <StatesList />
              </Panel>
            )}
            <HeatLegendView />
            <NoticeBar />
            {/* On the canvas, where the top bar has no room: Present, or how to leave it. */}
            <ActionButton id={presenting ? 'end-presentation' : 'present'} ctx={ctx} className="present-button" />
          </main>
          {presenting ? null : discovering ? (
            <Panel panel="discovery">
              <DiscoveryPanel />
            </Panel>
          ) : (
            <SidePanel
              properties={
                <Panel panel="inspector">
                  <InspectorPanel />
                </Panel>
              }
              flow={
                <Panel panel="stage-panel">
                  <StagePanelView />
                </Panel>
              }
              kaizen={
                <Panel panel="kaizen">
                  <KaizenPanel />
                </Panel>
              }
            />
          )}
        </div>
      )}
      {tab === 'map' && !presenting && (
        <Panel panel="ladder">
          <LadderView />
        </Panel>
      )}
      <Panel panel="dialog" frame={dialogFrame}>
        <Dialogs />
      </Panel>
      <Panel panel="drop">
        <DropTarget />
      </Panel>
    </div>
  );
}
