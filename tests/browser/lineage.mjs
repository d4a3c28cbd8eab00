// Browser tests of lineage across the toolchain on the demo (`flowmap demo`: linked by default), against the real
// Rust backend (flowmap-http) in Debian's Chromium: the crossing times on the map's artifact
// flows and the Dashboard's end-to-end card equal `flowmap lineage FILE --json` at the flow
// view's "as of"; a root's lineage timeline has the rows and tools of `flowmap lineage --root`;
// two items linked by hand in the Items list show in `flowmap lineage --root`; Map ↔ Dashboard
// ↔ Data and back; pull requests marked a flow item and back in the map editor change the flow
// figures as `flowmap metrics` says. Started by run.sh.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { browserApp, launchChromium } from '../harness/chromium.mjs';
import { cliCount, cliDuration, metrics, writeDemo } from '../harness/cli.mjs';
import { AS_OF } from '../harness/demo.mjs';
import { browserEnv } from '../harness/env.mjs';
import { runSuite, sequence } from '../harness/report.mjs';

const { http: HTTP, cli: CLI, dist: DIST, work: WORK, artifacts: ARTIFACTS } = browserEnv();

/** `flowmap lineage FILE --json --now AS_OF [ARGS]`, parsed. */
function cliLineage(file, ...args) {
  const out = execFileSync(CLI, ['lineage', file, '--json', '--now', AS_OF, ...args], { maxBuffer: 64 * 1024 * 1024 });
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

const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `lineage-${name}.png`) });

test('each artifact flow carries its crossing p50 (p85 in its tooltip) as flowmap lineage says, with heat when an overlay is on', async () => {
  page = await app.open([demo], HTTP);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-node"]').length > 0);
  await asOf(AS_OF);
  const cli = cliLineage(demo);
  const crossed = cli.crossings.filter((c) => c.count > 0 && c.p50_secs !== null);
  assert.ok(crossed.length >= 3, 'the demo links items across at least three flows');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="artifact-crossing"]').length === n, crossed.length, { timeout: 20_000 });
  const shown = await page.$$eval('[data-testid="artifact-crossing"]', (els) => els.map((e) => ({ flow: e.dataset.flow, text: e.textContent, title: e.title, background: e.style.background })));
  for (const c of crossed) {
    const s = shown.find((x) => x.flow === c.flow);
    assert.ok(s, `the flow ${c.label} shows its crossing`);
    assert.equal(s.text, `crossing p50 ${cliDuration(c.p50_secs)}`, c.label);
    assert.ok(s.title.includes(`p85 ${cliDuration(c.p85_secs)} over ${cliCount(c.count)} crossings`), s.title);
    assert.equal(s.background, '', 'no heat without an overlay');
  }
  await page.selectOption('[data-testid="overlay-mode"]', 'waiting');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="artifact-crossing"]')].every((e) => e.style.background !== ''));
  await shot('map-heat');
});

test('clicking the customer-request flow shows its crossings, the slowest by item key', async () => {
  const cli = cliLineage(demo);
  const c = cli.crossings.find((x) => x.from_tool === 'Salesforce');
  await page.click(`[data-testid="artifact-crossing"][data-flow="${c.flow}"]`);
  await page.click('[data-testid="side-tab-flow"]');
  const panel = page.locator(`[data-testid="crossing-panel"][data-flow="${c.flow}"]`);
  await panel.waitFor();
  assert.equal(await panel.locator('[data-testid="crossing-count"]').textContent(), cliCount(c.count));
  assert.equal(await panel.locator('[data-testid="crossing-p50"]').textContent(), cliDuration(c.p50_secs));
  assert.equal(await panel.locator('[data-testid="crossing-p85"]').textContent(), cliDuration(c.p85_secs));
  const slow = await panel.locator('[data-testid="crossing-slow"]').allTextContents();
  assert.deepEqual(slow, c.slowest.map((x) => `${x.from_key} → ${x.to_key} ${cliDuration(x.secs)}`));
  await shot('crossing-panel');
  // A slow crossing's item opens its lineage; Back returns to the map with the flow selected.
  await panel.locator('[data-testid="crossing-slow"] button').first().click();
  await page.waitForSelector(`[data-testid="lineage-timeline"][data-root="${c.slowest[0].from_key}"]`);
  await page.click('[data-testid="lineage-back"]');
  await page.waitForSelector(`[data-testid="crossing-panel"][data-flow="${c.flow}"]`);
});

test('the Dashboard’s end-to-end card equals flowmap lineage by flow item type', async () => {
  const cli = cliLineage(demo);
  await page.click('[data-testid="flow-tab-dashboard"]');
  await page.waitForSelector('[data-testid="card-end-to-end"] [data-testid="end-to-end-row"]');
  const rows = await page.$$eval('[data-testid="end-to-end-row"]', (trs) => trs.map((tr) => [tr.dataset.type, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
  assert.deepEqual(
    rows,
    cli.by_type.map((t) => [t.flow_item_type, cliCount(t.finished), t.p50_secs === null ? '–' : cliDuration(t.p50_secs), t.p85_secs === null ? '–' : cliDuration(t.p85_secs), cliCount(t.in_progress)]),
  );
  await page.locator('[data-testid="card-end-to-end"]').scrollIntoViewIfNeeded();
  await shot('dashboard-card');
});

test('a root clicked in the Lineage list shows its timeline: the rows and tools of flowmap lineage --root; Back to the list, then the Dashboard', async () => {
  const cli = cliLineage(demo);
  await page.click('[data-testid="end-to-end-roots"]');
  await page.waitForSelector('[data-testid="lineage-root"]');
  assert.equal(await page.textContent('[data-testid="lineage-count"]').then((t) => t.split(' roots')[0]), cliCount(cli.roots.length));
  const root = cli.roots.find((r) => r.status === 'finished' && r.items >= 8) ?? cli.roots[0];
  await page.fill('[data-testid="lineage-search"]', root.key);
  await page.click(`[data-testid="lineage-root"][data-key="${root.key}"]`);
  await page.waitForSelector(`[data-testid="lineage-timeline"][data-root="${root.key}"]`);
  const tree = cliLineage(demo, '--root', root.key, '--source', root.source);
  const rows = await page.$$eval('[data-testid="lineage-row"]', (els) => els.map((e) => [e.dataset.key, e.dataset.tool]));
  // Rows grouped by tool, in the order the tree first reaches each tool.
  const tools = [...new Set(tree.items.map((n) => n.tool ?? 'No tool'))];
  const expected = tools.flatMap((t) => tree.items.filter((n) => (n.tool ?? 'No tool') === t).map((n) => [n.key, t]));
  assert.deepEqual(rows, expected);
  const groups = await page.$$eval('[data-testid="lineage-tool"]', (els) => els.map((e) => e.dataset.tool));
  assert.deepEqual(groups, tools);
  assert.equal(await page.textContent('[data-testid="lineage-end-to-end"]'), cliDuration(tree.root.end_to_end_secs));
  const crossings = tree.items.filter((n) => n.crossing_secs !== null && n.started).length;
  assert.equal(await page.locator('[data-testid="lineage-crossing"]').count(), crossings);
  await shot('timeline');
  await page.click('[data-testid="lineage-back"]');
  await page.waitForSelector('[data-testid="lineage-root"]');
  await page.click('[data-testid="lineage-back"]');
  await page.waitForSelector('[data-testid="card-end-to-end"]');
});

test('two items linked by hand in the Items list: flowmap lineage --root shows the link; Remove takes it away', async () => {
  const cli = cliLineage(demo);
  // A root request and another root: the second is linked under the first by hand.
  const [a, b] = cli.roots.filter((r) => r.status === 'finished');
  const before = cliLineage(demo, '--root', a.key, '--source', a.source);
  assert.ok(!before.items.some((n) => n.key === b.key));
  await page.click('[data-testid="flow-tab-data"]');
  await page.click('[data-testid="data-tab-items"]');
  await page.fill('[data-testid="items-search"]', b.key);
  await page.click(`[data-testid="items-row"][data-key="${b.key}"]`);
  await page.waitForSelector(`[data-testid="item-timeline"][data-item="${b.key}"]`);
  await page.click('[data-testid="link-to"]');
  await page.selectOption('[data-testid="link-kind"]', 'parent');
  await page.fill('[data-testid="link-target"]', a.key);
  await page.click('[data-testid="link-save"]');
  await page.waitForSelector(`[data-testid="hand-link"][data-target="${a.key}"][data-kind="parent"]`);
  await shot('hand-link');
  const after = cliLineage(demo, '--root', a.key, '--source', a.source);
  const linked = after.items.find((n) => n.key === b.key);
  assert.ok(linked, `${b.key} is in ${a.key}'s tree`);
  assert.equal(linked.parent, a.key);
  // Its lineage from the item's timeline: the root's timeline holds it; Back to the Items list.
  await page.click('[data-testid="item-lineage"]');
  await page.waitForSelector(`[data-testid="lineage-timeline"][data-root="${a.key}"] [data-testid="lineage-row"][data-key="${b.key}"]`);
  await page.click('[data-testid="lineage-back"]');
  await page.waitForSelector(`[data-testid="item-timeline"][data-item="${b.key}"]`);
  await page.click('[data-testid="hand-link-remove"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="hand-link"]').length === 0);
  const removed = cliLineage(demo, '--root', a.key, '--source', a.source);
  assert.deepEqual(removed.items.map((n) => n.key), before.items.map((n) => n.key));
  // Back on the Map, the crossings are still drawn.
  await page.click('[data-testid="flow-tab-map"]');
  await page.waitForSelector('[data-testid="artifact-crossing"]');
});

test('GitHub’s pull requests marked a flow item in the tool’s artifact types count in the flow figures; saved, flowmap metrics agrees; marked back, the figures are the stories’ again', async () => {
  const status = () => page.textContent('[data-testid="flow-status"]');
  const expected = (m) => `${cliCount(m.items.completed)} completed · ${cliCount(m.items.in_flight)} in flight`;
  const stories = metrics(CLI, demo, AS_OF);
  assert.equal(await status(), expected(stories));
  await page.click('[data-testid="tool-node"][aria-label="Tool GitHub"]');
  await page.click('[data-testid="side-tab-properties"]');
  const kind = page.locator('select[aria-label="Flow item type of Pull Request"]');
  assert.equal(await kind.inputValue(), 'not-flow', 'the demo marks pull requests as not flow items');
  await kind.selectOption('Feature');
  await page.waitForFunction((before) => !document.querySelector('[data-testid="flow-status"]')?.textContent?.startsWith(before), `${cliCount(stories.items.completed)} completed`);
  await page.keyboard.press('Control+s');
  await page.waitForSelector('[data-testid="dirty-marker"]', { state: 'detached' });
  const counted = metrics(CLI, demo, AS_OF);
  assert.ok(counted.items.completed > stories.items.completed, 'merged pull requests count as completed items');
  await page.waitForFunction((text) => document.querySelector('[data-testid="flow-status"]')?.textContent === text, expected(counted));
  await shot('prs-counted');
  await kind.selectOption('not-flow');
  await page.waitForFunction((text) => document.querySelector('[data-testid="flow-status"]')?.textContent === text, expected(stories));
  await page.keyboard.press('Control+s');
  await page.waitForSelector('[data-testid="dirty-marker"]', { state: 'detached' });
  assert.deepEqual(metrics(CLI, demo, AS_OF).items, stories.items);
});

await runSuite(
  'browser (lineage)',
  async (report) => {
    demo = writeDemo(CLI, join(WORK, 'lineage-demo.flowmap'));
    mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await launchChromium({ dist: DIST });
    app = browserApp({ browser, http: HTTP, dist: DIST, dataDir: join(WORK, 'lineage-data'), ready: '[data-testid="flow-bar"]' });
    try {
      await run(report, async (index) => {
        await app.screenshot(join(ARTIFACTS, `lineage-failed-${index + 1}.png`));
      });
    } finally {
      await app.close();
    }
  },
  () => tests.length,
);
