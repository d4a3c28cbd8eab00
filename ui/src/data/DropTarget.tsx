// A log dropped anywhere on the window does what File → Import event log does: the Data view's
// Import tab opens with the dropped file previewed. In the app the webview tells the dropped
// file's path (Tauri's drag-drop event); a browser page has only the file's bytes, which the
// backend keeps as a file of its own (`store_dropped_file`). An overlay shows while dragging.

import { useEffect, useState } from 'react';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { insideTauri } from '../backend';
import { windowStore } from '../store/window';

/** Whether a drag carries files (not text or a node dragged on the canvas). */
const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

function canDrop(): boolean {
  const s = windowStore.getState();
  return s.editor !== null && s.job?.state !== 'running';
}

function useBrowserDrop(setOver: (over: boolean) => void) {
  useEffect(() => {
    if (insideTauri()) return;
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth += 1;
      setOver(true);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = canDrop() ? 'copy' : 'none';
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file && canDrop()) void windowStore.getState().dropLog({ file });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [setOver]);
}

function useAppDrop(setOver: (over: boolean) => void) {
  useEffect(() => {
    if (!insideTauri()) return;
    let stop: (() => void) | null = null;
    let stopped = false;
    getCurrentWebview()
      .onDragDropEvent((event) => {
        const p = event.payload;
        if (p.type === 'enter' || p.type === 'over') setOver(true);
        else if (p.type === 'leave') setOver(false);
        else if (p.type === 'drop') {
          setOver(false);
          const path = p.paths[0];
          if (path && canDrop()) void windowStore.getState().dropLog({ path });
        }
      })
      .then(
        (unlisten) => {
          if (stopped) unlisten();
          else stop = unlisten;
        },
        (error: unknown) => console.error('listening to dropped files:', error),
      );
    return () => {
      stopped = true;
      stop?.();
    };
  }, [setOver]);
}

export function DropTarget() {
  const [over, setOver] = useState(false);
  useBrowserDrop(setOver);
  useAppDrop(setOver);
  if (!over) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-live="polite">
      {canDrop() ? 'Drop an event log (CSV, ActionableAgile CSV, XES or OCEL 2.0) to preview it' : 'Open a map first: a log is imported into a map'}
    </div>
  );
}
