// Browser test of the window following its file, against the real Rust backend (flowmap-http),
// driven with playwright-core in Debian's Chromium. Started by run.sh.
//
// A saved map with one stage and no items is open in the page; the map is renamed there (an
// unsaved edit); then the CLI (`flowmap import-log`, another process) writes a small CSV event
// log into the same file. Within two seconds the page shows the new item count and the tool the
// import added, and the unsaved name is still there; Save keeps both. Then another program
// changes the map itself (`flowmap discover --apply`): the page says Save will be refused, Save
// offers Save As or Reopen, and Reopen shows the file's map.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

const DEV = '11111111-1111-4111-8111-111111111111';
const MAP = {
  format: 'flowmap-map',
  version: 1,
  name: 'Team flow',
  nodes: [{ kind: 'stage', id: DEV, name: 'Development', states: ['In Progress'] }],
  edges: [],
  layout: [],
};
const ITEMS = 7;

/** Seven items through Backlog → In Progress → Done in March 2024. */
function eventLog() {
  const rows = ['ticket,status,changed_at'];
  const day = (d) => `2024-03-${String(d).padStart(2, '0')}T09:00:00Z`;
  for (let i = 1; i <= ITEMS; i++) rows.push(`T-${i},Backlog,${day(i)}`, `T-${i},In Progress,${day(i + 1)}`, `T-${i},Done,${day(i + 3)}`);
  return rows.join('\n') + '\n';
}

let page;
let file;
const pageErrors = [];
const tests = sequence();
const test = tests.test;

const text = async (testId) => (await page.textContent(`[data-testid="${testId}"]`).catch(() => null)) ?? '';
const info = () => JSON.parse(execFileSync(CLI, ['info', file, '--json']).toString());

/** Waits up to `ms` for `check` in the page; the time it took. */
async function within(ms, what, check, arg) {
  const started = Date.now();
  await page.waitForFunction(check, arg, { timeout: ms, polling: 50 }).catch(() => {
    throw new Error(`${what}: not within ${ms} ms (${pageErrors.join('; ') || 'no page error'})`);
  });
  return Date.now() - started;
}

test('an unsaved rename in the page', async () => {
  await page.fill('[data-testid="inspector-map-name"]', 'Renamed here');
  await page.press('[data-testid="inspector-map-name"]', 'Enter');
  await page.waitForSelector('[data-testid="dirty-marker"]');
  assert.equal(await text('map-name'), 'Renamed here •');
  assert.equal(await page.$('[data-testid="map-counts"]'), null, 'no items yet');
});

test('the CLI imports a log into the same file: the page shows the items within 2 s, the edit stays', async () => {
  const log = join(WORK, 'follow-cli.csv');
  writeFileSync(log, eventLog());
  execFileSync(CLI, ['import-log', file, log], { stdio: 'ignore' });
  const took = await within(2_000, 'the new item count', (n) => document.querySelector('[data-testid="map-counts"]')?.textContent?.includes(`${n} items`), ITEMS);
  console.log(`  the page showed ${ITEMS} items ${took} ms after the CLI ended`);
  assert.equal(await text('map-name'), 'Renamed here •', 'the unsaved rename stays');
  await within(2_000, "the tool the import added", () =>
    [...document.querySelectorAll('.react-flow__node')].some((n) => n.textContent?.includes('follow-cli')),
  );
  await within(5_000, 'figures for the new items', () => /completed/.test(document.querySelector('[data-testid="flow-status"]')?.textContent ?? ''));
  assert.equal(await page.$('[data-testid="map-changed-notice"]'), null, 'adding a tool does not block Save');
});

test('Save keeps the unsaved rename and the items the CLI wrote', async () => {
  await page.click('[data-testid="action-save"]');
  await page.waitForSelector('[data-testid="dirty-marker"]', { state: 'detached' });
  const saved = info();
  assert.equal(saved.name, 'Renamed here');
  assert.equal(saved.items, ITEMS, JSON.stringify(saved));
});

test('another program changes the map: the page says Save will be refused, and Save offers Save As or Reopen', async () => {
  await page.fill('[data-testid="inspector-map-name"]', 'Mine');
  await page.press('[data-testid="inspector-map-name"]', 'Enter');
  await page.waitForSelector('[data-testid="dirty-marker"]');
  // Another program changes the map in place: `flowmap discover --apply` adds the stages and
  // handoffs the log shows (edges, which the window does not take in over unsaved edits).
  execFileSync(CLI, ['discover', file, '--apply'], { stdio: 'ignore' });
  const theirs = info();
  await within(2_000, 'the map-changed notice', () => document.querySelector('[data-testid="map-changed-notice"]') !== null);
  assert.ok((await text('map-changed-notice')).includes('Save will be refused'));
  assert.equal(await text('map-name'), 'Mine •', 'the unsaved edit stays');
  await page.click('[data-testid="action-save"]');
  await page.waitForSelector('[data-testid="map-changed-dialog"]');
  assert.deepEqual(info(), theirs, 'nothing was written over their map');
  await page.click('[data-testid="map-changed-dialog"] [data-testid="map-changed-reopen"]');
  await within(2_000, 'their map reopened', () => document.querySelector('[data-testid="map-name"]')?.textContent === 'Renamed here');
  assert.equal(await page.$('[data-testid="map-changed-notice"]'), null);
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (follow)',
  async (report) => {
    const json = join(WORK, 'follow-map.json');
    file = join(WORK, 'follow-team.flowmap');
    writeFileSync(json, JSON.stringify(MAP));
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    const browser = await launchChromium({ dist: DIST });
    const app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'follow-data'), ready: '[data-testid="flow-bar"]' });
    try {
      page = await app.open([file]);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await tests.run(report, async () => {
        await app.screenshot(join(ARTIFACTS, 'follow-failed.png'));
      });
    } finally {
      await app.close();
    }
  },
  () => 4,
);
