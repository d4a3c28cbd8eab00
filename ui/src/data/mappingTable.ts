// The state mapping table's pure logic: row keys, sorting by a column, selecting rows by a
// pattern ("all states containing Wait"), by a click or a shift-click range, and the rows a
// selection names.

import type { MappingTableRow, StateRef } from '../generated/wire';

export type MappingColumn = 'source' | 'state' | 'items' | 'time' | 'stage' | 'category' | 'guess';
export type MappingSort = { column: MappingColumn; descending: boolean };

export const MAPPING_COLUMNS: readonly { column: MappingColumn; label: string }[] = [
  { column: 'source', label: 'Source' },
  { column: 'state', label: 'State' },
  { column: 'items', label: 'Items' },
  { column: 'time', label: 'Time held' },
  { column: 'stage', label: 'Stage' },
  { column: 'category', label: 'Category' },
  { column: 'guess', label: 'Guess' },
];

/** One row's key: its source and state. */
export const rowKey = (r: StateRef): string => `${r.source}\u0000${r.state}`;

/** What a row shows in its stage column: its stage, or why it has none. */
export function stageText(r: MappingTableRow): string {
  if (r.status === 'conflict') return `In two stages: ${r.conflict_stages.join(', ')}`;
  if (r.status === 'unmapped') return 'Unmapped';
  if (r.status === 'not_flow_items') return 'None: not flow items';
  return r.stage ?? '—';
}

const CATEGORY_ORDER = ['New', 'Waiting', 'Active', 'Done', 'Canceled', 'Ignore'];

function compareBy(column: MappingColumn, a: MappingTableRow, b: MappingTableRow): number {
  switch (column) {
    case 'items':
      return a.items - b.items;
    case 'time':
      return a.time_secs - b.time_secs;
    case 'category':
      return CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category);
    case 'guess':
      return Number(a.guess) - Number(b.guess) || a.reason.localeCompare(b.reason);
    case 'stage':
      return stageText(a).localeCompare(stageText(b));
    case 'source':
      return a.source.localeCompare(b.source);
    case 'state':
      return a.state.localeCompare(b.state);
  }
}

/** The rows sorted by a column (ties by source and state), a new array. */
export function sortRows(rows: readonly MappingTableRow[], sort: MappingSort): MappingTableRow[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort(
    (a, b) => sign * compareBy(sort.column, a, b) || a.source.localeCompare(b.source) || a.state.localeCompare(b.state),
  );
}

/** The sort after a click on a column's header: the same column turns round. */
export function nextSort(sort: MappingSort, column: MappingColumn): MappingSort {
  if (sort.column === column) return { column, descending: !sort.descending };
  // Numbers are most useful largest first.
  return { column, descending: column === 'items' || column === 'time' };
}

/**
 * Whether a state's name matches a pattern: case-insensitive, the text anywhere in it; `*`
 * stands for any text ("Ready*QA"). An empty pattern matches nothing.
 */
export function matchesPattern(state: string, pattern: string): boolean {
  const p = pattern.trim();
  if (!p) return false;
  const escaped = p
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(escaped, 'i').test(state);
}

/** The keys of the rows whose state matches the pattern. */
export function selectByPattern(rows: readonly MappingTableRow[], pattern: string): string[] {
  return rows.filter((r) => matchesPattern(r.state, pattern)).map(rowKey);
}

/**
 * The selection after a click on the row `key` of `shown` (the rows in the order shown):
 * a click toggles the row; a shift-click selects the range from the last row clicked.
 */
export function clickRow(
  shown: readonly MappingTableRow[],
  selected: readonly string[],
  key: string,
  anchor: string | null,
  shift: boolean,
): string[] {
  const keys = shown.map(rowKey);
  const from = anchor === null ? -1 : keys.indexOf(anchor);
  const to = keys.indexOf(key);
  if (shift && from >= 0 && to >= 0) {
    const range = keys.slice(Math.min(from, to), Math.max(from, to) + 1);
    return [...new Set([...selected, ...range])];
  }
  return selected.includes(key) ? selected.filter((k) => k !== key) : [...selected, key];
}

/** The rows a selection names, as the commands take them (rows no longer in the table dropped). */
export function selectedRefs(rows: readonly MappingTableRow[], selected: readonly string[]): StateRef[] {
  const wanted = new Set(selected);
  return rows.filter((r) => wanted.has(rowKey(r))).map((r) => ({ source: r.source, state: r.state }));
}
