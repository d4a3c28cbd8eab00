// Browser tests of the map in a workshop, against the real Rust backend (flowmap-http), driven
// with playwright-core in Debian's Chromium at 1280×720 (a projector). Started by run.sh.
//
// - The six-stage workshop map drawn with the keyboard alone: each key press is counted, and
//   the count is recorded in docs/workshop.md. Estimates typed with units and words ("2d",
//   "90 min", "1h30", "85 %"), the unit typed last sticking for a bare number, the workshop's
//   counts (queue, batch, people) on the card and in the ladder.
// - Words a duration or %C&A field refuses, with what it accepts.
// - Renaming in place on the canvas (double-click, F2, Enter; Esc keeps the name), a stage
//   dragged from the palette landing where it is dropped.
// - Presentation mode (F5): panels hidden, stage names at least 18 px as rendered (computed font
//   size × the canvas zoom) at fit on 1280×720, the one figure a stage shows from afar, more
//   closer in; Esc leaves. Screenshots at 1280×720 and 1024×768.
// - The overlay a map was saved with (mode and percentile) is the one it opens with.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { writeDemo } from '../harness/cli.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';
import { waitFor } from '../harness/wait.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

let app;
let page;

/** Every key pressed on the way to the six-stage map. */
let keystrokes = 0;
async function press(key) {
  keystrokes += 1;
  await page.keyboard.press(key);
}
async function typeKeys(text) {
  for (const ch of text) await press(ch);
}

const focused = (testId) =>
  page
    .waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, testId, { timeout: 15_000 })
    .catch(async () => {
      throw new Error(`${testId} did not take the focus (it is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))})`);
    });
/** The field was left (Enter commits and leaves it): the map's keys work again. */
const leftField = () =>
  page
    .waitForFunction(() => !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName ?? ''), null, { timeout: 15_000 })
    .catch(async () => {
      throw new Error(`the field was not left (the focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}; ${await page.$$eval('[data-testid="field-error"]', (els) => els.map((e) => e.textContent).join(' ')) || 'no field error'})`);
    });

const stageNames = () => page.$$eval('[data-testid="stage-name"]', (els) => els.map((e) => e.textContent));
/** What a stage card shows below its name, by stage name. */
const cardText = (name, testId) =>
  page.$$eval(
    '[data-testid="stage-node"]',
    (els, [n, id]) => els.find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === n)?.querySelector(`[data-testid="${id}"]`)?.textContent ?? null,
    [name, testId],
  );
const zoom = () =>
  page.$eval('.canvas-area .react-flow__viewport', (el) => new DOMMatrix(getComputedStyle(el).transform).a);

/** The six stages, what is typed into their estimates after E (Tab between fields), and what each card then shows. */
const STAGES = [
  { name: 'Intake', typed: ['30 min', '2d'], shows: 'PT 30 min · LT 2 d' },
  { name: 'Analysis', typed: ['90 min', '3 days'], shows: 'PT 1.5 h · LT 3 d' },
  // Queue, batch and people after an empty %C&A.
  { name: 'Build', typed: ['1.5 h', '1 wk', '', '12', '5', '3'], shows: 'PT 1.5 h · LT 1 wk' },
  { name: 'Review', typed: ['1h30', '2d', '85 %'], shows: 'PT 1.5 h · LT 2 d · C&A 85%' },
  // "5": a bare number counts in the unit typed last ("2 h").
  { name: 'Test', typed: ['2 h', '5'], shows: 'PT 2 h · LT 5 h' },
  { name: 'Release', typed: ['15 min', '2 wk', '0.9'], shows: 'PT 15 min · LT 2 wk · C&A 90%' },
];

const { tests, test, run } = sequence();

test('draws the six-stage workshop map with the keyboard alone, estimates typed with units', async () => {
  page = await app.open();
  await page.setViewportSize({ width: 1280, height: 720 });
  keystrokes = 0;
  for (const stage of STAGES) {
    // S adds a stage (after the selected one, joined to it); its name field takes the focus.
    await press('s');
    await focused('inspector-name');
    await typeKeys(stage.name);
    await press('Enter');
    await leftField();
    // E: the selected stage's estimates, process time first; Tab to the next field.
    await press('e');
    await focused('estimate-process-time');
    for (const [i, text] of stage.typed.entries()) {
      if (i > 0) await press('Tab');
      await typeKeys(text);
    }
    await press('Enter');
    await leftField();
    await page.waitForFunction(
      ([n, want]) =>
        [...document.querySelectorAll('[data-testid="stage-node"]')].some(
          (e) => e.querySelector('[data-testid="stage-name"]')?.textContent === n && e.querySelector('[data-testid="stage-estimates"]')?.textContent === want,
        ),
      [stage.name, stage.shows],
      { timeout: 15_000 },
    );
  }
  console.log(`keystrokes: ${keystrokes} for six stages, named and estimated`);
  assert.deepEqual(await stageNames(), STAGES.map((s) => s.name));
  assert.equal(await page.$$eval('.react-flow__edge', (els) => els.length), 5, 'each stage handed off to the next');
  for (const s of STAGES) assert.equal(await cardText(s.name, 'stage-estimates'), s.shows, s.name);
  assert.equal(await cardText('Build', 'stage-counts'), 'queue 12 · batch 5 · 3 people');
  // The ladder shows the estimates, and the workshop's counts under Build.
  await page.waitForSelector('[data-testid="ladder-counts"]');
  assert.deepEqual(await page.$$eval('[data-testid="ladder-counts"]', (els) => els.map((e) => e.textContent)), ['queue 12 · batch 5 · 3 people']);
  assert.equal(keystrokes, 132, 'the keystroke count recorded in docs/workshop.md');
});

test('refuses words a duration or %C&A field does not read, saying what it accepts', async () => {
  await page.click('[data-testid="stage-node"]:has-text("Test")');
  await page.fill('[data-testid="estimate-lead-time"]', '2 months');
  await page.press('[data-testid="estimate-lead-time"]', 'Enter');
  const error = await page.waitForSelector('[data-testid="field-error"]');
  assert.match(await error.textContent(), /"months" is not a unit; a duration is a number with a unit, e\.g\. "2d", "3 days", "90 min"/);
  await page.fill('[data-testid="estimate-lead-time"]', '1 d');
  await page.press('[data-testid="estimate-lead-time"]', 'Enter');
  await page.waitForSelector('[data-testid="field-error"]', { state: 'detached' });
  // The edit reaches the card once the backend has it.
  await waitFor('Test shows its new lead time', async () => (await cardText('Test', 'stage-estimates')) === 'PT 2 h · LT 1 d');
  await page.fill('[data-testid="estimate-complete-accurate"]', '120');
  await page.press('[data-testid="estimate-complete-accurate"]', 'Enter');
  const share = await page.waitForSelector('[data-testid="field-error"]');
  assert.match(await share.textContent(), /"120" is not between 0 % and 100 %; %C&A is a percentage from 0 to 100, e\.g\. "85 %" or "85"/);
  await page.fill('[data-testid="estimate-complete-accurate"]', '');
  await page.press('[data-testid="estimate-complete-accurate"]', 'Enter');
  await page.waitForSelector('[data-testid="field-error"]', { state: 'detached' });
});

test('renames in place on the canvas: double-click, F2 and Enter; Esc keeps the name', async () => {
  await page.click('[data-testid="action-zoom-to-fit"]');
  await page.waitForTimeout(450);
  await page.dblclick('[data-testid="stage-node"]:has-text("Analysis") [data-testid="stage-name"]');
  await focused('rename-in-place');
  await page.keyboard.type('Discovery');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="stage-name"]')].some((e) => e.textContent === 'Discovery'));
  // Still selected: F2 renames it again.
  await leftField();
  await page.keyboard.press('F2');
  await focused('rename-in-place');
  await page.keyboard.type('Analysis');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="stage-name"]')].some((e) => e.textContent === 'Analysis'));
  await leftField();
  await page.keyboard.press('Enter');
  await focused('rename-in-place');
  await page.keyboard.type('Nothing');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="rename-in-place"]', { state: 'detached' });
  assert.deepEqual(await stageNames(), STAGES.map((s) => s.name));
});

test('a stage dragged from the palette lands where it is dropped', async () => {
  const pane = await page.$eval('.canvas-area .react-flow', (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
  const drop = { x: Math.round(pane.width * 0.5), y: Math.round(pane.height - 120) };
  await page.dragAndDrop('[data-testid="add-stage"]', '.canvas-area .react-flow__pane', { targetPosition: drop });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="stage-node"]').length === n, STAGES.length + 1);
  const box = await page.$$eval('.react-flow__node-stage', (els) => {
    const r = els.find((e) => e.textContent.includes('New stage')).getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  assert.ok(Math.abs(box.x - (pane.x + drop.x)) <= 2 && Math.abs(box.y - (pane.y + drop.y)) <= 2, `centred on the drop point: ${JSON.stringify({ box, drop, pane })}`);
  // Not part of the six-stage map: undone.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="stage-node"]').length === n, STAGES.length);
});

/** Each stage name's rendered size in px: its computed font size × the canvas zoom. */
async function renderedNameSizes() {
  const z = await zoom();
  const sizes = await page.$$eval('[data-testid="stage-name"]', (els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  return { zoom: z, sizes: sizes.map((s) => Math.round(s * z * 10) / 10) };
}

test('presentation mode: panels hidden, stage names at least 18 px at fit on 1280×720, Esc leaves', async () => {
  await page.click('.react-flow__pane');
  await page.keyboard.press('F5');
  await page.waitForSelector('[data-testid="presenting"]');
  assert.equal(await page.$('[data-testid="map-name"]'), null, 'the top bar is hidden');
  assert.equal(await page.$('[data-testid="inspector"]'), null, 'the side panel is hidden');
  assert.equal(await page.$('[data-testid="ladder"]'), null, 'the ladder is hidden');
  await page.waitForTimeout(600);
  const canvas = await page.$eval('.canvas-area .react-flow', (el) => el.getBoundingClientRect().width);
  assert.equal(Math.round(canvas), 1280, 'the map has the whole width');
  const at1280 = await renderedNameSizes();
  console.log(`presentation at 1280×720: zoom ${at1280.zoom.toFixed(3)}, stage names ${at1280.sizes.join(', ')} px`);
  assert.ok(at1280.sizes.length === 6 && at1280.sizes.every((s) => s >= 18), `stage names at least 18 px: ${at1280.sizes}`);
  // Zoomed out: each stage shows its name and one figure, large.
  assert.equal(await cardText('Intake', 'stage-headline'), 'LT 2 d');
  assert.equal(await cardText('Intake', 'stage-estimates'), null);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'workshop-present-1280x720.png') });
  // Closer in, more.
  for (let i = 0; i < 3; i++) await page.click('.react-flow__controls-zoomin');
  await page.waitForFunction(() => document.querySelector('[data-testid="stage-estimates"]') !== null, null, { timeout: 5000 });
  assert.equal(await page.$('[data-testid="stage-headline"]'), null);
  // A smaller projector.
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.keyboard.press('f');
  await page.waitForTimeout(600);
  const at1024 = await renderedNameSizes();
  console.log(`presentation at 1024×768: zoom ${at1024.zoom.toFixed(3)}, stage names ${at1024.sizes.join(', ')} px`);
  await page.screenshot({ path: join(ARTIFACTS, 'workshop-present-1024x768.png') });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="presenting"]', { state: 'detached' });
  await page.waitForSelector('[data-testid="map-name"]');
  await page.waitForSelector('[data-testid="inspector"]');
});

test('the map opens with the overlay it was saved with', async () => {
  const file = writeDemo(CLI, join(WORK, 'overlay.flowmap'));
  page = await app.open([file]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForSelector('[data-testid="stage-node"]');
  // The six-stage map was never saved: the new backend offers it back. Not wanted here.
  await page.click('[data-testid="recovery-discard"]');
  await page.waitForSelector('[data-testid="recovery-discard"]', { state: 'detached' });
  assert.equal(await page.$eval('[data-testid="overlay-mode"]', (e) => e.value), 'none');
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  await page.selectOption('[data-testid="overlay-percentile"]', 'p85');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="stage-figure"]')].some((e) => e.textContent.includes('p85')));
  const figures = await page.$$eval('[data-testid="stage-figure"]', (els) => els.map((e) => e.textContent));
  // Saved with the map at once (the backend says so), then reopened: a new backend on the same
  // file shows the same overlay.
  await page.waitForFunction(async () => {
    const saved = await (await fetch('/api/flow_overlay', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json();
    return saved.mode === 'waiting' && saved.percentile === 'p85';
  }, null, { timeout: 10_000, polling: 200 });
  page = await app.open([file]);
  await page.waitForFunction(() => document.querySelector('[data-testid="overlay-mode"]')?.value === 'waiting', null, { timeout: 10_000 });
  // The percentile is offered once the figures are in.
  await page.waitForFunction(() => document.querySelector('[data-testid="overlay-percentile"]')?.value === 'p85', null, { timeout: 10_000 });
  await page
    .waitForFunction((want) => [...document.querySelectorAll('[data-testid="stage-figure"]')].map((e) => e.textContent).join('|') === want, figures.join('|'), { timeout: 10_000 })
    .catch(async () => {
      const shown = await page.$$eval('[data-testid="stage-figure"]', (els) => els.map((e) => e.textContent));
      throw new Error(`the figures before reopening: ${figures.join(', ')}; after: ${shown.join(', ')}`);
    });
  assert.ok(figures.every((f) => f.includes('p85')), `the figures read p85: ${figures}`);
  // Presented with the heat on: each stage keeps its figure, large.
  await page.keyboard.press('F5');
  await page.waitForSelector('[data-testid="presenting"]');
  await page.waitForTimeout(600);
  const z = await zoom();
  const figureSizes = await page.$$eval('[data-testid="stage-figure"]', (els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  console.log(`the demo map presented at 1280×720 with heat: zoom ${z.toFixed(3)}, figures ${figureSizes.map((s) => Math.round(s * z * 10) / 10).join(', ')} px`);
  assert.equal(figureSizes.length, figures.length, 'every stage shows its figure');
  await page.screenshot({ path: join(ARTIFACTS, 'workshop-present-heat-1280x720.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="presenting"]', { state: 'detached' });
});

await runSuite(
  'browser workshop',
  async (report) => {
    const browser = await launchChromium({ dist: DIST, profile: join(WORK, 'chromium-workshop') });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'data-workshop'), ready: '[data-testid="map-name"]' });
    try {
      await run(report, async (index) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, `workshop-failed-${index + 1}.png`));
      });
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
