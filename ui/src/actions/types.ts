// What an action is: registered once (see registry.ts), run alike from its keys, its top-bar
// button, the native menu and anywhere else.

import type { FitViewOptions, ReactFlowInstance } from '@xyflow/react';
import type { WindowState, WindowStore } from '../store/window';
import type { Shortcut } from './keys';

export type ActionId =
  | 'new' | 'open' | 'save' | 'save-as' | 'import-json' | 'export-json' | 'export-png' | 'export-svg' | 'export-report' | 'quit'
  | 'undo' | 'redo' | 'copy' | 'paste' | 'duplicate' | 'delete' | 'select-all' | 'deselect'
  | 'add-stage' | 'add-tool' | 'add-partner' | 'add-customer'
  | 'auto-layout' | 'zoom-to-fit' | 'toggle-theme' | 'shortcuts'
  | 'present' | 'end-presentation' | 'rename' | 'edit-estimates'
  | 'show-data' | 'show-sources' | 'sync-sources' | 'show-mapping' | 'show-items' | 'items-back' | 'show-lineage' | 'lineage-back' | 'import-log' | 'discover-stages' | 'map-state-to-stage'
  | 'add-note' | 'add-burst' | 'new-future-state' | 'next-state' | 'rename-future-state' | 'delete-future-state' | 'compare-states'
  | 'forecast';

/** The little of React Flow's viewport that actions use, and the canvas element. */
export type Canvas = Pick<ReactFlowInstance, 'screenToFlowPosition' | 'flowToScreenPosition' | 'getZoom'> & {
  fitView: (options?: FitViewOptions) => unknown;
  setCenter: (x: number, y: number, options?: { zoom?: number; duration?: number }) => unknown;
  /** The `.react-flow` element, when the map is shown. */
  element: () => HTMLElement | null;
};

/** What an action runs with: the window's store and the canvas. */
export type ActionContext = { store: WindowStore; canvas: Canvas };

export type Action = {
  id: ActionId;
  /** Its name in the native menu. */
  label: string;
  /** What it does, in the top bar's tooltip and the `?` list. */
  help: string | ((s: WindowState) => string);
  /** Its top-bar button's text, when it has a button. */
  button?: string | ((s: WindowState) => string);
  shortcuts?: readonly Shortcut[];
  /** Its keys work while typing in a text field (the field's value is committed first). */
  whileTyping?: boolean;
  /** Whether it can run now (always, when not given). */
  enabled?: (s: WindowState) => boolean;
  perform: (ctx: ActionContext) => void;
};
