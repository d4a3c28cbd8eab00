import { describe, expect, it } from 'vitest';
import { fileName, loadRecent, MAX_RECENT, saveRecent, withRecent } from './recentFiles';

describe('recent files', () => {
  it('puts the latest first, once, and keeps a few', () => {
    let list: string[] = [];
    for (let i = 0; i < 12; i++) list = withRecent(list, `/m/${i}.flowmap`);
    list = withRecent(list, '/m/8.flowmap');
    expect(list.length).toBe(MAX_RECENT);
    expect(list.slice(0, 3)).toEqual(['/m/8.flowmap', '/m/11.flowmap', '/m/10.flowmap']);
  });

  it('survives a round trip through storage, and garbage in it', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveRecent(['/a.flowmap'], storage);
    expect(loadRecent(storage)).toEqual(['/a.flowmap']);
    store.set('flowmap.recentFiles', '{nope');
    expect(loadRecent(storage)).toEqual([]);
  });

  it('names a file without its folders', () => {
    expect(fileName('/home/me/maps/team.flowmap')).toBe('team.flowmap');
    expect(fileName('C:\\maps\\team.flowmap')).toBe('team.flowmap');
  });
});
