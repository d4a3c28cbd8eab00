import { describe, expect, it } from 'vitest';
import { edges, nodes } from '../editor/fixtures';
import { toFlow } from '../map/toFlow';
import type { MapView } from '../generated/wire';
import { mapOverlay, withOverlay } from './mapOverlay';
import { flowViewFixture } from './testMetrics';

const view: MapView = { path: '', name: 'Test', nodes, edges, flow_order: ['plan', 'build', 'test'], critical_path: ['plan', 'build', 'test'], items: 0, transitions: 0 };
const edgeEnds = edges.map((e) => ({ id: e.edge.id, from: e.edge.from, to: e.edge.to }));

describe('the overlay on the canvas', () => {
  it('puts heat on stage nodes and waits on handoffs, rework arcs included', () => {
    const overlay = mapOverlay(flowViewFixture(), edgeEnds, 'waiting', 'p50')!;
    const flow = withOverlay(toFlow(view), overlay);
    const test = flow.nodes.find((n) => n.id === 'test')!;
    expect(test.type === 'stage' && test.data.heat?.figure).toBe('waits 8 d (p50)');
    const tool = flow.nodes.find((n) => n.id === 'jira')!;
    expect('heat' in tool.data).toBe(false);
    const h2 = flow.edges.find((e) => e.id === 'h2')!;
    expect(h2.label).toBe('waits 7 d (p50, 19)');
    expect(h2.className).toContain('has-wait');
    const rework = flow.edges.find((e) => e.id === 'h3')!;
    expect(rework.type === 'rework' && rework.data?.label).toBe('rework · waits 3 h (p50, 4)');
    // No items moved from the customer: no wait written.
    expect(flow.edges.find((e) => e.id === 'h0')!.label).toBeUndefined();
  });

  it('uses the chosen percentile on the handoffs too', () => {
    const overlay = mapOverlay(flowViewFixture(), edgeEnds, 'waiting', 'p85')!;
    expect(overlay.waits.get('h2')!.label).toBe('waits 2.6 wk (p85, 19)');
  });

  it('leaves the canvas as drawn without an overlay', () => {
    const drawn = toFlow(view);
    expect(mapOverlay(flowViewFixture(), edgeEnds, 'none', 'p50')).toBeNull();
    expect(withOverlay(drawn, null)).toBe(drawn);
  });
});
