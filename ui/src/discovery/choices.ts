// What the user chose about a discovery proposal, as the side panel holds it, and what follows
// from it: the choices the backend applies, and what becomes of each proposed stage (shown on
// the ghost stages and in the panel). Pure.

import type { DiscoveryChoices, DiscoveryPreview, ProposedHandoff, ProposedStage, StageAction } from '../generated/wire';

/** One proposed stage's choice: its name (renamed in place when it differs) and what to do. */
export type StageMode = 'keep' | 'drop' | { into: 'proposed'; name: string } | { into: 'stage'; id: string };
export type StagePick = { name: string; mode: StageMode };
export type Picks = { stages: Record<string, StagePick>; handoffs: Record<string, boolean> };

export const NO_PICKS: Picks = { stages: {}, handoffs: {} };

export const handoffKey = (h: Pick<ProposedHandoff, 'from' | 'to'>) => `${h.from}\u0000${h.to}`;

export function pickOf(picks: Picks, stage: ProposedStage): StagePick {
  return picks.stages[stage.name] ?? { name: stage.name, mode: 'keep' };
}

export const keptHandoff = (picks: Picks, h: ProposedHandoff) => picks.handoffs[handoffKey(h)] ?? true;

/** The mode as a select's value, and back. */
export function modeValue(mode: StageMode): string {
  if (typeof mode === 'string') return mode;
  return mode.into === 'proposed' ? `p:${mode.name}` : `s:${mode.id}`;
}
export function modeFrom(value: string): StageMode {
  if (value.startsWith('p:')) return { into: 'proposed', name: value.slice(2) };
  if (value.startsWith('s:')) return { into: 'stage', id: value.slice(2) };
  return value === 'drop' ? 'drop' : 'keep';
}

function action(stage: ProposedStage, pick: StagePick): StageAction {
  const mode = pick.mode;
  if (mode === 'drop') return { kind: 'drop' };
  if (mode !== 'keep') return mode.into === 'proposed' ? { kind: 'merge_into_proposed', name: mode.name } : { kind: 'merge_into_stage', id: mode.id };
  return pick.name.trim() !== stage.name ? { kind: 'rename', to: pick.name.trim() } : { kind: 'keep' };
}

/** The choices sent to `apply_discovery`: only what differs from keeping everything. */
export function toChoices(preview: DiscoveryPreview, picks: Picks): DiscoveryChoices {
  const stages = preview.proposal.stages.flatMap((s) => {
    const a = action(s, pickOf(picks, s));
    return a.kind === 'keep' ? [] : [{ name: s.name, action: a }];
  });
  const handoffs = preview.proposal.handoffs.filter((h) => !keptHandoff(picks, h)).map((h) => ({ from: h.from, to: h.to, keep: false }));
  return { source: null, min_count: null, stages, handoffs };
}

/** What becomes of a proposed stage: its name as it will be, and a word on what happens. */
export type Fate = { name: string; kind: 'new' | 'on-map' | 'adds' | 'merged' | 'dropped'; note: string };

export function fateOf(preview: DiscoveryPreview, picks: Picks, stage: ProposedStage, stageName: (id: string) => string): Fate {
  const pick = pickOf(picks, stage);
  const name = pick.name.trim() || stage.name;
  const mode = pick.mode;
  if (mode === 'drop') return { name, kind: 'dropped', note: stage.matched === 'new' ? 'dropped: its states stay unmapped' : 'left as it is' };
  if (mode !== 'keep') {
    const into = mode.into === 'stage' ? stageName(mode.id) : shownName(preview, picks, mode.name);
    return { name, kind: 'merged', note: `merged into ${into}` };
  }
  if (stage.matched === 'states') return { name, kind: 'on-map', note: name !== stage.name ? 'on the map: renamed' : 'on the map already' };
  if (stage.matched === 'name') return { name, kind: 'adds', note: `on the map by name: adds ${stage.new_states.join(', ')}` };
  return { name, kind: 'new', note: name !== stage.name ? `new stage (was ${stage.name})` : 'new stage' };
}

function shownName(preview: DiscoveryPreview, picks: Picks, proposed: string): string {
  const s = preview.proposal.stages.find((t) => t.name === proposed);
  return s ? pickOf(picks, s).name.trim() || s.name : proposed;
}

/** "3 moves · 75%": a handoff's count and its share of the moves out of its first stage. */
export function handoffLabel(h: ProposedHandoff): string {
  return `${h.count} move${h.count === 1 ? '' : 's'} · ${Math.round(h.share * 100)}%`;
}
