// The one place the UI talks to the Rust side (src-tauri/src/commands.rs).

import { invoke } from '@tauri-apps/api/core';
import type { ApiError, ErrorCode, MapView } from './generated/wire';

/** Whether the page runs inside the Flowmap window, where the commands below exist. */
export function insideTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** The map the app opened at start (or opened last). */
export function currentMap(): Promise<MapView> {
  return call<MapView>('current_map');
}

/** Opens another `.flowmap` file; the app shows it from now on. */
export function openMap(path: string): Promise<MapView> {
  return call<MapView>('open_map', { path });
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
    return await invoke<T>(command, args);
  } catch (rejection) {
    throw toBackendError(rejection);
  }
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
