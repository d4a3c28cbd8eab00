// How a command reaches the Rust side. Inside the Flowmap window it is invoked through Tauri
// (src-tauri dispatches it); in a plain browser given `?backend=http://127.0.0.1:PORT` (the
// browser tests, `npm run dev`) it is POSTed to `crates/flowmap-http`. Both run the command
// declared once in crates/flowmap-api/src/commands. The typed calls are generated from those
// declarations (generated/commands.ts); the UI uses them through backend.ts.

import { invoke } from '@tauri-apps/api/core';
import { ERROR_CODES, type ApiError, type ErrorCode } from './generated/wire';

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

/** A command's failure: the backend's error code and its message for people. */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }
}

/** Runs `command` with its arguments; used by the generated calls of generated/commands.ts. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
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


function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && typeof message === 'string';
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
