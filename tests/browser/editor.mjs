// Browser tests of the map editor against the real Rust backend (flowmap-http), driven with
// playwright-core in Debian's Chromium. Started by run.sh, which sets the paths below.
// `--bench` also measures frame times while panning and zooming a map of 300 nodes and 400
// edges and prints them (docs/benchmarks.md, "Map editor frame times").

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { bigMap } from './bigMap.mjs';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';
import { waitFor } from '../harness/wait.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS, bench } = browserEnv();

let app;
let page;
let backend;

async function openEditor(args = []) {
  page = await app.open(args);
  backend = app.backend;
}

const stageNames = () => page.$$eval('[data-testid="stage-name"]', (els) => els.map((e) => e.textContent));
const edgeCount = (css = '.react-flow__edge') => page.$$eval(css, (els) => els.length);
const mapName = () => page.textContent('[data-testid="map-name"]');

/** Types a name into the inspector's name field, which a new node focuses. */
async function nameIt(name) {
  // A new node focuses its name field, selected: typing replaces the default name.
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'inspector-name', null, { timeout: 5000 });
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="stage-name"], [data-testid="tool-name"]')].some((e) => e.textContent === n), name);
  // Back to the canvas, so single-letter shortcuts reach the editor.
  await page.evaluate(() => document.activeElement?.blur());
}

async function nodeBox(name) {
  const node = page.locator('.react-flow__node', { hasText: name }).first();
  return node.boundingBox();
}

/** Zooms to fit, so every node can be clicked. */
async function fit() {
  await page.click('[data-testid="action-zoom-to-fit"]');
  await page.waitForTimeout(450);
}

async function clickNode(name, modifier) {
  const box = await nodeBox(name);
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.click(box.x + box.width / 2, box.y + 12);
  if (modifier) await page.keyboard.up(modifier);
}

/** Drags from one node's handle to another node's handle. */
async function connect(fromName, fromHandle, toName, toHandle) {
  // Where a handle is once the canvas has stopped moving (a fit or zoom may still be animating).
  const handle = async (name, id) => {
    const el = page.locator('.react-flow__node', { hasText: name }).first().locator(`[data-handleid="${id}"]`);
    let b = await el.boundingBox();
    for (let i = 0; i < 20; i++) {
      await page.waitForTimeout(50);
      const again = await el.boundingBox();
      if (again.x === b.x && again.y === b.y) break;
      b = again;
    }
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  const a = await handle(fromName, fromHandle);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  const b = await handle(toName, toHandle);
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

/** Waits until `check` resolves to true. */
const poll = (what, check) => waitFor(what, check);

async function pathDialog(path) {
  await page.waitForSelector('[data-testid="path-dialog"]');
  await page.fill('[data-testid="path-input"]', path);
  await page.click('[data-testid="path-submit"]');
  await page.waitForSelector('[data-testid="path-dialog"]', { state: 'detached' });
}

async function noticeContaining(text) {
  await page.waitForFunction((t) => document.querySelector('[data-testid="notice"]')?.textContent?.includes(t), text, { timeout: 10_000 });
}

const { tests, test, run } = sequence();

test('draws three stages by keyboard, each joined to the one before', async () => {
  await openEditor();
  assert.equal(await mapName(), 'Untitled map');
  await page.click('.react-flow__pane');
  await page.keyboard.press('s');
  await nameIt('Plan');
  await clickNode('Plan');
  await page.keyboard.press('s');
  await nameIt('Build');
  await clickNode('Build');
  await page.keyboard.press('s');
  await nameIt('Test');
  assert.deepEqual(await stageNames(), ['Plan', 'Build', 'Test']);
  assert.equal(await edgeCount(), 2);
  assert.ok(await page.isVisible('[data-testid="dirty-marker"]'), 'the title marks unsaved changes');
});

test('a tool from a template, connected by dragging between handles', async () => {
  await page.click('[data-testid="add-tool-jira"]');
  await nameIt('Jira');
  await page.click('[data-testid="add-tool-github"]');
  await nameIt('GitHub');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tool-node"]').length === 2);
  // GitHub landed near Jira: move it apart first by dragging.
  const gh = await nodeBox('GitHub');
  await page.mouse.move(gh.x + 80, gh.y + 20);
  await page.mouse.down();
  await page.mouse.move(gh.x + 380, gh.y + 120, { steps: 10 });
  await page.mouse.up();
  await connect('Jira', 'artifact-out-right', 'GitHub', 'artifact-in-left');
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge.artifact-flow').length === 1);
  // A stage cannot hand off to a tool: refused with the reason.
  await connect('Build', 'flow-out', 'Jira', 'artifact-in-left');
  await noticeContaining('handoffs join stages, artifact flows join tools');
});

test('a handoff drawn backward is a rework loop', async () => {
  await connect('Test', 'flow-out', 'Build', 'flow-in');
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge.rework').length === 1);
});

test('refuses a lead time shorter than the process time, in place, with the reason', async () => {
  await clickNode('Build');
  await page.fill('[data-testid="estimate-process-time"]', '2');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="stage-estimates"]')?.textContent?.includes('PT 2 h'));
  await page.fill('[data-testid="estimate-lead-time"]', '1');
  await page.keyboard.press('Enter');
  const error = await page.waitForSelector('[data-testid="field-error"]');
  assert.match(await error.textContent(), /lead time \(3600 s\) is shorter than process time \(7200 s\)/);
  await page.fill('[data-testid="estimate-lead-time"]', '3');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="field-error"]', { state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="stage-estimates"]')?.textContent?.includes('LT 3 h'));
});

test('undo and redo, as deep as the edits go', async () => {
  await page.evaluate(() => document.activeElement?.blur());
  await page.click('.react-flow__pane');
  const edits = 11; // 3 stages (+2 handoffs in batches), 2 tools, a move, a flow, a rework, 2 estimates… and more
  for (let i = 0; i < 40; i++) await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 0);
  assert.ok(await page.isDisabled('[data-testid="action-undo"]'));
  for (let i = 0; i < 40; i++) await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge.rework').length === 1);
  assert.deepEqual(await stageNames(), ['Plan', 'Build', 'Test']);
  assert.ok(edits > 0);
});

test('copy, paste, duplicate and delete', async () => {
  await fit();
  await clickNode('Test');
  await page.keyboard.press('Control+d');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length === 4);
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length === 3);
  await clickNode('Plan');
  await clickNode('Build', 'Control');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length === 5);
  // The handoff between the two copies came along.
  assert.equal(await edgeCount('.react-flow__edge.handoff'), 3);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length === 3);
});

test('auto-layout puts the flow left to right in one undoable step', async () => {
  await page.click('.react-flow__pane');
  await page.keyboard.press('l');
  await page.waitForFunction(async () => true);
  await page.waitForTimeout(800);
  const xs = await Promise.all(['Plan', 'Build', 'Test'].map(async (n) => (await nodeBox(n)).x));
  assert.ok(xs[0] < xs[1] && xs[1] < xs[2], `stages left to right: ${xs}`);
  const toolY = (await nodeBox('Jira')).y;
  assert.ok(toolY > (await nodeBox('Plan')).y + 40, 'tools in a lane below the flow');
});

test('arrow keys move the selected node, as one edit', async () => {
  const backendX = () =>
    page.evaluate(async (url) => {
      const state = await (await fetch(`${url}/api/editor_state`, { method: 'POST', body: '{}' })).json();
      return state.view.nodes.find((v) => v.node.name === 'Plan').x;
    }, backend.url);
  const before = await backendX();
  await clickNode('Plan');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await poll('the move reaches the core', async () => (await backendX()) === before + 20);
  await page.keyboard.press('Control+z');
  await poll('undo takes it back', async () => (await backendX()) === before);
});

test('save as, then the same map comes back from the file', async () => {
  const file = join(WORK, 'drawn.flowmap');
  await page.keyboard.press('Control+Shift+S');
  await pathDialog(file);
  await page.waitForSelector('[data-testid="dirty-marker"]', { state: 'detached' });
  assert.ok(existsSync(file));
  assert.equal(await page.textContent('[data-testid="map-file"]'), 'drawn.flowmap');
  await openEditor([file]);
  assert.deepEqual(await stageNames(), ['Plan', 'Build', 'Test']);
  assert.equal(await edgeCount('.react-flow__edge.rework'), 1);
  assert.equal(await edgeCount('.react-flow__edge.artifact-flow'), 1);
  assert.equal(await page.isVisible('[data-testid="dirty-marker"]'), false);
});

test('exports PNG and SVG of the map', async () => {
  const png = join(WORK, 'map.png');
  await page.keyboard.press('Control+Shift+E');
  await pathDialog(png);
  await noticeContaining('Exported');
  const bytes = readFileSync(png);
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  assert.ok(width > 400 && height > 200, `a picture of the map, not of nothing: ${width}×${height}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'export.png'), bytes);
  const svg = join(WORK, 'map.svg');
  await page.click('[data-testid="menu-export"]');
  await page.click('[data-testid="action-export-svg"]');
  await pathDialog(svg);
  await noticeContaining('map.svg');
  const text = readFileSync(svg, 'utf8');
  assert.ok(text.includes('<svg') && text.includes('>Build</text>'), 'the SVG writes the stages as text');
  assert.ok(!text.includes('foreignObject'), 'real vector: no HTML inside');
  const pdf = join(WORK, 'report.pdf');
  await page.click('[data-testid="menu-export"]');
  await page.click('[data-testid="action-export-report"]');
  await pathDialog(pdf);
  await noticeContaining('report.pdf');
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
});

test('unsaved work survives a crash and is offered back', async () => {
  await fit();
  await clickNode('Test');
  await page.fill('[data-testid="inspector-team"]', 'QA guild');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="dirty-marker"]');
  // The backend dies without saving; a new one starts on the same data directory.
  await openEditor([join(WORK, 'drawn.flowmap')]);
  await page.waitForSelector('[data-testid="recovery-dialog"]');
  await page.click('[data-testid="recovery-restore"]');
  await page.waitForFunction(() => document.body.textContent.includes('QA guild'));
  assert.ok(await page.isVisible('[data-testid="dirty-marker"]'));
});

test('opening over unsaved work asks first', async () => {
  await page.keyboard.press('Control+o');
  await page.waitForSelector('[data-testid="unsaved-dialog"]');
  await page.click('[data-testid="unsaved-discard"]');
  await pathDialog(join(WORK, 'drawn.flowmap'));
  await page.waitForSelector('[data-testid="dirty-marker"]', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.body.textContent.includes('QA guild')), false);
});

/**
 * Frame times while `action` runs: the interval between frames (what the eye sees, held to the
 * display's 60 Hz, so never below 16.7 ms) and each frame's main-thread work (from the frame's
 * start, through input handling, React, style, layout and paint, to the first task after it).
 */
async function frameTimes(action) {
  await page.evaluate(() => {
    window.__intervals = [];
    window.__work = [];
    let last = null;
    const channel = new MessageChannel();
    let frameStart = 0;
    channel.port1.onmessage = () => window.__work.push(performance.now() - frameStart);
    const tick = (now) => {
      if (last !== null) window.__intervals.push(now - last);
      last = now;
      frameStart = now;
      channel.port2.postMessage(null);
      if (window.__measuring) requestAnimationFrame(tick);
    };
    window.__measuring = true;
    requestAnimationFrame(tick);
  });
  await action();
  const { intervals, work } = await page.evaluate(() => {
    window.__measuring = false;
    return { intervals: window.__intervals, work: window.__work };
  });
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    return { frames: sorted.length, median: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1] };
  };
  return { interval: stats(intervals), work: stats(work) };
}

async function runBenchmark() {
  const json = join(WORK, 'big.json');
  writeFileSync(json, bigMap(300, 400));
  const file = join(WORK, 'big.flowmap');
  execFileSync(CLI, ['import-json', json, file], { stdio: 'inherit' });
  await openEditor([file]);
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length >= 300);
  const nodes = await page.$$eval('.react-flow__node', (e) => e.length);
  const edges = await page.$$eval('.react-flow__edge', (e) => e.length);
  const pane = await page.locator('.react-flow__pane').boundingBox();
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  const pan = await frameTimes(async () => {
    for (let round = 0; round < 3; round++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx - 300, cy - 150, { steps: 60 });
      await page.mouse.move(cx + 300, cy + 150, { steps: 120 });
      await page.mouse.move(cx, cy, { steps: 60 });
      await page.mouse.up();
    }
  });
  const zoom = await frameTimes(async () => {
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, i < 20 ? -120 : 120);
      await page.waitForTimeout(30);
    }
  });
  const round = (n) => Math.round(n * 10) / 10;
  const line = (what, f) =>
    `${what}: ${f.interval.frames} frames; between frames median ${round(f.interval.median)} ms, p95 ${round(f.interval.p95)} ms, ` +
    `max ${round(f.interval.max)} ms; work per frame median ${round(f.work.median)} ms, p95 ${round(f.work.p95)} ms`;
  console.log(`benchmark: ${nodes} nodes and ${edges} edges drawn`);
  console.log(`benchmark: ${line('panning', pan)}`);
  console.log(`benchmark: ${line('zooming', zoom)}`);
  assert.ok(pan.work.median <= 16 && zoom.work.median <= 16, 'median frame work within 16 ms');
}

await runSuite(
  'browser',
  async (report) => {
    // A fresh profile (the user-data-dir) in the run's temporary directory.
    const browser = await launchChromium({ dist: DIST, profile: join(WORK, 'chromium') });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'data'), ready: '[data-testid="map-name"]' });
    try {
      const passed = await run(report, async (index) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, `failed-${index + 1}.png`));
      });
      if (bench && passed) {
        try {
          await runBenchmark();
          report.pass();
        } catch (error) {
          report.fail(`frame times: ${error.stack ?? error}`);
        }
      }
    } finally {
      await app.screenshot(join(ARTIFACTS, 'last.png'));
      await app.close();
    }
  },
  () => tests.length + (bench ? 1 : 0),
);
