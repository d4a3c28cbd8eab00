// The coloured letter badge that makes each kind of tool recognisable on the canvas.

import type { ToolKind } from '../generated/wire';

export type ToolBadge = {
  /** One or two letters. */
  letters: string;
  /** Badge background; the letters are white. */
  colour: string;
  /** What the kind is called, for tooltips and screen readers. */
  title: string;
};

const BADGES: Record<Exclude<ToolKind, 'other'>, ToolBadge> = {
  jira: { letters: 'Ji', colour: '#0052cc', title: 'Jira' },
  github: { letters: 'GH', colour: '#24292f', title: 'GitHub' },
  gitlab: { letters: 'GL', colour: '#e24329', title: 'GitLab' },
  'azure-devops': { letters: 'Az', colour: '#0078d4', title: 'Azure DevOps' },
  jenkins: { letters: 'Je', colour: '#b3261e', title: 'Jenkins' },
  salesforce: { letters: 'SF', colour: '#00a1e0', title: 'Salesforce' },
  servicenow: { letters: 'SN', colour: '#293e40', title: 'ServiceNow' },
  targetprocess: { letters: 'TP', colour: '#6d28d9', title: 'Targetprocess' },
  deskcom: { letters: 'Dk', colour: '#3f8f29', title: 'desk.com' },
  slack: { letters: 'Sl', colour: '#4a154b', title: 'Slack' },
};

const OTHER_COLOUR = '#64748b';

/** The badge of a tool: its kind's, or for another kind of tool, its name's first letter. */
export function toolBadge(kind: ToolKind, toolName: string): ToolBadge {
  if (kind !== 'other') return BADGES[kind];
  const initial = toolName.trim().charAt(0).toUpperCase();
  return { letters: initial || '?', colour: OTHER_COLOUR, title: 'Other tool' };
}
