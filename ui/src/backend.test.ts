import { describe, expect, it } from 'vitest';
import { BackendError, insideTauri, toBackendError } from './backend';

describe('toBackendError', () => {
  it('keeps the code and message of an ApiError', () => {
    const error = toBackendError({ code: 'newer_version', message: 'map.flowmap needs Flowmap 3' });
    expect(error).toBeInstanceOf(BackendError);
    expect(error.code).toBe('newer_version');
    expect(error.message).toBe('map.flowmap needs Flowmap 3');
  });

  it('passes a BackendError through unchanged', () => {
    const error = new BackendError('not_found', 'gone.flowmap does not exist');
    expect(toBackendError(error)).toBe(error);
  });

  it('turns what Tauri itself rejects with into an internal error', () => {
    const error = toBackendError('Command open_map not allowed by ACL');
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Command open_map not allowed by ACL');
  });

  it('does not take an object with an unknown code for an ApiError', () => {
    const error = toBackendError({ code: 'teapot', message: 'short and stout' });
    expect(error.code).toBe('internal');
    expect(error.message).toBe('{"code":"teapot","message":"short and stout"}');
  });
});

describe('insideTauri', () => {
  it('is false outside the Flowmap window', () => {
    expect(insideTauri()).toBe(false);
  });
});
