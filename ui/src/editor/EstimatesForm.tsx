// A stage's workshop estimates in the inspector: process and lead time typed with units and
// words ("2d", "90 min", "1h30"), %C&A ("85 %", "85", "0.85"), all read by the Rust core's one
// parser (`read_duration`, `read_share`: the same words everywhere), and the workshop's counts:
// queue size, batch size, people.

import { useId, useState } from 'react';
import * as backend from '../backend';
import { DURATION_UNITS, type DurationUnit, type Node } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { bestUnit, countText, durationText, parseCount, percentText, unitLabel } from './durations';
import { TextField } from './Fields';
import { useDraft } from './useDraft';

type Stage = Extract<Node, { kind: 'stage' }>;
type Estimates = Stage['estimates'];

const reason = (e: unknown) => backend.toBackendError(e).message;

/** One estimate: what was typed (with or without a unit) and the unit it is shown in. */
function DurationField({
  label,
  seconds,
  onCommit,
  testId,
}: {
  label: string;
  seconds: number | undefined;
  onCommit: (seconds: number | null) => Promise<string | null>;
  testId: string;
}) {
  const id = useId();
  const lastUnit = useWindow((s) => s.estimateUnit);
  // An empty field starts in the unit the last estimate was typed in.
  const [chosen, setChosen] = useState<DurationUnit | null>(null);
  const unit = chosen ?? (seconds === undefined ? lastUnit : bestUnit(seconds));
  const shown = seconds === undefined ? '' : durationText(seconds, unit);
  const { text: draft, setText: setDraft, error, setError } = useDraft(shown);
  /**
   * Reads and commits `text` (a bare number in `inUnit`, else in the field's unit); whether it
   * was accepted. Read in turn with the edits and the other fields' reads, so a bare number
   * typed right after "2 h" in the field before counts in hours.
   */
  const commitText = async (text: string, inUnit?: DurationUnit): Promise<boolean> => {
    const store = windowStore.getState();
    let typed;
    try {
      typed = await store.serially(async () => {
        const read = await backend.readDuration(text, inUnit ?? chosen ?? (seconds === undefined ? windowStore.getState().estimateUnit : bestUnit(seconds)));
        if (read) windowStore.getState().setEstimateUnit(read.unit);
        return read;
      });
    } catch (e) {
      setError(reason(e));
      return false;
    }
    if (typed) setChosen(typed.unit);
    if ((typed?.seconds ?? undefined) === seconds) {
      setError(null);
      return true;
    }
    const refused = await onCommit(typed?.seconds ?? null);
    setError(refused);
    return refused === null;
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="duration-input">
        <input
          id={id}
          type="text"
          value={draft}
          placeholder={`e.g. 2d, 90 min (${unitLabel(unit)})`}
          data-testid={testId}
          aria-invalid={error !== null}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => void commitText(draft)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            const field = e.currentTarget;
            void commitText(draft).then((ok) => ok && document.activeElement === field && field.blur());
          }}
        />
        <select
          aria-label={`${label} unit`}
          value={unit}
          // Units are typed with the number; the list is for the mouse.
          tabIndex={-1}
          data-testid={`${testId}-unit`}
          onChange={(e) => {
            const next = e.target.value as DurationUnit;
            setChosen(next);
            windowStore.getState().setEstimateUnit(next);
            // The number typed stays; it now counts in the new unit.
            if (draft.trim() !== '' && !/[a-z]/i.test(draft)) void commitText(draft, next);
          }}
        >
          {DURATION_UNITS.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <div className="field-error" role="alert" data-testid="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** The workshop's estimates of a stage; each field sends the stage with that one value changed. */
export function EstimatesForm({ stage }: { stage: Stage }) {
  const e = stage.estimates;
  // The stage as it stands when the edit's turn comes: an estimate typed right after another
  // (Tab, then Enter) keeps the one before.
  const set = (changes: Partial<Estimates>) =>
    windowStore.getState().commitWith((view) => {
      const now = view.nodes.find((v) => v.node.id === stage.id)?.node;
      if (now?.kind !== 'stage') return null;
      const estimates = { ...now.estimates, ...changes };
      for (const key of Object.keys(estimates) as (keyof Estimates)[]) if (estimates[key] === undefined) delete estimates[key];
      return { kind: 'update_node', node: { ...now, estimates } };
    });
  const count = (label: string, key: 'queue_size' | 'batch_size' | 'people' | 'wip_limit', testId: string, what: string) => (
    <TextField
      label={label}
      value={countText(e[key])}
      testId={testId}
      onCommit={async (text) => {
        const parsed = parseCount(text, what);
        if (!parsed.ok) return parsed.reason;
        return set({ [key]: parsed.value ?? undefined });
      }}
    />
  );
  return (
    <fieldset className="estimates">
      <legend>Workshop estimates</legend>
      <p className="hint">Type a unit with the number: 2d, 3 days, 90 min, 1.5 h, 2 wk, 1h30. Calendar time: a day is 24 hours, a week 7 days.</p>
      <DurationField label="Process time" seconds={e.process_time_secs} testId="estimate-process-time" onCommit={(s) => set({ process_time_secs: s ?? undefined })} />
      <DurationField label="Lead time" seconds={e.lead_time_secs} testId="estimate-lead-time" onCommit={(s) => set({ lead_time_secs: s ?? undefined })} />
      <TextField
        label="%C&A (complete and accurate)"
        value={e.complete_accurate === undefined ? '' : `${percentText(e.complete_accurate)} %`}
        placeholder="e.g. 85 %, 85 or 0.85"
        testId="estimate-complete-accurate"
        onCommit={async (text) => {
          try {
            return await set({ complete_accurate: (await backend.readShare(text)) ?? undefined });
          } catch (err) {
            return reason(err);
          }
        }}
      />
      {count('Queue (items waiting)', 'queue_size', 'estimate-queue', 'items waiting')}
      {count('Batch size', 'batch_size', 'estimate-batch', 'items in a batch')}
      {count('People', 'people', 'estimate-people', 'people')}
      {count('WIP limit', 'wip_limit', 'estimate-wip', 'items at most')}
    </fieldset>
  );
}
