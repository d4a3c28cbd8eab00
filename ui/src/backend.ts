// The one place the UI talks to the Rust side. Inside the Flowmap window the commands are Tauri
// commands (src-tauri/src/commands.rs); in a plain browser given `?backend=http://127.0.0.1:PORT`
// (the browser tests, `npm run dev`) the same commands, with the same names and arguments, are
// POSTed to `crates/flowmap-http`. Both call the same flowmap-api use cases.

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { ApiError, Edit, EditOutcome, EditorState, ErrorCode, FlowView, MetricsRequest, RecoveryInfo } from './generated/wire';

/** Whether the page runs inside the Flowmap window, where the commands are Tauri commands. */
export function insideTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** The HTTP backend named by the page's `?backend=` parameter, if any (only outside Tauri). */
export function httpBackendUrl(search: string = typeof window === 'undefined' ? '' : window.location.search): string | null {
  const url = new URLSearchParams(search).get('backend');
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Whether there is a backend to talk to at all. */
export function backendAvailable(): boolean {
  return insideTauri() || httpBackendUrl() !== null;
}

export const editorState = () => call<EditorState>('editor_state');
export const applyEdit = (edit: Edit) => call<EditOutcome>('apply_edit', { edit });
export const undo = () => call<EditorState>('undo');
export const redo = () => call<EditorState>('redo');
export const newMap = () => call<EditorState>('new_map');
export const openMap = (path: string) => call<EditorState>('open_map', { path });
export const saveMap = () => call<EditorState>('save_map');
export const saveMapAs = (path: string) => call<EditorState>('save_map_as', { path });
export const exportJson = (path: string) => call<null>('export_json', { path });
export const importJson = (path: string) => call<EditorState>('import_json', { path });
/** Writes a PNG or SVG `data:` URL to `path`. */
export const exportImage = (path: string, dataUrl: string) => call<null>('export_image', { path, dataUrl });
export const recoveryInfo = () => call<RecoveryInfo | null>('recovery_info');
export const restoreRecovery = () => call<EditorState>('restore_recovery');
export const discardRecovery = () => call<null>('discard_recovery');
/** The open map's flow under `filters` (see flow/useFlowView.ts). */
export const flowView = (filters: MetricsRequest) => call<FlowView>('flow_view', { filters });
export const flowFilters = () => call<MetricsRequest>('flow_filters');
export const saveFlowFilters = (filters: MetricsRequest) => call<null>('save_flow_filters', { filters });

/** Opens an item's page in the system's browser (a new tab outside the app window). */
export async function openLink(url: string): Promise<void> {
  if (insideTauri()) await call<null>('open_link', { url });
  else window.open(url, '_blank', 'noopener,noreferrer');
}

/** Whether the system's file dialogs can be shown (only inside the Flowmap window). */
export const nativeDialogs = insideTauri;

/** A path chosen in the system's file dialog, or null when cancelled or not available. */
export async function choosePath(save: boolean, extension: string): Promise<string | null> {
  if (!insideTauri()) return null;
  return call<string | null>('choose_path', { save, extension });
}

/** Closes the window for good (after the user was asked about unsaved work). */
export async function closeWindow(): Promise<void> {
  if (insideTauri()) await call<null>('close_window');
  else window.close();
}

/** Calls `handler` with the id of each native menu item chosen. Returns a function to stop. */
export function onMenu(handler: (id: string) => void): () => void {
  return subscribe<string>('menu', handler);
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

/** A command's failure: the backend's error code and its message for people. */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    if (insideTauri()) return await invoke<T>(command, args);
    const url = httpBackendUrl();
    if (url === null) throw new BackendError('internal', 'no backend: open the page with ?backend=http://127.0.0.1:PORT');
    return await postCommand<T>(url, command, args ?? {});
  } catch (rejection) {
    throw toBackendError(rejection);
  }
}

/** POSTs a command to the HTTP backend: 200 carries the result, 422 the `ApiError`. */
export async function postCommand<T>(
  baseUrl: string,
  command: string,
  args: Record<string, unknown>,
  fetchImpl: typeof fetch = fetch,
): Promise<T> {
  const response = await fetchImpl(`${baseUrl}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  if (response.status === 200) return JSON.parse(text) as T;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: reported as it is.
  }
  throw toBackendError(body);
}

const ERROR_CODES: Record<ErrorCode, true> = {
  not_found: true,
  not_a_flowmap_file: true,
  newer_version: true,
  corrupt: true,
  invalid_map: true,
  invalid_mapping: true,
  invalid_json: true,
  invalid_argument: true,
  io: true,
  internal: true,
  invalid_log: true,
  unauthorized: true,
  forbidden: true,
  missing_credential: true,
  unreachable: true,
  rate_limited: true,
  source_failed: true,
  cancelled: true,
};

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && code in ERROR_CODES && typeof message === 'string';
}

/**
 * What a rejected command carries, as a [BackendError]: the `ApiError` a command returns, or
 * the plain string Tauri itself rejects with (an unknown command, a missing permission, an
 * argument that does not deserialize).
 */
export function toBackendError(rejection: unknown): BackendError {
  if (rejection instanceof BackendError) return rejection;
  if (isApiError(rejection)) return new BackendError(rejection.code, rejection.message);
  if (rejection instanceof Error) return new BackendError('internal', rejection.message);
  const text = typeof rejection === 'string' ? rejection : JSON.stringify(rejection);
  return new BackendError('internal', text ?? String(rejection));
}
