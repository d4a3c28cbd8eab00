// Browser test of the Data view's Sources tab against the real Rust backend (flowmap-http),
// in Debian's Chromium. Started by run.sh.
//
// The test runs a local server on 127.0.0.1 answering in Jira Server's documented REST format
// (serverInfo, status, search paged by startAt with the changelog expanded) that requires a
// bearer token and can be told to answer slowly. In the page: a Jira source is added pointing
// at it, a wrong token meets the 401 words and the right one "found 40 issues"; a slow sync
// shows its progress bar and is cancelled midway (the file's item count unchanged, checked with
// the `flowmap` CLI); a sync to the end shows its summary and the Map shows figures on the
// stages; the token is in no file of the work dir and not in the backend's output; the source
// is edited, then removed with its items, and the list and counts follow.

import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { strict as assert } from 'node:assert';
import { CHROMIUM, CHROMIUM_ARGS } from '../harness/chromium.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';
import { waitFor } from '../harness/wait.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();
const TOKEN = 'tok-9f3c2e7a-do-not-leak';
const ISSUES = 40;
const PAGE = 5;

const DEV = '11111111-1111-4111-8111-111111111111';
const REVIEW = '22222222-2222-4222-8222-222222222222';
const MAP = {
  format: 'flowmap-map',
  version: 1,
  name: 'Team flow',
  nodes: [
    { kind: 'stage', id: DEV, name: 'Development', states: ['In Progress'] },
    { kind: 'stage', id: REVIEW, name: 'Review', states: ['Review'] },
  ],
  edges: [{ kind: 'handoff', id: '33333333-3333-4333-8333-333333333333', from: DEV, to: REVIEW }],
  layout: [],
};

// --- A Jira Server on 127.0.0.1, after the REST API v2 documentation. ---

let delayMs = 0;
const seenAuth = [];

function issue(i) {
  const day = (d, h = '09') => `2024-03-${String(d).padStart(2, '0')}T${h}:00:00.000+0000`;
  const d = 1 + (i % 20);
  const change = (id, at, from, to) => ({ id: String(id), created: at, items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', fromString: from, toString: to }] });
  const histories = [change(i * 10 + 1, day(d + 1), 'To Do', 'In Progress'), change(i * 10 + 2, day(d + 3), 'In Progress', 'Review'), change(i * 10 + 3, day(d + 4, '15'), 'Review', 'Done')];
  return {
    id: String(1000 + i),
    key: `FLOW-${i}`,
    self: 'x',
    fields: { summary: `Story ${i}`, issuetype: { name: 'Story' }, created: day(d), updated: day(d + 4, '15'), status: { name: 'Done', statusCategory: { key: 'done' } } },
    changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
  };
}

function jiraServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const answer = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    seenAuth.push(req.headers.authorization ?? '');
    setTimeout(() => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return answer(401, { errorMessages: ['You are not authenticated.'] });
      if (url.pathname === '/rest/api/2/serverInfo') return answer(200, { baseUrl: 'x', version: '9.12.0', deploymentType: 'Server' });
      if (url.pathname === '/rest/api/2/status') {
        return answer(200, [
          { id: '1', name: 'To Do', statusCategory: { key: 'new' } },
          { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } },
          { id: '4', name: 'Review', statusCategory: { key: 'indeterminate' } },
          { id: '5', name: 'Done', statusCategory: { key: 'done' } },
        ]);
      }
      if (url.pathname === '/rest/api/2/search') {
        assert.equal(url.searchParams.get('expand'), 'changelog');
        const start = Number(url.searchParams.get('startAt') ?? 0);
        const max = Math.min(PAGE, Number(url.searchParams.get('maxResults') ?? PAGE));
        const all = Array.from({ length: ISSUES }, (_, i) => issue(i + 1));
        return answer(200, { startAt: start, maxResults: max, total: all.length, issues: all.slice(start, start + max) });
      }
      return answer(404, { errorMessages: ['no such resource'] });
    }, delayMs);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- The backend, its output kept to look for the token. ---

let output = '';
async function startBackend(file) {
  const child = spawn(HTTP, ['--port', '0', '--static', DIST, '--data-dir', join(WORK, 'sources-data'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', (d) => (output += d));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('flowmap-http did not start within 10 s')), 10_000);
    lines.on('line', (line) => {
      output += line + '\n';
      if (line.startsWith('listening on ')) {
        clearTimeout(timer);
        resolve(line.replace('listening on ', '').trim());
      }
    });
  });
  const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGKILL'))));
  return { url, stop };
}

// A file may vanish between the listing and the read: SQLite deletes its `-journal` when a
// write commits (the backend may still be writing). Such a file is skipped: it held nothing.
const gone = (e) => e?.code === 'ENOENT';
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    try {
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    } catch (e) {
      if (gone(e)) return [];
      throw e;
    }
  });
}
function bytesOf(f) {
  try {
    return readFileSync(f);
  } catch (e) {
    if (gone(e)) return Buffer.alloc(0);
    throw e;
  }
}

let page;
let file;
let jira;
const pageErrors = [];
const tests = sequence();
const test = tests.test;
const tid = (id) => `[data-testid="${id}"]`;
const text = async (id) => (await page.textContent(tid(id))) ?? '';
const itemsInFile = () => JSON.parse(execFileSync(CLI, ['info', file, '--json'], { encoding: 'utf8' })).items;
const shot = (name) => page.screenshot({ path: join(ARTIFACTS, name) });

test('the Sources tab comes first and a Jira source is added with a token tested in words', async () => {
  await page.click(tid('flow-tab-data'));
  await page.waitForSelector(tid('sources-panel'));
  await page.waitForSelector(tid('sources-empty'));
  await page.click(tid('source-add'));
  await page.waitForSelector(tid('source-form'));
  assert.equal(await page.inputValue(tid('source-kind')), 'jira');
  const base = `http://127.0.0.1:${jira.address().port}`;
  await page.fill(tid('source-url'), base);
  await page.fill(tid('source-query'), 'project = FLOW');
  await page.fill(tid('source-token'), 'wrong-token');
  await page.click(tid('source-test'));
  await page.waitForFunction(() => /refused/.test(document.querySelector('[data-testid="connection-result"]')?.textContent ?? ''));
  assert.match(await text('connection-result'), /^The token was refused \(401\)/);
  await page.fill(tid('source-token'), TOKEN);
  await page.click(tid('source-test'));
  await page.waitForFunction(() => /accepted/.test(document.querySelector('[data-testid="connection-result"]')?.textContent ?? ''));
  assert.equal(await text('connection-result'), `The token was accepted: found ${ISSUES} issues.`);
  if (await page.$(tid('no-keychain'))) assert.match(await text('no-keychain'), /FLOWMAP_TOKEN_JIRA/);
  await shot('sources-add-form.png');
  await page.click(tid('source-save'));
  await page.waitForSelector(tid('source-row'));
  assert.equal(await text('source-state'), 'never synced' + ((await page.$('.source-state .field-help')) ? ' · token held for this session' : ''));
  assert.equal(await text('source-items'), '0');
});

test('a slow sync shows its progress bar and, cancelled midway, leaves the file as it was', async () => {
  delayMs = 400;
  await page.click(tid('source-sync'));
  await page.waitForSelector(tid('sync-bar'), { timeout: 20_000 });
  await page.waitForFunction(() => /issues: \d+ of 40/.test(document.querySelector('[data-testid="sync-bar"]')?.textContent ?? ''), null, { timeout: 20_000 });
  await shot('sources-sync-progress.png');
  await page.click(tid('sync-cancel'));
  await page.waitForSelector(tid('sync-failed'), { timeout: 20_000 });
  assert.equal(await text('sync-failed'), 'The sync was cancelled: the file is unchanged.');
  assert.equal(itemsInFile(), 0);
  assert.equal(await text('source-items'), '0');
});

test('a sync to the end shows its summary and the Map shows figures on the stages', async () => {
  delayMs = 0;
  await page.click(tid('source-sync'));
  await page.waitForSelector(tid('sync-summary'), { timeout: 30_000 });
  assert.match(await text('sync-summary-text'), new RegExp(`^${ISSUES} new items, 0 changed, 4 new states \\(Done, In Progress, Review, To Do\\), in `));
  await page.waitForFunction(() => document.querySelector('[data-testid="source-items"]')?.textContent === '40');
  assert.equal(await text('source-state'), 'synced' + ((await page.$('.source-state .field-help')) ? ' · token held for this session' : ''));
  assert.equal(itemsInFile(), ISSUES);
  await shot('sources-tab.png');
  await page.click(tid('flow-tab-map'));
  await page.selectOption(tid('overlay-mode'), 'time');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"] [data-testid="stage-figure"]').length === 2, null, { timeout: 10_000 });
});

test('the token is in no file of the work dir and not in the backend’s output', async () => {
  const files = filesUnder(WORK);
  assert.ok(files.some((f) => f.endsWith('.flowmap')), 'the map file is looked at');
  for (const f of files) assert.ok(!bytesOf(f).includes(TOKEN), `the token is in ${f}`);
  assert.ok(!output.includes(TOKEN), 'the token is in the backend’s output');
  assert.ok(seenAuth.includes(`Bearer ${TOKEN}`), 'the server was sent the token');
});

test('the source is edited, then removed with its items, and the list and counts follow', async () => {
  await page.click(tid('flow-tab-data'));
  await page.waitForSelector(tid('source-row'));
  await page.click(tid('source-edit'));
  await page.fill(tid('source-query'), 'project = FLOW AND type = Story');
  await page.click(tid('source-save'));
  await page.waitForFunction(() => document.querySelector('[data-testid="source-row"]')?.textContent?.includes('type = Story'));
  await page.click(tid('source-remove'));
  await page.click(tid('remove-drop'));
  await page.waitForSelector(tid('sources-empty'));
  assert.equal(itemsInFile(), 0);
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (sources)',
  async (report) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const json = join(WORK, 'sources-map.json');
    file = join(WORK, 'sources-team.flowmap');
    writeFileSync(json, JSON.stringify(MAP));
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    jira = await jiraServer();
    const backend = await startBackend(file);
    const { chromium } = createRequire(join(DIST, '..', 'package.json'))('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${backend.url}/?backend=${encodeURIComponent(backend.url)}`);
      await page.waitForSelector(tid('flow-bar'));
      await waitFor('the page', async () => (await page.$(tid('flow-tab-data'))) !== null);
      await tests.run(report, () => shot('sources-failed.png'));
    } finally {
      await browser.close();
      await backend.stop();
      jira.close();
    }
  },
  () => 5,
);
