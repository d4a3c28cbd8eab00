// Drives the Flowmap window through the W3C WebDriver API that tauri-driver serves: waits for
// the demo map to be drawn, checks its stages and partner frame, tries to open a file that does
// not exist, and saves a screenshot.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP and E2E_ARTIFACTS.

import { writeFile } from 'node:fs/promises';
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
const OPEN_PATH = '[data-testid="open-map-path"]';
const OPEN_ERROR = '[data-testid="open-error"]';
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

/**
 * Asks the app to open a file that does not exist (the `open_map` command): the top bar must
 * say why, and the map must stay. Returns what went wrong, if anything.
 */
async function openMissingFile(session) {
  const missing = '/nonexistent/elsewhere.flowmap';
  const [field] = await request('POST', `/session/${session}/elements`, { using: 'css selector', value: OPEN_PATH });
  if (!field) return 'no field to type a path to open';
  const fieldId = Object.values(field)[0];
  await request('POST', `/session/${session}/element/${fieldId}/value`, { text: `${missing}\uE007` });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [message] = await texts(session, OPEN_ERROR);
    if (message) {
      if (!message.includes(missing)) return `opening a missing file says "${message}", which does not name the file`;
      const stages = await texts(session, STAGE_NAMES);
      return stages.includes(DEMO_STAGES[0]) ? null : 'the map went away after a failed open';
    }
    await sleep(250);
  }
  return 'opening a missing file showed no error within 10 s';
}

async function screenshot(session) {
  const png = Buffer.from(await request('GET', `/session/${session}/screenshot`), 'base64');
  const file = join(artifacts, 'map-window.png');
  await writeFile(file, png);
  console.log(`screenshot: ${file}`);
}

async function main() {
  const started = Date.now();
  const { sessionId: session } = await request('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application, args: [] } } },
  });
  const failures = [];
  try {
    const stages = await waitForMap(session);
    const unexpected = stages.filter((name) => !DEMO_STAGES.includes(name));
    if (unexpected.length > 0) failures.push(`unexpected stages: ${unexpected.join(', ')}`);

    const partners = await texts(session, PARTNER_NAMES);
    if (!partners.includes(DEMO_PARTNER)) {
      failures.push(`no partner frame "${DEMO_PARTNER}" (frames: ${partners.join(', ') || 'none'})`);
    }
    const opening = await openMissingFile(session);
    if (opening) failures.push(opening);

    // Let fitView settle before the picture.
    await sleep(1000);
  } finally {
    // A picture of the window, passed or failed.
    await screenshot(session).catch((e) => console.error(`taking the screenshot: ${e.message}`));
    await request('DELETE', `/session/${session}`).catch((e) => console.error(`closing the session: ${e.message}`));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL: ${failure}`);
    console.log('map window: 0 passed, 1 failed');
    process.exit(1);
  }
  console.log(
    `the demo map shows its ${DEMO_STAGES.length} stages and the partner frame, ` +
      `and a failed open keeps it (${seconds} s)`,
  );
  console.log('map window: 1 passed, 0 failed');
}

main().catch((error) => {
  console.error(`FAIL: ${error.message}`);
  console.log('map window: 0 passed, 1 failed');
  process.exit(1);
});
