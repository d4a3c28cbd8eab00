// Browser tests of planning with the map: the Dashboard's Forecast and Key results cards
// against the real Rust backend (flowmap-http) in Debian's Chromium. Every answer read from the
// page is checked against `flowmap forecast FILE --json` or `flowmap okr FILE --json` with the
// same file, question and --now. Started by run.sh.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { cliCount, cliDuration, cliPercent, rustFixed, writeDemo } from '../harness/cli.mjs';
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

/** `flowmap okr FILE --json --now AS_OF`, parsed. */
function cliOkr(file) {
  return JSON.parse(execFileSync(CLI, ['okr', file, '--json', '--now', AS_OF]).toString());
}

async function fillKr(fields) {
  for (const [testId, value] of Object.entries(fields)) {
    const el = page.locator(`[data-testid="${testId}"]`);
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
    else await el.fill(value);
  }
}

test('A key result typed on the Dashboard is measured as flowmap okr says, with its path', async () => {
  await asOf(AS_OF);
  await page.selectOption('[data-testid="filter-type"]', '');
  await page.click('[data-testid="kr-add"]');
  await fillKr({
    'kr-objective-input': 'Deliver features predictably',
    'kr-name-input': 'Feature flow time p85 under 10 days',
    'kr-figure': 'flow_time_p85',
    'kr-type': 'Feature',
    'kr-baseline': '20d',
    'kr-target': '10 days',
    'kr-start': '2026-08-01',
    'kr-due': '2026-12-31',
    'kr-owner': 'Dana',
  });
  await page.click('[data-testid="kr-save"]');
  await page.waitForSelector('[data-testid="kr-row"]');
  const [cli] = cliOkr(demo);
  assert.equal(cli.key_result.name, 'Feature flow time p85 under 10 days');
  assert.equal(cli.key_result.baseline, 20 * 86_400);
  assert.equal((await page.textContent('[data-testid="kr-current"]')).trim(), cliDuration(cli.progress.current));
  const status = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' }[cli.progress.status];
  assert.equal((await page.textContent('[data-testid="kr-status"]')).trim(), status);
  assert.equal((await page.textContent('[data-testid="kr-reason"]')).trim(), cli.progress.reason);
  assert.equal(cli.progress.points.length, 15, 'weekly from 1 Aug to 31 Oct, and 2 Nov');
});

test('A key result on Testing’s waiting time: its badge on the Testing card, and on no other', async () => {
  await page.click('[data-testid="kr-add"]');
  await fillKr({
    'kr-objective-input': 'Deliver features predictably',
    'kr-name-input': 'Testing waits under 2 days',
    'kr-figure': 'stage_waiting_p85',
  });
  const testing = await page.$eval('[data-testid="kr-stage"]', (s) => [...s.options].find((o) => o.textContent === 'Testing').value);
  await fillKr({ 'kr-stage': testing, 'kr-baseline': '5d', 'kr-target': '2d', 'kr-start': '2026-08-01', 'kr-due': '2026-12-31' });
  await page.click('[data-testid="kr-save"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="kr-row"]').length === 2);
  const cli = cliOkr(demo)[1];
  assert.equal(cli.figure_label, 'waiting time p85 in Testing');
  await page.click('[data-testid="flow-tab-map"]');
  await page.waitForSelector('[data-testid="kr-badge"]');
  const badged = await page.$$eval('[data-testid="kr-badge"]', (els) => els.map((e) => [e.closest('.react-flow__node')?.querySelector('[data-testid="stage-name"]')?.textContent, e.textContent]));
  const words = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' }[cli.progress.status];
  assert.deepEqual(badged, [['Testing', `KR ${words}`]]);
  await page.click('[data-testid="flow-tab-dashboard"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="kr-row"]').length === 2);
});

test('A key result changed, one typed wrong (refused in words), one removed; the file keeps them', async () => {
  await page.locator('[data-testid="kr-edit"]').first().click();
  await fillKr({ 'kr-target': '12d' });
  await page.click('[data-testid="kr-save"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="kr-form"]'));
  assert.equal(cliOkr(demo)[0].key_result.target, 12 * 86_400);
  assert.equal(cliOkr(demo)[0].version, 2);
  await page.click('[data-testid="kr-add"]');
  await fillKr({ 'kr-name-input': 'Broken', 'kr-baseline': 'soon', 'kr-target': '2d' });
  await page.click('[data-testid="kr-save"]');
  await page.waitForSelector('[data-testid="kr-error"]');
  assert.match(await page.textContent('[data-testid="kr-error"]'), /the baseline: .*soon/);
  await page.click('[data-testid="kr-form"] button[type="button"]');
  await page.locator('[data-testid="kr-remove"]').nth(1).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="kr-row"]').length === 1);
  const left = cliOkr(demo);
  assert.deepEqual(left.map((k) => k.key_result.name), ['Feature flow time p85 under 10 days']);
  await page.click('[data-testid="flow-tab-map"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length > 0);
  assert.equal(await page.$('[data-testid="kr-badge"]'), null, 'no key result on a stage is left');
});

test('Capacity and unplanned work: each team’s and stage’s shares as flowmap capacity --json says', async () => {
  await page.click('[data-testid="flow-tab-dashboard"]');
  await page.waitForSelector('[data-testid="capacity-stage"]');
  const cli = JSON.parse(execFileSync(CLI, ['capacity', demo, '--json', '--now', AS_OF]).toString());
  const rows = await page.$$eval('[data-testid="capacity-stage"]', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.equal(rows.length, cli.stages.length);
  const share = (l, v) => (l.total > 0 ? cliPercent(v / l.total) : '–');
  cli.stages.forEach((s, i) => {
    assert.deepEqual(rows[i].slice(0, 5), [s.name, share(s.load, s.load.feature), share(s.load, s.load.defect), share(s.load, s.load.risk), share(s.load, s.load.debt)], s.name);
  });
  const teams = await page.$$eval('[data-testid="capacity-team"] th', (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(teams, cli.teams.map((t) => `Team ${t.team}`));
  const unplanned = await page.textContent('[data-testid="capacity-unplanned"]');
  assert.ok(unplanned.startsWith(cliPercent(cli.arrivals.unplanned_share)), unplanned);
  assert.ok(unplanned.includes(`${cliCount(cli.arrivals.counts.defect)} of the ${cliCount(cli.arrivals.counts.total)} items that arrived`), unplanned);
});

test('Delivery (DORA) on a demo whose builds list their pull requests: the figures flowmap dora --json gives', async () => {
  const linked = join(WORK, 'plan-lineage.flowmap');
  execFileSync(CLI, ['demo', linked, '--items', '600', '--lineage'], { stdio: 'ignore' });
  page = await app.open([linked], HTTP);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length > 0);
  await asOf(AS_OF);
  await page.click('[data-testid="flow-tab-dashboard"]');
  await page.waitForSelector('[data-testid="dora-frequency"]');
  const cli = JSON.parse(execFileSync(CLI, ['dora', linked, '--json', '--now', AS_OF]).toString());
  const d = cli.dora;
  assert.equal((await page.textContent('[data-testid="dora-frequency"]')).trim(), rustFixed(d.per_week, 1).replace(/\.0$/, ''));
  assert.equal((await page.textContent('[data-testid="dora-lead"]')).trim(), `p50 ${cliDuration(d.lead_time.p50)} · p85 ${cliDuration(d.lead_time.p85)}`);
  assert.equal((await page.textContent('[data-testid="dora-cfr"]')).trim(), cliPercent(d.change_failure_rate));
  assert.equal((await page.textContent('[data-testid="dora-types"]')).trim(), `Deployments: ${cli.deployment_types.join(', ')}; changes: ${cli.change_types.join(', ')}.`);
});

test('When will the work under a customer request be done: the items left and the dates flowmap forecast --under gives', async () => {
  const linked = join(WORK, 'plan-lineage.flowmap');
  const lineage = JSON.parse(execFileSync(CLI, ['lineage', linked, '--json', '--now', AS_OF], { maxBuffer: 64 * 1024 * 1024 }).toString());
  const root = lineage.roots.filter((r) => r.status === 'in_progress').at(-1);
  await page.selectOption('[data-testid="forecast-kind"]', 'under');
  await page.click('[data-testid="forecast-run"]');
  await page.waitForSelector('[data-testid="forecast-error"]');
  assert.match(await page.textContent('[data-testid="forecast-error"]'), /^Type the key of an epic/);
  await page.fill('[data-testid="forecast-under"]', root.key);
  await page.click('[data-testid="forecast-run"]');
  const cli = cliForecast(linked, '--under', root.key);
  const set = cli.set;
  assert.ok(set.work > 0 && set.total >= set.open, JSON.stringify(set));
  const expected = cli.forecast.likelihoods.map((l, i) => `${l.confidence} % likely → by ${cli.dates[i].slice(0, 10)} (${l.value} ${l.value === 1 ? 'day' : 'days'})`);
  await answersAre(expected);
  const question = (await page.textContent('[data-testid="card-forecast"] .flow-label')).trim();
  assert.ok(question.startsWith(`When will the ${set.work} ${set.work === 1 ? 'item' : 'items'} of work left under ${root.key} (${set.title}) be done?`), question);
  await page.screenshot({ path: join(ARTIFACTS, 'plan-forecast-under.png') });
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
