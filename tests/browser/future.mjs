// Browser test of kaizen bursts and the states of the stream against the real Rust backend
// (flowmap-http), driven with playwright-core in Debian's Chromium. Started by run.sh.
//
// A saved map Plan → Build → Test with workshop estimates (process time, lead time, %C&A) and
// a log of three items that spent 1, 2 and 3 days in Build (then Done). The test adds a kaizen
// burst to Build from the keyboard (select, K, type), sees it on the canvas and in the Kaizen
// list, makes a future state, removes Test and shortens Build's lead time estimate in it, and
// compares: the totals shown equal the hand computation below. It switches between the states
// and the Map, Dashboard and Data views and checks what each shows: measured figures (heat, item
// counts) only in the current state; the future state marked as estimates everywhere. It saves,
// reopens and finds both states; JSON export carries them.
//
// By hand. Current state: Build is measured (p50 of 1, 2, 3 d = 2 d; the state "Build" is
// Active, so its process time is 2 d too; every item left forward: %C&A 100 %); Plan and Test
// have no items and read their estimates. Lead 2 d + 2 d + 3 d = 604,800 s; process 4 h + 2 d +
// 6 h = 208,800 s; activity ratio 208,800 / 604,800; rolled %C&A 0.9 × 1 × 0.5 = 0.45.
// Future state (estimates only, Test removed, Build's lead time 3 d): lead 2 d + 3 d = 432,000 s;
// process 4 h + 1 d = 100,800 s; ratio 100,800 / 432,000; rolled 0.9 × 0.8 = 0.72.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

const H = 3600;
const D = 24 * H;
const PLAN = '11111111-1111-4111-8111-111111111111';
const BUILD = '22222222-2222-4222-8222-222222222222';
const TEST = '33333333-3333-4333-8333-333333333333';
const stage = (id, name, process, lead, ca) => ({
  kind: 'stage',
  id,
  name,
  states: [name],
  estimates: { process_time_secs: process, lead_time_secs: lead, complete_accurate: ca },
});
const MAP = {
  format: 'flowmap-map',
  version: 1,
  name: 'Workshop stream',
  nodes: [stage(PLAN, 'Plan', 4 * H, 2 * D, 0.9), stage(BUILD, 'Build', D, 5 * D, 0.8), stage(TEST, 'Test', 6 * H, 3 * D, 0.5)],
  edges: [
    { kind: 'handoff', id: '44444444-4444-4444-8444-444444444444', from: PLAN, to: BUILD },
    { kind: 'handoff', id: '55555555-5555-4555-8555-555555555555', from: BUILD, to: TEST },
  ],
  layout: [],
};
const LOG = `item,state,at
A,Build,2024-03-01T10:00:00Z
A,Done,2024-03-02T10:00:00Z
B,Build,2024-03-01T10:00:00Z
B,Done,2024-03-03T10:00:00Z
C,Build,2024-03-01T10:00:00Z
C,Done,2024-03-04T10:00:00Z
`;

const BEFORE = { lead: 7 * D, process: 4 * H + 2 * D + 6 * H, ratio: (4 * H + 2 * D + 6 * H) / (7 * D), rolled: 0.9 * 1 * 0.5 };
const AFTER = { lead: 2 * D + 3 * D, process: 4 * H + D, ratio: (4 * H + D) / (5 * D), rolled: 0.9 * 0.8 };

let page;
let file;
const pageErrors = [];
const { tests, test, run } = sequence();

const texts = (selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent?.trim() ?? ''));
const stageNames = () => texts('[data-testid="stage-node"] [data-testid="stage-name"]');
const stageNode = (name) => `[data-testid="stage-node"]:has([data-testid="stage-name"]:text-is("${name}"))`;
const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `future-${name}.png`) });

async function waitFor(what, check, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last === true) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}: ${JSON.stringify(last)} (${pageErrors.join('; ') || 'no page error'})`);
}

const sameList = (want) => async (got) => JSON.stringify([...got].sort()) === JSON.stringify([...want].sort()) || got;
/** The overlay's figures on the stages that have one measured ("no items" left out). */
const figures = async () => (await texts('[data-testid="stage-node"] [data-testid="stage-figure"]')).filter((t) => t !== 'no items');
const shownState = () => page.$eval('[data-testid="state-select"]', (s) => s.options[s.selectedIndex]?.textContent ?? '');

async function tab(name) {
  await page.click(`[data-testid="flow-tab-${name}"]`);
}

/** What the window shows of measured data and of the state: counts, banner, heat. */
async function shows() {
  return {
    counts: (await page.$('[data-testid="map-counts"]')) !== null,
    banner: (await page.$('[data-testid="future-banner"]')) !== null,
    state: await shownState(),
  };
}

test('the current state: measured figures on Build, the ladder measured there', async () => {
  await page.fill('[data-testid="filter-as-of"]', '2024-03-10');
  await page.press('[data-testid="filter-as-of"]', 'Enter');
  await page.selectOption('[data-testid="overlay-mode"]', 'time');
  await waitFor('heat on Build alone', async () => JSON.stringify(await figures()) === JSON.stringify(['in stage 2 d (p50)']) || (await figures()));
  assert.deepEqual(await shows(), { counts: true, banner: false, state: 'Current state' });
  const sources = await texts('[data-testid="ladder-source"]');
  assert.deepEqual(sources.map((s) => s.toLowerCase().includes('measured')), [false, true, false], `ladder sources: ${sources}`);
  await page.selectOption('[data-testid="overlay-mode"]', 'none');
});

test('a kaizen burst added to Build with the keyboard: on the canvas and in the Kaizen list', async () => {
  await page.click(stageNode('Build'));
  await page.keyboard.press('k');
  await page.waitForSelector('[data-testid="burst-node"]');
  const name = page.locator('[data-testid="inspector-name"]');
  await waitFor('the idea field has the focus', async () => (await name.evaluate((e) => e === document.activeElement)) || 'not focused');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Pair on builds');
  await page.keyboard.press('Enter');
  await page.fill('[data-testid="inspector-burst-owner"]', 'Ana');
  await page.press('[data-testid="inspector-burst-owner"]', 'Enter');
  await page.fill('[data-testid="inspector-burst-effect"]', 'Build lead time 5 d → 3 d');
  await page.press('[data-testid="inspector-burst-effect"]', 'Enter');
  await waitFor('the burst on the canvas', async () => {
    const t = (await page.textContent('[data-testid="burst-node"]')) ?? '';
    return (t.includes('Pair on builds') && t.includes('Ana') && t.includes('on Build')) || t;
  });
  assert.equal(await page.inputValue('[data-testid="inspector-burst-target"]'), `stage:${BUILD}`, 'attached to Build');
  await page.click('[data-testid="side-tab-kaizen"]');
  const item = page.locator('[data-testid="kaizen-burst"]');
  assert.equal(await item.count(), 1);
  const listed = (await item.textContent()) ?? '';
  assert.ok(listed.includes('Pair on builds') && listed.includes('on Build') && listed.includes('Ana') && listed.includes('5 d → 3 d'), listed);
  await item.click();
  await waitFor('the burst selected on the canvas', async () => (await page.$('[data-testid="burst-node"].selected')) !== null || 'not selected');
  await shot('burst');
});

test('a future state: a copy of the current one, marked as estimates', async () => {
  await page.click('[data-testid="action-new-future-state"]');
  await waitFor('the future state shown', async () => (await shownState()) === 'Future state (future)' || (await shownState()));
  await waitFor('the banner', async () => (await shows()).banner || 'no banner');
  assert.equal((await shows()).counts, false, 'no item counts in a future state');
  assert.deepEqual((await stageNames()).sort(), ['Build', 'Plan', 'Test']);
  assert.equal(await page.locator('[data-testid="burst-node"]').count(), 1, 'the burst came along');
  const sources = await texts('[data-testid="ladder-source"]');
  assert.ok(sources.every((s) => !s.toLowerCase().includes('measured')), `no measured rung: ${sources}`);
  await page.selectOption('[data-testid="overlay-mode"]', 'time');
  await page.waitForTimeout(500);
  assert.deepEqual(await figures(), [], 'no heat from data in a future state');
  await page.selectOption('[data-testid="overlay-mode"]', 'none');
});

test('in the future state: Test removed, Build’s lead time estimate 3 d; Undo stays within the state', async () => {
  await page.click(stageNode('Test'));
  await page.keyboard.press('Delete');
  await waitFor('Test removed', async () => sameList(['Plan', 'Build'])(await stageNames()));
  await page.click(stageNode('Build'));
  await page.click('[data-testid="side-tab-properties"]');
  await page.fill('[data-testid="estimate-lead-time"]', '3');
  await page.press('[data-testid="estimate-lead-time"]', 'Enter');
  await waitFor('the estimate', async () => ((await page.textContent(stageNode('Build'))) ?? '').includes('LT 3 d') || (await page.textContent(stageNode('Build'))));
  // Undo twice, redo twice: the future state's own history.
  await page.click('[data-testid="action-undo"]');
  await page.click('[data-testid="action-undo"]');
  await waitFor('Test back', async () => sameList(['Plan', 'Build', 'Test'])(await stageNames()));
  await page.click('[data-testid="action-redo"]');
  await page.click('[data-testid="action-redo"]');
  await waitFor('Test gone again', async () => sameList(['Plan', 'Build'])(await stageNames()));
  // The ladder reads the estimates: Plan 2 d + Build 3 d, 90 % × 80 %.
  await waitFor('the ladder of the estimates', async () => {
    const t = (await page.textContent('[data-testid="ladder-totals"]')) ?? '';
    return (t.includes('Σ lead 5 d') && t.includes('Σ process 1.2 d') && t.includes('72%')) || t;
  });
  assert.equal((await page.textContent('[data-testid="ladder-caption"]'))?.trim(), 'future state · workshop estimates');
  await shot('future-map');
});

async function compared() {
  await page.click('[data-testid="action-compare-states"]');
  await page.waitForSelector('[data-testid="compare-table"]');
  const rows = await page.$$eval('[data-testid^="compare-row-"]', (els) =>
    els.map((e) => ({
      figure: e.getAttribute('data-testid').replace('compare-row-', ''),
      before: Number(e.getAttribute('data-before')),
      after: Number(e.getAttribute('data-after')),
      difference: Number(e.getAttribute('data-difference')),
      text: [...e.querySelectorAll('td')].map((td) => td.textContent.trim()),
    })),
  );
  return rows;
}

test('Compare: the totals before → after and the difference equal the hand computation', async () => {
  const rows = await compared();
  const want = {
    'Lead time': [BEFORE.lead, AFTER.lead, ['7 d', '5 d', '−2 d']],
    'Process time': [BEFORE.process, AFTER.process, ['2.4 d', '1.2 d', '−1.2 d']],
    'Activity ratio': [BEFORE.ratio, AFTER.ratio, ['34.5%', '23.3%', '−11.2 pp']],
    'Rolled %C&A': [BEFORE.rolled, AFTER.rolled, ['45.0%', '72.0%', '+27.0 pp']],
  };
  assert.deepEqual(rows.map((r) => r.figure), Object.keys(want));
  for (const r of rows) {
    const [before, after, text] = want[r.figure];
    assert.ok(Math.abs(r.before - before) < 1e-9, `${r.figure} before ${r.before} ≠ ${before}`);
    assert.ok(Math.abs(r.after - after) < 1e-9, `${r.figure} after ${r.after} ≠ ${after}`);
    assert.ok(Math.abs(r.difference - (after - before)) < 1e-9, `${r.figure} difference ${r.difference}`);
    assert.deepEqual(r.text, text, r.figure);
  }
  const paths = (await page.textContent('[data-testid="compare-paths"]')) ?? '';
  assert.ok(paths.includes('Plan → Build → Test (1 measured, 2 from estimates)') && paths.includes('Future state: Plan → Build'), paths);
  await shot('compare');
  await page.click('[data-testid="compare-close"]');
});

test('back and forth between the states and the Map, Dashboard and Data views', async () => {
  for (let round = 0; round < 2; round++) {
    // The current state, from the selector.
    await page.selectOption('[data-testid="state-select"]', { index: 0 });
    await waitFor('the current state', async () => (await shownState()) === 'Current state' || (await shownState()));
    await waitFor('Test is back', async () => sameList(['Plan', 'Build', 'Test'])(await stageNames()));
    assert.deepEqual(await shows(), { counts: true, banner: false, state: 'Current state' });
    await waitFor('the measured ladder', async () => ((await page.textContent('[data-testid="ladder-totals"]')) ?? '').includes('Σ lead 2 d') && (await page.textContent('[data-testid="ladder-totals"]')).includes('with estimates: Σ lead 7 d, rolled C&A 45%') || (await page.textContent('[data-testid="ladder-totals"]')));
    await tab('dashboard');
    await waitFor('3 items completed', async () => (await page.textContent('[data-testid="velocity-total"]').catch(() => null)) === '3' || 'not 3');
    await tab('data');
    await page.waitForSelector('[data-testid="data-view"], [data-testid="import-panel"], [data-testid="sources-panel"]');
    assert.equal((await shows()).banner, false);
    await tab('map');
    // The future state, with the ] key.
    await page.click('.react-flow__pane', { position: { x: 10, y: 10 } });
    await page.keyboard.press(']');
    await waitFor('the future state', async () => (await shownState()) === 'Future state (future)' || (await shownState()));
    await waitFor('Test is gone', async () => sameList(['Plan', 'Build'])(await stageNames()));
    assert.deepEqual(await shows(), { counts: false, banner: true, state: 'Future state (future)' });
    await tab('dashboard');
    await waitFor('no items in the future', async () => (await page.textContent('[data-testid="velocity-total"]').catch(() => null)) === '0' || 'not 0');
    assert.equal((await shows()).banner, true, 'the dashboard says estimates only');
    if (round === 0) await shot('future-dashboard');
    await tab('data');
    assert.equal((await shows()).banner, true);
    await tab('map');
    await page.waitForSelector(stageNode('Build'));
  }
  await shot('future-back');
});

test('rename, save, reopen: both states kept; the JSON export carries them', async () => {
  await page.click('[data-testid="action-rename-future-state"]');
  await page.fill('[data-testid="rename-state-name"]', 'Q3 target');
  await page.click('[data-testid="rename-state-ok"]');
  await waitFor('renamed', async () => (await shownState()) === 'Q3 target (future)' || (await shownState()));
  await page.keyboard.press('Control+s');
  await waitFor('saved', async () => (await page.$('[data-testid="dirty-marker"]')) === null || 'still dirty');
  const json = execFileSync(CLI, ['export-json', file], { encoding: 'utf8' });
  const exported = JSON.parse(json);
  assert.equal(exported.future_states.length, 1);
  assert.equal(exported.future_states[0].name, 'Q3 target');
  assert.deepEqual(exported.future_states[0].nodes.filter((n) => n.kind === 'stage').map((n) => n.name), ['Plan', 'Build']);
  assert.equal(exported.future_states[0].nodes.find((n) => n.name === 'Build').estimates.lead_time_secs, 3 * D);
  assert.deepEqual(exported.nodes.filter((n) => n.kind === 'burst').map((n) => [n.name, n.owner, n.target]), [['Pair on builds', 'Ana', { kind: 'stage', id: BUILD }]]);
  // A reload asks the backend again: the state shown is the one it holds.
  await page.reload();
  await page.waitForSelector('[data-testid="flow-bar"]');
  await waitFor('the future state still shown', async () => (await shownState()) === 'Q3 target (future)' || (await shownState()));
  // Opened again from its file: the current state first, the future state beside it.
  await page.keyboard.press('Control+o');
  await page.waitForSelector('[data-testid="path-dialog"]');
  await page.fill('[data-testid="path-input"]', file);
  await page.click('[data-testid="path-submit"]');
  await page.waitForSelector('[data-testid="path-dialog"]', { state: 'detached' });
  await waitFor('opens on the current state', async () => (await shownState()) === 'Current state' || (await shownState()));
  await waitFor('the current state’s stages', async () => sameList(['Plan', 'Build', 'Test'])(await stageNames()));
  const options = await page.$$eval('[data-testid="state-select"] option', (os) => os.map((o) => o.textContent));
  assert.deepEqual(options, ['Current state', 'Q3 target (future)']);
  assert.equal(await page.locator('[data-testid="burst-node"]').count(), 1, 'the burst saved with the map');
});

test('delete the future state, after asking: the current state stays', async () => {
  await page.selectOption('[data-testid="state-select"]', { index: 1 });
  await waitFor('the future state', async () => (await shownState()) === 'Q3 target (future)' || (await shownState()));
  await page.click('[data-testid="action-delete-future-state"]');
  await page.waitForSelector('[data-testid="delete-state-dialog"]');
  await page.keyboard.press('Escape');
  assert.equal(await shownState(), 'Q3 target (future)', 'Escape keeps it');
  await page.click('[data-testid="action-delete-future-state"]');
  await page.click('[data-testid="delete-state-ok"]');
  await waitFor('only the current state', async () => {
    const options = await page.$$eval('[data-testid="state-select"] option', (os) => os.map((o) => o.textContent));
    return JSON.stringify(options) === JSON.stringify(['Current state']) || options;
  });
  await waitFor('the current state’s stages', async () => sameList(['Plan', 'Build', 'Test'])(await stageNames()));
  assert.ok(await page.isVisible('[data-testid="dirty-marker"]'), 'unsaved until saved');
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (future)',
  async (report) => {
    const json = join(WORK, 'future-map.json');
    const log = join(WORK, 'future.csv');
    file = join(WORK, 'future.flowmap');
    writeFileSync(json, JSON.stringify(MAP));
    writeFileSync(log, LOG);
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    execFileSync(CLI, ['import-log', file, log], { stdio: 'ignore' });
    mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await launchChromium({ dist: DIST });
    const app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'future-data'), ready: '[data-testid="flow-bar"]' });
    try {
      page = await app.open([file]);
      await page.setViewportSize({ width: 1280, height: 720 });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await run(report, async () => {
        await app.screenshot(join(ARTIFACTS, 'future-failed.png'));
      });
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
