import { ONLY_CURRENT } from '../editor/fixtures';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditorState, FileChanges, FlowView, MetricsRequest } from '../generated/wire';
import { view } from '../editor/fixtures';
import { DEFAULT_FILTERS } from '../flow/filters';

// The backend, as the store sees it: each call recorded, answered by the test.
const calls: string[] = [];
let answers: Record<string, (...args: unknown[]) => unknown> = {};
vi.mock('../backend', async (actual) => {
  const real = await actual<typeof import('../backend')>();
  const call =
    (command: string) =>
    async (...args: unknown[]) => {
      calls.push(command);
      return answers[command]!(...args);
    };
  return {
    ...real,
    editorState: call('editorState'),
    recoveryInfo: call('recoveryInfo'),
    flowView: call('flowView'),
    savedFlowView: call('savedFlowView'),
    saveFlowFilters: call('saveFlowFilters'),
    flowOverlay: call('flowOverlay'),
    saveFlowOverlay: call('saveFlowOverlay'),
    fileChanges: call('fileChanges'),
  };
});

const { createWindowStore } = await import('./window');

const state = (over: Partial<EditorState> = {}): EditorState => ({
  view,
  dirty: true,
  can_undo: true,
  can_redo: false,
  title: 'Flowmap — Small •',
  file: '/maps/small.flowmap',
  states: ONLY_CURRENT,
  ...over,
});
const settle = () => new Promise((r) => setTimeout(r, 0));
let changes: FileChanges;

beforeEach(() => {
  calls.length = 0;
  changes = { data_version: 1, map_version: 1, map_changed: false };
  answers = {
    editorState: () => state(),
    recoveryInfo: () => null,
    savedFlowView: (points) => ({ filters: { ...DEFAULT_FILTERS, include_points: points }, metrics: { stages: [] } }) as unknown as FlowView,
    flowView: (f) => ({ filters: f as MetricsRequest, metrics: { stages: [] } }) as unknown as FlowView,
    saveFlowFilters: () => null,
    flowOverlay: () => ({ mode: 'none', percentile: 'p50' }),
    saveFlowOverlay: () => null,
    fileChanges: () => changes,
  };
});

describe('following the file', () => {
  it('takes the map and the figures again only when the data version moves', async () => {
    const store = createWindowStore();
    await store.getState().start();
    await settle();
    await store.getState().followFile();
    await store.getState().followFile();
    // Once at the start, once on the first answer (a writer may have come first).
    expect(calls.filter((c) => c === 'editorState')).toHaveLength(2);
    const figures = calls.filter((c) => c === 'flowView').length;

    changes = { ...changes, data_version: 2 };
    answers.editorState = () => state({ view: { ...view, items: 40 } });
    await store.getState().followFile();
    await settle();
    expect(store.getState().editor?.view.items).toBe(40);
    expect(store.getState().editor?.dirty).toBe(true);
    expect(calls.filter((c) => c === 'flowView').length).toBeGreaterThan(figures);
  });

  it('says when another program changed the map while edits are unsaved', async () => {
    const store = createWindowStore();
    await store.getState().start();
    changes = { ...changes, map_changed: true };
    await store.getState().followFile();
    expect(store.getState().mapChanged).toBe(true);
    changes = { ...changes, map_changed: false };
    await store.getState().followFile();
    expect(store.getState().mapChanged).toBe(false);
  });

  it('asks nothing for a map without a file', async () => {
    const store = createWindowStore();
    answers.editorState = () => state({ file: undefined });
    await store.getState().start();
    await store.getState().followFile();
    expect(calls).not.toContain('fileChanges');
  });
});
