// Drives the Flowmap window through the W3C WebDriver API that tauri-driver serves: waits for
// the demo map to be drawn, checks its stages and partner frame, tries to open a file that does
// not exist; then draws a map (three stages handing off, a tool), undoes and redoes, saves it,
// exports a PNG and checks it shows the map, quits, reopens the file and finds the same map.
// Screenshots go to E2E_ARTIFACTS.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP and E2E_ARTIFACTS.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PARTNER, DEMO_STAGES } from '../harness/demo.mjs';
import { windowEnv } from '../harness/env.mjs';
import { runSuite } from '../harness/report.mjs';
import { KEYS, WebDriver } from '../harness/webdriver.mjs';
import { nameNewNode, waitForMap, DRAWN_WITHIN_MS, PARTNER_NAMES, STAGE_NAMES } from '../harness/window.mjs';

const { webdriver: url, application, artifacts } = windowEnv();
const driver = new WebDriver({ url, application, artifacts });

/** Answers the in-app path dialog with `path`. */
async function answerPath(session, path) {
  await session.until('the path dialog opens', 'return !!document.querySelector("[data-testid=path-input]")');
  await session.fill('[data-testid="path-input"]', `${path}${KEYS.enter}`);
}

const stageNames = (session) => session.script('return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)', STAGE_NAMES);
const stageCard = (session, name) =>
  session.script('return [...document.querySelectorAll("[data-testid=stage-node]")].find((e) => e.querySelector("[data-testid=stage-name]").textContent === arguments[0])?.innerText ?? ""', name);

/**
 * Asks the app to open a file that does not exist (Ctrl+O, the path dialog, the `open_map`
 * command): the window must say why, naming the file, and the map must stay.
 */
async function openMissingFile(session) {
  const missing = '/nonexistent/elsewhere.flowmap';
  await session.press('o', [KEYS.ctrl]);
  await answerPath(session, missing);
  const message = await session.until('opening a missing file shows an error', 'return document.querySelector("[data-testid=notice]")?.textContent');
  if (!message.includes(missing)) return `opening a missing file says "${message}", which does not name the file`;
  const stages = await session.texts(STAGE_NAMES);
  return stages.includes(DEMO_STAGES[0]) ? null : 'the map went away after a failed open';
}

/**
 * Draws a map: three stages (each handed off to from the one before), a tool the first lives
 * in; undoes and redoes; saves it; exports a PNG. Returns the saved file's path.
 */
async function drawAndSave(session, dir) {
  await session.press('n', [KEYS.ctrl]);
  await session.until('a new, empty map', 'return document.querySelector("[data-testid=map-name]")?.textContent === "Untitled map"');
  for (const [i, name] of ['Plan', 'Build', 'Test'].entries()) {
    // With a stage selected, S adds the next one and joins them with a handoff: as a user does,
    // wait until the stage just named shows as selected before pressing S again.
    if (i > 0) {
      await session.until(`the stage before "${name}" is selected`, 'return !!document.querySelector(".react-flow__node.selected")');
    }
    await session.press('s');
    await nameNewNode(session, name);
  }
  const handoffCount = 'return document.querySelectorAll(".react-flow__edge.handoff").length';
  try {
    await session.until('two handoffs drawn', `${handoffCount} === 2`);
  } catch {
    const handoffs = await session.script(handoffCount);
    throw new Error(`three stages drawn with S are joined by 2 handoffs, not ${handoffs}`);
  }

  await session.clickOn('[data-testid="add-tool-jira"]');
  await nameNewNode(session, 'Jira');
  // Plan lives in Jira: chosen in the side panel. Zoomed to fit (F) first, so Plan is in view.
  await session.press('f');
  await session.sleep(600);
  await session.clickNode('Plan');
  await session.until('Plan is selected', 'return document.querySelector("[data-testid=inspector-name]")?.value === "Plan"');
  await session.clickOn('[data-testid="inspector-tool"] option:nth-child(2)');
  await session.until("Plan's card names its tool", 'return document.querySelector("[data-testid=stage-node]")?.innerText.includes("Jira")');

  await session.script('document.activeElement?.blur()');
  await session.press('z', [KEYS.ctrl]);
  await session.until('undo takes the tool back', 'return !document.querySelector("[data-testid=stage-node]")?.innerText.includes("Jira")');
  await session.press('z', [KEYS.ctrl, KEYS.shift]);
  await session.until('redo gives it again', 'return document.querySelector("[data-testid=stage-node]")?.innerText.includes("Jira")');

  const file = join(dir, 'drawn.flowmap');
  await session.press('s', [KEYS.ctrl]);
  await answerPath(session, file);
  await session.until('the map is saved', 'return !document.querySelector("[data-testid=dirty-marker]") && document.querySelector("[data-testid=map-file]")?.textContent === "drawn.flowmap"');
  if (!existsSync(file)) throw new Error(`${file} was not written`);

  const png = join(dir, 'drawn.png');
  await session.press('e', [KEYS.ctrl, KEYS.shift]);
  await answerPath(session, png);
  const said = await session.until('the PNG export finishes', 'const t = document.querySelector("[data-testid=notice]")?.textContent ?? ""; return t.startsWith("Export") && t', { ms: 20_000 });
  if (!said.startsWith('Exported')) throw new Error(`exporting a PNG says "${said}"`);
  return { file, png };
}

/** A valid PNG of a map: its signature, a sensible size, and more than a few colours. */
function checkPng(path) {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return `${path} is not a PNG`;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 400 || height < 150) return `the PNG is ${width}×${height}: too small to show the map`;
  const colours = Number(execFileSync('convert', [path, '-format', '%k', 'info:']).toString());
  if (colours < 16) return `the PNG has only ${colours} colours: it does not show the map`;
  const text = execFileSync('convert', [path, '-resize', '50%', '-format', '%[fx:mean]', 'info:']).toString();
  console.log(`exported PNG: ${width}×${height}, ${colours} colours, mean brightness ${Number(text).toFixed(2)}`);
  return null;
}

await runSuite('map window', async (report) => {
  const dir = mkdtempSync(join(tmpdir(), 'flowmap-e2e-maps-'));
  const screenshot = (session, name) => session.screenshot(name).catch((e) => console.error(`taking the screenshot: ${e.message}`));

  // 1. The demo map, and a failed open that keeps it.
  const saved = await driver.inWindow([], report, 'failed.png', async (session) => {
    const stages = await waitForMap(session);
    const unexpected = stages.filter((name) => !DEMO_STAGES.includes(name));
    report.check(unexpected.length > 0 ? `unexpected stages: ${unexpected.join(', ')}` : null);
    const partners = await session.texts(PARTNER_NAMES);
    report.check(partners.includes(DEMO_PARTNER) ? null : `no partner frame "${DEMO_PARTNER}" (frames: ${partners.join(', ') || 'none'})`);
    report.check(await openMissingFile(session));
    // Let fitView settle before the picture.
    await session.sleep(1000);
    await screenshot(session, 'map-window.png');

    // 2. Draw, connect, undo, redo, save, export.
    const drawn = await drawAndSave(session, dir);
    report.pass();
    await screenshot(session, 'drawn.png');
    return drawn;
  });

  if (saved) {
    report.check(checkPng(saved.png));
    copyFileSync(saved.png, join(artifacts, 'export.png'));
    // 3. Reopen the saved file: the same map.
    await driver.inWindow([saved.file], report, 'reopened-failed.png', async (session) => {
      await session.until('the saved map opens', 'return document.querySelectorAll("[data-testid=stage-name]").length === 3', { ms: DRAWN_WITHIN_MS });
      // Edges are drawn after the nodes they join have been measured: give them the same time.
      await session.until('the saved handoffs are drawn', 'return document.querySelectorAll(".react-flow__edge.handoff").length >= 2', { ms: DRAWN_WITHIN_MS }).catch(() => {});
      const names = await stageNames(session);
      const plan = await stageCard(session, 'Plan');
      const tools = await session.script('return [...document.querySelectorAll("[data-testid=tool-name]")].map((e) => e.textContent)');
      const handoffs = await session.script('return document.querySelectorAll(".react-flow__edge.handoff").length');
      const dirty = await session.script('return !!document.querySelector("[data-testid=dirty-marker]")');
      const recovery = await session.script('return !!document.querySelector("[data-testid=recovery-dialog]")');
      report.check(
        names.join(',') === 'Plan,Build,Test' && plan.includes('Jira') && tools.join(',') === 'Jira' && handoffs === 2 && !dirty && !recovery
          ? null
          : `reopened, the map differs: stages ${names}, Plan "${plan}", tools ${tools}, ${handoffs} handoffs, dirty ${dirty}, recovery offered ${recovery}`,
      );
      await session.screenshot('reopened.png').catch(() => {});
    });
  }
});
