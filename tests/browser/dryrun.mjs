// Browser test of a sync's dry run in the Data view's Sources tab, against the real Rust
// backend (flowmap-http) in Debian's Chromium. Started by run.sh.
//
// A local server on 127.0.0.1 answers in GitHub's REST format (issues, timelines, Actions runs
// and their jobs): an issue given a label and closed, then labelled "v1" and commented on by a
// bot; a pull request merged, reviewed 17 months later and labelled "2.3.0"; a run that started
// at its creation with an updated_at a year after it ended. In the page: a GitHub source is
// added with the form, Dry run shows what a sync would store (items, state changes per state),
// the labels seen and every skipped event kind with its reason and count, and the map file is
// byte for byte unchanged; the user picks a seen label as a state by editing the query, and the
// next dry run shows it as a state.

import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { strict as assert } from 'node:assert';
import { CHROMIUM, CHROMIUM_ARGS } from '../harness/chromium.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';
import { waitFor } from '../harness/wait.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

const MAP = {
  format: 'flowmap-map',
  version: 1,
  name: 'Repository flow',
  nodes: [{ kind: 'stage', id: '11111111-1111-4111-8111-111111111111', name: 'Review', states: ['Review requested'] }],
  edges: [],
  layout: [],
};

// --- GitHub's REST API on 127.0.0.1 (docs.github.com/en/rest: issues, timeline, actions). ---

const ev = (event, at, extra = {}) => ({ event, created_at: at, actor: { login: 'maintainer' }, ...extra });
const label = (event, at, name) => ev(event, at, { label: { name, color: 'ededed' } });
const TIMELINES = {
  1: [
    label('labeled', '2024-01-02T09:00:00Z', 'Needs review'),
    ev('closed', '2024-01-05T09:00:00Z', { state_reason: 'completed' }),
    label('labeled', '2024-02-01T09:00:00Z', 'v1'),
    ev('commented', '2024-03-01T09:00:00Z', { user: { login: 'github-actions[bot]' }, body: 'Locked.' }),
  ],
  2: [
    ev('review_requested', '2024-01-03T09:00:00Z'),
    { event: 'reviewed', submitted_at: '2024-01-04T09:00:00Z', state: 'approved', user: { login: 'rev' } },
    ev('merged', '2024-01-05T10:00:00Z'),
    ev('closed', '2024-01-05T10:00:00Z'),
    { event: 'reviewed', submitted_at: '2025-06-01T09:00:00Z', state: 'commented', user: { login: 'rev' } },
    label('labeled', '2025-06-02T09:00:00Z', '2.3.0'),
  ],
};

function githubServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const answer = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname;
    if (p === '/repos/octo/app/issues') {
      return answer(200, [
        { number: 1, title: 'Crash on save', state: 'closed', created_at: '2024-01-01T09:00:00Z', updated_at: '2024-03-01T09:00:00Z' },
        { number: 2, title: 'Faster save', state: 'closed', created_at: '2024-01-02T09:00:00Z', updated_at: '2025-06-02T09:00:00Z', draft: false, pull_request: { url: 'x', merged_at: '2024-01-05T10:00:00Z' } },
      ]);
    }
    const timeline = p.match(/^\/repos\/octo\/app\/issues\/(\d+)\/timeline$/);
    if (timeline && TIMELINES[timeline[1]]) return answer(200, TIMELINES[timeline[1]]);
    if (p === '/repos/octo/app/actions/runs') {
      return answer(200, {
        total_count: 1,
        workflow_runs: [{ id: 501, name: 'CI', run_number: 1, run_attempt: 1, status: 'completed', conclusion: 'success', created_at: '2024-01-05T10:00:00Z', run_started_at: '2024-01-05T10:00:00Z', updated_at: '2025-01-29T15:00:00Z' }],
      });
    }
    if (p === '/repos/octo/app/actions/runs/501/jobs') {
      return answer(200, { total_count: 1, jobs: [{ id: 1, run_id: 501, run_attempt: 1, status: 'completed', conclusion: 'success', started_at: '2024-01-05T10:00:10Z', completed_at: '2024-01-05T10:12:00Z' }] });
    }
    if (p === '/repos/octo/app/deployments') return answer(200, []);
    return answer(404, { message: 'Not Found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function startBackend(file) {
  const child = spawn(HTTP, ['--port', '0', '--static', DIST, '--data-dir', join(WORK, 'dryrun-data'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('flowmap-http did not start within 10 s')), 10_000);
    lines.on('line', (line) => {
      if (line.startsWith('listening on ')) {
        clearTimeout(timer);
        resolve(line.replace('listening on ', '').trim());
      }
    });
  });
  const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGKILL'))));
  return { url, stop };
}

let page;
let file;
let github;
const pageErrors = [];
const tests = sequence();
const test = tests.test;
const tid = (id) => `[data-testid="${id}"]`;
const text = async (id) => (await page.textContent(tid(id))) ?? '';
const shot = (name) => page.screenshot({ path: join(ARTIFACTS, name) });
/** The rows of one of the report's tables, as arrays of cell texts. */
const rows = (id) => page.$$eval(`${tid(id)} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
const bytes = () => readFileSync(file);

async function dryRun() {
  await page.click(tid('source-dry-run'));
  await page.waitForSelector(tid('dry-run-report'), { timeout: 30_000 });
}

test('a GitHub source is added with the form', async () => {
  await page.click(tid('flow-tab-data'));
  await page.waitForSelector(tid('sources-empty'));
  await page.click(tid('source-add'));
  await page.waitForSelector(tid('source-form'));
  await page.selectOption(tid('source-kind'), 'github');
  await page.fill(tid('source-query'), 'octo/app');
  await page.fill(tid('source-url'), `http://127.0.0.1:${github.address().port}`);
  await page.click(tid('source-save'));
  await page.waitForSelector(tid('source-row'));
  assert.equal(await text('source-items'), '0');
});

test('Dry run shows what a sync would store and every skipped event, and writes nothing', async () => {
  const before = bytes();
  await dryRun();
  assert.equal(await text('dry-run-summary'), 'github: 3 items fetched — 3 new, 0 changed, 0 unchanged; 9 state changes, 9 new to the file.');
  const states = Object.fromEntries((await rows('dry-run-states')).map(([s, n, fresh]) => [s, [n, fresh]]));
  assert.deepEqual(states, {
    Open: ['1', '1'],
    Closed: ['1', '1'],
    'Ready for review': ['1', '1'],
    'Review requested': ['1', '1'],
    Approved: ['1', '1'],
    Merged: ['1', '1'],
    Queued: ['1', '1'],
    'In progress': ['1', '1'],
    Succeeded: ['1', '1'],
  });
  const after = 'on a closed or merged item: it stays done until it is reopened';
  assert.deepEqual(await rows('dry-run-skipped'), [
    ['closed', after, '1'],
    ['commented', after, '1'],
    ['labeled', "the label is not a workflow state (pick it in the source's state labels)", '3'],
    ['reviewed', after, '1'],
    ['workflow run updated_at', "the run's last update (re-runs, log expiry, annotations), not its end: times come from its jobs", '1'],
  ]);
  assert.match(await page.textContent(`${tid('dry-run-skipped')} caption`), /Skipped: 7 events read and not stored/);
  assert.deepEqual(await rows('dry-run-labels'), [['2.3.0', '1'], ['Needs review', '1'], ['v1', '1']]);
  await shot('dryrun-report.png');
  assert.ok(bytes().equals(before), 'the map file is byte for byte unchanged');
  assert.equal(await text('source-items'), '0');
  assert.equal(JSON.parse(execFileSync(CLI, ['info', file, '--json'], { encoding: 'utf8' })).items, 0);
});

test('a label picked in the query becomes a state in the next dry run', async () => {
  await page.click(tid('source-edit'));
  await page.fill(tid('source-query'), 'octo/app?state_labels=Needs review');
  await page.click(tid('source-save'));
  await page.waitForFunction(() => document.querySelector('[data-testid="source-row"]')?.textContent?.includes('state_labels'));
  await dryRun();
  await page.waitForFunction(() => /10 state changes/.test(document.querySelector('[data-testid="dry-run-summary"]')?.textContent ?? ''));
  const states = Object.fromEntries((await rows('dry-run-states')).map(([s, n]) => [s, n]));
  assert.equal(states['Needs review'], '1');
  assert.equal(states.v1, undefined, 'a version label is never a state');
  const labeled = (await rows('dry-run-skipped')).find(([kind, why]) => kind === 'labeled' && why.startsWith('the label is not'));
  assert.equal(labeled[2], '2');
  await shot('dryrun-picked-label.png');
  assert.deepEqual(pageErrors, [], 'no error escaped to the page');
});

await runSuite(
  'browser (dryrun)',
  async (report) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const json = join(WORK, 'dryrun-map.json');
    file = join(WORK, 'dryrun.flowmap');
    writeFileSync(json, JSON.stringify(MAP));
    execFileSync(CLI, ['import-json', json, file], { stdio: 'ignore' });
    github = await githubServer();
    const backend = await startBackend(file);
    const { chromium } = createRequire(join(DIST, '..', 'package.json'))('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${backend.url}/?backend=${encodeURIComponent(backend.url)}`);
      await page.waitForSelector(tid('flow-bar'));
      await waitFor('the page', async () => (await page.$(tid('flow-tab-data'))) !== null);
      await tests.run(report, () => shot('dryrun-failed.png'));
    } finally {
      await browser.close();
      await backend.stop();
      github.close();
    }
  },
  () => 3,
);
