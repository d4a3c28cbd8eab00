// Lineage in the real Flowmap window (tauri-driver, WebKitWebDriver): on a demo map written by
// `flowmap demo --lineage`, as of the demo's last day, the customer-request tool's artifact
// flow (Salesforce → TargetProcess) is clicked and its crossing times read against `flowmap
// lineage FILE --json`; then a root item is clicked in the Lineage list and its lineage
// timeline read against `flowmap lineage FILE --root KEY --json`. Started by run.sh, which sets
// WEBDRIVER_URL, FLOWMAP_APP, FLOWMAP_CLI and E2E_ARTIFACTS.

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCount, cliDuration, writeDemo } from '../harness/cli.mjs';
import { AS_OF, DEMO_STAGES } from '../harness/demo.mjs';
import { windowEnv } from '../harness/env.mjs';
import { runSuite } from '../harness/report.mjs';
import { KEYS, WebDriver } from '../harness/webdriver.mjs';
import { DRAWN_WITHIN_MS } from '../harness/window.mjs';

const { webdriver: url, application, cli, artifacts } = windowEnv();
const driver = new WebDriver({ url, application, artifacts });

const lineage = (file, ...args) => JSON.parse(execFileSync(cli, ['lineage', file, '--json', '--now', AS_OF, ...args], { maxBuffer: 64 * 1024 * 1024 }).toString());

await runSuite('lineage window', async (report) => {
  const file = writeDemo(cli, join(mkdtempSync(join(tmpdir(), 'flowmap-e2e-lineage-')), 'demo.flowmap'), '--lineage');
  const summary = lineage(file);
  const flow = summary.crossings.find((c) => c.from_tool === 'Salesforce');
  report.check(flow && flow.count > 0 ? null : 'the demo links customer requests to features');

  await driver.inWindow([file], report, 'lineage-failed.png', async (session) => {
    await session.until('the demo map opens', 'return document.querySelectorAll("[data-testid=stage-node]").length === arguments[0]', { ms: DRAWN_WITHIN_MS, args: [DEMO_STAGES.length] });
    await session.fill('[data-testid="filter-as-of"]', `${AS_OF}${KEYS.enter}`);
    await session.until('the figures are measured as of the demo’s last day', 'return document.querySelector("[data-testid=flow-status]")?.title?.startsWith(arguments[0])', {
      ms: 20_000,
      args: [`Measured as of ${AS_OF}T00:00:00Z;`],
    });

    // The customer-request tool's flow carries its crossing time; clicked, the Flow tab shows it.
    const css = `[data-testid="artifact-crossing"][data-flow="${flow.flow}"]`;
    await session.until('the customer-request flow shows its crossing time', 'return Boolean(document.querySelector(arguments[0]))', { ms: 20_000, args: [css] });
    const [label] = await session.texts(css);
    report.check(label === `crossing p50 ${cliDuration(flow.p50_secs)}` ? null : `the flow reads "${label}", the CLI p50 ${cliDuration(flow.p50_secs)}`);
    await session.clickOn(css);
    await session.until('the crossing panel shows', 'return Boolean(document.querySelector(arguments[0]))', { ms: 10_000, args: [`[data-testid="crossing-panel"][data-flow="${flow.flow}"]`] });
    const [n, p50, p85] = await Promise.all(['crossing-count', 'crossing-p50', 'crossing-p85'].map((id) => session.texts(`[data-testid="${id}"]`).then((t) => t[0])));
    console.log(`Salesforce → TargetProcess: ${n} crossings, p50 ${p50}, p85 ${p85}; flowmap lineage --json: ${flow.count}, ${flow.p50_secs} s, ${flow.p85_secs} s`);
    report.check(n === cliCount(flow.count) ? null : `the panel counts ${n} crossings, the CLI ${flow.count}`);
    report.check(p50 === cliDuration(flow.p50_secs) && p85 === cliDuration(flow.p85_secs) ? null : `the panel reads p50 ${p50}, p85 ${p85}`);
    const slow = await session.texts('[data-testid="crossing-slow"]');
    const expected = flow.slowest.map((x) => `${x.from_key} → ${x.to_key} ${cliDuration(x.secs)}`);
    report.check(JSON.stringify(slow) === JSON.stringify(expected) ? null : `the slowest crossings read ${slow.join(' / ')}`);
    await session.screenshot('lineage-crossing.png').catch(() => {});

    // A root clicked in the Lineage list (from the Dashboard's end-to-end card): its timeline.
    await session.clickOn('[data-testid="flow-tab-dashboard"]');
    await session.until('the end-to-end card shows', 'return Boolean(document.querySelector("[data-testid=end-to-end-roots]"))', { ms: 20_000 });
    await session.clickOn('[data-testid="end-to-end-roots"]');
    const root = summary.roots.find((r) => r.status === 'finished' && r.items >= 8) ?? summary.roots[0];
    await session.until('the roots are listed', 'return Boolean(document.querySelector(arguments[0]))', { ms: 10_000, args: [`[data-testid="lineage-root"][data-key="${root.key}"]`] });
    await session.clickOn(`[data-testid="lineage-root"][data-key="${root.key}"] button`);
    await session.until('its lineage timeline shows', 'return Boolean(document.querySelector(arguments[0]))', { ms: 10_000, args: [`[data-testid="lineage-timeline"][data-root="${root.key}"]`] });
    const tree = lineage(file, '--root', root.key, '--source', root.source);
    const rows = await session.script('return [...document.querySelectorAll("[data-testid=lineage-row]")].map((e) => e.dataset.key).sort()');
    const want = tree.items.map((i) => i.key).sort();
    report.check(JSON.stringify(rows) === JSON.stringify(want) ? null : `the timeline has rows ${rows.join(', ')}, the CLI ${want.join(', ')}`);
    const tools = await session.script('return [...document.querySelectorAll("[data-testid=lineage-tool]")].map((e) => e.dataset.tool)');
    const wantTools = [...new Set(tree.items.map((i) => i.tool ?? 'No tool'))];
    report.check(JSON.stringify(tools) === JSON.stringify(wantTools) ? null : `the timeline's tools are ${tools.join(', ')}, the CLI's ${wantTools.join(', ')}`);
    const [e2e] = await session.texts('[data-testid="lineage-end-to-end"]');
    report.check(e2e === cliDuration(tree.root.end_to_end_secs) ? null : `end to end reads ${e2e}`);
    console.log(`${root.key}: ${rows.length} items over ${tools.join(', ')}, end to end ${e2e}`);
    await session.screenshot('lineage-timeline.png').catch(() => {});
  });
});
