import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDraft } from '../editor/useDraft';
import type { FlowItemType, WindowKind } from '../generated/wire';
import { FLOW_ITEM_TYPES, PERCENTILES } from '../generated/wire';
import { selectView } from '../store/selectors';
import { useWindow } from '../store/window';
import { parseInstant, partnerOptions, presetOf, presetWindow, WINDOW_KINDS, WINDOW_PRESETS, type WindowPreset } from './filters';
import { count } from './format';
import { OVERLAY_MODES, usesPercentile, type OverlayMode, type Percentile } from './overlay';
import './flow.css';

/** A date field of the filters: commits on Enter or leaving it; says why a date is refused. */
function DateField({
  label,
  value,
  placeholder,
  testId,
  onCommit,
}: {
  label: string;
  value: string | null;
  placeholder: string;
  testId: string;
  onCommit: (value: string | null) => void;
}) {
  const draft = useDraft(value ?? '');
  const reason = draft.error;
  const commit = () => {
    const parsed = parseInstant(draft.text);
    if (!parsed.ok) return draft.setError(parsed.reason);
    draft.setError(null);
    if (parsed.value !== value) onCommit(parsed.value);
  };
  return (
    <label className="flow-field" title={reason ?? `${label}: a date (2026-11-02, midnight UTC) or a date and time (2026-11-02T09:30, UTC)`}>
      <span>{label}</span>
      <input
        type="text"
        value={draft.text}
        placeholder={placeholder}
        size={11}
        data-testid={testId}
        aria-invalid={reason !== null}
        onChange={(e) => draft.setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') draft.reset();
        }}
      />
    </label>
  );
}

const TAB_NAMES = { map: 'Map', dashboard: 'Dashboard', data: 'Data' } as const;

/** Under the top bar: Map, Dashboard or Data, the overlay mode, and the filters every view shares. */
export function FlowBar() {
  const map = useWindow(selectView);
  const flow = useWindow(
    useShallow((s) => ({ tab: s.tab, setTab: s.setTab, mode: s.mode, setMode: s.setMode, percentile: s.percentile, setPercentile: s.setPercentile })),
  );
  const filters = useWindow((s) => s.filters);
  const setFilters = useWindow((s) => s.setFilters);
  const view = useWindow((s) => s.flowView);
  const asOf = view?.metrics.window.now ?? new Date().toISOString();
  const preset = presetOf(filters, asOf);
  const [customWindow, setCustomWindow] = useState(false);
  const showDates = customWindow || preset === 'custom';
  const partners = partnerOptions(map);
  const sources = view?.sources ?? [];
  const hasItems = map.items > 0;
  const choosePreset = (p: WindowPreset) => {
    setCustomWindow(p === 'custom');
    if (p !== 'custom') setFilters({ ...filters, ...presetWindow(p, asOf) });
  };
  return (
    <div className="flow-bar" role="toolbar" aria-label="Flow" data-testid="flow-bar">
      <div className="flow-tabs" role="tablist" aria-label="View">
        {(['map', 'dashboard', 'data'] as const).map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={flow.tab === tab}
            className={flow.tab === tab ? 'active' : ''}
            data-testid={`flow-tab-${tab}`}
            onClick={() => flow.setTab(tab)}
          >
            {TAB_NAMES[tab]}
          </button>
        ))}
      </div>
      <label className="flow-field" title="Overlay: the figure shown on each stage, and its heat">
        <select aria-label="Overlay" value={flow.mode} data-testid="overlay-mode" disabled={flow.tab !== 'map'} onChange={(e) => flow.setMode(e.target.value as OverlayMode)}>
          {OVERLAY_MODES.map((m) => (
            <option key={m.mode} value={m.mode}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {usesPercentile(view, flow.mode) && flow.tab === 'map' && (
        <select
          value={flow.percentile}
          aria-label="Percentile"
          data-testid="overlay-percentile"
          title="p50: half the items took at most this long; p85: 85 of 100 did"
          onChange={(e) => flow.setPercentile(e.target.value as Percentile)}
        >
          {PERCENTILES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      )}
      <span className="flow-separator" />
      <label className="flow-field" title="The date window the figures cover">
        <select aria-label="Window" value={showDates ? 'custom' : preset} data-testid="filter-window-preset" onChange={(e) => choosePreset(e.target.value as WindowPreset)}>
          {WINDOW_PRESETS.map((p) => (
            <option key={p.preset} value={p.preset}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {showDates && (
        <>
          <DateField label="From" value={filters.from} placeholder="first event" testId="filter-from" onCommit={(from) => setFilters({ ...filters, from })} />
          <DateField label="To" value={filters.to} placeholder="as of" testId="filter-to" onCommit={(to) => setFilters({ ...filters, to })} />
        </>
      )}
      <select
        value={filters.window ?? 'completed'}
        aria-label="Window semantics"
        data-testid="filter-window-kind"
        title={WINDOW_KINDS.find((k) => k.kind === (filters.window ?? 'completed'))?.title}
        onChange={(e) => setFilters({ ...filters, window: e.target.value as WindowKind })}
      >
        {WINDOW_KINDS.map((k) => (
          <option key={k.kind} value={k.kind} title={k.title}>
            {k.label}
          </option>
        ))}
      </select>
      <label className="flow-field">
        <span>Type</span>
        <select
          value={filters.flow_item_type ?? ''}
          data-testid="filter-type"
          onChange={(e) => setFilters({ ...filters, flow_item_type: (e.target.value || null) as FlowItemType | null })}
        >
          <option value="">All</option>
          {FLOW_ITEM_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="flow-field">
        <span>Source</span>
        <select
          value={filters.sources[0] ?? ''}
          data-testid="filter-source"
          onChange={(e) => setFilters({ ...filters, sources: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All</option>
          {[...new Set([...sources, ...filters.sources])].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {partners.length > 0 && (
        <label className="flow-field">
          <span>Partner</span>
          <select value={filters.partner ?? ''} data-testid="filter-partner" onChange={(e) => setFilters({ ...filters, partner: e.target.value || null })}>
            <option value="">All</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id} title={`Items that went through the ${p.stages} stage(s) ${p.name} owns`}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <DateField label="As of" value={filters.now} placeholder="now" testId="filter-as-of" onCommit={(now) => setFilters({ ...filters, now })} />
      {filters.now && (
        <button
          type="button"
          className="flow-now"
          data-testid="filter-as-of-now"
          title="Measure in-flight work at the current time"
          aria-label="As of now"
          onClick={() => setFilters({ ...filters, now: null })}
        >
          ×
        </button>
      )}
      <FlowStatus hasItems={hasItems} />
    </div>
  );
}

function FlowStatus({ hasItems }: { hasItems: boolean }) {
  const flow = useWindow(useShallow((s) => ({ view: s.flowView, error: s.flowError, computing: s.computing, filters: s.filters })));
  const future = useWindow((s) => (s.editor?.states.shown ?? null) !== null);
  const m = flow.view?.metrics;
  let text: string;
  let title = '';
  if (flow.error) text = flow.error;
  else if (future) {
    text = 'Future state: estimates only';
    title = 'A future state has no data of its own: its ladder reads the workshop estimates; measured data stays with the current state';
  } else if (!hasItems) {
    // Short enough for the bar at 1280 px; the whole sentence in the tooltip.
    text = 'No items yet: import a log (Data)';
    title = 'No items yet: import an event log in the Data view to measure this map';
  }
  else if (!m) text = 'Computing…';
  else {
    text = `${count(m.items.completed)} completed · ${count(m.items.in_flight)} in flight${flow.filters.now ? '' : ' now'}`;
    title =
      `Measured as of ${m.window.now}${flow.filters.now ? '' : ' (now)'}; a window of ${m.window.days.toFixed(1)} days, calendar time. ` +
      `Figures computed in ${flow.view!.compute_ms.toFixed(0)} ms${flow.view!.load_ms > 0 ? `, items loaded in ${flow.view!.load_ms.toFixed(0)} ms` : ''}.`;
  }
  return (
    <span className={flow.error ? 'flow-status error' : 'flow-status'} data-testid="flow-status" role={flow.error ? 'alert' : 'status'} title={title}>
      {flow.computing && !flow.error ? '⟳ ' : ''}
      {text}
    </span>
  );
}
