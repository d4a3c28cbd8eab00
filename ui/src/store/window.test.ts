import { ONLY_CURRENT } from '../editor/fixtures';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditorState, FlowView, MapView, MetricsRequest } from '../generated/wire';
import { view } from '../editor/fixtures';
import { DEFAULT_FILTERS } from '../flow/filters';

// The backend, as the store sees it: each call recorded, answered by the test.
const calls: { command: string; args: unknown[] }[] = [];
let answers: Record<string, (...args: unknown[]) => unknown> = {};
vi.mock('../backend', async (actual) => {
  const real = await actual<typeof import('../backend')>();
  const call =
    (command: string) =>
    async (...args: unknown[]) => {
      calls.push({ command, args });
      const answer = answers[command];
      if (!answer) throw new real.BackendError('internal', `no answer for ${command}`);
      return answer(...args);
    };
  return {
    ...real,
    editorState: call('editorState'),
    recoveryInfo: call('recoveryInfo'),
    applyEdit: call('applyEdit'),
    undo: call('undo'),
    redo: call('redo'),
    flowView: call('flowView'),
    savedFlowView: call('savedFlowView'),
    saveFlowFilters: call('saveFlowFilters'),
    flowOverlay: call('flowOverlay'),
    saveFlowOverlay: call('saveFlowOverlay'),
  };
});

const { createWindowStore } = await import('./window');
const { selectOverlay } = await import('./selectors');

const state = (over: Partial<EditorState> = {}, map: MapView = view): EditorState => ({
  view: map,
  dirty: false,
  can_undo: false,
  can_redo: false,
  title: 'Flowmap — Small',
  file: '/maps/small.flowmap',
  states: ONLY_CURRENT,
  ...over,
});
const figures = (filters: MetricsRequest) => ({ filters, metrics: { stages: [] } }) as unknown as FlowView;
const settle = () => new Promise((r) => setTimeout(r, 0));
const called = (command: string) => calls.filter((c) => c.command === command);

beforeEach(() => {
  calls.length = 0;
  answers = {
    editorState: () => state(),
    recoveryInfo: () => null,
    savedFlowView: (points) => figures({ ...DEFAULT_FILTERS, now: '2026-11-02T00:00:00Z', include_points: points as boolean }),
    flowView: (f) => figures(f as MetricsRequest),
    saveFlowFilters: () => null,
    flowOverlay: () => ({ mode: 'none', percentile: 'p50' }),
    saveFlowOverlay: () => null,
    applyEdit: () => ({ state: state({ dirty: true, can_undo: true }), created_nodes: ['n1'], created_edges: [] }),
    undo: () => state(),
  };
});
afterEach(() => vi.useRealTimers());

describe('the window store', () => {
  it('starts once: the map, its saved filters, then its figures for them', async () => {
    const store = createWindowStore();
    await Promise.all([store.getState().start(), store.getState().start()]);
    await settle();
    expect(called('editorState')).toHaveLength(1);
    expect(store.getState().editor?.view.name).toBe('Small');
    expect(store.getState().opened).toBe(1);
    expect(store.getState().filters.now).toBe('2026-11-02T00:00:00Z');
    // The figures under the saved filters come in one call, asked for as the map opens.
    expect(called('savedFlowView').map((c) => c.args[0])).toEqual([false]);
    expect(called('flowView')).toHaveLength(0);
    expect(store.getState().flowView?.filters.now).toBe('2026-11-02T00:00:00Z');
    expect(store.getState().filters.include_points).toBe(false);
    // The filters it loaded are the ones saved: not written again.
    expect(called('saveFlowFilters')).toHaveLength(0);
  });

  it('computes again when the stages change or the dashboard needs points, not on a move', async () => {
    const store = createWindowStore();
    await store.getState().start();
    await settle();
    const before = called('flowView').length;
    const moved: MapView = { ...view, nodes: view.nodes.map((n) => ({ ...n, x: n.x + 10 })) };
    store.getState().receive(state({}, moved));
    expect(called('flowView')).toHaveLength(before);
    const renamed: MapView = { ...view, nodes: view.nodes.map((n) => (n.node.id === 'plan' ? { ...n, node: { ...n.node, name: 'Plan it' } } : n)) };
    store.getState().receive(state({}, renamed));
    expect(called('flowView')).toHaveLength(before + 1);
    store.getState().setTab('dashboard');
    expect((called('flowView').at(-1)!.args[0] as MetricsRequest).include_points).toBe(true);
    store.getState().setFilters({ ...store.getState().filters, flow_item_type: 'Defect' });
    await settle();
    expect(called('saveFlowFilters').map((c) => (c.args[0] as MetricsRequest).flow_item_type)).toEqual(['Defect']);
    // The same filters again: nothing to do.
    store.getState().setFilters({ ...store.getState().filters });
    expect(called('flowView')).toHaveLength(before + 3);
  });

  it('computes again when the stages change while the first figures are computed', async () => {
    const store = createWindowStore();
    const first: ((v: FlowView) => void)[] = [];
    answers.savedFlowView = () => new Promise<FlowView>((resolve) => first.push(resolve));
    await store.getState().start();
    await settle();
    expect(called('savedFlowView')).toHaveLength(1);
    const renamed: MapView = { ...view, nodes: view.nodes.map((n) => (n.node.id === 'plan' ? { ...n, node: { ...n.node, name: 'Plan it' } } : n)) };
    store.getState().receive(state({}, renamed));
    // Not before the saved filters are known.
    expect(called('flowView')).toHaveLength(0);
    first[0]!(figures({ ...DEFAULT_FILTERS, now: '2026-11-02T00:00:00Z' }));
    await settle();
    expect(called('flowView').map((c) => (c.args[0] as MetricsRequest).now)).toEqual(['2026-11-02T00:00:00Z']);
    expect(store.getState().computing).toBe(false);
  });

  it('keeps a filter chosen while the first figures are computed, and computes for it', async () => {
    const store = createWindowStore();
    const first: ((v: FlowView) => void)[] = [];
    answers.savedFlowView = () => new Promise<FlowView>((resolve) => first.push(resolve));
    await store.getState().start();
    await settle();
    store.getState().setFilters({ ...store.getState().filters, now: '2026-10-01T00:00:00Z' });
    first[0]!(figures({ ...DEFAULT_FILTERS, now: '2026-11-02T00:00:00Z' }));
    await settle();
    expect(store.getState().filters.now).toBe('2026-10-01T00:00:00Z');
    expect(called('flowView').map((c) => (c.args[0] as MetricsRequest).now)).toEqual(['2026-10-01T00:00:00Z']);
    expect(store.getState().flowView?.filters.now).toBe('2026-10-01T00:00:00Z');
    // Saved with the map, as any filter chosen.
    expect(called('saveFlowFilters').map((c) => (c.args[0] as MetricsRequest).now)).toEqual(['2026-10-01T00:00:00Z']);
  });

  it('keeps only the answer to the latest request', async () => {
    const store = createWindowStore();
    await store.getState().start();
    await settle();
    const slow: ((v: FlowView) => void)[] = [];
    answers.flowView = () => new Promise<FlowView>((resolve) => slow.push(resolve));
    store.getState().setFilters({ ...store.getState().filters, flow_item_type: 'Risk' });
    store.getState().setFilters({ ...store.getState().filters, flow_item_type: 'Debt' });
    slow[1]!(figures({ ...DEFAULT_FILTERS, flow_item_type: 'Debt' }));
    await settle();
    slow[0]!(figures({ ...DEFAULT_FILTERS, flow_item_type: 'Risk' }));
    await settle();
    expect(store.getState().flowView?.filters.flow_item_type).toBe('Debt');
    expect(store.getState().computing).toBe(false);
  });

  it('applies React Flow’s selection changes to the one selection, and ignores no-ops', async () => {
    const store = createWindowStore();
    await store.getState().start();
    store.getState().selectChanged('nodes', [{ id: 'plan', selected: true }]);
    const one = store.getState().selection;
    expect([...one.nodes]).toEqual(['plan']);
    store.getState().selectChanged('nodes', [{ id: 'plan', selected: true }]);
    expect(store.getState().selection).toBe(one);
    store.getState().selectChanged('edges', [{ id: 'h1', selected: true }]);
    store.getState().selectChanged('nodes', [
      { id: 'plan', selected: false },
      { id: 'test', selected: true },
    ]);
    expect([...store.getState().selection.nodes]).toEqual(['test']);
    expect([...store.getState().selection.edges]).toEqual(['h1']);
  });

  it('runs edits one after another and selects what a paste created', async () => {
    const store = createWindowStore();
    await store.getState().start();
    const order: string[] = [];
    answers.applyEdit = async () => {
      order.push('edit');
      await settle();
      return { state: state({ dirty: true, can_undo: true }), created_nodes: ['n1', 'n2'], created_edges: ['e1'] };
    };
    answers.undo = () => {
      order.push('undo');
      return state();
    };
    const edit = store.getState().commit({ kind: 'rename_map', name: 'x' }, 'created');
    const undo = store.getState().history('undo');
    await Promise.all([edit, undo]);
    expect(order).toEqual(['edit', 'undo']);
    expect([...store.getState().selection.nodes]).toEqual(['n1', 'n2']);
    expect(store.getState().editor?.can_undo).toBe(false);
  });

  it('says why the core refused an edit', async () => {
    const store = createWindowStore();
    await store.getState().start();
    answers.applyEdit = () => {
      throw { code: 'invalid_map', message: 'names are not empty' };
    };
    expect(await store.getState().commit({ kind: 'rename_map', name: '' })).toBe('names are not empty');
  });

  it('shows a notice for a while, an error for longer', () => {
    vi.useFakeTimers();
    const store = createWindowStore();
    store.getState().say('Saved');
    vi.advanceTimersByTime(2999);
    expect(store.getState().notice?.text).toBe('Saved');
    vi.advanceTimersByTime(1);
    expect(store.getState().notice).toBeNull();
    store.getState().say('refused', true);
    vi.advanceTimersByTime(7999);
    expect(store.getState().notice?.error).toBe(true);
    vi.advanceTimersByTime(1);
    expect(store.getState().notice).toBeNull();
  });

  it('derives the overlay once for the same figures and mode', async () => {
    const store = createWindowStore();
    await store.getState().start();
    await settle();
    expect(selectOverlay(store.getState())).toBeNull();
    store.setState({ flowView: { ...store.getState().flowView!, metrics: { stages: [], handoffs: [], bottlenecks: [] } as never, overlays: [], bottleneck: null } });
    store.getState().setMode('waiting');
    expect(store.getState().panel).toBe('flow');
    const first = selectOverlay(store.getState());
    expect(first).not.toBeNull();
    expect(selectOverlay(store.getState())).toBe(first);
    store.getState().setTab('dashboard');
    expect(selectOverlay(store.getState())).toBeNull();
  });

  it('opens a map with the overlay it was saved with, and saves the one chosen', async () => {
    answers.flowOverlay = () => ({ mode: 'waiting', percentile: 'p85' });
    const store = createWindowStore();
    await store.getState().start();
    await settle();
    expect(store.getState().mode).toBe('waiting');
    expect(store.getState().percentile).toBe('p85');
    expect(store.getState().panel).toBe('flow');
    expect(called('saveFlowOverlay')).toHaveLength(0);
    store.getState().setMode('load');
    store.getState().setMode('load');
    store.getState().setPercentile('p50');
    await settle();
    expect(called('saveFlowOverlay').map((c) => c.args[0])).toEqual([
      { mode: 'load', percentile: 'p85' },
      { mode: 'load', percentile: 'p50' },
    ]);
  });
});
