// Browser tests of the flow view (heat overlays, the stage panel, the timeline ladder, the
// dashboard, the filters) against the real Rust backend (flowmap-http), driven with
// playwright-core in Debian's Chromium. Every figure read from the page is checked against
// `flowmap metrics FILE --json` with the same file, window and --now. Started by run.sh.
// `--bench` also measures how long opening the 100,000-item demo map (FLOWMAP_BENCH_ITEMS for
// another size) takes to its first heat, and applying a filter to its redraw
// (docs/benchmarks.md, "Flow view filter redraw").

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { cliCount, cliDuration, cliPercent, metrics as cliMetrics, writeDemo } from '../harness/cli.mjs';
import { AS_OF, DEMO_STAGES as DEMO_STAGE_NAMES } from '../harness/demo.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS, bench } = browserEnv();
const DEMO_STAGES = DEMO_STAGE_NAMES.length;

const metrics = (file, ...args) => cliMetrics(CLI, file, AS_OF, ...args);

let app;
let page;

async function openApp(file, http = HTTP, init = null) {
  page = await app.open([file], http, init);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length > 0);
}

const text = (css) => page.textContent(css).then((t) => t?.trim());

/** Sets the "as of" filter and waits for figures measured then. */
async function asOf(day) {
  await page.fill('[data-testid="filter-as-of"]', day);
  await page.press('[data-testid="filter-as-of"]', 'Enter');
  await page.waitForFunction((d) => document.querySelector('[data-testid="flow-status"]')?.title?.startsWith(`Measured as of ${d}T00:00:00Z;`), day);
}

/** Waits until no figures are being computed. */
async function settled() {
  await page.waitForFunction(() => !document.querySelector('[data-testid="flow-status"]')?.textContent?.startsWith('⟳'));
}

async function clickStage(name) {
  const node = page.locator('.react-flow__node', { hasText: name }).first();
  const box = await node.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + 10);
  await page.waitForFunction((n) => document.querySelector('[data-testid="stage-panel-name"]')?.textContent === n, name);
}

/** The waiting p50 shown in the stage panel: its text and its raw seconds. */
async function panelWaiting() {
  const cell = page.locator('[data-testid="flow-waiting-p50"]');
  return { text: (await cell.textContent()).trim(), secs: Number(await cell.getAttribute('data-secs')), count: await text('[data-testid="flow-waiting-count"]') };
}

/** Waits until the panel shows `secs` as the waiting p50 (the figures for new filters). */
async function panelShows(secs) {
  await page.waitForFunction((s) => document.querySelector('[data-testid="flow-waiting-p50"]')?.getAttribute('data-secs') === String(s ?? ''), secs, { timeout: 20_000 });
}

const { tests, test, run } = sequence();
let demo;

test('the waiting-time overlay marks the bottleneck; its panel shows what flowmap metrics --json gives', async () => {
  await openApp(demo);
  await asOf(AS_OF);
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="stage-figure"]').length === n, DEMO_STAGES);
  assert.ok(await page.isVisible('[data-testid="heat-legend"]'), 'the colour scale has a legend');
  const cli = metrics(demo);
  const top = cli.stages.find((s) => s.id === cli.bottlenecks[0]);
  assert.equal(top.name, 'Testing', 'the demo’s bottleneck is Testing');
  // The bottleneck is marked on its card.
  const marked = await page.$$eval('[data-testid="stage-bottleneck"]', (els) => els.map((e) => e.closest('.react-flow__node')?.querySelector('[data-testid="stage-name"]')?.textContent));
  assert.deepEqual(marked, ['Testing']);
  // Its figure on the map, in the CLI's words.
  const figure = await page.$$eval('[data-testid="stage-node"]', (els) =>
    els.find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === 'Testing')?.querySelector('[data-testid="stage-figure"]')?.textContent,
  );
  assert.equal(figure, `waits ${cliDuration(top.waiting.p50)} (p50)`);
  // Click it: the panel's waiting p50 is the CLI's, to the second and as written.
  await clickStage('Testing');
  const shown = await panelWaiting();
  assert.equal(shown.secs, top.waiting.p50);
  assert.equal(shown.text, cliDuration(top.waiting.p50));
  assert.equal(shown.count, cliCount(top.waiting.count));
  for (const p of ['p85', 'p95']) {
    assert.equal(Number(await page.getAttribute(`[data-testid="flow-waiting-${p}"]`, 'data-secs')), top.waiting[p]);
    assert.equal(Number(await page.getAttribute(`[data-testid="flow-active-${p}"]`, 'data-secs')), top.active[p]);
  }
  assert.equal(await text('[data-testid="flow-reentry"]'), `${cliPercent(top.reentry_rate)} over ${cliCount(top.entered)} items`);
  // Aging work in progress and the slowest items, linked to the demo's Jira.
  const aging = await page.$$eval('[data-testid="stage-aging"] tbody tr', (rows) => rows.length);
  assert.equal(aging, Math.min(25, top.inside_now));
  const link = await page.getAttribute('[data-testid="stage-slowest"] a.flow-key', 'href');
  assert.equal(link, `https://demo.atlassian.net/browse/${top.slowest[0].key}`);
  console.log(`     Testing waits ${shown.text} (p50) over ${shown.count} items; flowmap metrics --json: ${top.waiting.p50} s`);
});

test('every overlay mode writes a figure on every stage, and handoffs show their waits', async () => {
  for (const mode of ['time', 'efficiency', 'load', 'bottleneck', 'rework', 'waiting']) {
    await page.selectOption('[data-testid="overlay-mode"]', mode);
    await page.waitForFunction((m) => document.querySelector('[data-testid="heat-legend"]') && document.querySelector('[data-testid="overlay-mode"]')?.value === m, mode);
    const figures = await page.$$eval('[data-testid="stage-figure"]', (els) => els.map((e) => e.textContent));
    assert.equal(figures.length, DEMO_STAGES, mode);
    assert.ok(figures.every((f) => f && f.length > 3), `${mode}: ${figures}`);
  }
  const cli = metrics(demo);
  const testing = cli.stages.find((s) => s.name === 'Testing');
  await page.selectOption('[data-testid="overlay-mode"]', 'load');
  await page.waitForFunction(
    (want) =>
      [...document.querySelectorAll('[data-testid="stage-node"]')]
        .find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === 'Testing')
        ?.querySelector('[data-testid="stage-figure"]')?.textContent === want,
    `WIP ${cliCount(testing.load_current)} now`,
  );
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  // Every handoff items made (the demo: eight forward, two rework loops) has its wait written on it.
  const moves = cli.handoffs.length;
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge.has-wait').length >= n, Math.min(moves, 8));
});

test('filters (type, partner, window) update the map, the panel and the ladder together, as the CLI', async () => {
  const check = async (label, args) => {
    const cli = metrics(demo, ...args);
    const testing = cli.stages.find((s) => s.name === 'Testing');
    await panelShows(testing.waiting.p50);
    await settled();
    const figure = await page.$$eval('[data-testid="stage-node"]', (els) =>
      els.find((e) => e.querySelector('[data-testid="stage-name"]')?.textContent === 'Testing')?.querySelector('[data-testid="stage-figure"]')?.textContent,
    );
    assert.equal(figure, `waits ${cliDuration(testing.waiting.p50)} (p50)`, label);
    assert.equal(await text('[data-testid="ladder-activity-ratio"]'), `activity ratio ${cliPercent(cli.ladder.activity_ratio)}`, label);
    assert.ok((await text('[data-testid="flow-status"]')).startsWith(`${cliCount(cli.items.completed)} completed`), label);
  };
  await page.selectOption('[data-testid="filter-type"]', 'Defect');
  await check('defects', ['--type', 'defect']);
  // In the demo no defect goes through the partner: items of every type.
  await page.selectOption('[data-testid="filter-type"]', '');
  await page.selectOption('[data-testid="filter-partner"]', { label: 'Nearshore Partner Ltd' });
  await check('items through the partner', ['--partner', 'Nearshore Partner Ltd']);
  await page.selectOption('[data-testid="filter-partner"]', '');
  await page.selectOption('[data-testid="filter-window-preset"]', '12w');
  await check('the last 12 weeks', ['--from', '2026-08-10']);
  await page.selectOption('[data-testid="filter-window-kind"]', 'during');
  await check('time during the last 12 weeks', ['--from', '2026-08-10', '--window', 'during']);
  await page.selectOption('[data-testid="filter-window-preset"]', 'custom');
  await page.fill('[data-testid="filter-to"]', 'not a date');
  await page.press('[data-testid="filter-to"]', 'Enter');
  assert.equal(await page.getAttribute('[data-testid="filter-to"]', 'aria-invalid'), 'true', 'a bad date is refused in place');
  await page.fill('[data-testid="filter-to"]', '2026-10-01');
  await page.press('[data-testid="filter-to"]', 'Enter');
  await check('time during 2026-08-10 to 2026-10-01', ['--from', '2026-08-10', '--to', '2026-10-01', '--window', 'during']);
});

test('the filters are saved with the map and come back when it is opened again', async () => {
  await openApp(demo);
  await page.waitForFunction(() => document.querySelector('[data-testid="filter-as-of"]')?.value === '2026-11-02');
  assert.equal(await page.inputValue('[data-testid="filter-from"]'), '2026-08-10');
  assert.equal(await page.inputValue('[data-testid="filter-to"]'), '2026-10-01');
  assert.equal(await page.inputValue('[data-testid="filter-window-kind"]'), 'during');
  // The overlay comes back too: the map opens with the one it was saved with (waiting, chosen
  // last before it was opened again).
  await page.waitForFunction(() => document.querySelector('[data-testid="overlay-mode"]')?.value === 'waiting');
  await page.waitForSelector('[data-testid="stage-figure"]');
  // Back to all time, items completed in it, for the dashboard.
  await page.selectOption('[data-testid="filter-window-preset"]', 'all');
  await page.selectOption('[data-testid="filter-window-kind"]', 'completed');
  await page.waitForFunction(() => document.querySelector('[data-testid="filter-window-preset"]')?.value === 'all');
});

test('handoff waits are never hidden under a stage card nor over a partner’s name', async () => {
  await page.click('[data-testid="flow-tab-map"]').catch(() => {});
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  await page.waitForSelector('.react-flow__edge.has-wait .react-flow__edge-text');
  const overlaps = await page.evaluate(() => {
    const boxes = (css) => [...document.querySelectorAll(css)].map((e) => ({ e, r: e.getBoundingClientRect() }));
    const meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const labels = boxes('.react-flow__edge.has-wait .react-flow__edge-textwrapper');
    const cards = [...boxes('.react-flow__node-stage'), ...boxes('.stage-bottleneck'), ...boxes('[data-testid="partner-name"]')];
    const found = [];
    for (const l of labels) for (const c of cards) if (meets(l.r, c.r)) found.push(`${l.e.textContent} on ${c.e.textContent}`);
    return { labels: labels.length, found };
  });
  assert.ok(overlaps.labels >= 8, `the waits are written on the handoffs: ${overlaps.labels}`);
  assert.deepEqual(overlaps.found, [], 'no wait label under a card, its bottleneck badge, or over a partner’s name');
});

test('the timeline ladder runs along the critical path with totals, measured beside estimates', async () => {
  const cli = metrics(demo);
  await settled();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ladder-rung"]').length === n, cli.ladder.rungs.length);
  const names = await page.$$eval('[data-testid="ladder-rung"] .ladder-name', (els) => els.map((e) => e.textContent));
  assert.deepEqual(names, cli.ladder.rungs.map((r) => r.name));
  const totals = await text('[data-testid="ladder-totals"]');
  assert.ok(totals.includes(`Σ lead ${cliDuration(cli.ladder.total_lead_secs)}`), totals);
  assert.ok(totals.includes(`activity ratio ${cliPercent(cli.ladder.activity_ratio)}`), totals);
  const estimates = await page.$$eval('.ladder-estimate', (els) => els.length);
  assert.ok(estimates > 0, 'workshop estimates stand beside measured values');
});

test('the dashboard: the five flow metrics with their trend, flow time scatter, cumulative flow, Little’s law', async () => {
  const cli = metrics(demo);
  await page.click('[data-testid="flow-tab-dashboard"]');
  await page.waitForSelector('[data-testid="scatter-chart"] circle');
  assert.equal(await text('[data-testid="velocity-total"]'), cliCount(cli.items.completed));
  assert.equal(await text('[data-testid="efficiency-aggregate"]'), cliPercent(cli.flow_efficiency.aggregate));
  assert.equal(await text('[data-testid="load-current"]'), cliCount(cli.flow_load.current));
  assert.equal(await text('[data-testid="littles-law"]'), cli.littles_law.ratio.toFixed(2));
  const figures = await text('[data-testid="flow-time-figures"]');
  assert.ok(figures.includes(`p85 ${cliDuration(cli.flow_time.p85)}`), figures);
  const dots = await page.$$eval('[data-testid="scatter-chart"] circle', (els) => els.length);
  assert.equal(dots, Math.min(2000, cli.flow_time.count));
  for (const p of ['p50', 'p85', 'p95']) assert.ok(await page.isVisible(`[data-testid="scatter-${p}"]`), `${p} line`);
  // The cumulative flow: one band per stage stacked in flow order, the completed at the bottom.
  const bands = await page.$$eval('[data-testid="cfd-band"]', (els) => els.map((e) => e.getAttribute('data-stage')));
  assert.deepEqual(bands, [...DEMO_STAGE_NAMES, 'Completed']);
  assert.deepEqual(cli.stages.map((s) => s.name), DEMO_STAGE_NAMES, 'the CLI lists the stages in the same flow order');
  // Its last sample is at the "as of" instant, and the chart says so.
  const last = cli.cfd[cli.cfd.length - 1];
  assert.ok(last.at.startsWith(AS_OF), `last sample ${last.at}`);
  assert.equal(await page.getAttribute('[data-testid="cfd-chart"]', 'data-last'), last.at);
  assert.equal(await text('[data-testid="cfd-last-label"]'), `as of ${AS_OF}`);
  // Each band in the legend: the items whose furthest point is its stage, at "as of".
  const legend = await page.$$eval('[data-testid="cfd-legend"] [data-testid="legend-item"]', (els) => els.map((e) => e.textContent));
  const inBand = (k) => (k < DEMO_STAGES ? last.arrived[k] - (k + 1 < DEMO_STAGES ? last.arrived[k + 1] : last.done) : last.done);
  assert.deepEqual(legend, [...DEMO_STAGE_NAMES, 'Completed'].map((n, k) => `${n} ${cliCount(inBand(k))}`));
  for (let k = 1; k < DEMO_STAGES; k++) assert.ok(last.arrived[k] <= last.arrived[k - 1], 'arrivals never rise along the flow');
  // Value axes say their unit; the velocity's types and the trend's p50/p85 have legends.
  const units = await page.$$eval('[data-testid="y-unit"]', (els) => els.map((e) => e.textContent));
  for (const unit of ['items completed per week', 'items in progress', 'items (cumulative arrivals)', 'calendar time', 'items / week', '%']) {
    assert.ok(units.includes(unit), `an axis in ${unit}: ${units}`);
  }
  const types = await page.$$eval('[data-testid="velocity-legend"] [data-testid="legend-item"]', (els) => els.map((e) => e.textContent));
  assert.deepEqual(types, ['Feature', 'Defect', 'Risk', 'Debt']);
  // Every histogram bucket is named.
  const buckets = await page.$$eval('[data-testid="flow-time-histogram"] [data-testid="histogram-label"]', (els) => els.map((e) => e.textContent));
  assert.deepEqual(buckets, cli.flow_time_histogram.map((b) => b.label));
  const weeks = await page.$$eval('[data-testid="trend-table"] tbody tr', (rows) => rows.length);
  assert.equal(weeks, cli.flow_trend.length);
  const completed = cli.flow_distribution.completed;
  assert.ok((await text('[data-testid="distribution-completed"]')).includes(`Feature ${cliPercent(completed.feature)} (${cliCount(completed.counts.feature)})`));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png') });
  await page.locator('[data-testid="card-cfd"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-cfd.png') });
  await page.locator('[data-testid="card-trend"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-trend.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.click('[data-testid="flow-tab-map"]');
  await page.waitForSelector('[data-testid="stage-figure"]');
  await page.screenshot({ path: join(ARTIFACTS, 'flow-map.png') });
});

/** Opens the demo map of FLOWMAP_BENCH_ITEMS items (100,000 unless set) and times it to the
 * first heat drawn; then applies filters one after another and measures each until the panel
 * is redrawn. */
async function runBenchmark() {
  const items = Number(process.env.FLOWMAP_BENCH_ITEMS ?? 100000);
  const many = items.toLocaleString('en');
  // A copy: the filters are saved into the file.
  const file = join(WORK, `demo-${items}.flowmap`);
  const made = process.env.FLOWMAP_BENCH_FILE;
  if (made && existsSync(made)) copyFileSync(made, file);
  else {
    console.log(`benchmark: writing ${file} (flowmap demo --items ${items})`);
    execFileSync(process.env.FLOWMAP_BENCH_CLI ?? CLI, ['demo', file, '--items', String(items), '--plain'], { stdio: 'inherit' });
  }
  // Opening: from starting the backend on the file to the first frame after the map shows its
  // heat (a stage's figure on its node), as the window opens a file. The map opens with the
  // overlay it was saved with: the first open chooses one (and pays for the page cache), the
  // second is timed.
  const http = process.env.FLOWMAP_BENCH_HTTP ?? HTTP;
  let opening = performance.now();
  await openApp(file, http);
  await page.waitForFunction(() => document.querySelector('[data-testid="flow-status"]')?.title?.startsWith('Measured as of'), null, { timeout: 120_000 });
  const first = performance.now() - opening;
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  await page.waitForSelector('[data-testid="stage-figure"]', { timeout: 120_000 });
  await page.waitForLoadState('networkidle');
  opening = performance.now();
  // When the page first shows a stage's heat figure, in its own clock (no polling delay).
  const watchHeat = () => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="stage-figure"]')) {
        window.__firstHeat = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  };
  await openApp(file, http, watchHeat);
  await page.waitForSelector('[data-testid="stage-figure"]', { timeout: 120_000 });
  const inPage = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
  const opened = performance.now() - opening;
  const openStatus = (await page.getAttribute('[data-testid="flow-status"]', 'title')) ?? '';
  console.log(
    `benchmark: open ${many} items to the first heat drawn: ${Math.round(opened)} ms from starting the backend, ` +
      `${Math.round(inPage)} ms from the page's navigation start (${/computed in .*/.exec(openStatus)?.[0] ?? openStatus}); ` +
      `the first open, to the first figures: ${Math.round(first)} ms`,
  );
  // Where the opening's time went: each backend call, from the page's navigation start.
  const calls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/'))
      .map((e) => `${e.name.split('/api/')[1]} ${Math.round(e.startTime)}–${Math.round(e.responseEnd)}`),
  );
  console.log(`benchmark: calls while opening (ms from navigation start): ${calls.join(', ')}`);
  const shown = await page.evaluate(() => {
    const figures = performance.getEntriesByType('resource').find((e) => /\/api\/(saved_)?flow_view$/.test(e.name));
    return { heat: window.__firstHeat ?? null, response: figures?.responseEnd ?? null };
  });
  // Playwright's wait returns some time after the figure appeared; the page's own clock says when.
  const navigated = opened - inPage;
  console.log(
    `benchmark: the first heat figure shown ${Math.round(navigated + shown.heat)} ms from starting the backend, ` +
      `${Math.round(shown.heat)} ms from navigation start, ${Math.round(shown.heat - shown.response)} ms after the figures' response`,
  );
  await asOf(AS_OF);
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  await page.waitForSelector('[data-testid="stage-figure"]');
  await clickStage('Testing');
  await settled();
  const status = await page.getAttribute('[data-testid="flow-status"]', 'title');
  console.log(`benchmark: ${await text('[data-testid="map-counts"]')}; ${status}`);
  // Each step: a filter applied through its control; timed in the page from the control's
  // change event to the first frame after the panel shows the new figures.
  const steps = ['Defect', '', 'Feature', '', 'Risk', '', 'Debt', '', 'Defect', '', 'Feature', ''];
  const times = [];
  const phases = [];
  const computed = [];
  for (const value of steps) {
    const before = await page.getAttribute('[data-testid="flow-waiting-p50"]', 'data-secs');
    const done = page.evaluate(
      (previous) =>
        new Promise((resolve, reject) => {
          let t0 = null;
          const onChange = () => {
            t0 = performance.now();
          };
          document.addEventListener('change', onChange, { capture: true, once: true });
          const timer = setTimeout(() => reject(new Error('no redraw within 10 s')), 10_000);
          const observer = new MutationObserver(() => {
            const now = document.querySelector('[data-testid="flow-waiting-p50"]')?.getAttribute('data-secs');
            if (t0 === null || now === previous) return;
            observer.disconnect();
            const shown = performance.now();
            requestAnimationFrame(() => {
              clearTimeout(timer);
              // When the figures' response arrived (Resource Timing of the last flow_view call).
              const calls = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/flow_view'));
              const last = calls[calls.length - 1];
              // Every backend call made since the change, for the slowest step's account.
              const since = performance
                .getEntriesByType('resource')
                .filter((e) => e.name.includes('/api/') && e.responseEnd >= t0)
                .map((e) => `${e.name.split('/api/')[1]} ${Math.round(e.startTime - t0)}–${Math.round(e.responseEnd - t0)}`);
              resolve({
                calls: since,
                total: performance.now() - t0,
                request: last ? last.startTime - t0 : null,
                response: last ? last.responseEnd - t0 : null,
                shown: shown - t0,
              });
            });
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        }),
      before,
    );
    await page.selectOption('[data-testid="filter-type"]', value);
    const t = await done;
    times.push(t.total);
    phases.push(t);
    await settled();
    const title = (await page.getAttribute('[data-testid="flow-status"]', 'title')) ?? '';
    const ms = /computed in (\d+) ms/.exec(title);
    if (ms) computed.push(Number(ms[1]));
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (n) => Math.round(n);
  console.log(
    `benchmark: filter redraw on ${many} items, ${times.length} filter changes: median ${round(at(0.5))} ms, p85 ${round(at(0.85))} ms, max ${round(sorted[sorted.length - 1])} ms ` +
      `(each: ${times.map(round).join(', ')} ms); backend compute ${computed.length ? `median ${[...computed].sort((a, b) => a - b)[Math.ceil(0.5 * computed.length) - 1]} ms` : 'not reported'}`,
  );
  // What the user sees after the last step (all items), to read with the numbers of
  // `flowmap metrics --json` for the same file.
  await settled();
  await page.setViewportSize({ width: 1280, height: 720 });
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `flow-bench-${items}.png`) });
  // Nearest rank, as the totals above.
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(0.5 * xs.length) - 1];
  const slowest = phases.reduce((a, b) => (b.total > a.total ? b : a));
  console.log(`benchmark: the slowest filter change's backend calls (ms from the change): ${slowest.calls.join(', ')}`);
  console.log(
    `benchmark: phases (medians from the change event): request sent ${round(median(phases.map((p) => p.request ?? 0)))} ms, ` +
      `response received ${round(median(phases.map((p) => p.response ?? 0)))} ms, ` +
      `panel shows the new figures ${round(median(phases.map((p) => p.shown)))} ms, next frame ${round(median(phases.map((p) => p.total)))} ms`,
  );
}

await runSuite(
  'browser (flow view)',
  async (report) => {
    demo = writeDemo(CLI, join(WORK, 'flow-demo.flowmap'));
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'flow-data'), ready: '[data-testid="flow-bar"]' });
    try {
      const passed = await run(report, async (index) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        await app.screenshot(join(ARTIFACTS, `flow-failed-${index + 1}.png`));
      });
      if (bench && passed) {
        try {
          await runBenchmark();
          report.pass();
        } catch (error) {
          report.fail(`filter redraw: ${error.stack ?? error}`);
        }
      }
    } finally {
      await app.close();
    }
  },
  () => tests.length + (bench ? 1 : 0),
);
