// Browser tests of the Data view against the real Rust backend (flowmap-http), driven with
// playwright-core in Debian's Chromium. Started by run.sh.
//
// A saved map with two stages and no items (written with `flowmap import-json`); the test writes
// a small CSV event log whose states match the stages', types its path into the Data view,
// sees the columns the importer chose and what the import will do, changes a column in place,
// imports, sees the summary, then goes to the Map and sees figures on both stages; and goes back
// and forth between Data and Map.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { metrics } from '../harness/cli.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

const DEV = '11111111-1111-4111-8111-111111111111';
const REVIEW = '22222222-2222-4222-8222-222222222222';
const MAP = {
  format: 'flowmap-map',
  version: 1,
  name: 'Team flow',
  nodes: [
    { kind: 'stage', id: DEV, name: 'Development', states: ['In Progress'] },
    { kind: 'stage', id: REVIEW, name: 'Review', states: ['Review'] },
  ],
  edges: [{ kind: 'handoff', id: '33333333-3333-4333-8333-333333333333', from: DEV, to: REVIEW }],
  layout: [],
};
const ITEMS = 12;

/** Twelve items through Backlog → In Progress → Review → Done in March 2024. */
function eventLog() {
  const rows = ['ticket,status,changed_at'];
  const day = (d, h = '09') => `2024-03-${String(d).padStart(2, '0')}T${h}:00:00Z`;
  for (let i = 1; i <= ITEMS; i++) {
    rows.push(`T-${i},Backlog,${day(i)}`, `T-${i},In Progress,${day(i + 1)}`, `T-${i},Review,${day(i + 3)}`, `T-${i},Done,${day(i + 4, '15')}`);
  }
  return rows.join('\n') + '\n';
}

let page;
let file;
let log;
const pageErrors = [];

const tests = sequence();
const test = tests.test;

const value = (testId) => page.$eval(`[data-testid="${testId}"]`, (e) => e.value);
const text = async (testId) => (await page.textContent(`[data-testid="${testId}"]`)) ?? '';

async function toData() {
  await page.click('[data-testid="flow-tab-data"]');
  await page.click('[data-testid="data-tab-import"]');
  await page.waitForSelector('[data-testid="import-panel"]');
}

/** On the Map with the time-in-stage overlay: a figure on each stage. */
async function figuresOnStages(what) {
  await page.click('[data-testid="flow-tab-map"]');
  await page.selectOption('[data-testid="overlay-mode"]', 'time');
  await page
    .waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"] [data-testid="stage-figure"]').length === 2, null, { timeout: 10_000 })
    .catch(() => {
      throw new Error(`${what}: no figure on each stage (${pageErrors.join('; ') || 'no page error'})`);
    });
}

test('the Data view previews a typed log: the columns chosen and what the import will do', async () => {
  await toData();
  assert.ok((await page.getAttribute('[data-testid="flow-tab-data"]', 'aria-selected')) === 'true');
  await page.fill('[data-testid="log-path"]', log);
  await page.click('[data-testid="log-preview"]');
  await page.waitForSelector('[data-testid="import-plan"]');
  assert.equal(await value('log-column-item'), 'ticket');
  assert.equal(await value('log-column-state'), 'status');
  assert.equal(await value('log-column-at'), 'changed_at');
  assert.equal(await page.locator('[data-testid="log-rows"] tbody tr').count(), 20, 'the first 20 rows');
  const plan = await text('import-plan');
  assert.ok(plan.includes(`${ITEMS * 4} rows, ${ITEMS} items`) && plan.includes('2024-03-01 to 2024-03-16'), plan);
});

test('a column changed in place previews again; nothing is written before Import', async () => {
  await page.selectOption('[data-testid="log-column-item"]', 'status');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-plan"]')?.textContent?.includes(', 4 items'));
  await page.selectOption('[data-testid="log-column-item"]', 'ticket');
  await page.waitForFunction((n) => document.querySelector('[data-testid="import-plan"]')?.textContent?.includes(`, ${n} items`), ITEMS);
  const before = metrics(CLI, file, '2024-04-01T00:00:00Z');
  assert.deepEqual(before.stages.map((s) => s.entered), [0, 0], 'the file has no items yet');
});

test('Import: the summary says what was imported', async () => {
  await page.click('[data-testid="import-start"]');
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 20_000 });
  assert.equal(await text('import-items'), String(ITEMS));
  assert.equal(await text('import-new-states'), 'Backlog, Done, In Progress, Review');
  const m = metrics(CLI, file, '2024-04-01T00:00:00Z');
  assert.deepEqual(
    m.stages.map((s) => [s.name, s.entered]),
    [
      ['Development', ITEMS],
      ['Review', ITEMS],
    ],
    'the items are in the file',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'data-imported.png') });
});

test('the Map shows figures on the stages whose states the log has', async () => {
  await figuresOnStages('after the import');
});

test('Data ↔ Map, three times: the summary and the figures stay', async () => {
  for (let round = 1; round <= 3; round++) {
    await toData();
    await page.waitForSelector('[data-testid="import-summary"]');
    await figuresOnStages(`round ${round}`);
  }
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (data)',
  async (report) => {
    const json = join(WORK, 'data-map.json');
    file = join(WORK, 'data-team.flowmap');
    log = join(WORK, 'data-team.csv');
    writeFileSync(json, JSON.stringify(MAP));
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    writeFileSync(log, eventLog());
    const browser = await launchChromium({ dist: DIST });
    const app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'data-data'), ready: '[data-testid="flow-bar"]' });
    try {
      page = await app.open([file]);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await tests.run(report, async () => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, 'data-failed.png'));
      });
    } finally {
      await app.close();
    }
  },
  () => 5,
);
