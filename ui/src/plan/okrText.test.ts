import { describe, expect, it } from 'vitest';
import type { KeyResultView, KrStatus } from '../generated/wire';
import { byObjective, draftOf, krValue, stageBadge, typedValue, wayText } from './okrText';

function view(name: string, objective: string, stage: string | null, status: KrStatus): KeyResultView {
  return {
    key_result: { id: `id-${name}`, objective, name, figure: stage ? 'stage_waiting_p85' : 'flow_time_p85', flow_item_type: 'Feature', stage, baseline: 864000, target: 432000, start: '2026-11-02T00:00:00Z', due: '2026-12-28T00:00:00Z', owner: 'Dana' },
    version: 3,
    unit: 'seconds',
    figure_label: 'flow time p85',
    stage_name: stage ? 'Testing' : null,
    progress: { points: [], current: 518400, progress: 0.8, expected: 0.5, status, reason: '' },
  };
}

describe('key results in words', () => {
  it('writes values in their unit and as typed back into the form', () => {
    expect(krValue('seconds', 864000)).toBe('10 d');
    expect(krValue('share', 0.354)).toBe('35%');
    expect(krValue('items', 4.2)).toBe('4');
    expect(krValue('per_week', 3.26)).toBe('3.3 a week');
    expect(krValue('items', null)).toBe('–');
    expect(typedValue('seconds', 864000)).toBe('10d');
    expect(typedValue('seconds', 5400)).toBe('1.5 h');
    expect(typedValue('share', 0.35)).toBe('35 %');
    expect(wayText(-0.004)).toBe('0 %');
    expect(wayText(-0.12)).toBe('−12 %');
    expect(wayText(0.405)).toBe('41 %');
  });

  it('groups by objective in order and badges a stage with its worst status', () => {
    const views = [view('A', 'Speed', null, 'on_track'), view('B', 'Quality', 'S1', 'at_risk'), view('C', 'Speed', 'S1', 'off_track')];
    expect(byObjective(views).map((g) => [g.objective, g.results.map((r) => r.key_result.name)])).toEqual([
      ['Speed', ['A', 'C']],
      ['Quality', ['B']],
    ]);
    expect(stageBadge(views, 'S1')).toBe('off_track:2');
    expect(stageBadge(views, 'S2')).toBeNull();
    expect(stageBadge(null, 'S1')).toBeNull();
  });

  it('drafts a stored key result with its version, and a new one for a quarter from today', () => {
    const d = draftOf(view('A', 'Speed', null, 'on_track'), '2026-11-30');
    expect(d).toMatchObject({ id: 'id-A', version: 3, baseline: '10d', target: '5d', start: '2026-11-02', due: '2026-12-28' });
    const fresh = draftOf(null, '2026-11-30');
    expect(fresh).toMatchObject({ id: null, version: null, start: '2026-11-30', due: '2027-03-01', figure: 'flow_time_p85' });
  });
});
