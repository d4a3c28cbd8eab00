import { describe, expect, it } from 'vitest';
import type { ToolKind } from '../generated/wire';
import { toolBadge } from './toolBadges';

const KNOWN_KINDS: ToolKind[] = [
  'jira',
  'github',
  'gitlab',
  'azure-devops',
  'jenkins',
  'salesforce',
  'servicenow',
  'targetprocess',
  'deskcom',
  'slack',
];

describe('toolBadge', () => {
  it('tells every known kind apart by its letters and by its colour', () => {
    const badges = KNOWN_KINDS.map((kind) => toolBadge(kind, 'any name'));
    expect(new Set(badges.map((b) => b.letters)).size).toBe(KNOWN_KINDS.length);
    expect(new Set(badges.map((b) => b.colour)).size).toBe(KNOWN_KINDS.length);
    for (const badge of badges) expect(badge.letters).toMatch(/^[A-Za-z]{1,2}$/);
  });

  it('names the kind, not the tool', () => {
    expect(toolBadge('jira', 'Nearshore Jira')).toEqual({
      letters: 'Ji',
      colour: '#0052cc',
      title: 'Jira',
    });
    expect(toolBadge('deskcom', 'Support desk').title).toBe('desk.com');
  });

  it("gives another kind of tool its name's initial on grey", () => {
    const badge = toolBadge('other', '  linear');
    expect(badge.letters).toBe('L');
    expect(badge.title).toBe('Other tool');
    expect(KNOWN_KINDS.map((k) => toolBadge(k, 'x').colour)).not.toContain(badge.colour);
  });

  it('still shows a badge for a nameless tool of another kind', () => {
    expect(toolBadge('other', '').letters).toBe('?');
  });
});
