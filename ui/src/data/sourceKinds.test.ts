import { describe, expect, it } from 'vitest';
import { failureText, KIND_FORMS, syncSummary, toFields, toSettings } from './sourceKinds';
import { NETWORK_SOURCE_KINDS, type SourceSyncReport } from '../generated/wire';

describe('source forms', () => {
  it('has a form with help on every field for each network kind Rust lists', () => {
    expect(KIND_FORMS.map((k) => k.kind)).toEqual([...NETWORK_SOURCE_KINDS]);
    for (const k of KIND_FORMS) for (const f of k.fields) expect(f.help.length).toBeGreaterThan(10);
  });

  it('passes each field as the setting the connectors read, trimmed', () => {
    expect(toSettings({ url: ' https://ci.acme.com/job/apps/job/deploy/ ', query: '' })).toEqual({ url: 'https://ci.acme.com/job/apps/job/deploy/', query: '' });
    expect(toSettings({ url: '', query: ' acme/app ' })).toEqual({ url: undefined, query: 'acme/app' });
    expect(toFields({ url: 'https://dev.azure.com/acme/Flow', query: null })).toEqual({ url: 'https://dev.azure.com/acme/Flow', query: '' });
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
