// What the Key results card and the stage badge say, pure: values in each figure's unit, the
// status in words, key results grouped by objective, and a draft from a stored key result.
// The numbers and the status come from Rust (`key_results`).

import type { KeyResultDraft, KeyResultView, KrFigure, KrStatus, KrUnit } from '../generated/wire';
import { decimal, duration } from '../flow/format';

export const STATUS_WORDS: Record<KrStatus, string> = {
  on_track: 'on track',
  at_risk: 'at risk',
  off_track: 'off track',
  achieved: 'achieved',
  missed: 'missed',
  not_started: 'not started',
  no_data: 'no data',
  stage_missing: 'stage missing',
};

/** Worst first: the badge on a stage shows the worst of its key results. */
const SEVERITY: KrStatus[] = ['stage_missing', 'off_track', 'missed', 'at_risk', 'no_data', 'not_started', 'on_track', 'achieved'];

export const FIGURE_WORDS: Record<KrFigure, string> = {
  flow_time_p50: 'Flow time p50',
  flow_time_p85: 'Flow time p85',
  flow_efficiency: 'Flow efficiency',
  flow_load: 'Flow load',
  flow_velocity: 'Flow velocity (a week)',
  distribution_share: 'Distribution share',
  stage_waiting_p50: 'Waiting time p50 in a stage',
  stage_waiting_p85: 'Waiting time p85 in a stage',
  end_to_end_p50: 'End-to-end flow time p50 (requests to release)',
  end_to_end_p85: 'End-to-end flow time p85 (requests to release)',
};

export const FIGURES = Object.keys(FIGURE_WORDS) as KrFigure[];

export const needsStage = (f: KrFigure) => f === 'stage_waiting_p50' || f === 'stage_waiting_p85';

/** A value in its unit: "12.5 d", "35%", "4", "3.5 a week". */
export function krValue(unit: KrUnit, v: number | null): string {
  if (v === null) return '–';
  switch (unit) {
    case 'seconds':
      return duration(v);
    case 'share':
      return `${Math.round(v * 100)}%`;
    case 'items':
      return String(Math.round(v));
    case 'per_week':
      return `${decimal(v)} a week`;
  }
}

/** What to type for a value in the form: "10d", "35 %", "4". */
export function typedValue(unit: KrUnit, v: number): string {
  switch (unit) {
    case 'seconds':
      return Number.isInteger(v / 86_400) ? `${v / 86_400}d` : `${decimal(v / 3600)} h`;
    case 'share':
      return `${decimal(v * 100)} %`;
    default:
      return decimal(v);
  }
}

/** Key results grouped by objective, in the order the objectives first appear. */
export function byObjective(views: KeyResultView[]): { objective: string; results: KeyResultView[] }[] {
  const groups: { objective: string; results: KeyResultView[] }[] = [];
  for (const v of views) {
    const name = v.key_result.objective;
    const group = groups.find((g) => g.objective === name);
    if (group) group.results.push(v);
    else groups.push({ objective: name, results: [v] });
  }
  return groups;
}

/** The worst status of the key results on `stage`, and how many there are; null when none. */
export function stageBadge(views: KeyResultView[] | null, stage: string): string | null {
  const on = (views ?? []).filter((v) => v.key_result.stage === stage);
  if (on.length === 0) return null;
  const worst = SEVERITY.find((s) => on.some((v) => v.progress.status === s)) ?? 'on_track';
  return `${worst}:${on.length}`;
}

/** The form's draft of a stored key result, or of a new one starting today for a quarter. */
export function draftOf(view: KeyResultView | null, today: string): KeyResultDraft {
  if (!view) {
    const due = new Date(Date.parse(today) + 91 * 86_400_000).toISOString().slice(0, 10);
    return { id: null, version: null, objective: '', name: '', figure: 'flow_time_p85', flow_item_type: null, stage: null, baseline: '', target: '', start: today, due, owner: '' };
  }
  const k = view.key_result;
  return {
    id: k.id,
    version: view.version,
    objective: k.objective,
    name: k.name,
    figure: k.figure,
    flow_item_type: k.flow_item_type,
    stage: k.stage,
    baseline: typedValue(view.unit, k.baseline),
    target: typedValue(view.unit, k.target),
    start: k.start.slice(0, 10),
    due: k.due.slice(0, 10),
    owner: k.owner,
  };
}

/** A share of the way as a whole percentage: "41 %", "−12 %" (never "−0 %"). */
export function wayText(progress: number): string {
  const v = Math.round(progress * 100);
  return v < 0 ? `−${-v} %` : `${v} %`;
}
