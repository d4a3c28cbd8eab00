// Browser test of the what-if on a future state, against the real Rust backend (flowmap-http)
// in Debian's Chromium. Started by run.sh.
//
// On the demo map (2,000 items; Testing is its bottleneck): a future state is made, Testing's
// People estimate set to 6 and Code review removed; Compare shows, below the ladders' totals,
// the measured items replayed through the stream as it is (now) and as the future state runs
// it (after): the changes in words, Testing's people "3 → 6" and its time much shorter, the
// flow time shorter, each figure equal to `flowmap whatif --state … --json`, and the line that
// says how close "now" came to what was measured. Back in the current state, the Map and the
// Dashboard show the measured figures as before.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { cliDuration as duration, writeDemo } from '../harness/cli.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

let app;
let page;
let demo;
const pageErrors = [];
const { tests, test, run } = sequence();
const tid = (id) => `[data-testid="${id}"]`;
const stageNode = (name) => `[data-testid="stage-node"]:has([data-testid="stage-name"]:text-is("${name}"))`;
const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `whatif-${name}.png`) });
const text = async (selector) => ((await page.textContent(selector)) ?? '').trim();

/** `flowmap whatif FILE --state NAME --json`, parsed. */
function cliWhatIf(file, state) {
  return JSON.parse(execFileSync(CLI, ['whatif', file, '--state', state, '--json']).toString());
}

test('a future state with more testers and no code review stage', async () => {
  await page.click(tid('action-new-future-state'));
  await page.waitForSelector(tid('future-banner'));
  await page.click(stageNode('Testing'));
  await page.click(tid('side-tab-properties'));
  await page.fill(tid('estimate-people'), '6');
  await page.press(tid('estimate-people'), 'Enter');
  // The ladder's rung for Testing shows the workshop's counts.
  await page.waitForFunction(() => document.body.textContent?.includes('6 people'));
  await page.click(stageNode('Code review'));
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="stage-name"]')].some((e) => e.textContent === 'Code review'));
  await page.keyboard.press('Control+s');
  await page.waitForFunction(() => !document.querySelector('[data-testid="dirty-marker"]'), null, { timeout: 10_000 });
});

test('Compare shows the what-if: the changes in words, people and times now → after as the CLI computes them', async () => {
  await page.click(tid('action-compare-states'));
  await page.waitForSelector(tid('whatif-table'), { timeout: 30_000 });
  const changes = await page.$$eval(`${tid('whatif-changes')} li`, (els) => els.map((e) => e.textContent));
  // In flow order.
  assert.deepEqual(changes, ['Code review removed: its work is done by the stage before it, without a handoff', 'Testing: 6 people']);
  const cli = cliWhatIf(demo, 'Future state');
  assert.deepEqual(cli.changes, changes);
  const testing = cli.what_if.stages.find((s) => s.name === 'Testing');
  assert.equal(await text(tid('whatif-stage-Testing-people')), `${testing.servers} → ${Math.round((testing.servers * 6) / testing.servers)}`);
  const row = async (id) => page.$eval(tid(id), (e) => [...e.querySelectorAll('td')].map((td) => td.textContent.trim()));
  const flow = cli.what_if.flow_time;
  const cells = await row('whatif-flow');
  assert.deepEqual(cells.slice(1, 3), [duration(flow.baseline.p50_secs), duration(flow.after.p50_secs)]);
  assert.deepEqual(cells.slice(4, 6), [duration(flow.baseline.p85_secs), duration(flow.after.p85_secs)]);
  assert.ok(flow.after.p85_secs < flow.baseline.p85_secs, 'more testers shorten the flow time');
  assert.equal(await page.getAttribute(tid('whatif-flow-change-p85'), 'class'), 'better');
  const t = await row('whatif-stage-Testing');
  assert.deepEqual(t.slice(1, 3), [duration(testing.time.baseline.p50_secs), duration(testing.time.after.p50_secs)]);
  assert.ok(testing.time.after.p50_secs < testing.time.baseline.p50_secs / 2, 'Testing no longer queues');
  const repro = await text(tid('whatif-reproduction'));
  assert.match(repro, /^Simulated as it is, the stream reproduces what was measured within \d+\.\d %/);
  assert.equal(cli.what_if.reproduction.within, true);
  await page.click('.whatif-assumptions summary');
  assert.ok((await text('.whatif-assumptions')).includes('first come, first served'));
  await shot('compare');
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot('compare-1280');
  await page.click(tid('compare-close'));
});

test('back in the current state the Map and the Dashboard show what was measured', async () => {
  await page.selectOption(tid('state-select'), { index: 0 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="future-banner"]'));
  await page.selectOption(tid('overlay-mode'), 'time');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"] [data-testid="stage-figure"]').length === 9, null, { timeout: 20_000 });
  await page.click(tid('flow-tab-dashboard'));
  await page.waitForSelector(tid('dashboard'));
  await page.click(tid('flow-tab-map'));
  await page.waitForSelector(stageNode('Code review'));
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (whatif)',
  async (report) => {
    demo = writeDemo(CLI, join(WORK, 'whatif-demo.flowmap'));
    mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'whatif-data'), ready: '[data-testid="flow-bar"]' });
    try {
      page = await app.open([demo], HTTP);
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.setViewportSize({ width: 1600, height: 1000 });
      await run(report, async (index) => {
        await app.screenshot(join(ARTIFACTS, `whatif-failed-${index + 1}.png`));
      });
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
