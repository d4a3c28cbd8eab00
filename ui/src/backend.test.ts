import { describe, expect, it } from 'vitest';
import { BackendError, httpBackendUrl, insideTauri, postCommand, toBackendError } from './backend';

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

describe('httpBackendUrl', () => {
  it('takes the origin of ?backend=', () => {
    expect(httpBackendUrl('?backend=http%3A%2F%2F127.0.0.1%3A7878%2Fignored')).toBe('http://127.0.0.1:7878');
    expect(httpBackendUrl('?backend=http://127.0.0.1:7878')).toBe('http://127.0.0.1:7878');
  });

  it('has none without the parameter, or with one that is not an http URL', () => {
    expect(httpBackendUrl('')).toBeNull();
    expect(httpBackendUrl('?backend=file:///etc/passwd')).toBeNull();
    expect(httpBackendUrl('?backend=nonsense')).toBeNull();
  });
});

describe('postCommand', () => {
  const answer = (status: number, body: string): typeof fetch =>
    (async (url: string | URL | Request, init?: RequestInit) => {
      expect(String(url)).toBe('http://127.0.0.1:1/api/apply_edit');
      expect(init?.method).toBe('POST');
      expect(JSON.parse(String(init?.body))).toEqual({ edit: { kind: 'rename_map', name: 'X' } });
      return new Response(body, { status });
    }) as typeof fetch;
  const args = { edit: { kind: 'rename_map', name: 'X' } };

  it("returns a command's result", async () => {
    await expect(postCommand('http://127.0.0.1:1', 'apply_edit', args, answer(200, '{"ok":1}'))).resolves.toEqual({ ok: 1 });
  });

  it('rejects with the ApiError the backend answers with', async () => {
    const rejected = postCommand('http://127.0.0.1:1', 'apply_edit', args, answer(422, '{"code":"invalid_map","message":"the map has an empty name"}'));
    await expect(rejected).rejects.toMatchObject({ code: 'invalid_map', message: 'the map has an empty name' });
  });

  it('rejects with what a broken backend says', async () => {
    await expect(postCommand('http://127.0.0.1:1', 'apply_edit', args, answer(500, 'boom'))).rejects.toMatchObject({ code: 'internal', message: 'boom' });
  });
});
