// Browser tests of the window's views on the demo map, against the real Rust backend
// (flowmap-http), driven with playwright-core in Debian's Chromium. Started by run.sh.
//
// - Going back and forth between the Map and the Dashboard with a stage selected draws the map
//   every time (it once turned the window white: React error #185, an update loop between the
//   canvas's copy of the selection and React Flow's).
// - A panel that fails (made to, through the test hook `window.__flowmapFault`, see
//   ui/src/panels/fault.ts) says so in place, with a Retry button, and the rest of the window
//   keeps working.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { writeDemo } from '../harness/cli.mjs';
import { DEMO_STAGES as DEMO_STAGE_NAMES } from '../harness/demo.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();
const DEMO_STAGES = DEMO_STAGE_NAMES.length;
/** Stages of the demo map, selected in turn. */
const STAGES = ['Testing', 'Planning', 'Code review', 'Discovery', 'Release', 'Development'];

let app;
let page;
/** Uncaught errors in the page, and what it logged as errors. */
let pageErrors = [];
let consoleErrors = [];
/** The panel the next page opened is made to fail (the test hook), or null. */
let nextFault = null;

/**
 * `browser`, whose new pages are 1400×900, keep their errors in `pageErrors` and
 * `consoleErrors`, and start with the test hook set to `nextFault`: the app's pages, made
 * before the UI loads in them.
 */
function watched(browser) {
  return {
    async newPage() {
      const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      pageErrors = [];
      consoleErrors = [];
      p.on('pageerror', (e) => pageErrors.push(e.message));
      p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      if (nextFault) await p.addInitScript((panel) => (window.__flowmapFault = panel), nextFault);
      return p;
    },
    close: () => browser.close(),
  };
}

/** Opens the demo map; `fault` names a panel made to fail (the test hook). */
async function openApp(file, fault = null) {
  nextFault = fault;
  page = await app.open([file]);
}

/** The map is drawn: every stage of the demo, and the window around it. */
async function mapDrawn(what) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="stage-node"]').length === n, DEMO_STAGES, { timeout: 10_000 }).catch(() => {
    throw new Error(`${what}: the map is not drawn (${pageErrors.join('; ') || 'no page error'})`);
  });
  await notBlank(what);
}

/** The window shows something, and no error escaped to the page. */
async function notBlank(what) {
  const shown = await page.evaluate(() => ({
    root: document.getElementById('root')?.childElementCount ?? 0,
    title: document.querySelector('[data-testid="map-name"]')?.textContent ?? null,
    text: document.body.innerText.trim().length,
  }));
  assert.ok(shown.root > 0 && shown.title && shown.text > 100, `${what}: the window is blank (${JSON.stringify(shown)})`);
  assert.deepEqual(pageErrors, [], `${what}: errors in the page`);
  const reactErrors = consoleErrors.filter((t) => /Minified React error|Maximum update depth/.test(t));
  assert.deepEqual(reactErrors, [], `${what}: React reported errors`);
}

async function clickStage(name) {
  const node = page.locator('[data-testid="stage-node"]', { hasText: name }).first();
  const box = await node.boundingBox();
  assert.ok(box, `the stage ${name} is on the canvas`);
  await page.mouse.click(box.x + box.width / 2, box.y + 10);
}

async function panelShows(name) {
  await page.waitForFunction((n) => document.querySelector('[data-testid="stage-panel-name"]')?.textContent === n, name, { timeout: 10_000 });
}

async function toDashboard() {
  await page.click('[data-testid="flow-tab-dashboard"]');
  await page.waitForSelector('[data-testid="dashboard"]');
  await notBlank('on the dashboard');
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let demo;

test('Map → Dashboard → Map with a stage selected, five times: the map is drawn each time', async () => {
  await openApp(demo);
  await mapDrawn('opened');
  await page.click('[data-testid="side-tab-flow"]');
  let turn = 0;
  for (let round = 1; round <= 5; round++) {
    for (let step = 0; step < 2; step++) {
      const name = STAGES[turn++ % STAGES.length];
      await clickStage(name);
      await panelShows(name);
      await toDashboard();
      await page.click('[data-testid="flow-tab-map"]');
      await mapDrawn(`round ${round}, back from the dashboard with ${name} selected`);
      // Still selected, on the canvas and in its panel.
      await panelShows(name);
      const selected = await page.$$eval('.react-flow__node.selected [data-testid="stage-name"]', (els) => els.map((e) => e.textContent));
      assert.deepEqual(selected, [name], `round ${round}: ${name} is selected on the canvas`);
    }
  }
  assert.ok(await page.isVisible('[data-testid="ladder"]'), 'the ladder is drawn under the map');
});

test('a failing stage panel says what failed and what it was showing; the rest of the window works', async () => {
  await openApp(demo, 'stage-panel');
  await mapDrawn('opened with a failing stage panel');
  await page.click('[data-testid="side-tab-flow"]');
  await clickStage('Testing');
  const fault = page.locator('[data-testid="panel-fault"][data-panel="stage-panel"]');
  await fault.waitFor();
  const message = (await fault.textContent()) ?? '';
  assert.ok(message.includes('The stage panel failed while showing Testing:'), message);
  assert.ok(message.includes('test fault'), message);
  assert.ok(await page.isVisible('[data-testid="panel-fault"] [data-testid="panel-retry"]'), 'a Retry button');
  assert.ok(
    consoleErrors.some((t) => t.includes('The stage panel failed while showing Testing')),
    `the failure is logged with what the panel was showing: ${consoleErrors.join(' | ')}`,
  );
  // The map, the top bar and the other panels still work.
  await clickStage('Planning');
  await page.click('[data-testid="side-tab-properties"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-name"]')?.value === 'Planning');
  await page.click('[data-testid="action-zoom-to-fit"]');
  await toDashboard();
  await page.waitForSelector('[data-testid="card-velocity"]');
  await page.click('[data-testid="flow-tab-map"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="stage-node"]').length === n, DEMO_STAGES);
  assert.ok(await page.isVisible('[data-testid="ladder"]'), 'the ladder is drawn');
  // Fixed (the hook cleared): Retry draws the panel again.
  await page.click('[data-testid="side-tab-flow"]');
  await fault.waitFor();
  assert.ok(((await fault.textContent()) ?? '').includes('while showing Planning'), 'the message names the stage now selected');
  await page.evaluate(() => (window.__flowmapFault = undefined));
  await page.click('[data-testid="panel-retry"]');
  await panelShows('Planning');
  assert.equal(await page.locator('[data-testid="panel-fault"]').count(), 0);
  assert.deepEqual(pageErrors, [], 'nothing escaped to the page');
});

test('a failing map canvas leaves the top bar, the flow bar and the side panel working', async () => {
  await openApp(demo, 'map-canvas');
  const fault = page.locator('[data-testid="panel-fault"][data-panel="map-canvas"]');
  await fault.waitFor();
  assert.ok(((await fault.textContent()) ?? '').startsWith('The map failed while'), await fault.textContent());
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-map-name"]')?.value?.length > 0);
  await page.click('[data-testid="action-toggle-theme"]');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark' || document.documentElement.dataset.theme === 'light');
  await toDashboard();
  await page.click('[data-testid="flow-tab-map"]');
  await fault.waitFor();
  await page.evaluate(() => (window.__flowmapFault = undefined));
  await page.click('[data-testid="panel-retry"]');
  await mapDrawn('the canvas after Retry');
  assert.deepEqual(pageErrors, [], 'nothing escaped to the page');
});

await runSuite(
  'browser (views)',
  async (report) => {
    demo = writeDemo(CLI, join(WORK, 'views-demo.flowmap'));
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser: watched(browser), http: HTTP, dist: DIST, dataDir: join(WORK, 'views-data'), ready: '[data-testid="flow-bar"]' });
    try {
      // Each test opens the app afresh: one failing does not stop the others.
      for (const [index, { name, fn }] of tests.entries()) {
        const one = sequence();
        one.test(name, fn);
        await one.run(report, async () => {
          mkdirSync(ARTIFACTS, { recursive: true });
          await app.screenshot(join(ARTIFACTS, `views-failed-${index + 1}.png`));
        });
      }
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
