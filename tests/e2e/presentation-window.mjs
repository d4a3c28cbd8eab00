// Presentation mode in the real Flowmap window (tauri-driver, WebKitWebDriver) on a 1280-wide
// screen: a new map, six stages drawn with S and their names typed, then F5. The panels are
// hidden, the map has the whole window, each stage name renders at 18 px or more (its computed
// font size × the canvas zoom, measured in the page) and Esc brings the panels back.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP, FLOWMAP_CLI and E2E_ARTIFACTS.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemo } from '../harness/cli.mjs';
import { windowEnv } from '../harness/env.mjs';
import { runSuite } from '../harness/report.mjs';
import { WebDriver } from '../harness/webdriver.mjs';
import { nameNewNode, waitForMap } from '../harness/window.mjs';

const { webdriver: url, application, cli, artifacts } = windowEnv();
const driver = new WebDriver({ url, application, artifacts });
const STAGES = ['Intake', 'Analysis', 'Build', 'Review', 'Test', 'Release'];
const F5 = '\uE035';
const ESCAPE = '\uE00C';

/** What presentation mode shows: the panels, the window and canvas widths, each stage name's rendered size. */
const MEASURE = `
  const viewport = document.querySelector('.canvas-area .react-flow__viewport');
  const zoom = viewport ? new DOMMatrix(getComputedStyle(viewport).transform).a : 0;
  return {
    presenting: !!document.querySelector('[data-testid="presenting"]'),
    topBar: !!document.querySelector('[data-testid="map-name"]'),
    sidePanel: !!document.querySelector('[data-testid="inspector"]'),
    window: window.innerWidth,
    canvas: Math.round(document.querySelector('.canvas-area .react-flow')?.getBoundingClientRect().width ?? 0),
    zoom,
    names: [...document.querySelectorAll('[data-testid="stage-name"]')].map((e) => ({
      name: e.textContent,
      px: Math.round(parseFloat(getComputedStyle(e).fontSize) * zoom * 10) / 10,
    })),
  };`;

await runSuite('presentation window', async (report) => {
  const file = writeDemo(cli, join(mkdtempSync(join(tmpdir(), 'flowmap-e2e-present-')), 'demo.flowmap'));
  await driver.inWindow([file], report, 'presentation-failed.png', async (session) => {
    await waitForMap(session);
    // A new map (the demo is saved: nothing is asked), six stages each after the one before.
    await session.clickOn('[data-testid="action-new"]');
    await session.until('the new map is shown', 'return document.querySelectorAll("[data-testid=stage-node]").length === 0');
    for (const name of STAGES) {
      await session.press('s');
      await nameNewNode(session, name);
    }
    await session.until('six stages are drawn', 'return document.querySelectorAll("[data-testid=stage-node]").length === 6');
    report.pass();

    await session.press(F5);
    await session.until('presentation mode is on', 'return !!document.querySelector("[data-testid=presenting]")');
    await session.sleep(800);
    const seen = await session.script(MEASURE);
    console.log(`presentation in the window (${seen.window} px wide): zoom ${seen.zoom.toFixed(3)}, ${seen.names.map((n) => `${n.name} ${n.px} px`).join(', ')}`);
    if (seen.topBar || seen.sidePanel) throw new Error(`panels still shown in presentation mode: ${JSON.stringify(seen)}`);
    if (seen.canvas !== seen.window) throw new Error(`the map is ${seen.canvas} px wide in a ${seen.window} px window`);
    if (seen.window < 1280) throw new Error(`the window is ${seen.window} px wide, not 1280`);
    const small = seen.names.filter((n) => n.px < 18);
    if (seen.names.length !== 6 || small.length > 0) throw new Error(`stage names under 18 px: ${JSON.stringify(seen.names)}`);
    await session.screenshot('presentation.png').catch((e) => console.error(`taking the screenshot: ${e.message}`));
    report.pass();

    await session.press(ESCAPE);
    await session.until('Esc leaves presentation mode: the panels are back', 'return !document.querySelector("[data-testid=presenting]") && !!document.querySelector("[data-testid=map-name]") && !!document.querySelector("[data-testid=inspector]")');
    report.pass();
  });
}, () => 3);
