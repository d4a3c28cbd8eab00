// Drives the Flowmap window through the W3C WebDriver API that tauri-driver serves: waits for
// the demo map to be drawn, checks its stages and partner frame, tries to open a file that does
// not exist; then draws a map (three stages handing off, a tool), undoes and redoes, saves it,
// exports a PNG and checks it shows the map, quits, reopens the file and finds the same map.
// Screenshots go to E2E_ARTIFACTS.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP and E2E_ARTIFACTS.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const webdriver = required('WEBDRIVER_URL');
const application = required('FLOWMAP_APP');
const artifacts = required('E2E_ARTIFACTS');

const DEMO_STAGES = [
  'Request intake',
  'Support triage',
  'Discovery',
  'Planning',
  'Development',
  'Partner development',
  'Code review',
  'Testing',
  'Release',
];
const DEMO_PARTNER = 'Nearshore Partner Ltd';
const STAGE_NAMES = '[data-testid="stage-node"] [data-testid="stage-name"]';
const PARTNER_NAMES = '[data-testid="partner-frame"] [data-testid="partner-name"]';
const MAP_ERROR = '[data-testid="map-error"]';
// Creating the demo map in a debug build and starting WebKit take a while on a small machine.
const DRAWN_WITHIN_MS = 60_000;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests/e2e/run.sh`);
  return value;
}

async function request(method, path, body) {
  const response = await fetch(`${webdriver}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json();
  if (!response.ok) {
    const { error, message } = payload.value ?? {};
    throw new Error(`${method} ${path} failed (${response.status} ${error}): ${message}`);
  }
  return payload.value;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The rendered text (`innerText`) of every element matching `css`: empty for elements not
 * shown yet. (WebKitWebDriver's "Get Element Text" returns nothing for elements inside React
 * Flow's transformed viewport, shown or not.)
 */
async function texts(session, css) {
  const elements = await request('POST', `/session/${session}/elements`, { using: 'css selector', value: css });
  const result = [];
  for (const element of elements) {
    const id = Object.values(element)[0];
    result.push(((await request('GET', `/session/${session}/element/${id}/property/innerText`)) ?? '').trim());
  }
  return result;
}

async function waitForMap(session) {
  const deadline = Date.now() + DRAWN_WITHIN_MS;
  let stages = [];
  while (Date.now() < deadline) {
    const errors = await texts(session, MAP_ERROR);
    if (errors.length > 0) throw new Error(`the window shows an error instead of the map: ${errors.join(' ')}`);
    stages = await texts(session, STAGE_NAMES);
    if (DEMO_STAGES.every((name) => stages.includes(name))) return stages;
    await sleep(500);
  }
  const missing = DEMO_STAGES.filter((name) => !stages.includes(name));
  const inDocument = await request('POST', `/session/${session}/execute/sync`, {
    script: 'return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent);',
    args: [STAGE_NAMES],
  });
  throw new Error(
    `stages missing after ${DRAWN_WITHIN_MS / 1000} s: ${missing.join(', ')} ` +
      `(shown: ${stages.filter(Boolean).join(', ') || 'none'}; in the document: ${inDocument.join(', ') || 'none'})`,
  );
}

const KEYS = { ctrl: '\uE009', shift: '\uE008', enter: '\uE007' };

/** Presses a key, with modifiers held, through W3C key actions (what a person's keyboard does). */
async function press(session, key, modifiers = []) {
  const down = [...modifiers, key].map((value) => ({ type: 'keyDown', value }));
  const up = [key, ...modifiers.reverse()].map((value) => ({ type: 'keyUp', value }));
  await request('POST', `/session/${session}/actions`, { actions: [{ type: 'key', id: 'keyboard', actions: [...down, ...up] }] });
  await request('DELETE', `/session/${session}/actions`);
}

async function typeText(session, text) {
  const actions = [...text].flatMap((value) => [
    { type: 'keyDown', value },
    { type: 'keyUp', value },
  ]);
  await request('POST', `/session/${session}/actions`, { actions: [{ type: 'key', id: 'keyboard', actions }] });
}

async function find(session, css) {
  const [element] = await request('POST', `/session/${session}/elements`, { using: 'css selector', value: css });
  return element ? Object.values(element)[0] : null;
}

async function script(session, body, ...args) {
  return request('POST', `/session/${session}/execute/sync`, { script: body, args });
}

/** Waits until `check` (a script returning a truthy value) holds. */
async function until(session, what, body, ms = 10_000, ...args) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await script(session, body, ...args);
    if (value) return value;
    await sleep(150);
  }
  throw new Error(`${what} (not within ${ms / 1000} s)`);
}


/** Types a new node's name into its focused name field. */
async function nameNewNode(session, name) {
  await until(session, `the name field of the new node before "${name}" takes the focus`, 'return document.activeElement?.getAttribute("data-testid") === "inspector-name"');
  await typeText(session, `${name}${KEYS.enter}`);
  await until(session, `"${name}" is drawn`, 'return [...document.querySelectorAll("[data-testid=stage-name], [data-testid=tool-name]")].some((e) => e.textContent === arguments[0])', 10_000, name);
  await script(session, 'document.activeElement?.blur()');
}

/** Answers the in-app path dialog with `path`. */
async function answerPath(session, path) {
  await until(session, 'the path dialog opens', 'return !!document.querySelector("[data-testid=path-input]")');
  const field = await find(session, '[data-testid="path-input"]');
  await request('POST', `/session/${session}/element/${field}/clear`, {});
  await request('POST', `/session/${session}/element/${field}/value`, { text: `${path}${KEYS.enter}` });
}

const stageNames = (session) => script(session, 'return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)', STAGE_NAMES);
const stageCard = (session, name) =>
  script(session, 'return [...document.querySelectorAll("[data-testid=stage-node]")].find((e) => e.querySelector("[data-testid=stage-name]").textContent === arguments[0])?.innerText ?? ""', name);

/**
 * Asks the app to open a file that does not exist (Ctrl+O, the path dialog, the `open_map`
 * command): the window must say why, naming the file, and the map must stay.
 */
async function openMissingFile(session) {
  const missing = '/nonexistent/elsewhere.flowmap';
  await press(session, 'o', [KEYS.ctrl]);
  await answerPath(session, missing);
  const message = await until(session, 'opening a missing file shows an error', 'return document.querySelector("[data-testid=notice]")?.textContent');
  if (!message.includes(missing)) return `opening a missing file says "${message}", which does not name the file`;
  const stages = await texts(session, STAGE_NAMES);
  return stages.includes(DEMO_STAGES[0]) ? null : 'the map went away after a failed open';
}

/**
 * Draws a map: three stages (each handed off to from the one before), a tool the first lives
 * in; undoes and redoes; saves it; exports a PNG. Returns the saved file's path.
 */
async function drawAndSave(session, dir) {
  await press(session, 'n', [KEYS.ctrl]);
  await until(session, 'a new, empty map', 'return document.querySelector("[data-testid=map-name]")?.textContent === "Untitled map"');
  for (const [i, name] of ['Plan', 'Build', 'Test'].entries()) {
    // With a stage selected, S adds the next one and joins them with a handoff: as a user does,
    // wait until the stage just named shows as selected before pressing S again.
    if (i > 0) {
      await until(session, `the stage before "${name}" is selected`, 'return !!document.querySelector(".react-flow__node.selected")');
    }
    await press(session, 's');
    await nameNewNode(session, name);
  }
  const handoffCount = 'return document.querySelectorAll(".react-flow__edge.handoff").length';
  try {
    await until(session, 'two handoffs drawn', `${handoffCount} === 2`);
  } catch {
    const handoffs = await script(session, handoffCount);
    throw new Error(`three stages drawn with S are joined by 2 handoffs, not ${handoffs}`);
  }

  await request('POST', `/session/${session}/element/${await find(session, '[data-testid="add-tool-jira"]')}/click`, {});
  await nameNewNode(session, 'Jira');
  // Plan lives in Jira: chosen in the side panel. Zoomed to fit (F) first, so Plan is in view.
  await press(session, 'f');
  await sleep(600);
  const plan = await script(session, 'return [...document.querySelectorAll(".react-flow__node")].find((e) => e.innerText.startsWith("Plan"))');
  await request('POST', `/session/${session}/element/${Object.values(plan)[0]}/click`, {});
  await until(session, 'Plan is selected', 'return document.querySelector("[data-testid=inspector-name]")?.value === "Plan"');
  const option = await find(session, '[data-testid="inspector-tool"] option:nth-child(2)');
  await request('POST', `/session/${session}/element/${option}/click`, {});
  await until(session, "Plan's card names its tool", 'return document.querySelector("[data-testid=stage-node]")?.innerText.includes("Jira")');

  await script(session, 'document.activeElement?.blur()');
  await press(session, 'z', [KEYS.ctrl]);
  await until(session, 'undo takes the tool back', 'return !document.querySelector("[data-testid=stage-node]")?.innerText.includes("Jira")');
  await press(session, 'z', [KEYS.ctrl, KEYS.shift]);
  await until(session, 'redo gives it again', 'return document.querySelector("[data-testid=stage-node]")?.innerText.includes("Jira")');

  const file = join(dir, 'drawn.flowmap');
  await press(session, 's', [KEYS.ctrl]);
  await answerPath(session, file);
  await until(session, 'the map is saved', 'return !document.querySelector("[data-testid=dirty-marker]") && document.querySelector("[data-testid=map-file]")?.textContent === "drawn.flowmap"');
  if (!existsSync(file)) throw new Error(`${file} was not written`);

  const png = join(dir, 'drawn.png');
  await press(session, 'e', [KEYS.ctrl, KEYS.shift]);
  await answerPath(session, png);
  const said = await until(
    session,
    'the PNG export finishes',
    'const t = document.querySelector("[data-testid=notice]")?.textContent ?? ""; return t.startsWith("Export") && t',
    20_000,
  );
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

async function screenshot(session, name = 'map-window.png') {
  const png = Buffer.from(await request('GET', `/session/${session}/screenshot`), 'base64');
  const file = join(artifacts, name);
  await writeFile(file, png);
  console.log(`screenshot: ${file}`);
}

async function newSession(args) {
  const { sessionId } = await request('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application, args } } },
  });
  return sessionId;
}

async function main() {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'flowmap-e2e-maps-'));
  const failures = [];
  let passed = 0;
  const check = (failure) => (failure ? failures.push(failure) : passed++);

  // 1. The demo map, and a failed open that keeps it.
  let session = await newSession([]);
  let saved = null;
  try {
    const stages = await waitForMap(session);
    const unexpected = stages.filter((name) => !DEMO_STAGES.includes(name));
    check(unexpected.length > 0 ? `unexpected stages: ${unexpected.join(', ')}` : null);
    const partners = await texts(session, PARTNER_NAMES);
    check(partners.includes(DEMO_PARTNER) ? null : `no partner frame "${DEMO_PARTNER}" (frames: ${partners.join(', ') || 'none'})`);
    check(await openMissingFile(session));
    // Let fitView settle before the picture.
    await sleep(1000);
    await screenshot(session).catch((e) => console.error(`taking the screenshot: ${e.message}`));

    // 2. Draw, connect, undo, redo, save, export.
    saved = await drawAndSave(session, dir);
    passed++;
    await screenshot(session, 'drawn.png').catch((e) => console.error(`taking the screenshot: ${e.message}`));
  } catch (error) {
    failures.push(error.message);
    await screenshot(session, 'failed.png').catch(() => {});
  } finally {
    // Quitting: the session's end closes the app.
    await request('DELETE', `/session/${session}`).catch((e) => console.error(`closing the session: ${e.message}`));
  }

  if (saved) {
    check(checkPng(saved.png));
    copyFileSync(saved.png, join(artifacts, 'export.png'));
    // 3. Reopen the saved file: the same map.
    session = await newSession([saved.file]);
    try {
      await until(session, 'the saved map opens', 'return document.querySelectorAll("[data-testid=stage-name]").length === 3', DRAWN_WITHIN_MS);
      // Edges are drawn after the nodes they join have been measured: give them the same time.
      await until(session, 'the saved handoffs are drawn', 'return document.querySelectorAll(".react-flow__edge.handoff").length >= 2', DRAWN_WITHIN_MS).catch(() => {});
      const names = await stageNames(session);
      const plan = await stageCard(session, 'Plan');
      const tools = await script(session, 'return [...document.querySelectorAll("[data-testid=tool-name]")].map((e) => e.textContent)');
      const handoffs = await script(session, 'return document.querySelectorAll(".react-flow__edge.handoff").length');
      const dirty = await script(session, 'return !!document.querySelector("[data-testid=dirty-marker]")');
      const recovery = await script(session, 'return !!document.querySelector("[data-testid=recovery-dialog]")');
      check(
        names.join(',') === 'Plan,Build,Test' && plan.includes('Jira') && tools.join(',') === 'Jira' && handoffs === 2 && !dirty && !recovery
          ? null
          : `reopened, the map differs: stages ${names}, Plan "${plan}", tools ${tools}, ${handoffs} handoffs, dirty ${dirty}, recovery offered ${recovery}`,
      );
      await screenshot(session, 'reopened.png').catch(() => {});
    } catch (error) {
      failures.push(error.message);
    } finally {
      await request('DELETE', `/session/${session}`).catch((e) => console.error(`closing the session: ${e.message}`));
    }
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const failure of failures) console.error(`FAIL: ${failure}`);
  console.log(`map window: ${passed} passed, ${failures.length} failed (${seconds} s)`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`FAIL: ${error.message}`);
  console.log('map window: 0 passed, 1 failed');
  process.exit(1);
});
