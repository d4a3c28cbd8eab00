// The flow view in the real Flowmap window (tauri-driver, WebKitWebDriver): opens a demo map
// written by `flowmap demo`, sets the "as of" filter to the demo's last day, turns on the
// waiting-time overlay, clicks the top bottleneck stage, reads its waiting time in the stage
// panel and checks it against `flowmap metrics FILE --json --now` for the same file. Then the
// dashboard: flow time percentiles and Little's law against the same JSON.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP, FLOWMAP_CLI and E2E_ARTIFACTS.

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const webdriver = required('WEBDRIVER_URL');
const application = required('FLOWMAP_APP');
const cli = required('FLOWMAP_CLI');
const artifacts = required('E2E_ARTIFACTS');

const AS_OF = '2026-11-02';
const STAGES = 9;
const OPENED_WITHIN_MS = 60_000;

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
const script = (session, body, ...args) => request('POST', `/session/${session}/execute/sync`, { script: body, args });

/** Waits until `body` (a script) returns something truthy, and returns it. */
async function until(session, what, body, ms = 15_000, ...args) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await script(session, body, ...args);
    if (value) return value;
    await sleep(200);
  }
  throw new Error(`${what} (not within ${ms / 1000} s)`);
}

async function find(session, css) {
  const [element] = await request('POST', `/session/${session}/elements`, { using: 'css selector', value: css });
  if (!element) throw new Error(`no element ${css}`);
  return Object.values(element)[0];
}

const click = async (session, id) => request('POST', `/session/${session}/element/${id}/click`, {});

/** Chooses an option of a select as a person does: the option, clicked. */
async function choose(session, select, value) {
  await click(session, await find(session, `[data-testid="${select}"] option[value="${value}"]`));
  await until(session, `${select} is ${value}`, 'return document.querySelector(arguments[0])?.value === arguments[1]', 5000, `[data-testid="${select}"]`, value);
}

/** `format!("{:.N}")` of Rust: to the nearest, an exact binary tie to the even digit. */
function rustFixed(value, digits) {
  const exact = Math.abs(value).toFixed(digits + 60);
  const point = exact.indexOf('.');
  if (/^50*$/.test(exact.slice(point + 1 + digits))) {
    const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
    if (Number(kept.at(-1)) % 2 === 0) return (value < 0 ? '-' : '') + kept;
  }
  return value.toFixed(digits);
}

/** A duration as `flowmap metrics` prints it. */
function cliDuration(seconds) {
  const s = Math.round(seconds);
  const [value, unit] =
    s < 3600 ? [s / 60, 'min'] : s < 86_400 ? [s / 3600, 'h'] : s < 14 * 86_400 ? [s / 86_400, 'd'] : [s / (7 * 86_400), 'wk'];
  return `${rustFixed(value, 1).replace(/\.0$/, '')} ${unit}`;
}

async function screenshot(session, name) {
  const png = Buffer.from(await request('GET', `/session/${session}/screenshot`), 'base64');
  const file = join(artifacts, name);
  await writeFile(file, png);
  console.log(`screenshot: ${file}`);
}

async function main() {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'flowmap-e2e-flow-'));
  const file = join(dir, 'demo.flowmap');
  execFileSync(cli, ['demo', file], { stdio: 'ignore' });
  const expected = JSON.parse(execFileSync(cli, ['metrics', file, '--json', '--now', AS_OF], { maxBuffer: 64 * 1024 * 1024 }).toString());
  const top = expected.stages.find((s) => s.id === expected.bottlenecks[0]);

  const failures = [];
  let passed = 0;
  const check = (failure) => (failure ? failures.push(failure) : passed++);
  const { sessionId: session } = await request('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application, args: [file] } } },
  });
  try {
    await until(session, 'the demo map opens', 'return document.querySelectorAll("[data-testid=stage-node]").length === arguments[0]', OPENED_WITHIN_MS, STAGES);

    // As of the demo's last day, as the CLI's --now.
    const asOf = await find(session, '[data-testid="filter-as-of"]');
    await request('POST', `/session/${session}/element/${asOf}/clear`, {});
    await request('POST', `/session/${session}/element/${asOf}/value`, { text: `${AS_OF}\uE007` });
    await until(session, 'the figures are measured as of the demo’s last day', 'return document.querySelector("[data-testid=flow-status]")?.title?.startsWith(arguments[0])', 20_000, `Measured as of ${AS_OF}T00:00:00Z;`);

    // The waiting-time overlay: a figure on every stage, the bottleneck marked.
    await choose(session, 'overlay-mode', 'waiting');
    await until(session, 'every stage shows its waiting time', 'return document.querySelectorAll("[data-testid=stage-figure]").length === arguments[0]', 15_000, STAGES);
    const marked = await script(session, 'return [...document.querySelectorAll("[data-testid=stage-bottleneck]")].map((b) => b.closest(".react-flow__node")?.querySelector("[data-testid=stage-name]")?.textContent)');
    check(marked.length === 1 && marked[0] === top.name ? null : `the bottleneck marked on the map is ${marked.join(', ') || 'none'}, the CLI says ${top.name}`);

    // Click the top bottleneck: its panel.
    await sleep(600);
    const node = await script(session, 'return [...document.querySelectorAll(".react-flow__node")].find((e) => e.querySelector("[data-testid=stage-name]")?.textContent === arguments[0])', top.name);
    await click(session, Object.values(node)[0]);
    await until(session, `the panel shows ${top.name}`, 'return document.querySelector("[data-testid=stage-panel-name]")?.textContent === arguments[0]', 10_000, top.name);
    const cell = await script(session, 'const c = document.querySelector("[data-testid=flow-waiting-p50]"); return { text: c.innerText.trim(), secs: c.getAttribute("data-secs"), count: document.querySelector("[data-testid=flow-waiting-count]").innerText.trim() }');
    console.log(`${top.name} waits ${cell.text} (p50, ${cell.count} items) in the window; flowmap metrics --json gives ${top.waiting.p50} s = ${cliDuration(top.waiting.p50)}`);
    check(Number(cell.secs) === top.waiting.p50 ? null : `the panel's waiting p50 is ${cell.secs} s, the CLI's ${top.waiting.p50} s`);
    check(cell.text === cliDuration(top.waiting.p50) ? null : `the panel writes "${cell.text}", the CLI "${cliDuration(top.waiting.p50)}"`);
    const figure = await script(session, 'return [...document.querySelectorAll("[data-testid=stage-node]")].find((e) => e.querySelector("[data-testid=stage-name]")?.textContent === arguments[0])?.querySelector("[data-testid=stage-figure]")?.innerText', top.name);
    check(figure === `waits ${cliDuration(top.waiting.p50)} (p50)` ? null : `the stage card says "${figure}"`);
    await screenshot(session, 'flow-bottleneck.png').catch((e) => console.error(`taking the screenshot: ${e.message}`));

    // The dashboard, under the same filters.
    await click(session, await find(session, '[data-testid="flow-tab-dashboard"]'));
    await until(session, 'the dashboard draws the scatterplot', 'return document.querySelectorAll("[data-testid=scatter-chart] circle").length > 0', 20_000);
    const dash = await script(session, 'return { figures: document.querySelector("[data-testid=flow-time-figures]").innerText, little: document.querySelector("[data-testid=littles-law]").innerText.trim() }');
    check(dash.figures.includes(`p85 ${cliDuration(expected.flow_time.p85)}`) ? null : `the dashboard's flow time reads "${dash.figures}"`);
    check(dash.little === expected.littles_law.ratio.toFixed(2) ? null : `Little's law reads ${dash.little}, the CLI ${expected.littles_law.ratio}`);
    await screenshot(session, 'flow-dashboard.png').catch(() => {});
  } catch (error) {
    failures.push(error.message);
    await screenshot(session, 'flow-failed.png').catch(() => {});
  } finally {
    await request('DELETE', `/session/${session}`).catch((e) => console.error(`closing the session: ${e.message}`));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const failure of failures) console.error(`FAIL: ${failure}`);
  console.log(`flow window: ${passed} passed, ${failures.length} failed (${seconds} s)`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`FAIL: ${error.message}`);
  console.log('flow window: 0 passed, 1 failed');
  process.exit(1);
});
