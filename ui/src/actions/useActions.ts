// The window's wiring of the registry: the context actions run with, the keyboard, the native
// menu, and the window's close button.

import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import * as backend from '../backend';
import { windowStore } from '../store/window';
import { handleKey } from './keyHandler';
import { installNativeMenu } from './nativeMenu';
import { perform } from './registry';
import type { ActionContext } from './types';

/** The store and the canvas (React Flow's viewport, under the window's ReactFlowProvider). */
export function useActionContext(): ActionContext {
  const flow = useReactFlow();
  return useMemo(
    () => ({
      store: windowStore,
      canvas: {
        fitView: (options) => flow.fitView(options),
        setCenter: (x, y, options) => flow.setCenter(x, y, options),
        getZoom: () => flow.getZoom(),
        screenToFlowPosition: (p, options) => flow.screenToFlowPosition(p, options),
        flowToScreenPosition: (p) => flow.flowToScreenPosition(p),
        element: () => document.querySelector<HTMLElement>('.canvas-area .react-flow'),
      },
    }),
    [flow],
  );
}

export function useShortcutKeys(ctx: ActionContext): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => handleKey(e, ctx);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctx]);
}

/** Inside the app window: the native menu, built from the registry. */
export function useNativeMenu(ctx: ActionContext): void {
  useEffect(() => (backend.insideTauri() ? installNativeMenu(ctx.store, (id) => perform(id, ctx)) : undefined), [ctx]);
}

/** Closing the window with unsaved work asks first; outside the app, the browser asks. */
export function useCloseGuard(): void {
  useEffect(() => backend.onCloseRequested(() => windowStore.getState().openModal({ kind: 'unsaved', then: () => void backend.closeWindow() })), []);
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!backend.insideTauri() && windowStore.getState().editor?.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);
}
