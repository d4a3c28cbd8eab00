// The files opened or saved lately, newest first, kept in the window's local storage.

export const MAX_RECENT = 8;
const KEY = 'flowmap.recentFiles';

export function withRecent(list: string[], path: string): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, MAX_RECENT);
}

export function loadRecent(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export function saveRecent(list: string[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or refused: the list is a convenience.
  }
}

/** The file's name without its folders, for menus. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
