// Planning in the real Flowmap window (tauri-driver, WebKitWebDriver): on a demo map written by
// `flowmap demo`, as of the demo's last day, a key result on Testing's waiting time is typed on
// the Dashboard; its progress and status are read and checked against `flowmap okr FILE --json`,
// the badge on the Testing card against the same; then a forecast against `flowmap forecast
// FILE --json`. Started by run.sh, which sets WEBDRIVER_URL, FLOWMAP_APP, FLOWMAP_CLI and
// E2E_ARTIFACTS.

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
const STATUS = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track', achieved: 'achieved', missed: 'missed' };

const json = (...args) => JSON.parse(execFileSync(cli, args).toString());

await runSuite('plan window', async (report) => {
  const file = writeDemo(cli, join(mkdtempSync(join(tmpdir(), 'flowmap-e2e-plan-')), 'demo.flowmap'));

  await driver.inWindow([file], report, 'plan-failed.png', async (session) => {
    await session.until('the demo map opens', 'return document.querySelectorAll("[data-testid=stage-node]").length === arguments[0]', { ms: DRAWN_WITHIN_MS, args: [DEMO_STAGES.length] });
    await session.fill('[data-testid="filter-as-of"]', `${AS_OF}${KEYS.enter}`);
    await session.until('the figures are measured as of the demo’s last day', 'return document.querySelector("[data-testid=flow-status]")?.title?.startsWith(arguments[0])', {
      ms: 20_000,
      args: [`Measured as of ${AS_OF}T00:00:00Z;`],
    });

    // A key result typed on the Dashboard.
    await session.clickOn('[data-testid="flow-tab-dashboard"]');
    await session.until('the Key results card shows', 'return Boolean(document.querySelector("[data-testid=kr-add]"))', { ms: 20_000 });
    await session.clickOn('[data-testid="kr-add"]');
    await session.fill('[data-testid="kr-objective-input"]', 'Deliver features predictably');
    await session.fill('[data-testid="kr-name-input"]', 'Testing waits under a week');
    await session.choose('kr-figure', 'stage_waiting_p85');
    const testing = await session.script('return [...document.querySelector("[data-testid=kr-stage]").options].find((o) => o.textContent === "Testing").value');
    await session.choose('kr-stage', testing);
    await session.fill('[data-testid="kr-baseline"]', '5 wk');
    await session.fill('[data-testid="kr-target"]', '1 wk');
    await session.fill('[data-testid="kr-start"]', '2026-08-01');
    await session.fill('[data-testid="kr-due"]', '2026-12-31');
    await session.clickOn('[data-testid="kr-save"]');
    await session.until('the key result is listed', 'return document.querySelectorAll("[data-testid=kr-row]").length === 1', { ms: 20_000 });

    const [kr] = json('okr', file, '--json', '--now', AS_OF);
    const shown = await session.script('return { current: document.querySelector("[data-testid=kr-current]").innerText.trim(), status: document.querySelector("[data-testid=kr-status]").innerText.trim(), reason: document.querySelector("[data-testid=kr-reason]").innerText.trim() }');
    console.log(`the key result reads "${shown.current}", ${shown.status}: ${shown.reason}; flowmap okr --json: ${kr.progress.current} s, ${kr.progress.status}`);
    report.check(kr.key_result.baseline === 5 * 7 * 86_400 ? null : `the stored baseline is ${kr.key_result.baseline} s`);
    report.check(shown.current === cliDuration(kr.progress.current) ? null : `the window shows ${shown.current}, the CLI ${cliDuration(kr.progress.current)}`);
    report.check(shown.status.toLowerCase() === STATUS[kr.progress.status] ? null : `the window says ${shown.status}, the CLI ${kr.progress.status}`);
    report.check(shown.reason === kr.progress.reason ? null : `the window's reason "${shown.reason}" differs from "${kr.progress.reason}"`);
    await session.screenshot('plan-key-result.png').catch(() => {});

    // A forecast: 30 days, as the CLI gives it.
    await session.clickOn('[data-testid="forecast-run"]');
    await session.until('the forecast shows', 'return document.querySelectorAll("[data-testid=forecast-answers] tr").length === 3', { ms: 20_000 });
    const cli30 = json('forecast', file, '--json', '--now', AS_OF, '--days', '30');
    const answers = await session.texts('[data-testid="forecast-answers"] td');
    const expected = cli30.forecast.likelihoods.map((l) => `at least ${cliCount(l.value)} items`);
    report.check(JSON.stringify(answers) === JSON.stringify(expected) ? null : `the forecast reads ${answers.join(' / ')}, the CLI ${expected.join(' / ')}`);

    // Back on the Map: the badge on Testing.
    await session.clickOn('[data-testid="flow-tab-map"]');
    await session.until('a key result badge shows', 'return document.querySelectorAll("[data-testid=kr-badge]").length === 1', { ms: 20_000 });
    const badge = await session.script('const b = document.querySelector("[data-testid=kr-badge]"); return [b.closest(".react-flow__node")?.querySelector("[data-testid=stage-name]")?.textContent, b.textContent]');
    report.check(badge[0] === 'Testing' && badge[1] === `KR ${STATUS[kr.progress.status]}` ? null : `the badge is "${badge[1]}" on ${badge[0]}`);
    await session.screenshot('plan-badge.png').catch(() => {});
  });
});
