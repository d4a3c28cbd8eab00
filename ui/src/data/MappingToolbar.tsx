// The state mapping's bulk tools: select by pattern ("all states containing Wait"), then set
// the stage and/or the category of the selected rows at once, or confirm their guesses.

import { useState } from 'react';
import { STATE_CATEGORIES, type MappingTable, type StageChoice, type StateCategory } from '../generated/wire';
import { useWindow, windowStore } from '../store/window';
import { selectedRefs } from './mappingTable';

/** The stage select's value for "leave it", and for "the stages' state lists decide". */
const KEEP = '';
const BY_LISTS = '\u0000lists';

export function MappingToolbar({ table }: { table: MappingTable }) {
  const pattern = useWindow((s) => s.mappingPattern);
  const selected = useWindow((s) => s.mappingSelected);
  const [stage, setStage] = useState(KEEP);
  const [category, setCategory] = useState<StateCategory | ''>('');
  const choice: StageChoice | null = stage === KEEP ? null : stage === BY_LISTS ? { kind: 'by_state_lists' } : { kind: 'stage', id: stage };
  const apply = () => void windowStore.getState().setSelectedMapping(choice, category === '' ? null : category);
  const guesses = selectedRefs(table.rows.filter((r) => r.guess), selected);
  return (
    <div className="mapping-tools">
      <label>
        Select states containing
        <input
          type="text"
          value={pattern}
          placeholder="Wait"
          data-testid="mapping-pattern"
          onChange={(e) => windowStore.getState().selectMappingPattern(e.target.value)}
        />
      </label>
      <span data-testid="mapping-selected-count">{selected.length} selected</span>
      <label>
        Stage
        <select value={stage} data-testid="mapping-set-stage" onChange={(e) => setStage(e.target.value)}>
          <option value={KEEP}>(keep)</option>
          <option value={BY_LISTS}>(by the stages’ state lists)</option>
          {table.stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Category
        <select value={category} data-testid="mapping-set-category" onChange={(e) => setCategory(e.target.value as StateCategory | '')}>
          <option value="">(keep)</option>
          {STATE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="mapping-apply" disabled={selected.length === 0 || (choice === null && category === '')} onClick={apply}>
        Set for {selected.length}
      </button>
      <button
        type="button"
        data-testid="mapping-confirm-selected"
        disabled={guesses.length === 0}
        onClick={() => void windowStore.getState().confirmMappingRows(guesses)}
      >
        Confirm {guesses.length} guesses
      </button>
    </div>
  );
}
