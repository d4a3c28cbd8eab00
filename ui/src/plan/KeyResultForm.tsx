import { useMemo } from 'react';
import type { FlowItemType, KeyResultDraft, KrFigure } from '../generated/wire';
import { FLOW_ITEM_TYPES } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { FIGURE_WORDS, FIGURES, needsStage } from './okrText';

/** What the baseline and target are typed in, for the figure. */
function unitHint(figure: KrFigure): string {
  if (figure === 'flow_efficiency' || figure === 'distribution_share') return 'a share, e.g. 35 %';
  if (figure === 'flow_load') return 'items, e.g. 40';
  if (figure === 'flow_velocity') return 'items a week, e.g. 12';
  return 'a duration, e.g. 10d, 36 h';
}

/** Adds or changes a key result: its words are read by the backend (units, dates). */
export function KeyResultForm({ draft }: { draft: KeyResultDraft }) {
  const nodes = useWindow((s) => s.editor?.view.nodes);
  const stages = useMemo(() => (nodes ?? []).map((n) => n.node).filter((n) => n.kind === 'stage'), [nodes]);
  const store = windowStore.getState;
  const text = (field: keyof KeyResultDraft, label: string, testId: string, placeholder?: string) => (
    <label>
      {label}
      <input value={(draft[field] as string | null) ?? ''} placeholder={placeholder} data-testid={testId} onChange={(e) => store().setKrDraft({ [field]: e.target.value })} />
    </label>
  );
  return (
    <form
      className="kr-form"
      data-testid="kr-form"
      onSubmit={(e) => {
        e.preventDefault();
        void store().saveKeyResult();
      }}
    >
      {text('objective', 'Objective', 'kr-objective-input', 'e.g. Deliver features predictably')}
      {text('name', 'Key result', 'kr-name-input', 'e.g. Feature flow time p85 under 10 days')}
      <label>
        Figure
        <select value={draft.figure} data-testid="kr-figure" onChange={(e) => store().setKrDraft({ figure: e.target.value as KrFigure })}>
          {FIGURES.map((f) => (
            <option key={f} value={f}>
              {FIGURE_WORDS[f]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Items
        <select value={draft.flow_item_type ?? ''} data-testid="kr-type" onChange={(e) => store().setKrDraft({ flow_item_type: (e.target.value || null) as FlowItemType | null })}>
          <option value="">All</option>
          {FLOW_ITEM_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {needsStage(draft.figure) && (
        <label>
          Stage
          <select value={draft.stage ?? ''} data-testid="kr-stage" onChange={(e) => store().setKrDraft({ stage: e.target.value || null })}>
            <option value="">Choose a stage</option>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {text('baseline', 'Baseline', 'kr-baseline', unitHint(draft.figure))}
      {text('target', 'Target', 'kr-target', unitHint(draft.figure))}
      {text('start', 'Start', 'kr-start', '2026-10-01')}
      {text('due', 'Due', 'kr-due', '2026-12-31')}
      {text('owner', 'Owner', 'kr-owner')}
      <div className="kr-form-buttons">
        <button type="submit" data-testid="kr-save">
          {draft.id ? 'Save key result' : 'Add key result'}
        </button>
        <button type="button" onClick={() => store().cancelKeyResult()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
