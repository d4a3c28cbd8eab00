// The side panel of a discovery preview: each proposed stage with keep / merge into / rename (in
// place) / drop, each proposed handoff with keep or drop, and Apply (one Undo takes it back) or
// Cancel. What is on the map already is said, and left as it is unless the user renames it.

import { selectView } from '../store/selectors';
import { useWindow, windowStore } from '../store/window';
import type { DiscoveryPreview, ProposedStage } from '../generated/wire';
import { fateOf, handoffKey, handoffLabel, keptHandoff, modeFrom, modeValue, pickOf, type Picks } from './choices';
import './discovery.css';

export function DiscoveryPanel() {
  const preview = useWindow((s) => s.discovery);
  const picks = useWindow((s) => s.picks);
  const error = useWindow((s) => s.discoveryError);
  const view = useWindow(selectView);
  if (!preview) return null;
  const p = preview.proposal;
  const stageName = (id: string) => view.nodes.find((n) => n.node.id === id)?.node.name ?? id;
  const mapStages = view.nodes.filter((n) => n.node.kind === 'stage').map((n) => ({ id: n.node.id, name: n.node.name }));
  const fresh = p.stages.filter((s) => s.matched === 'new').length;
  const newHandoffs = p.handoffs.filter((h) => !h.existing).length;
  // A dropped stage's handoffs go with it.
  const dropped = new Set(p.stages.filter((s) => pickOf(picks, s).mode === 'drop').map((s) => s.name));
  const goneWith = (h: { from: string; to: string }) => (dropped.has(h.from) ? h.from : dropped.has(h.to) ? h.to : null);
  return (
    <aside className="discovery-panel" aria-label="Discovered stages" data-testid="discovery-panel">
      <h2>Discovered stages</h2>
      <p className="discovery-summary" data-testid="discovery-summary">
        From {p.items} items of {p.sources.join(', ') || 'no source'}: {p.stages.length} stages ({fresh} new, {p.stages.length - fresh} on the map), {p.handoffs.length} handoffs ({newHandoffs} new).
        {p.moves_between > 0 && ` ${p.moves_backward} of ${p.moves_between} moves go backward.`}
      </p>
      {error && (
        <p className="data-error" role="alert" data-testid="discovery-error">
          {error}
        </p>
      )}
      <ol className="discovery-stages">
        {p.stages.map((s) => (
          <StageRow key={s.name} stage={s} preview={preview} picks={picks} stageName={stageName} mapStages={mapStages} />
        ))}
      </ol>
      <h3>Handoffs</h3>
      <ul className="discovery-handoffs">
        {p.handoffs.map((h) => (
          <li key={handoffKey(h)} data-testid="discovery-handoff" className={goneWith(h) ? 'gone' : ''}>
            <label>
              <input
                type="checkbox"
                checked={keptHandoff(picks, h) && !goneWith(h)}
                disabled={h.existing || goneWith(h) !== null}
                onChange={(e) => windowStore.getState().pickHandoff(handoffKey(h), e.target.checked)}
              />
              <span className="handoff-ends">
                {h.from} → {h.to}
              </span>{' '}
              <span className="handoff-count" data-testid="discovery-handoff-count">
                {handoffLabel(h)}
              </span>
              {h.rework && <span className="tag rework">rework</span>}
              {h.existing && <span className="tag">on the map</span>}
              {goneWith(h) && <span className="tag">{goneWith(h)} dropped</span>}
            </label>
          </li>
        ))}
      </ul>
      {p.rare_handoffs > 0 && (
        <p className="data-note">
          {p.rare_handoffs} rarer handoffs (fewer than {p.min_count} moves) are left out.
        </p>
      )}
      <div className="discovery-buttons">
        <button type="button" className="primary" data-testid="discovery-apply" onClick={() => void windowStore.getState().applyDiscovery()}>
          Apply
        </button>
        <button type="button" data-testid="discovery-cancel" onClick={() => windowStore.getState().cancelDiscovery()}>
          Cancel
        </button>
      </div>
    </aside>
  );
}

type RowProps = {
  stage: ProposedStage;
  preview: DiscoveryPreview;
  picks: Picks;
  stageName: (id: string) => string;
  mapStages: { id: string; name: string }[];
};

function StageRow({ stage, preview, picks, stageName, mapStages }: RowProps) {
  const pick = pickOf(picks, stage);
  const fate = fateOf(preview, picks, stage, stageName);
  const onMap = stage.matched !== 'new';
  const others = preview.proposal.stages.filter((t) => t.name !== stage.name);
  return (
    <li className={`discovery-stage ${fate.kind}`} data-testid="discovery-stage" data-name={stage.name}>
      <input
        type="text"
        className="discovery-name"
        aria-label={`Name of the proposed stage ${stage.name}`}
        value={pick.name}
        data-testid="discovery-rename"
        onChange={(e) => windowStore.getState().pickStage(stage.name, { ...pick, name: e.target.value })}
      />
      <select
        aria-label={`What to do with ${stage.name}`}
        value={modeValue(pick.mode)}
        data-testid="discovery-mode"
        onChange={(e) => windowStore.getState().pickStage(stage.name, { ...pick, mode: modeFrom(e.target.value) })}
      >
        <option value="keep">{onMap ? 'Keep' : 'Keep (add)'}</option>
        {!onMap &&
          others.map((t) => (
            <option key={t.name} value={`p:${t.name}`}>
              Merge into {pickOf(picks, t).name || t.name}
            </option>
          ))}
        {!onMap &&
          mapStages.map((m) => (
            <option key={m.id} value={`s:${m.id}`}>
              Merge into {m.name} (on the map)
            </option>
          ))}
        <option value="drop">Drop</option>
      </select>
      <div className="discovery-note" data-testid="discovery-note">
        {stage.items} items · {fate.note}
      </div>
      <div className="discovery-states">{stage.states.join(', ')}</div>
    </li>
  );
}
