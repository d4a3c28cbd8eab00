// Browser tests of an OCEL 2.0 SQLite log in the window, against the real Rust backend
// (flowmap-http) in Debian's Chromium. A saved map with four tools (Salesforce requests,
// TargetProcess features, Jira stories and bugs, Jenkins builds) and the artifact flows between
// them; an OCEL log of one request, its two features, one feature's three stories and a
// reopened bug, and a build of two stories, written as OCEL JSON by the test and turned into
// OCEL's SQLite layout by `flowmap export --ocel x.sqlite`. Its path typed into the Data view:
// the preview names the format and what the import will do; Import; the Lineage tab lists the
// request as the one root and its timeline has the rows, tools and end-to-end time of
// `flowmap lineage --root`; the Map's artifact flows carry crossing times. Started by run.sh.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { cliDuration } from '../harness/cli.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();
const NOW = '2026-02-01';

const id = (n) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const tool = (n, name, kind, types) => ({
  kind: 'tool',
  id: id(n),
  name,
  tool_kind: kind,
  artifact_types: types.map((t) => ({ name: t, flow_item_type: t === 'Bug' ? 'Defect' : 'Feature' })),
});
const flow = (n, from, to, pairs) => ({
  kind: 'artifact_flow',
  id: id(10 + n),
  from: id(from),
  to: id(to),
  links: pairs.map(([a, b]) => ({ source_type: a, target_type: b, flow_item_type: 'Feature' })),
});
const MAP = {
  format: 'flowmap-map',
  version: 1,
  name: 'Delivery toolchain',
  nodes: [
    tool(1, 'Salesforce', 'salesforce', ['Request']),
    tool(2, 'TargetProcess', 'targetprocess', ['Feature']),
    tool(3, 'Jira', 'jira', ['Story', 'Bug']),
    tool(4, 'Jenkins', 'jenkins', ['Build']),
  ],
  edges: [flow(1, 1, 2, [['Request', 'Feature']]), flow(2, 2, 3, [['Feature', 'Story'], ['Feature', 'Bug']]), flow(3, 3, 4, [['Story', 'Build']])],
  layout: [
    { node: id(1), x: 0, y: 0 },
    { node: id(2), x: 260, y: 0 },
    { node: id(3), x: 520, y: 0 },
    { node: id(4), x: 780, y: 0 },
  ],
};

const object = (oid, type, title, rels = []) => ({
  id: oid,
  type,
  attributes: [{ name: 'title', time: '1970-01-01T00:00:00Z', value: title }],
  relationships: rels.map(([to, q]) => ({ objectId: to, qualifier: q })),
});
let n = 0;
const event = (type, time, objects) => ({ id: `e${++n}`, type, time, attributes: [], relationships: objects.map((o) => ({ objectId: o, qualifier: '' })) });
const LOG = {
  objectTypes: ['Request', 'Feature', 'Story', 'Bug', 'Build'].map((t) => ({ name: t, attributes: [{ name: 'title', type: 'string' }] })),
  eventTypes: ['Requested', 'In Progress', 'Done', 'Reopened'].map((t) => ({ name: t, attributes: [] })),
  objects: [
    object('REQ-1', 'Request', 'Export to PDF', [['F-1', 'realized by'], ['F-2', 'realized by']]),
    object('F-1', 'Feature', 'PDF export', [['S-1', 'contains'], ['S-2', 'contains'], ['S-3', 'contains'], ['BUG-1', 'contains']]),
    object('F-2', 'Feature', 'Print preview'),
    object('S-1', 'Story', 'PDF layout'),
    object('S-2', 'Story', 'PDF fonts'),
    object('S-3', 'Story', 'PDF links'),
    object('BUG-1', 'Bug', 'Fonts missing'),
    object('B-1', 'Build', 'release 1.4', [['S-1', 'builds'], ['S-2', 'builds']]),
  ],
  events: [
    event('Requested', '2026-01-05T09:00:00Z', ['REQ-1']),
    event('In Progress', '2026-01-06T10:00:00Z', ['F-1', 'F-2']),
    event('In Progress', '2026-01-07T09:00:00Z', ['S-1', 'S-2']),
    event('In Progress', '2026-01-08T09:00:00Z', ['S-3']),
    event('Done', '2026-01-09T12:00:00Z', ['S-1']),
    event('Done', '2026-01-10T12:00:00Z', ['S-2']),
    event('In Progress', '2026-01-12T09:00:00Z', ['BUG-1']),
    event('Done', '2026-01-13T09:00:00Z', ['BUG-1', 'S-3']),
    event('Reopened', '2026-01-15T09:00:00Z', ['BUG-1']),
    event('Done', '2026-01-16T17:00:00Z', ['BUG-1']),
    event('In Progress', '2026-01-17T08:00:00Z', ['B-1']),
    event('Done', '2026-01-17T10:00:00Z', ['B-1']),
    event('Done', '2026-01-20T09:00:00Z', ['F-1', 'F-2']),
    event('Done', '2026-01-21T09:00:00Z', ['REQ-1']),
  ],
};

function cliLineage(file, ...args) {
  return JSON.parse(execFileSync(CLI, ['lineage', file, '--json', '--now', NOW, ...args]).toString());
}

let app;
let page;
let file;
let sqlite;
const pageErrors = [];
const { tests, test, run } = sequence();
const text = async (testId) => (await page.textContent(`[data-testid="${testId}"]`)) ?? '';
const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `ocel-${name}.png`) });

test('an OCEL SQLite log typed into the Data view previews as OCEL 2.0 with what the import will do', async () => {
  page = await app.open([file]);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.click('[data-testid="flow-tab-data"]');
  await page.click('[data-testid="data-tab-import"]');
  await page.waitForSelector('[data-testid="import-panel"]');
  await page.fill('[data-testid="log-path"]', sqlite);
  await page.click('[data-testid="log-preview"]');
  await page.waitForSelector('[data-testid="import-plan"]');
  const plan = await text('import-plan');
  assert.ok(plan.startsWith('Will import 14 rows, 8 items, 18 state changes, 4 states from 2026-01-05 to 2026-01-21'), plan);
  assert.ok((await text('import-panel')).includes('OCEL 2.0 (JSON or SQLite)'));
  const first = await page.$$eval('[data-testid="log-rows"] tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(first.slice(0, 2), ['REQ-1', 'Requested']);
  await shot('preview');
});

test('Import: 8 items; the Lineage tab lists the request as the one root', async () => {
  await page.click('[data-testid="import-start"]');
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 20_000 });
  assert.equal(await text('import-items'), '8');
  await page.fill('[data-testid="filter-as-of"]', NOW);
  await page.press('[data-testid="filter-as-of"]', 'Enter');
  await page.waitForFunction((d) => document.querySelector('[data-testid="flow-status"]')?.title?.startsWith(`Measured as of ${d}T00:00:00Z;`), NOW);
  await page.click('[data-testid="data-tab-lineage"]');
  await page.waitForSelector('[data-testid="lineage-root"]');
  const roots = await page.$$eval('[data-testid="lineage-root"]', (els) => els.map((e) => e.dataset.key));
  assert.deepEqual(roots, ['REQ-1']);
  await shot('roots');
});

test('the request’s timeline: the rows, tools and end-to-end time of flowmap lineage --root', async () => {
  await page.click('[data-testid="lineage-root"][data-key="REQ-1"]');
  await page.waitForSelector('[data-testid="lineage-timeline"][data-root="REQ-1"]');
  const tree = cliLineage(file, '--root', 'REQ-1');
  // 01-05 09:00 (requested) to 01-17 10:00 (the build done): 12 d 1 h.
  assert.equal(tree.root.end_to_end_secs, 289 * 3600);
  assert.equal(await text('lineage-end-to-end'), cliDuration(tree.root.end_to_end_secs));
  const rows = await page.$$eval('[data-testid="lineage-row"]', (els) => els.map((e) => [e.dataset.key, e.dataset.tool]));
  const tools = [...new Set(tree.items.map((i) => i.tool))];
  assert.deepEqual(tools, ['Salesforce', 'TargetProcess', 'Jira', 'Jenkins']);
  const expected = tools.flatMap((t) => tree.items.filter((i) => i.tool === t).map((i) => [i.key, t]));
  assert.deepEqual(rows, expected);
  await shot('timeline');
});

test('the Map’s artifact flows carry the crossing times flowmap lineage says', async () => {
  const cli = cliLineage(file);
  await page.click('[data-testid="flow-tab-map"]');
  await page.waitForFunction((k) => document.querySelectorAll('[data-testid="artifact-crossing"]').length === k, cli.crossings.length, { timeout: 20_000 });
  const shown = await page.$$eval('[data-testid="artifact-crossing"]', (els) => els.map((e) => e.textContent));
  for (const c of cli.crossings) assert.ok(shown.some((s) => s.includes(cliDuration(c.p50_secs))), `${cliDuration(c.p50_secs)} in ${shown}`);
  await shot('map');
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (ocel)',
  async (report) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const json = join(WORK, 'ocel-map.json');
    file = join(WORK, 'ocel-toolchain.flowmap');
    writeFileSync(json, JSON.stringify(MAP));
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    // The log as OCEL JSON, then in OCEL's SQLite layout by Flowmap's own export.
    const log = join(WORK, 'ocel-delivery.jsonocel');
    const scratch = join(WORK, 'ocel-scratch.flowmap');
    sqlite = join(WORK, 'ocel-delivery.sqlite');
    writeFileSync(log, JSON.stringify(LOG));
    execFileSync(CLI, ['import-log', scratch, log], { stdio: 'ignore' });
    execFileSync(CLI, ['export', scratch, '--ocel', sqlite], { stdio: 'ignore' });
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'ocel-data'), ready: '[data-testid="flow-bar"]' });
    try {
      await run(report, async (index) => {
        await app.screenshot(join(ARTIFACTS, `ocel-failed-${index + 1}.png`));
      });
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
