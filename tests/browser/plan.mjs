// Browser tests of planning with the map: the Dashboard's Forecast card against the real Rust
// backend (flowmap-http) in Debian's Chromium. Every answer read from the page is checked
// against `flowmap forecast FILE --json` with the same file, question, window and --now.
// Started by run.sh.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { cliCount, writeDemo } from '../harness/cli.mjs';
import { AS_OF } from '../harness/demo.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

/** `flowmap forecast FILE --json --now AS_OF --backtest [ARGS]`, parsed. */
function cliForecast(file, ...args) {
  const out = execFileSync(CLI, ['forecast', file, '--json', '--now', AS_OF, '--backtest', ...args]);
  return JSON.parse(out.toString());
}

let app;
let page;
let demo;

const { tests, test, run } = sequence();

async function asOf(day) {
  await page.fill('[data-testid="filter-as-of"]', day);
  await page.press('[data-testid="filter-as-of"]', 'Enter');
  await page.waitForFunction((d) => document.querySelector('[data-testid="flow-status"]')?.title?.startsWith(`Measured as of ${d}T00:00:00Z;`), day);
}

/** The answers shown: one "50 % likely → at least 173 items" row per confidence. */
async function shownAnswers() {
  return page.$$eval('[data-testid="forecast-answers"] tr', (rows) => rows.map((r) => `${r.querySelector('th').textContent} → ${r.querySelector('td').textContent}`));
}

/** Waits until the answers shown are `expected`. */
async function answersAre(expected) {
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('[data-testid="forecast-answers"] tr')].map((r) => `${r.querySelector('th').textContent} → ${r.querySelector('td').textContent}`)) === JSON.stringify(want),
    expected,
    { timeout: 20_000 },
  ).catch(async () => assert.deepEqual(await shownAnswers(), expected));
}

const howMany = (cli) => cli.forecast.likelihoods.map((l) => `${l.confidence} % likely → at least ${cliCount(l.value)} items`);

test('Forecast on the Dashboard: how many items in 30 days, as flowmap forecast says, with its back-test', async () => {
  page = await app.open([demo], HTTP);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length > 0);
  await asOf(AS_OF);
  await page.click('[data-testid="flow-tab-dashboard"]');
  await page.waitForSelector('[data-testid="card-forecast"]');
  await page.click('[data-testid="forecast-run"]');
  const cli = cliForecast(demo, '--days', '30');
  await answersAre(howMany(cli));
  const history = (await page.textContent('[data-testid="forecast-history"]')).trim();
  assert.equal(history, `From ${cliCount(cli.forecast.window_completions)} items completed in the 90 days from ${cli.window_from.slice(0, 10)} to 2026-11-02: ${cli.forecast.daily_mean.toFixed(1)} a day.`);
  const backtest = await page.$$eval('[data-testid="forecast-backtest"]', (els) => els.map((e) => e.textContent));
  const n = cli.backtest.points.length;
  assert.ok(n > 0, 'the demo has history to back-test');
  assert.equal(backtest[0], `Back-test: ${n} forecasts of 30 days made every 14 days before now.`);
  assert.equal(backtest[2], `85 % answer held ${Math.round(cli.backtest.hit_rates[1] * n)} of ${n} times (${Math.round(cli.backtest.hit_rates[1] * 100)} %)`);
  // The histogram counts every trial.
  const label = await page.getAttribute('[data-testid="forecast-histogram"]', 'aria-label');
  assert.equal(label, 'Histogram of 10,000 trials');
});

test('When will 100 items be done, from the last 60 days: the dates flowmap forecast gives', async () => {
  await page.selectOption('[data-testid="forecast-kind"]', 'when');
  await page.fill('[data-testid="forecast-items"]', '100');
  await page.fill('[data-testid="forecast-window"]', '60');
  const cli = cliForecast(demo, '--items', '100', '--window', '60');
  const expected = cli.forecast.likelihoods.map((l, i) => `${l.confidence} % likely → by ${cli.dates[i].slice(0, 10)} (${l.value} days)`);
  await answersAre(expected);
  assert.equal((await page.textContent('[data-testid="card-forecast"] .flow-label')).trim(), 'When will 100 more items be done?');
});

test('A filter changed: the forecast says it is stale, and Forecast gives the defects’ answer', async () => {
  await page.selectOption('[data-testid="filter-type"]', 'Defect');
  await page.waitForSelector('[data-testid="forecast-stale"]');
  await page.click('[data-testid="forecast-run"]');
  const cli = cliForecast(demo, '--items', '100', '--window', '60', '--type', 'defect');
  const expected = cli.forecast.likelihoods.map((l, i) => `${l.confidence} % likely → by ${cli.dates[i].slice(0, 10)} (${l.value} days)`);
  await answersAre(expected);
  assert.equal(await page.$('[data-testid="forecast-stale"]'), null);
  assert.equal((await page.textContent('[data-testid="card-forecast"] .flow-label')).trim(), 'When will 100 more defect items be done?');
});

test('Map → Dashboard → Map → Dashboard: the forecast is still there', async () => {
  const before = await shownAnswers();
  for (let i = 0; i < 2; i += 1) {
    await page.click('[data-testid="flow-tab-map"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length > 0);
    await page.click('[data-testid="flow-tab-dashboard"]');
    await page.waitForSelector('[data-testid="forecast-answers"]');
    assert.deepEqual(await shownAnswers(), before);
  }
});

test('A window with no completions: the card says why, in words', async () => {
  await page.fill('[data-testid="filter-as-of"]', '2020-01-01');
  await page.press('[data-testid="filter-as-of"]', 'Enter');
  await page.click('[data-testid="forecast-run"]');
  await page.waitForSelector('[data-testid="forecast-error"]');
  const error = await page.textContent('[data-testid="forecast-error"]');
  assert.match(error, /no item was completed in the 60 days of the sampling window/);
});

await runSuite(
  'browser (plan)',
  async (report) => {
    demo = writeDemo(CLI, join(WORK, 'plan-demo.flowmap'));
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'plan-data'), ready: '[data-testid="flow-bar"]' });
    try {
      await run(report, async (index) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, `plan-failed-${index + 1}.png`));
      });
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
