import { describe, expect, it } from 'vitest';
import type { MappingTableRow } from '../generated/wire';
import { clickRow, matchesPattern, nextSort, rowKey, selectByPattern, selectedRefs, sortRows, stageText } from './mappingTable';

const row = (state: string, over: Partial<MappingTableRow> = {}): MappingTableRow => ({
  source: 'jira',
  state,
  items: 1,
  time_secs: 60,
  category: 'Active',
  status: 'mapped',
  stage: 'Dev',
  stage_id: null,
  stage_set: false,
  conflict_stages: [],
  guess: true,
  reason: 'no word known → Active',
  ...over,
});

const r0 = row('Waiting for QA', { items: 5, time_secs: 900, category: 'Waiting' });
const r1 = row('In Progress', { items: 9, time_secs: 100 });
const r2 = row('Accepted - Wait - User', { items: 2, time_secs: 3000, category: 'Waiting', status: 'unmapped', stage: null });
const r3 = row('Done', { items: 7, time_secs: 0, category: 'Done', guess: false, reason: 'confirmed' });
const rows = [r0, r1, r2, r3];

describe('pattern selection', () => {
  it('selects every state containing the text, whatever its case', () => {
    expect(selectByPattern(rows, 'wait')).toEqual([rowKey(r0), rowKey(r2)]);
    expect(selectByPattern(rows, 'WAIT - user')).toEqual([rowKey(r2)]);
  });
  it('reads * as any text and nothing else as special', () => {
    expect(matchesPattern('Ready for QA', 'ready*qa')).toBe(true);
    expect(matchesPattern('Ready for QA', 'ready.qa')).toBe(false);
    expect(matchesPattern('Won’t (Do)', '(do)')).toBe(true);
  });
  it('selects nothing for an empty pattern', () => {
    expect(selectByPattern(rows, '  ')).toEqual([]);
  });
});

describe('sorting', () => {
  it('sorts by time held, largest first after the first click', () => {
    const sort = nextSort({ column: 'state', descending: false }, 'time');
    expect(sort).toEqual({ column: 'time', descending: true });
    expect(sortRows(rows, sort).map((r) => r.state)).toEqual(['Accepted - Wait - User', 'Waiting for QA', 'In Progress', 'Done']);
  });
  it('turns round on a second click and sorts categories in flow order', () => {
    const sort = nextSort({ column: 'category', descending: false }, 'category');
    expect(sort.descending).toBe(true);
    expect(sortRows(rows, { column: 'category', descending: false }).map((r) => r.category)).toEqual(['Waiting', 'Waiting', 'Active', 'Done']);
  });
  it('sorts guesses after confirmed rows and unmapped by the stage column', () => {
    expect(sortRows(rows, { column: 'guess', descending: false })[0]?.state).toBe('Done');
    expect(stageText(r2)).toBe('Unmapped');
    expect(stageText(row('X', { status: 'conflict', conflict_stages: ['A', 'B'] }))).toBe('In two stages: A, B');
    expect(stageText(row('Epic Open', { status: 'not_flow_items', stage: null }))).toBe('None: not flow items');
  });
});

describe('clicking rows', () => {
  it('toggles a row, and selects a range with shift', () => {
    let selected = clickRow(rows, [], rowKey(r0), null, false);
    expect(selected).toEqual([rowKey(r0)]);
    selected = clickRow(rows, selected, rowKey(r2), rowKey(r0), true);
    expect(selected).toEqual([r0, r1, r2].map(rowKey));
    selected = clickRow(rows, selected, rowKey(r1), rowKey(r2), false);
    expect(selectedRefs(rows, selected).map((r) => r.state)).toEqual(['Waiting for QA', 'Accepted - Wait - User']);
  });
});
