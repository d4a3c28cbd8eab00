import { describe, expect, it } from 'vitest';
import type { CrossingRow, ItemLineage, LineageNode, TimelineStep } from '../generated/wire';
import { crossingHeats, crossingLabel, crossingTitle, ganttOf } from './lineageText';

const row = (flow: string, p50: number | null, p85: number | null, count: number): CrossingRow => ({
  flow,
  from_tool: 'GitHub',
  to_tool: 'Jenkins',
  label: 'Pull Request → Build',
  count,
  p50_secs: p50,
  p85_secs: p85,
  slowest: [],
});

const HOUR = 3600;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const step = (state: string, hoursIn: number, hours: number, category: TimelineStep['category'], current = false): TimelineStep => ({
  state,
  at: new Date(T0 + hoursIn * HOUR * 1000).toISOString(),
  at_ms: T0 + hoursIn * HOUR * 1000,
  duration_secs: hours * HOUR,
  current,
  stage: null,
  category,
});
const node = (key: string, tool: string | null, parent: string | null, steps: TimelineStep[], crossingHours: number | null): LineageNode => ({
  source: tool ?? 'log',
  key,
  title: key,
  artifact_type: 'Story',
  tool,
  parent,
  depth: parent ? 1 : 0,
  crossing_secs: crossingHours === null ? null : crossingHours * HOUR,
  started: steps[0]?.at ?? null,
  ended: null,
  steps,
});

describe('crossing figures', () => {
  it('labels the p50 and explains both percentiles, and says nothing when nothing crossed', () => {
    const c = row('e1', 12.9 * 86_400, 26.6 * 86_400, 916);
    expect(crossingLabel(c)).toBe('crossing p50 12.9 d');
    expect(crossingTitle(c)).toContain('p85 3.8 wk over 916 crossings');
    expect(crossingLabel(row('e2', null, null, 0))).toBeNull();
    expect(crossingLabel(undefined)).toBeNull();
  });

  it('heats each flow by its p50 over the longest p50', () => {
    const heats = crossingHeats([row('a', 4 * HOUR, 4 * HOUR, 3), row('b', 16 * HOUR, 20 * HOUR, 2), row('c', null, null, 0)]);
    expect(heats.get('a')).toBeCloseTo(0.25);
    expect(heats.get('b')).toBe(1);
    expect(heats.has('c')).toBe(false);
  });

  it('puts crossings on the stages’ log scale when the overlay shows a duration, clamped at its ends', () => {
    const scale = { kind: 'log' as const, min: HOUR, max: 100 * HOUR };
    const heats = crossingHeats([row('a', 10 * HOUR, null, 1), row('b', 0, 0, 5), row('c', 1000 * HOUR, null, 1)], scale);
    expect(heats.get('a')).toBeCloseTo(0.5);
    expect(heats.get('b')).toBe(0);
    expect(heats.get('c')).toBe(1);
  });
});

describe('the lineage timeline', () => {
  it('groups rows by tool in tree order, places each state on one axis, and marks the crossing before a start', () => {
    const lineage = {
      root: {} as ItemLineage['root'],
      items: [
        // A done root: its last state lasts until now but is drawn as a sliver.
        node('REQ-1', 'Salesforce', null, [step('Qualifying', 0, 10, 'Active'), step('Accepted', 10, 5000, 'Done', true)], null),
        node('ABC-1', 'Jira', 'REQ-1', [step('In Progress', 20, 40, 'Active'), step('Done', 60, 4000, 'Done', true)], 10),
        node('PR-1', 'GitHub', 'ABC-1', [step('Open', 30, 20, 'Waiting'), step('Merged', 50, 100, 'Done', true)], null),
        node('ABC-2', 'Jira', 'REQ-1', [step('In Progress', 40, 40, 'Active')], 30),
      ],
    } as ItemLineage;
    const g = ganttOf(lineage, T0 + 200 * HOUR * 1000);
    expect(g.groups.map((x) => [x.tool, x.rows.map((r) => r.node.key)])).toEqual([
      ['Salesforce', ['REQ-1']],
      ['Jira', ['ABC-1', 'ABC-2']],
      ['GitHub', ['PR-1']],
    ]);
    // The axis runs from the first entry (0 h) to the last end that is not a done item's rest (80 h).
    expect(g.to - g.from).toBe(80 * HOUR * 1000);
    const abc1 = g.groups[1]!.rows[0]!;
    expect(abc1.bars[0]!.left).toBeCloseTo(25);
    expect(abc1.bars[0]!.width).toBeCloseTo(50);
    // Crossing: 10 h before its start at 20 h.
    expect(abc1.crossing!.left).toBeCloseTo(12.5);
    expect(abc1.crossing!.width).toBeCloseTo(12.5);
    expect(abc1.crossing!.title).toBe('crossing from REQ-1: 10 h');
    expect(g.groups[2]!.rows[0]!.crossing).toBeNull();
  });
});
