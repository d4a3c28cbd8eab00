// What the Data view says about a log and its import, in words. Pure.

import type { ImportSummary, LogColumns, SourceKind } from '../generated/wire';

export type Role = keyof LogColumns;

/** The roles a user can give a column, in the order they are shown. */
export const ROLES: { role: Role; label: string; required: boolean }[] = [
  { role: 'item', label: 'Item', required: true },
  { role: 'state', label: 'State', required: true },
  { role: 'at', label: 'Time', required: true },
  { role: 'from', label: 'Previous state', required: false },
  { role: 'item_type', label: 'Type', required: false },
  { role: 'title', label: 'Title', required: false },
  { role: 'parent', label: 'Parent', required: false },
  { role: 'links', label: 'Links', required: false },
];

export const FORMAT_NAMES: Partial<Record<SourceKind, string>> = {
  csv: 'CSV event log',
  'actionable-agile': 'ActionableAgile CSV',
  xes: 'XES',
  ocel: 'OCEL 2.0 (JSON or SQLite)',
};

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "2024-03-01 to 2024-03-05", from the summary's span (RFC 3339 instants). */
export function timeSpan(s: ImportSummary): string {
  if (!s.span) return 'no times';
  const first = s.span[0].slice(0, 10);
  const last = s.span[1].slice(0, 10);
  return first === last ? first : `${first} to ${last}`;
}

/** What the import will do, in one sentence. */
export function summaryText(s: ImportSummary, tz: string): string {
  const parts = [
    `${formatCount(s.counts.rows)} rows`,
    `${formatCount(s.counts.items)} items`,
    `${formatCount(s.counts.transitions)} state changes`,
    `${s.states.length} states`,
  ];
  const zoneless = s.zoneless > 0 ? `; ${formatCount(s.zoneless)} times without a zone, read in ${tz}` : '';
  return `Will import ${parts.join(', ')} from ${timeSpan(s)}${zoneless}.`;
}
