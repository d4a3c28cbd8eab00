// Going back and forth between the Map and the Dashboard in the real Flowmap window
// (tauri-driver, WebKitWebDriver), as a person reading a map does: on a demo map written by
// `flowmap demo`, select a stage, open the Dashboard, go back to the Map, select another stage,
// Dashboard, Map; five times. Each time back on the Map, the map must be drawn (every stage node
// with its name) and the selected stage's panel must show that stage's name.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP, FLOWMAP_CLI and E2E_ARTIFACTS.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemo } from '../harness/cli.mjs';
import { DEMO_STAGES } from '../harness/demo.mjs';
import { windowEnv } from '../harness/env.mjs';
import { runSuite } from '../harness/report.mjs';
import { WebDriver } from '../harness/webdriver.mjs';
import { sleep } from '../harness/wait.mjs';
import { waitForMap } from '../harness/window.mjs';

const { webdriver: url, application, cli, artifacts } = windowEnv();
const driver = new WebDriver({ url, application, artifacts });
const ROUNDS = 5;
// Going from one view to the other takes well under a second; this is the margin for a slow CI.
const VIEW_WITHIN_MS = 15_000;

/** Keeps what the page reports as errors (React's uncaught errors reach window's `error`). */
const WATCH_ERRORS = `
  if (!window.__testErrors) {
    window.__testErrors = [];
    window.addEventListener('error', (e) => window.__testErrors.push(String(e.message || e.error)));
    window.addEventListener('unhandledrejection', (e) => window.__testErrors.push(String(e.reason)));
    const consoleError = console.error;
    console.error = (...args) => {
      window.__testErrors.push(args.map(String).join(' '));
      consoleError(...args);
    };
  }`;

/** What a person sees in the window: which view, the stages drawn with their names, the panel. */
const SEEN = `
  const root = document.getElementById('root');
  const shown = (css) => [...document.querySelectorAll(css)].map((e) => e.innerText.trim());
  return {
    blank: !root || root.childElementCount === 0,
    tab: document.querySelector('[data-testid^="flow-tab-"][aria-selected="true"]')?.getAttribute('data-testid') ?? null,
    dashboard: !!document.querySelector('[data-testid="dashboard"]'),
    stages: shown('[data-testid="stage-node"] [data-testid="stage-name"]'),
    panel: shown('[data-testid="stage-panel-name"]')[0] ?? null,
    errors: window.__testErrors ?? [],
  };`;

function describe(seen) {
  if (seen.blank) return `the window is blank (nothing rendered in #root)${seen.errors.length ? `; the page reported: ${seen.errors.join(' | ')}` : ''}`;
  const names = seen.stages.filter(Boolean);
  return (
    `the ${seen.tab === 'flow-tab-dashboard' ? 'Dashboard' : 'Map'} tab shows ${names.length} of ${DEMO_STAGES.length} stages ` +
    `(${names.join(', ') || 'none'}), the stage panel ${seen.panel === null ? 'is not shown' : `shows "${seen.panel}"`}` +
    `${seen.errors.length ? `; the page reported: ${seen.errors.join(' | ')}` : ''}`
  );
}

/**
 * Waits until what the window shows satisfies `holds`; a blank window fails at once (React has
 * unmounted everything: nothing brings it back).
 */
async function waitUntilSeen(session, what, holds) {
  const deadline = Date.now() + VIEW_WITHIN_MS;
  let seen;
  for (;;) {
    seen = await session.script(SEEN);
    if (holds(seen)) return seen;
    if (seen.blank || Date.now() > deadline) break;
    await sleep(150);
  }
  throw new Error(`${what}: ${describe(seen)}`);
}

const mapDrawn = (seen) => !seen.blank && seen.tab === 'flow-tab-map' && DEMO_STAGES.every((name) => seen.stages.includes(name));

/** Clicks the stage once its card has stopped moving (the map is fitted to the window as it opens). */
async function selectStage(session, name) {
  const box = 'return JSON.stringify([...document.querySelectorAll(".react-flow__node")].find((e) => e.querySelector("[data-testid=stage-name]")?.textContent === arguments[0])?.getBoundingClientRect())';
  let last = null;
  for (let i = 0; i < 20; i++) {
    const now = await session.script(box, name);
    if (now && now === last) break;
    last = now;
    await sleep(100);
  }
  await session.clickNode(name);
}

await runSuite('views window', async (report) => {
  const file = writeDemo(cli, join(mkdtempSync(join(tmpdir(), 'flowmap-e2e-views-')), 'demo.flowmap'));
  await driver.inWindow([file], report, 'views-failed.png', async (session) => {
    await waitForMap(session);
    await session.script(WATCH_ERRORS);
    // The stage panel is the side panel's Flow tab.
    await session.clickOn('[data-testid="side-tab-flow"]');
    for (let round = 1; round <= ROUNDS; round++) {
      for (const step of [0, 1]) {
        const name = DEMO_STAGES[(2 * (round - 1) + step) % DEMO_STAGES.length];
        const where = `round ${round} of ${ROUNDS}, "${name}" selected`;
        await selectStage(session, name);
        await waitUntilSeen(session, `${where}: the panel shows the stage`, (seen) => mapDrawn(seen) && seen.panel === name);
        await session.clickOn('[data-testid="flow-tab-dashboard"]');
        await waitUntilSeen(session, `${where}, Map → Dashboard: the dashboard is shown`, (seen) => !seen.blank && seen.tab === 'flow-tab-dashboard' && seen.dashboard);
        await session.clickOn('[data-testid="flow-tab-map"]');
        await waitUntilSeen(session, `${where}, Dashboard → Map: the map is drawn and the panel shows "${name}"`, (seen) => mapDrawn(seen) && seen.panel === name);
        report.pass();
      }
    }
    await session.screenshot('views.png').catch((e) => console.error(`taking the screenshot: ${e.message}`));
  });
}, () => 2 * ROUNDS);
