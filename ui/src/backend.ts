// The one place the UI talks to the Rust side: every command as a typed call generated from its
// declaration in crates/flowmap-api/src/commands (generated/commands.ts), the few calls that
// behave differently in a plain browser, and the app's events.

import { listen } from '@tauri-apps/api/event';
import * as commands from './generated/commands';
import { insideTauri } from './transport';

export * from './generated/commands';
export { BackendError, backendAvailable, httpBackendUrl, insideTauri, postCommand, toBackendError } from './transport';

/** Opens an item's page in the system's browser (a new tab outside the app window). */
export async function openLink(url: string): Promise<void> {
  if (insideTauri()) await commands.openLink(url);
  else window.open(url, '_blank', 'noopener,noreferrer');
}

/** Whether the system's file dialogs can be shown (only inside the Flowmap window). */
export const nativeDialogs = insideTauri;

/** A path chosen in the system's file dialog, or null when cancelled or not available. */
export async function choosePath(save: boolean, extension: string): Promise<string | null> {
  if (!insideTauri()) return null;
  return commands.choosePath(save, extension);
}

/** Closes the window for good (after the user was asked about unsaved work). */
export async function closeWindow(): Promise<void> {
  if (insideTauri()) await commands.closeWindow();
  else window.close();
}

/** Calls `handler` when the user closes the window while work is unsaved. */
export function onCloseRequested(handler: () => void): () => void {
  return subscribe<null>('close-requested', () => handler());
}

function subscribe<T>(event: string, handler: (payload: T) => void): () => void {
  if (!insideTauri()) return () => {};
  let stop: (() => void) | null = null;
  let stopped = false;
  listen<T>(event, (e) => handler(e.payload)).then(
    (unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    },
    (error: unknown) => console.error(`listening to ${event}:`, error),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}

