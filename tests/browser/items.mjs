// Browser tests of the Items list against the real Rust backend (flowmap-http), driven with
// playwright-core in Debian's Chromium. Started by run.sh.
//
// A saved map with two stages (written with `flowmap import-json`); the test imports a small
// CSV log through the page, opens Items, searches, sorts by flow time, opens an item's timeline
// (states and durations as the log has them; two changes at one instant in the log's order),
// goes Map → stage → slowest item → Items with that item → back to the Map with the stage still
// selected, drops a CSV (a real DataTransfer with a File) and a PNG on the page, and on the demo
// map clicks an item's link to its Jira page.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { writeDemo } from '../harness/cli.mjs';
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

const H = 3600;
const D = 86_400;
/** Four items; T-2 enters Review and Done at the same minute, in that order. */
const LOG = `ticket,status,changed_at,summary
T-1,New,2024-03-01T09:00:00Z,Login page
T-1,In Progress,2024-03-02T09:00:00Z,Login page
T-1,Review,2024-03-04T09:00:00Z,Login page
T-1,Done,2024-03-05T15:00:00Z,Login page
T-2,New,2024-03-01T09:00:00Z,Crash on save
T-2,In Progress,2024-03-03T09:00:00Z,Crash on save
T-2,Review,2024-03-03T12:00:00Z,Crash on save
T-2,Done,2024-03-03T12:00:00Z,Crash on save
T-3,New,2024-03-01T09:00:00Z,Search results
T-3,In Progress,2024-03-02T09:00:00Z,Search results
T-3,Review,2024-03-06T09:00:00Z,Search results
T-3,Done,2024-03-09T09:00:00Z,Search results
T-4,New,2024-03-02T09:00:00Z,Export to CSV
T-4,In Progress,2024-03-04T09:00:00Z,Export to CSV
T-4,Review,2024-03-05T09:00:00Z,Export to CSV
T-4,Done,2024-03-06T09:00:00Z,Export to CSV
`;
/** Flow time (work start to Done) of each item, in seconds. */
const FLOW_TIME = { 'T-1': 3 * D + 6 * H, 'T-2': 3 * H, 'T-3': 7 * D, 'T-4': 2 * D };

let app;
let page;
let file;
let log;
let demo;
const pageErrors = [];

const tests = sequence();
const test = tests.test;

const text = async (testId) => (await page.textContent(`[data-testid="${testId}"]`)) ?? '';
const shownKeys = () => page.$$eval('[data-testid="items-row"]', (rows) => rows.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((r) => r.dataset.key));

async function keysAre(expected, what) {
  await page
    .waitForFunction((want) => {
      const rows = [...document.querySelectorAll('[data-testid="items-row"]')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return rows.map((r) => r.dataset.key).join(',') === want.join(',');
    }, expected, { timeout: 10_000 })
    .catch(async () => {
      throw new Error(`${what}: the list shows ${(await shownKeys()).join(', ')}, not ${expected.join(', ')}`);
    });
}

/** Drops a file with `content` named `name` on the page, as a person dragging it from a file manager. */
async function dropFile(name, content, type) {
  await page.evaluate(
    ({ name, content, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(content)], name, { type }));
      for (const kind of ['dragenter', 'dragover']) document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.__dropped = dt;
    },
    { name, content: [...Buffer.from(content)], type },
  );
  await page.waitForSelector('[data-testid="drop-overlay"]');
  await page.evaluate(() => document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: window.__dropped, bubbles: true, cancelable: true })));
  await page.waitForSelector('[data-testid="drop-overlay"]', { state: 'detached' });
}

test('a log imported through the page lists its items in the Items tab', async () => {
  await page.click('[data-testid="flow-tab-data"]');
  // The Data view opens on its Sources tab.
  await page.click('[data-testid="data-tab-import"]');
  await page.fill('[data-testid="log-path"]', log);
  await page.click('[data-testid="log-preview"]');
  await page.waitForSelector('[data-testid="import-plan"]');
  await page.click('[data-testid="import-start"]');
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 20_000 });
  await page.click('[data-testid="data-tab-items"]');
  await keysAre(['T-1', 'T-2', 'T-3', 'T-4'], 'all items, by key');
  assert.match(await text('items-count'), /^4 items/);
});

test('search narrows the list by key or title', async () => {
  await page.fill('[data-testid="items-search"]', 'crash');
  await keysAre(['T-2'], 'searched by title');
  assert.match(await text('items-count'), /^1 of 4 items/);
  await page.fill('[data-testid="items-search"]', '');
  await keysAre(['T-1', 'T-2', 'T-3', 'T-4'], 'search cleared');
});

test('sorted by flow time, longest first, then shortest first', async () => {
  await page.click('[data-testid="items-sort-time"]');
  await keysAre(['T-3', 'T-1', 'T-4', 'T-2'], 'flow time, longest first');
  const secs = await page.$$eval('[data-testid="items-row"]', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.key, Number(r.querySelector('[data-testid="items-time"]').dataset.secs)])),
  );
  assert.deepEqual(secs, FLOW_TIME);
  await page.click('[data-testid="items-sort-time"]');
  await keysAre(['T-2', 'T-4', 'T-1', 'T-3'], 'flow time, shortest first');
});

test('an item’s timeline shows each state with the durations the log gives, in its order', async () => {
  await page.click('[data-testid="items-row"][data-key="T-2"]');
  await page.waitForSelector('[data-testid="item-timeline"][data-item="T-2"]');
  const steps = await page.$$eval('[data-testid="timeline-step"]', (rows) =>
    rows.map((r) => [r.cells[0].textContent.trim(), r.querySelector('[data-testid="timeline-at"]').title, Number(r.querySelector('[data-testid="timeline-duration"]').dataset.secs), r.cells[3].textContent, r.cells[4].textContent]),
  );
  assert.deepEqual(
    steps.slice(0, 3),
    [
      ['New', '2024-03-01T09:00:00Z', 2 * D, '–', 'New'],
      ['In Progress', '2024-03-03T09:00:00Z', 3 * H, 'Development', 'Active'],
      ['Review', '2024-03-03T12:00:00Z', 0, 'Review', 'Active'],
    ],
  );
  assert.deepEqual(steps[3].slice(0, 2), ['Done', '2024-03-03T12:00:00Z'], 'Done after Review, as the log has it');
  const durations = await page.$$eval('[data-testid="timeline-duration"]', (cells) => cells.map((c) => c.textContent));
  assert.deepEqual(durations.slice(0, 3), ['2 d', '3 h', '0 min']);
  assert.equal(await page.locator('[data-testid="timeline-bar"] .timeline-seg').count(), 4);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.click('[data-testid="items-row"][data-key="T-1"]');
  await page.waitForSelector('[data-testid="item-timeline"][data-item="T-1"]');
  await page.screenshot({ path: join(ARTIFACTS, 'items-timeline.png') });
});

test('Map → stage → slowest item opens it in Items; Back returns to the stage', async () => {
  await page.click('[data-testid="flow-tab-map"]');
  await page.selectOption('[data-testid="overlay-mode"]', 'time');
  const node = page.locator('.react-flow__node', { hasText: 'Review' }).first();
  const box = await node.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + 10);
  await page.waitForFunction(() => document.querySelector('[data-testid="stage-panel-name"]')?.textContent === 'Review');
  // In Review longest: T-3 (3 days).
  await page.click('[data-testid="stage-slowest"] [data-testid="stage-item-open"] >> nth=0');
  await page.waitForSelector('[data-testid="item-timeline"][data-item="T-3"]');
  await keysAre(['T-3'], 'the item opened from the map');
  await page.click('[data-testid="items-back"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="stage-panel-name"]')?.textContent === 'Review');
});

test('a CSV dropped on the page is previewed in the Import tab; a PNG is refused by name', async () => {
  await dropFile('dropped-team.csv', 'ticket,status,changed_at\nD-1,In Progress,2024-04-01T09:00:00Z\nD-1,Done,2024-04-02T09:00:00Z\nD-2,In Progress,2024-04-01T10:00:00Z\n', 'text/csv');
  await page.waitForSelector('[data-testid="import-panel"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-plan"]')?.textContent?.includes('3 rows, 2 items'), null, { timeout: 10_000 });
  assert.ok((await page.inputValue('[data-testid="log-path"]')).endsWith('dropped-team.csv'));
  await dropFile('board.png', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'image/png');
  await page.waitForSelector('[data-testid="import-error"]');
  assert.match(await text('import-error'), /^board\.png is not an event log/);
});

test('an item’s link opens its page in its source tool', async () => {
  page = await app.open([demo]);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.click('[data-testid="flow-tab-data"]');
  await page.click('[data-testid="data-tab-items"]');
  await page.waitForSelector('[data-testid="items-row"] [data-testid="item-link"]');
  const link = page.locator('[data-testid="items-row"] [data-testid="item-link"]').first();
  const key = (await link.textContent()).trim();
  // The demo's Jira answered here: the machine has no network.
  await page.context().route('https://demo.atlassian.net/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Jira</title>' }));
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
  await popup.waitForURL(/atlassian/, { timeout: 10_000 });
  assert.equal(popup.url(), `https://demo.atlassian.net/browse/${key}`);
  assert.equal(await page.locator('[data-testid="item-timeline"]').count(), 0, 'a click on the link opens the link, not the timeline');
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (items)',
  async (report) => {
    const json = join(WORK, 'items-map.json');
    file = join(WORK, 'items-team.flowmap');
    log = join(WORK, 'items-team.csv');
    // The stories alone (their Jira pages): the linked demo's other tools have no item pages.
    demo = writeDemo(CLI, join(WORK, 'items-demo.flowmap'), '--items', '300', '--plain');
    writeFileSync(json, JSON.stringify(MAP));
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    writeFileSync(log, LOG);
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'items-data'), ready: '[data-testid="flow-bar"]' });
    try {
      page = await app.open([file]);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await tests.run(report, async () => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, 'items-failed.png'));
      });
    } finally {
      await app.close();
    }
  },
  () => 7,
);
