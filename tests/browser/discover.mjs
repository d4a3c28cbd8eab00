// Browser test of discovery on the map against the real Rust backend (flowmap-http), driven with
// playwright-core in Debian's Chromium. Started by run.sh.
//
// A saved map with one stage the facilitator drew ("Build", no states) and no items; the test
// imports a CSV log of three items through the Data view, clicks Discover stages in the State
// mapping tab and sees the preview on the Map: ghost stages Analysis, Test and Deploy below the
// drawing, Build matched by name, and each handoff's moves and share as `flowmap discover
// --json` gives them. It renames Analysis in place, merges Test into Build, drops Deploy,
// applies, sees the stages with heat, undoes (the map as before), redoes; then drags the state
// Deploy from the States list onto Refinement and sees the mapping table and the figure change,
// and puts it in Build with the keyboard (select the state, select the stage, M).
//
// The log, by hand: A Open → Analysis → Build → Test → Deploy → Done; B the same with Test →
// Build → Test once more; C Open → Build → Deploy → Done. Moves: Analysis→Build 2, Build→Test 3
// (3 of Build's 4 moves out: 75%), Build→Deploy 1 (25%), Test→Deploy 2 (67%), Test→Build 1 (33%).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

const BUILD = '11111111-1111-4111-8111-111111111111';
const MAP = {
  format: 'flowmap-map',
  version: 1,
  name: 'Workshop flow',
  nodes: [{ kind: 'stage', id: BUILD, name: 'Build', states: [] }],
  edges: [],
  layout: [],
};
const LOG = `item,state,at
A,Open,2024-03-01T09:00:00Z
A,Analysis,2024-03-01T10:00:00Z
A,Build,2024-03-02T10:00:00Z
A,Test,2024-03-03T10:00:00Z
A,Deploy,2024-03-04T10:00:00Z
A,Done,2024-03-05T10:00:00Z
B,Open,2024-03-01T09:00:00Z
B,Analysis,2024-03-01T11:00:00Z
B,Build,2024-03-02T11:00:00Z
B,Test,2024-03-03T11:00:00Z
B,Build,2024-03-04T11:00:00Z
B,Test,2024-03-05T11:00:00Z
B,Deploy,2024-03-06T11:00:00Z
B,Done,2024-03-07T11:00:00Z
C,Open,2024-03-01T09:00:00Z
C,Build,2024-03-02T12:00:00Z
C,Deploy,2024-03-03T12:00:00Z
C,Done,2024-03-04T12:00:00Z
`;

let page;
let file;
let log;
const pageErrors = [];
const { test, run } = sequence();

const texts = (selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent?.trim() ?? ''));
const stageNames = () => texts('[data-testid="stage-node"] [data-testid="stage-name"]');
const ghostNames = () => texts('[data-testid="ghost-name"]');
const row = (name) => `[data-testid="discovery-stage"][data-name="${name}"]`;

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

/** The overlay's figure on stage `name`, or null. */
const figureOf = (name) =>
  page.$$eval(
    '[data-testid="stage-node"]',
    (els, n) => els.find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === n)?.querySelector('[data-testid="stage-figure"]')?.textContent ?? null,
    name,
  );

test('a CSV log imported through the Data view', async () => {
  await page.click('[data-testid="flow-tab-data"]');
  // The Data view opens on its Sources tab.
  await page.click('[data-testid="data-tab-import"]');
  await page.waitForSelector('[data-testid="import-panel"]');
  await page.fill('[data-testid="log-path"]', log);
  await page.click('[data-testid="log-preview"]');
  await page.waitForSelector('[data-testid="import-plan"]');
  await page.click('[data-testid="import-start"]');
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 20_000 });
  assert.equal((await page.textContent('[data-testid="import-items"]'))?.trim(), '3');
});

test('Discover stages in the State mapping tab previews the proposal on the Map, the drawing unchanged', async () => {
  await page.click('[data-testid="data-tab-mapping"]');
  await page.waitForSelector('[data-testid="mapping-discover"]:not([disabled])');
  await page.click('[data-testid="mapping-discover"]');
  await page.waitForSelector('[data-testid="discovery-panel"]');
  await waitFor('the ghost stages', async () => sameList(['Analysis', 'Test', 'Deploy'])(await ghostNames()));
  assert.deepEqual(await stageNames(), ['Build'], 'the drawing keeps its one stage');
  const proposed = await page.$$eval('[data-testid="discovery-rename"]', (els) => els.map((e) => e.value));
  assert.deepEqual(proposed, ['Analysis', 'Build', 'Test', 'Deploy'], 'the proposed stages in flow order');
  assert.match((await page.textContent(`${row('Build')} [data-testid="discovery-note"]`)) ?? '', /on the map by name: adds Build/);
  // Every handoff with the moves and share `flowmap discover --json` gives, in the panel and on the canvas.
  const cli = JSON.parse(execFileSync(CLI, ['discover', file, '--json'], { encoding: 'utf8' }));
  const labels = cli.handoffs.map((h) => `${h.from} → ${h.to} ${h.count} move${h.count === 1 ? '' : 's'} · ${Math.round(h.share * 100)}%`);
  assert.deepEqual(
    labels.sort(),
    ['Analysis → Build 2 moves · 100%', 'Build → Deploy 1 move · 25%', 'Build → Test 3 moves · 75%', 'Test → Build 1 move · 33%', 'Test → Deploy 2 moves · 67%'],
    'the CLI counts the moves as counted by hand',
  );
  const panel = await page.$$eval('[data-testid="discovery-handoff"]', (els) =>
    els.map((e) => `${e.querySelector('.handoff-ends')?.textContent?.trim()} ${e.querySelector('[data-testid="discovery-handoff-count"]')?.textContent?.trim()}`),
  );
  assert.deepEqual(panel.sort(), labels);
  const onCanvas = await texts('.react-flow__edge.ghost-edge .react-flow__edge-text');
  assert.deepEqual(onCanvas.sort(), labels.map((l) => l.replace(/^.* → \S+ /, '')).sort());
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'discover-preview.png') });
});

test('rename in place, merge two, drop one: the ghosts say so', async () => {
  await page.fill(`${row('Analysis')} [data-testid="discovery-rename"]`, 'Refinement');
  await page.selectOption(`${row('Test')} [data-testid="discovery-mode"]`, 'p:Build');
  await page.selectOption(`${row('Deploy')} [data-testid="discovery-mode"]`, 'drop');
  await waitFor('the renamed ghost', async () => sameList(['Refinement', 'Test', 'Deploy'])(await ghostNames()));
  assert.match((await page.textContent(`${row('Test')} [data-testid="discovery-note"]`)) ?? '', /merged into Build/);
  assert.match((await page.textContent(`${row('Deploy')} [data-testid="discovery-note"]`)) ?? '', /dropped/);
  await page.screenshot({ path: join(ARTIFACTS, 'discover-choices.png') });
});

test('Apply: the stages on the canvas with heat, the handoff with its moves', async () => {
  await page.click('[data-testid="discovery-apply"]');
  await page.waitForSelector('[data-testid="discovery-panel"]', { state: 'detached' });
  await waitFor('the applied stages', async () => sameList(['Build', 'Refinement'])(await stageNames()));
  assert.deepEqual(await ghostNames(), [], 'no ghost left');
  assert.deepEqual(await texts('.react-flow__edge-text'), ['2 moves'], 'Refinement → Build, its 2 moves');
  await page.fill('[data-testid="filter-as-of"]', '2024-03-10');
  await page.press('[data-testid="filter-as-of"]', 'Enter');
  await page.selectOption('[data-testid="overlay-mode"]', 'time');
  await waitFor('heat on both stages', async () => {
    const f = [await figureOf('Build'), await figureOf('Refinement')];
    return f.every((x) => x) || f;
  });
  await page.screenshot({ path: join(ARTIFACTS, 'discover-applied.png') });
});

test('one Undo: the map as before; Redo: the stages again', async () => {
  await page.click('[data-testid="action-undo"]');
  await waitFor('the map as before', async () => sameList(['Build'])(await stageNames()));
  assert.deepEqual(await texts('.react-flow__edge-text'), []);
  await page.click('[data-testid="action-redo"]');
  await waitFor('the stages again', async () => sameList(['Build', 'Refinement'])(await stageNames()));
});

test('a state dragged from the States list onto a stage: the mapping table and the figure follow', async () => {
  await page.click('[data-testid="action-zoom-to-fit"]');
  assert.match((await page.textContent('[data-testid="states-summary"]')) ?? '', /States \(6, 1 unmapped\)/, 'Deploy alone is unmapped');
  await page.click('[data-testid="states-summary"]');
  await page.waitForSelector('[data-testid="states-row"][data-state="Deploy"]', { state: 'visible' });
  assert.match((await page.textContent('[data-testid="states-row"][data-state="Deploy"] [data-testid="states-row-stage"]')) ?? '', /unmapped/);
  await waitFor('Refinement’s figure', async () => (await figureOf('Refinement')) !== null || 'none');
  const before = await figureOf('Refinement');
  const target = page.locator('[data-testid="stage-node"]', { has: page.locator('[data-testid="stage-name"]', { hasText: 'Refinement' }) });
  await page.dragAndDrop('[data-testid="states-row"][data-state="Deploy"]', '[data-testid="stage-node"]:has([data-testid="stage-name"]:text-is("Refinement"))');
  await waitFor('Deploy in Refinement', async () => {
    const t = (await page.textContent('[data-testid="states-row"][data-state="Deploy"] [data-testid="states-row-stage"]')) ?? '';
    return t.includes('Refinement') || t;
  });
  await waitFor('Refinement’s figure changes', async () => {
    const now = await figureOf('Refinement');
    return (now !== null && now !== before) || { before, now };
  });
  assert.equal(await target.count(), 1, 'the stage is still there');
  await page.screenshot({ path: join(ARTIFACTS, 'discover-dropped.png') });
  await page.click('[data-testid="flow-tab-data"]');
  await page.click('[data-testid="data-tab-mapping"]');
  await waitFor('the mapping table', async () => {
    const t = (await page.textContent('[data-testid="mapping-row"][data-state="Deploy"] [data-testid="mapping-stage"]'))?.trim();
    return t === 'Refinement' || t;
  });
});

test('the keyboard: a state selected in the list, a stage selected, M puts it there', async () => {
  await page.click('[data-testid="flow-tab-map"]');
  await page.click('[data-testid="action-zoom-to-fit"]');
  if (!(await page.isVisible('[data-testid="states-row"][data-state="Deploy"]'))) await page.click('[data-testid="states-summary"]');
  await page.click('[data-testid="states-row"][data-state="Deploy"]');
  await page.click('[data-testid="stage-node"]:has([data-testid="stage-name"]:text-is("Build"))');
  await page.keyboard.press('m');
  await waitFor('Deploy in Build', async () => {
    const t = (await page.textContent('[data-testid="states-row"][data-state="Deploy"] [data-testid="states-row-stage"]')) ?? '';
    return t.includes('Build') || t;
  });
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (discover)',
  async (report) => {
    const json = join(WORK, 'discover-map.json');
    file = join(WORK, 'discover.flowmap');
    log = join(WORK, 'discover.csv');
    writeFileSync(json, JSON.stringify(MAP));
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    writeFileSync(log, LOG);
    const browser = await launchChromium({ dist: DIST });
    const app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'discover-data'), ready: '[data-testid="flow-bar"]' });
    try {
      page = await app.open([file]);
      await page.setViewportSize({ width: 1280, height: 720 });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await run(report, async () => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, 'discover-failed.png'));
      });
    } finally {
      await app.close();
    }
  },
  () => 7,
);
