// Browser test of the Data view's State mapping on the demo map, against the real Rust backend
// (flowmap-http), driven with playwright-core in Debian's Chromium. Started by run.sh.
//
// Open Data → State mapping: every state of the demo with its stage, category and guess; select
// the states containing "QA" by pattern, set their category to Waiting, see the table change;
// confirm a guess; go to the Map and see Testing's waiting figure change to what
// `flowmap metrics --json` gives for the same file; and back to the Data view.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { cliDuration, metrics as cliMetrics, writeDemo } from '../harness/cli.mjs';
import { AS_OF } from '../harness/demo.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

let app;
let page;
let demo;

const rowOf = (state) => `[data-testid="mapping-row"][data-state="${state}"]`;
const cell = (state, what) => page.textContent(`${rowOf(state)} [data-testid="mapping-${what}"]`).then((t) => t?.trim());

/** The overlay's figure on the stage `name`. */
function figureOf(name) {
  return page.$$eval(
    '[data-testid="stage-node"]',
    (els, n) => els.find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === n)?.querySelector('[data-testid="stage-figure"]')?.textContent ?? null,
    name,
  );
}

async function waitForFigure(name, want) {
  await page.waitForFunction(
    ([n, w]) =>
      [...document.querySelectorAll('[data-testid="stage-node"]')]
        .find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === n)
        ?.querySelector('[data-testid="stage-figure"]')?.textContent === w,
    [name, want],
    { timeout: 20_000 },
  );
}

const { tests, test, run } = sequence();
let before;

test('the Map shows Testing’s waiting figure as flowmap metrics --json gives it', async () => {
  page = await app.open([demo]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length > 0);
  await page.fill('[data-testid="filter-as-of"]', AS_OF);
  await page.press('[data-testid="filter-as-of"]', 'Enter');
  await page.waitForFunction((d) => document.querySelector('[data-testid="flow-status"]')?.title?.startsWith(`Measured as of ${d}T00:00:00Z;`), AS_OF);
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  const testing = cliMetrics(CLI, demo, AS_OF).stages.find((s) => s.name === 'Testing');
  before = `waits ${cliDuration(testing.waiting.p50)} (p50)`;
  await waitForFigure('Testing', before);
});

test('Data → State mapping lists every state with its stage, category and guess', async () => {
  await page.click('[data-testid="flow-tab-data"]');
  await page.click('[data-testid="data-tab-mapping"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="mapping-row"]').length === 21, null, { timeout: 10_000 });
  assert.equal(await cell('Ready for QA', 'stage'), 'Testing');
  assert.equal(await cell('Ready for QA', 'category'), 'Waiting');
  assert.equal(await cell('In QA', 'category'), 'Active');
  // A final state's time is no flow time: it says so instead of summing years after the end.
  assert.equal(await cell('Done', 'time'), 'final');
  assert.match(await cell('In QA', 'time'), /^[\d.,]+ (min|h|d|wk)$/);
  const reason = await page.textContent(`${rowOf('Ready for QA')} .mapping-reason`);
  assert.ok(reason.includes('guess') && reason.includes('‘Ready for’ in the name → Waiting'), reason);
  assert.ok((await page.textContent('[data-testid="mapping-flags"]')).includes('21 guesses'), 'every demo row is a guess');
  // Sorted by a column: the state names in order.
  await page.click('[data-testid="mapping-sort-state"]');
  const states = await page.$$eval('[data-testid="mapping-row"]', (els) => els.map((e) => e.dataset.state));
  assert.deepEqual(states, [...states].sort((a, b) => a.localeCompare(b)));
});

test('the states containing “QA”, selected by pattern, are set to Waiting at once', async () => {
  await page.fill('[data-testid="mapping-pattern"]', 'QA');
  await page.waitForFunction(() => document.querySelector('[data-testid="mapping-selected-count"]')?.textContent === '2 selected');
  await page.selectOption('[data-testid="mapping-set-category"]', 'Waiting');
  await page.click('[data-testid="mapping-apply"]');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'Waiting', `${rowOf('In QA')} [data-testid="mapping-category"]`);
  for (const state of ['In QA', 'Ready for QA']) {
    const reason = await page.textContent(`${rowOf(state)} .mapping-reason`);
    assert.ok(reason.includes('confirmed') && !reason.includes('guess'), `${state}: ${reason}`);
  }
  assert.equal(await cell('In QA', 'stage'), 'Testing');
  // A guess confirmed with its button.
  await page.click(`${rowOf('Backlog')} [data-testid="mapping-confirm"]`);
  await page.waitForFunction((sel) => !document.querySelector(sel), `${rowOf('Backlog')} [data-testid="mapping-confirm"]`);
  assert.ok((await page.textContent('[data-testid="mapping-flags"]')).includes('18 guesses'));
});

test('back on the Map, Testing’s waiting figure follows the new mapping (as flowmap metrics --json)', async () => {
  await page.click('[data-testid="flow-tab-map"]');
  const testing = cliMetrics(CLI, demo, AS_OF).stages.find((s) => s.name === 'Testing');
  const after = `waits ${cliDuration(testing.waiting.p50)} (p50)`;
  assert.notEqual(after, before, 'the CLI sees the change in the file');
  await waitForFigure('Testing', after);
  // And back to the Data view: the table as it was left.
  await page.click('[data-testid="flow-tab-data"]');
  await page.waitForSelector('[data-testid="mapping-table"]');
  assert.equal(await cell('In QA', 'category'), 'Waiting');
  await page.click('[data-testid="flow-tab-map"]');
  assert.equal(await figureOf('Testing'), after);
});

await runSuite(
  'browser (state mapping)',
  async (report) => {
    // The stories alone: their 21 states (the linked demo adds the other tools' states).
    demo = writeDemo(CLI, join(WORK, 'mapping-demo.flowmap'), '--plain');
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'mapping-data'), ready: '[data-testid="flow-bar"]' });
    try {
      await run(report, async (index) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, `mapping-failed-${index + 1}.png`));
      });
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
