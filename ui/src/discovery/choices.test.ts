import { describe, expect, it } from 'vitest';
import type { DiscoveryPreview, ProposedStage } from '../generated/wire';
import { fateOf, handoffLabel, modeFrom, modeValue, NO_PICKS, toChoices, type Picks } from './choices';

const stage = (name: string, matched: ProposedStage['matched'] = 'new', new_states: string[] = []): ProposedStage => ({
  name,
  states: [name],
  category: 'Active',
  items: 3,
  existing: matched === 'new' ? null : 'id-' + name,
  matched,
  new_states,
});

const preview: DiscoveryPreview = {
  proposal: {
    sources: ['log'],
    items: 3,
    tool: null,
    stages: [stage('Analysis'), stage('Build'), stage('Test'), stage('Deploy', 'name', ['Deploy'])],
    handoffs: [
      { from: 'Build', to: 'Test', count: 3, share: 0.75, existing: false, rework: false },
      { from: 'Test', to: 'Build', count: 1, share: 1 / 3, existing: false, rework: true },
    ],
    rare_handoffs: 0,
    min_count: 1,
    left_out: [],
    applied: false,
    stages_added: 0,
    handoffs_added: 0,
    order_method: 'exact',
    moves_between: 4,
    moves_backward: 1,
    backward_share: 0.25,
    greedy_moves_backward: 1,
  },
  places: [null, null, null, null],
};

describe('discovery choices', () => {
  it('sends nothing but what differs from keeping all', () => {
    expect(toChoices(preview, NO_PICKS)).toEqual({ source: null, min_count: null, stages: [], handoffs: [] });
  });

  it('turns a new name, a merge, a drop and an unticked handoff into the backend’s choices', () => {
    const picks: Picks = {
      stages: {
        Analysis: { name: ' Refinement ', mode: 'keep' },
        Test: { name: 'Test', mode: { into: 'proposed', name: 'Build' } },
        Deploy: { name: 'Deploy', mode: 'drop' },
      },
      handoffs: { 'Test\u0000Build': false },
    };
    expect(toChoices(preview, picks)).toEqual({
      source: null,
      min_count: null,
      stages: [
        { name: 'Analysis', action: { kind: 'rename', to: 'Refinement' } },
        { name: 'Test', action: { kind: 'merge_into_proposed', name: 'Build' } },
        { name: 'Deploy', action: { kind: 'drop' } },
      ],
      handoffs: [{ from: 'Test', to: 'Build', keep: false }],
    });
    const name = () => '?';
    const s = preview.proposal.stages as [ProposedStage, ProposedStage, ProposedStage, ProposedStage];
    expect(fateOf(preview, picks, s[0], name)).toEqual({ name: 'Refinement', kind: 'new', note: 'new stage (was Analysis)' });
    expect(fateOf(preview, picks, s[2], name).note).toBe('merged into Build');
    expect(fateOf(preview, picks, s[3], name).note).toBe('left as it is');
    expect(fateOf(preview, NO_PICKS, s[3], name).note).toBe('on the map by name: adds Deploy');
  });

  it('writes and reads the mode select’s values', () => {
    for (const m of ['keep', 'drop', { into: 'proposed', name: 'p:x' }, { into: 'stage', id: 'abc' }] as const) expect(modeFrom(modeValue(m))).toEqual(m);
  });

  it('labels a handoff with its moves and share', () => {
    expect(handoffLabel(preview.proposal.handoffs[0]!)).toBe('3 moves · 75%');
    expect(handoffLabel(preview.proposal.handoffs[1]!)).toBe('1 move · 33%');
  });
});
