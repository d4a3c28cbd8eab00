// The Items list: the map's items, searched, filtered and sorted by the backend (100,000 items
// stay there: the list asks for the rows around what is on screen), with a link to each item's
// page in its source tool and, for the item selected, its timeline.

import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { FlowItemType, ItemRow, ItemStatus, ItemsPage } from '../generated/wire';
import { FLOW_ITEM_COLOURS } from '../map/flowItemColours';
import { ItemLink } from '../flow/ItemLink';
import { count, duration, rawDuration } from '../flow/format';
import { itemRowAt, type ItemsFilter } from '../store/itemsSlice';
import { useWindow, windowStore } from '../store/window';
import { ItemTimelineView } from './ItemTimelineView';
import { ITEM_COLUMNS, localTime, localZone, STATUS_NAMES } from './itemsText';

const ROW = 26;
const TYPES: FlowItemType[] = ['Feature', 'Defect', 'Risk', 'Debt'];
const GRID = ITEM_COLUMNS.map((c) => `${c.width}px`).join(' ');

function SearchField() {
  const search = useWindow((s) => s.itemsAsk.search);
  const [draft, setDraft] = useState(search);
  const [shown, setShown] = useState(search);
  if (shown !== search) {
    setShown(search);
    setDraft(search);
  }
  useEffect(() => {
    if (draft === search) return;
    const t = setTimeout(() => windowStore.getState().setItemsSearch(draft), 200);
    return () => clearTimeout(t);
  }, [draft, search]);
  return (
    <label>
      Search key or title
      <input type="search" value={draft} placeholder="FLOW-12, login…" data-testid="items-search" onChange={(e) => setDraft(e.target.value)} />
    </label>
  );
}

function FilterSelect({ filter, label, options }: { filter: ItemsFilter; label: string; options: readonly (readonly [string, string])[] }) {
  const value = useWindow((s) => s.itemsAsk[filter] ?? '');
  return (
    <label>
      {label}
      <select value={value} data-testid={`items-filter-${filter}`} onChange={(e) => windowStore.getState().setItemsFilter(filter, e.target.value || undefined)}>
        <option value="">All</option>
        {options.map(([v, name]) => (
          <option key={v} value={v}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function Filters({ page }: { page: ItemsPage | null }) {
  const pairs = (xs: readonly string[]) => xs.map((x) => [x, x] as const);
  const statuses = (Object.keys(STATUS_NAMES) as ItemStatus[]).map((s) => [s, STATUS_NAMES[s]] as const);
  return (
    <div className="items-tools">
      <SearchField />
      <FilterSelect filter="status" label="In flight / done" options={statuses} />
      <FilterSelect filter="flow_item_type" label="Type" options={pairs(TYPES)} />
      <FilterSelect filter="source" label="Source" options={pairs(page?.sources ?? [])} />
      <FilterSelect filter="stage" label="Stage" options={page?.stages ?? []} />
      <FilterSelect filter="state" label="State" options={pairs(page?.states ?? [])} />
    </div>
  );
}

function HeaderRow() {
  const ask = useWindow((s) => s.itemsAsk);
  return (
    <div className="items-row items-head" style={{ gridTemplateColumns: GRID }} role="row">
      {ITEM_COLUMNS.map(({ column, label }) => (
        <span key={column} role="columnheader" aria-sort={ask.sort === column ? (ask.descending ? 'descending' : 'ascending') : 'none'}>
          <button type="button" data-testid={`items-sort-${column}`} onClick={() => windowStore.getState().sortItems(column)}>
            {label}
            {ask.sort === column ? (ask.descending ? ' ▼' : ' ▲') : ''}
          </button>
        </span>
      ))}
    </div>
  );
}

function Row({ row, index, selected }: { row: ItemRow; index: number; selected: boolean }) {
  return (
    <div
      className={`items-row${selected ? ' selected' : ''}`}
      style={{ gridTemplateColumns: GRID, top: index * ROW }}
      role="row"
      aria-selected={selected}
      data-testid="items-row"
      data-key={row.key}
      onClick={() => void windowStore.getState().selectItem({ source: row.source, key: row.key })}
    >
      <span>
        <ItemLink url={row.link} source={row.source} itemKey={row.key} />
      </span>
      <span title={row.title}>{row.title}</span>
      {row.flow_item ? (
        <span title={row.artifact_type === '' ? undefined : `${row.artifact_type}: ${row.flow_item_type}`}>
          <i className="flow-type" style={{ background: FLOW_ITEM_COLOURS[row.flow_item_type] }} /> {row.flow_item_type}
        </span>
      ) : (
        <span className="muted" data-testid="items-not-flow" title={`${row.artifact_type}: not a flow item — traced in the lineage, counted by no flow figure (the tool's artifact types say so)`}>
          <i>{row.artifact_type}</i>
        </span>
      )}
      <span>{row.source}</span>
      <span title={`${row.state} (${row.category})`}>{row.state}</span>
      <span>{row.stage ?? '–'}</span>
      <span title={row.time_secs === null ? STATUS_NAMES[row.status] : `${row.status === 'in_flight' ? 'Age' : 'Flow time'}: ${rawDuration(row.time_secs)}`} data-testid="items-time" data-secs={row.time_secs ?? ''}>
        {row.time_secs === null ? '–' : `${duration(row.time_secs)}${row.status === 'in_flight' ? ' (age)' : ''}`}
      </span>
      <span title={row.started ?? ''}>{localTime(row.started)}</span>
      <span title={row.finished ?? ''}>{localTime(row.finished)}</span>
    </div>
  );
}

/** Only the rows on screen are drawn, and only those around them are asked for. */
function Rows({ page }: { page: ItemsPage }) {
  const selected = useWindow((s) => s.itemSelected);
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 520 });
  const total = Number(page.total);
  useEffect(() => {
    const el = box.current;
    if (el) setView({ top: el.scrollTop, height: el.clientHeight });
  }, [page.total]);
  const first = Math.max(0, Math.floor(view.top / ROW) - 5);
  const last = Math.min(total - 1, Math.ceil((view.top + view.height) / ROW) + 5);
  useEffect(() => windowStore.getState().showItemRows(first, last), [first, last, page]);
  const drawn: ReactElement[] = [];
  for (let i = first; i <= last; i++) {
    const row = itemRowAt(page, i);
    if (!row) continue;
    const isSelected = selected?.key === row.key && selected.source === row.source;
    drawn.push(<Row key={`${row.source}/${row.key}`} row={row} index={i} selected={isSelected} />);
  }
  return (
    <div className="items-body" ref={box} style={{ height: Math.min(420, Math.max(3, total) * ROW + 2) }} data-testid="items-rows" onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
      <div style={{ height: total * ROW, position: 'relative' }}>{drawn}</div>
    </div>
  );
}

export function ItemsPanel({ onBack }: { onBack: () => void }) {
  const page = useWindow((s) => s.itemsPage);
  const error = useWindow((s) => s.itemsError);
  const timeline = useWindow((s) => s.timeline);
  const fromMap = useWindow((s) => s.itemsFromMap);
  const file = useWindow((s) => s.editor?.file ?? null);
  return (
    <section className="data-panel items-panel" aria-label="Items" data-testid="items-panel">
      <div className="items-title">
        <h2>Items</h2>
        {fromMap && (
          <button type="button" data-testid="items-back" onClick={onBack}>
            ← Back to the map
          </button>
        )}
      </div>
      {file === null && <p className="data-note">A map without a file has no items: import a log or sync a source first.</p>}
      <Filters page={page} />
      {error && (
        <p className="data-error" role="alert" data-testid="items-error">
          {error}
        </p>
      )}
      {page && (
        <p className="data-note" data-testid="items-count">
          {Number(page.total) === Number(page.all) ? `${count(Number(page.all))} items` : `${count(Number(page.total))} of ${count(Number(page.all))} items`} · measured at {localTime(page.now)} ({localZone()})
        </p>
      )}
      <div className="items-table" role="table" aria-label="The map's items">
        <HeaderRow />
        {page && <Rows page={page} />}
      </div>
      {timeline && <ItemTimelineView timeline={timeline} onClose={() => void windowStore.getState().selectItem(null)} />}
    </section>
  );
}
