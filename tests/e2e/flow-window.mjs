// The flow view in the real Flowmap window (tauri-driver, WebKitWebDriver): opens a demo map
// written by `flowmap demo`, sets the "as of" filter to the demo's last day, turns on the
// waiting-time overlay, clicks the top bottleneck stage, reads its waiting time in the stage
// panel and checks it against `flowmap metrics FILE --json --now` for the same file. Then the
// dashboard: flow time percentiles and Little's law against the same JSON.
// Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP, FLOWMAP_CLI and E2E_ARTIFACTS.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliDuration, metrics, writeDemo } from '../harness/cli.mjs';
import { AS_OF, DEMO_STAGES } from '../harness/demo.mjs';
import { windowEnv } from '../harness/env.mjs';
import { runSuite } from '../harness/report.mjs';
import { KEYS, WebDriver } from '../harness/webdriver.mjs';
import { DRAWN_WITHIN_MS } from '../harness/window.mjs';

const { webdriver: url, application, cli, artifacts } = windowEnv();
const driver = new WebDriver({ url, application, artifacts });
const STAGES = DEMO_STAGES.length;

await runSuite('flow window', async (report) => {
  const file = writeDemo(cli, join(mkdtempSync(join(tmpdir(), 'flowmap-e2e-flow-')), 'demo.flowmap'));
  const expected = metrics(cli, file, AS_OF);
  const top = expected.stages.find((s) => s.id === expected.bottlenecks[0]);

  await driver.inWindow([file], report, 'flow-failed.png', async (session) => {
    await session.until('the demo map opens', 'return document.querySelectorAll("[data-testid=stage-node]").length === arguments[0]', { ms: DRAWN_WITHIN_MS, args: [STAGES] });

    // As of the demo's last day, as the CLI's --now.
    await session.fill('[data-testid="filter-as-of"]', `${AS_OF}${KEYS.enter}`);
    await session.until('the figures are measured as of the demo’s last day', 'return document.querySelector("[data-testid=flow-status]")?.title?.startsWith(arguments[0])', {
      ms: 20_000,
      args: [`Measured as of ${AS_OF}T00:00:00Z;`],
    });

    // The waiting-time overlay: a figure on every stage, the bottleneck marked.
    await session.choose('overlay-mode', 'waiting');
    await session.until('every stage shows its waiting time', 'return document.querySelectorAll("[data-testid=stage-figure]").length === arguments[0]', { ms: 15_000, args: [STAGES] });
    const marked = await session.script('return [...document.querySelectorAll("[data-testid=stage-bottleneck]")].map((b) => b.closest(".react-flow__node")?.querySelector("[data-testid=stage-name]")?.textContent)');
    report.check(marked.length === 1 && marked[0] === top.name ? null : `the bottleneck marked on the map is ${marked.join(', ') || 'none'}, the CLI says ${top.name}`);

    // Click the top bottleneck: its panel.
    await session.sleep(600);
    await session.clickNode(top.name);
    await session.until(`the panel shows ${top.name}`, 'return document.querySelector("[data-testid=stage-panel-name]")?.textContent === arguments[0]', { args: [top.name] });
    const cell = await session.script('const c = document.querySelector("[data-testid=flow-waiting-p50]"); return { text: c.innerText.trim(), secs: c.getAttribute("data-secs"), count: document.querySelector("[data-testid=flow-waiting-count]").innerText.trim() }');
    console.log(`${top.name} waits ${cell.text} (p50, ${cell.count} items) in the window; flowmap metrics --json gives ${top.waiting.p50} s = ${cliDuration(top.waiting.p50)}`);
    report.check(Number(cell.secs) === top.waiting.p50 ? null : `the panel's waiting p50 is ${cell.secs} s, the CLI's ${top.waiting.p50} s`);
    report.check(cell.text === cliDuration(top.waiting.p50) ? null : `the panel writes "${cell.text}", the CLI "${cliDuration(top.waiting.p50)}"`);
    const figure = await session.script('return [...document.querySelectorAll("[data-testid=stage-node]")].find((e) => e.querySelector("[data-testid=stage-name]")?.textContent === arguments[0])?.querySelector("[data-testid=stage-figure]")?.innerText', top.name);
    report.check(figure === `waits ${cliDuration(top.waiting.p50)} (p50)` ? null : `the stage card says "${figure}"`);
    await session.screenshot('flow-bottleneck.png').catch((e) => console.error(`taking the screenshot: ${e.message}`));

    // The dashboard, under the same filters.
    await session.clickOn('[data-testid="flow-tab-dashboard"]');
    await session.until('the dashboard draws the scatterplot', 'return document.querySelectorAll("[data-testid=scatter-chart] circle").length > 0', { ms: 20_000 });
    const dash = await session.script('return { figures: document.querySelector("[data-testid=flow-time-figures]").innerText, little: document.querySelector("[data-testid=littles-law]").innerText.trim() }');
    report.check(dash.figures.includes(`p85 ${cliDuration(expected.flow_time.p85)}`) ? null : `the dashboard's flow time reads "${dash.figures}"`);
    report.check(dash.little === expected.littles_law.ratio.toFixed(2) ? null : `Little's law reads ${dash.little}, the CLI ${expected.littles_law.ratio}`);
    await session.screenshot('flow-dashboard.png').catch(() => {});
  });
});
