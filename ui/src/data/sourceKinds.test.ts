import { describe, expect, it } from 'vitest';
import { failureText, KIND_FORMS, syncSummary, toFields, toSettings } from './sourceKinds';
import type { SourceSyncReport } from '../generated/wire';

describe('source forms', () => {
  it('has a form with help on every field for each network kind', () => {
    expect(KIND_FORMS.map((k) => k.kind)).toEqual(['jira', 'github', 'gitlab', 'azure-devops', 'jenkins']);
    for (const k of KIND_FORMS) for (const f of k.fields) expect(f.help.length).toBeGreaterThan(10);
  });

  it('joins Azure DevOps and Jenkins fields into the URL and splits them back to edit', () => {
    const ado = toSettings('azure-devops', { url: 'https://dev.azure.com/acme/', project: 'Flow Team', query: '' });
    expect(ado.url).toBe('https://dev.azure.com/acme/Flow%20Team');
    expect(toFields({ kind: 'azure-devops', url: ado.url!, query: null })).toEqual({ url: 'https://dev.azure.com/acme', project: 'Flow Team', query: '' });
    const jenkins = toSettings('jenkins', { url: 'https://ci.acme.com', job: 'apps/deploy' });
    expect(jenkins.url).toBe('https://ci.acme.com/job/apps/job/deploy');
    expect(toFields({ kind: 'jenkins', url: jenkins.url!, query: null }).job).toBe('apps/deploy');
    expect(toSettings('github', { url: '', query: ' acme/app ' })).toEqual({ url: undefined, query: 'acme/app' });
  });

  it('says why a connection failed by its code', () => {
    expect(failureText({ code: 'unauthorized', message: 'x' })).toMatch(/^The token was refused/);
    expect(failureText({ code: 'forbidden', message: 'x' })).toMatch(/cannot read this project/);
    expect(failureText({ code: 'unreachable', message: 'cannot reach host a.b: refused' }, 'https://a.b:8080/x')).toMatch(/^Cannot reach host a\.b:8080/);
  });

  it('summarises a sync: new and changed items, new states, time', () => {
    const r = { items_fetched: 7, items_new: 5, millis: 1234, states: [{ state: 'Review', items: 2, category: null, proposed: true }, { state: 'Done', items: 3, category: null, proposed: false }] } as unknown as SourceSyncReport;
    expect(syncSummary(r)).toBe('5 new items, 2 changed, 1 new state (Review), in 1.2 s');
  });
});
