// The state mapping table: sortable columns, rows selected by click, shift-click or the
// select-all box, guesses in italics with a "guess" badge, their reason and a Confirm button,
// unmapped states and states in two stages flagged.

import { useMemo } from 'react';
import { duration, count } from '../flow/format';
import type { MappingTableRow } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { clickRow, MAPPING_COLUMNS, nextSort, rowKey, sortRows, stageText } from './mappingTable';

/** The time items spent in the state; a final state holds items forever, which is no flow time. */
function TimeHeld({ row }: { row: MappingTableRow }) {
  if (row.category === 'Done' || row.category === 'Canceled') {
    return <span title={`items have rested here ${duration(row.time_secs)} in all since they finished: time after the end is not flow time`}>final</span>;
  }
  return <>{duration(row.time_secs)}</>;
}

function Row({ row, shown, selected }: { row: MappingTableRow; shown: MappingTableRow[]; selected: boolean }) {
  const key = rowKey(row);
  const flagged = row.status === 'unmapped' || row.status === 'conflict';
  const click = (shift: boolean) => {
    const s = windowStore.getState();
    s.setMappingSelection(clickRow(shown, s.mappingSelected, key, s.mappingAnchor, shift), key);
  };
  return (
    <tr
      className={`${selected ? 'selected' : ''} ${row.guess ? 'guess' : ''} ${flagged ? 'flagged' : ''}`}
      data-testid="mapping-row"
      data-state={row.state}
      aria-selected={selected}
      onClick={(e) => click(e.shiftKey)}
    >
      <td>
        <input type="checkbox" checked={selected} aria-label={`Select ${row.state}`} readOnly />
      </td>
      <td>{row.source}</td>
      <td className="mapping-state">{row.state}</td>
      <td className="num">{count(row.items)}</td>
      <td className="num" data-testid="mapping-time">
        <TimeHeld row={row} />
      </td>
      <td data-testid="mapping-stage" className={flagged ? 'flag' : ''}>
        {stageText(row)}
        {flagged && ` (${duration(row.time_secs)})`}
      </td>
      <td data-testid="mapping-category">{row.category}</td>
      <td className="mapping-reason">
        {row.guess && <span className="badge">guess</span>} {row.reason}{' '}
        {row.guess && (
          <button
            type="button"
            data-testid="mapping-confirm"
            onClick={(e) => {
              e.stopPropagation();
              void windowStore.getState().confirmMappingRows([{ source: row.source, state: row.state }]);
            }}
          >
            Confirm
          </button>
        )}
      </td>
    </tr>
  );
}

export function MappingTableView({ rows }: { rows: MappingTableRow[] }) {
  const sort = useWindow((s) => s.mappingSort);
  const selected = useWindow((s) => s.mappingSelected);
  const shown = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const chosen = new Set(selected);
  const all = rows.length > 0 && rows.every((r) => chosen.has(rowKey(r)));
  return (
    <div className="mapping-rows">
      <table data-testid="mapping-table">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                checked={all}
                aria-label="Select all states"
                data-testid="mapping-select-all"
                onChange={() => windowStore.getState().setMappingSelection(all ? [] : rows.map(rowKey), null)}
              />
            </th>
            {MAPPING_COLUMNS.map(({ column, label }) => (
              <th key={column} aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" data-testid={`mapping-sort-${column}`} onClick={() => windowStore.getState().setMappingSort(nextSort(sort, column))}>
                  {label}
                  {sort.column === column ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <Row key={rowKey(r)} row={r} shown={shown} selected={chosen.has(rowKey(r))} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
